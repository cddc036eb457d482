/**
 * The CLI as a user runs it: a child process, results on stdout only, a one-line reason
 * on stderr and a non-zero exit on error. The screen command must agree row for row
 * with the core's screen (which the grid uses).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreenResult } from '../../contract/api.ts';
import { METRIC_IDS } from '../../contract/metrics.ts';
import { simpleFiltersToSpec } from '../../contract/screen.ts';
import { openCore } from '../../main/core/app.ts';
import { buildDemoUniverse } from '../../main/core/demo/build.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliPath = path.join(repo, 'main/cli/index.ts');
let dir: string;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, FORTRESS_DATA_DIR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-cli-'));
  await buildDemoUniverse(dir, { count: 120 });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('fortress screen', () => {
  it('prints JSON objects with ticker, name, sector and every metric id, agreeing with the core', async () => {
    const r = cli('screen', '--data-dir', dir, '--max-net-debt-ebitda', '3', '--min-runway-months', '12', '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).toEqual(['ticker', 'name', 'sector', ...METRIC_IDS]);
    const core = openCore({ dataDir: dir, shell: 'cli' });
    const res = await core.call('screen:run', simpleFiltersToSpec({ maxNetDebtToEbitda: 3, minRunwayMonths: 12 }));
    core.close();
    expect(res.ok).toBe(true);
    expect(rows.map((o) => o.ticker)).toEqual((res as { value: ScreenResult }).value.keys);
    for (const o of rows) {
      expect(o.net_debt_to_ebitda === 'net_cash' || (typeof o.net_debt_to_ebitda === 'number' && o.net_debt_to_ebitda <= 3)).toBe(true);
      expect(o.runway_months === 'not_burning' || (typeof o.runway_months === 'number' && o.runway_months >= 12)).toBe(true);
    }
  });

  it('prints CSV with the same rows, quoting names that need it', () => {
    const json = JSON.parse(cli('screen', '--data-dir', dir, '--profitable', '--format', 'json').stdout) as { ticker: string }[];
    const csv = cli('screen', '--data-dir', dir, '--profitable', '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(['ticker', 'name', 'sector', ...METRIC_IDS].join(','));
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(json.map((o) => o.ticker));
  });

  it('filters by sector and refuses an unknown one with the list of sectors', () => {
    const hc = JSON.parse(cli('screen', '--data-dir', dir, '--sector', 'Health Care').stdout) as { sector: string }[];
    expect(hc.length).toBeGreaterThan(0);
    expect(new Set(hc.map((o) => o.sector))).toEqual(new Set(['Health Care']));
    const bad = cli('screen', '--data-dir', dir, '--sector', 'Healthcare');
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^fortress: unknown sector "Healthcare"; sectors here: .*Health Care/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits non-zero with a one-line reason for a bad number or an unknown command', () => {
    const r = cli('screen', '--data-dir', dir, '--max-net-debt-ebitda', 'three');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('fortress: --max-net-debt-ebitda must be a number, got "three"\n');
    expect(cli('frobnicate', '--data-dir', dir)).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('fortress init-demo', () => {
  it('creates a data directory that does not exist yet and refuses to overwrite a universe', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-cli-init-'));
    const target = path.join(base, 'nested', 'data');
    try {
      const r = cli('init-demo', '--count', '12', '--data-dir', target);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ dataDir: target, constituents: 12 });
      const again = cli('init-demo', '--count', '12', '--data-dir', target);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already holds a universe \(Demo universe — fictional companies\); pass --force/);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('fortress import-holdings', () => {
  it('imports a real iShares excerpt into an empty data directory and makes it the universe', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-cli-real-'));
    try {
      const r = cli('import-holdings', path.join(repo, 'test/fixtures/real/IWM_holdings_2026-05-05_excerpt.csv'), '--data-dir', empty);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ fund: 'IWM', asOf: '2026-05-05' });
      const u = JSON.parse(cli('universe', '--data-dir', empty, '--json').stdout) as { ticker: string }[];
      expect(u.map((x) => x.ticker).slice(0, 3)).toEqual(['BE', 'CRDO', 'STRL']);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a damaged file naming file, line and field, and keeps the old data', () => {
    const src = fs.readFileSync(path.join(repo, 'test/fixtures/real/IWM_holdings_2026-05-05_excerpt.csv'), 'utf8');
    const lines = src.split('\n');
    // Line 12 is the second equity row; damage its weight.
    lines[11] = (lines[11] as string).replace('"0.94"', '"zero point nine"');
    const bad = path.join(dir, 'IWM_holdings_bad.csv');
    fs.writeFileSync(bad, lines.join('\n'));
    const before = cli('universe', '--data-dir', dir, '--json').stdout;
    const r = cli('import-holdings', bad, '--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/IWM_holdings_bad\.csv.*line 12.*Weight/);
    expect(cli('universe', '--data-dir', dir, '--json').stdout).toBe(before);
  });
});
