/**
 * The demo universe round trip: the generator knows every fictional company's true
 * figures from its own internal model; after its files go through the real importers and
 * the metrics engine, every computed metric must equal that truth — for every company.
 * This pins the importers, the YTD→quarter derivation, TTM, tag tiers, restatements and
 * the NM / net cash / not burning / n/a rules at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricId, MetricValue } from '../../contract/metrics.ts';
import { MARKET_MIGRATIONS } from '../../main/core/db/market-schema.ts';
import { openDatabase, type Db } from '../../main/core/db/sqlite.ts';
import { buildDemoUniverse } from '../../main/core/demo/build.ts';
import { loadMetricGrid, type MetricGrid } from '../../main/core/market/metrics-store.ts';
import { universeInfo } from '../../main/core/market/queries.ts';
import { dataPaths } from '../../main/core/paths.ts';
import { demoCompanies, DEMO_SECTOR_COUNTS, generateCompany } from '../../main/core/universe/index.ts';

let dir: string;
let db: Db;
let grid: MetricGrid;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-roundtrip-'));
  await buildDemoUniverse(dir);
  db = openDatabase(dataPaths(dir).marketDb, MARKET_MIGRATIONS);
  const g = loadMetricGrid(db);
  if (!g) throw new Error('the demo build left no universe');
  grid = g;
});

afterAll(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function same(expected: MetricValue | undefined, got: MetricValue): boolean {
  if (expected === undefined) return true;
  if (typeof expected === 'number' && typeof got === 'number') {
    return Math.abs(expected - got) <= 1e-6 * Math.max(1, Math.abs(expected));
  }
  return expected === got;
}

describe('the demo universe after import', () => {
  it('is labelled fictional and has every company in the May 2026 sector mix', () => {
    const info = universeInfo(db);
    expect(info).toMatchObject({ kind: 'demo', isFictional: true, label: 'Demo universe — fictional companies' });
    const total = Object.values(DEMO_SECTOR_COUNTS).reduce((a, b) => a + b, 0);
    expect(grid.keys).toHaveLength(total);
    const counts: Record<string, number> = {};
    for (const s of grid.sectors) counts[s] = (counts[s] ?? 0) + 1;
    expect(counts).toEqual(DEMO_SECTOR_COUNTS);
  });

  it('computes, for every company, exactly the metrics the generator knows to be true', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const c of demoCompanies()) {
      const i = grid.index.get(c.ticker);
      if (i === undefined) {
        mismatches.push(`${c.ticker}: missing from the universe`);
        continue;
      }
      const truth = generateCompany(c).truth;
      for (const [id, expected] of Object.entries(truth) as [MetricId, MetricValue][]) {
        const got = grid.columns.get(id)?.[i] ?? null;
        checked++;
        if (!same(expected, got)) mismatches.push(`${c.ticker} (${c.archetype}) ${id}: expected ${String(expected)}, got ${String(got)}`);
      }
    }
    expect(checked).toBeGreaterThan(1900 * 15);
    expect(mismatches.slice(0, 25)).toEqual([]);
  });

  it('takes each company\'s first filing date from its submissions and calls only decade-old filers zombies', () => {
    const cls = grid.columns.get('classification') ?? [];
    const firstFiled = db.prepare('SELECT first_filed FROM company WHERE cik = ?');
    let zombies = 0;
    for (let i = 0; i < grid.keys.length; i++) {
      const f = (firstFiled.get(grid.ciks[i]) as { first_filed: string | null } | undefined)?.first_filed ?? null;
      expect(f, grid.keys[i]).not.toBeNull();
      if (cls[i] !== 'zombie') continue;
      zombies++;
      expect((f as string) <= '2016-11-20', `${grid.keys[i]} first filed ${f}`).toBe(true);
    }
    expect(zombies).toBeGreaterThan(20);
  });

  it('has 40–46 % of companies unprofitable over the trailing twelve months', () => {
    const prof = grid.columns.get('is_profitable') ?? [];
    const unprofitable = prof.filter((v) => v === false).length / prof.length;
    expect(unprofitable).toBeGreaterThanOrEqual(0.4);
    expect(unprofitable).toBeLessThanOrEqual(0.46);
  });
});
