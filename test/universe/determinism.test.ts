import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCompanies, generateCompany, writeDemoUniverse } from '../../main/core/universe/index.ts';
import { tempDir } from './helpers.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

async function build(seed: number | undefined, count: number): Promise<string> {
  const dir = tempDir('demo-det');
  dirs.push(dir);
  await writeDemoUniverse(dir, { ...(seed !== undefined ? { seed } : {}), count });
  return dir;
}

describe('the demo generator is deterministic', () => {
  it('writes byte-identical files for the same seed', async () => {
    const a = await build(undefined, 8);
    const b = await build(undefined, 8);
    const files = listFiles(a);
    expect(files).toEqual(listFiles(b));
    // holdings, tickers, manifest, benchmark, and 8 companies' facts, submissions and prices
    expect(files.length).toBe(4 + 8 * 3);
    for (const f of files) expect(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), f).toBe(true);
  });

  it('writes different files for a different seed', async () => {
    const a = await build(11, 4);
    const b = await build(12, 4);
    const holdings = (d: string): string => fs.readFileSync(path.join(d, 'holdings/DEMO_holdings_2026-11-20.csv'), 'utf8');
    expect(holdings(a)).not.toBe(holdings(b));
  });

  it('regenerates any single company identically, independent of the others', () => {
    const cs = demoCompanies();
    const pick = [cs[0]!, cs[700]!, cs[1923]!];
    for (const c of pick) {
      const x = generateCompany(c);
      const y = generateCompany(c);
      expect(JSON.stringify(x.facts)).toBe(JSON.stringify(y.facts));
      expect(Array.from(x.bars.close)).toEqual(Array.from(y.bars.close));
      expect(x.truth).toEqual(y.truth);
    }
    // The same company under another seed has other numbers.
    const c = cs[0]!;
    expect(generateCompany(c, 99).truth).not.toEqual(generateCompany(c).truth);
  });

  it('returns the same identities for a seed every time and different ones for another seed', () => {
    expect(demoCompanies(5).map((c) => c.ticker)).toEqual(demoCompanies(5).map((c) => c.ticker));
    expect(demoCompanies(5).map((c) => c.ticker)).not.toEqual(demoCompanies(6).map((c) => c.ticker));
  });
});
