/**
 * Speed is measured here, not asserted in tests. `npm run bench` builds the full demo
 * universe in a scratch directory (or reuses `--data-dir DIR`), then times the
 * operations an analyst feels: the first-run build, loading the grid, a screen, one
 * ticker's ten years of bars, and what crosses the API for the grid.
 *
 * Results print as a Markdown table; record them in bench/RESULTS.md with the machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { simpleFiltersToSpec } from '../contract/screen.ts';
import { openCore } from '../main/core/app.ts';
import { MARKET_MIGRATIONS } from '../main/core/db/market-schema.ts';
import { openDatabase } from '../main/core/db/sqlite.ts';
import { buildDemoUniverse } from '../main/core/demo/build.ts';
import { loadMetricGrid } from '../main/core/market/metrics-store.ts';
import { barsForTicker } from '../main/core/market/queries.ts';
import { dataPaths } from '../main/core/paths.ts';
import { runScreen } from '../main/core/screen/engine.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const rows: [string, string][] = [];
const record = (what: string, value: string) => {
  rows.push([what, value]);
  process.stderr.write(`${what}: ${value}\n`);
};

function time<T>(fn: () => T, reps = 1): { value: T; ms: number } {
  let value = fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) value = fn();
  return { value, ms: (performance.now() - t0) / reps };
}

async function main() {
  const dir = values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-bench-'));
  const paths = dataPaths(dir);
  if (!fs.existsSync(paths.marketDb)) {
    const phases = new Map<string, number>();
    let last = { phase: '', t: performance.now() };
    const r = await buildDemoUniverse(dir, {
      onProgress: (phase) => {
        const key = phase.replace(/ \(.*\)$/, '');
        if (key !== last.phase) last = { phase: key, t: performance.now() };
        phases.set(key, (performance.now() - last.t) / 1000);
      },
    });
    record('demo build, total', `${r.seconds.toFixed(1)} s for ${r.constituents} constituents`);
    for (const [p, s] of phases) if (p !== 'Done') record(`  phase: ${p}`, `${s.toFixed(1)} s`);
    record('market.db size', `${(fs.statSync(paths.marketDb).size / 1e6).toFixed(0)} MB`);
  }

  const db = openDatabase(paths.marketDb, MARKET_MIGRATIONS);
  const bars = db.prepare('SELECT COUNT(*) AS n FROM price').get() as { n: number };
  const facts = db.prepare('SELECT COUNT(*) AS n FROM fact').get() as { n: number };
  record('rows', `${facts.n.toLocaleString('en-US')} facts, ${bars.n.toLocaleString('en-US')} daily bars`);

  const g = time(() => loadMetricGrid(db), 3);
  const grid = g.value;
  if (!grid) throw new Error('no universe');
  record('load metric grid (all rows × 64 metrics)', `${g.ms.toFixed(0)} ms`);

  const spec = simpleFiltersToSpec({ maxNetDebtToEbitda: 3, minRunwayMonths: 12, minInterestCoverage: 3, profitableOnly: true, sectors: ['Industrials', 'Health Care', 'Information Technology'] });
  spec.filters.push({ op: 'min', metric: 'market_cap', value: 3e8 }, { op: 'max', metric: 'pe_ttm', value: 40 }, { op: 'is', metric: 'above_sma200', value: true });
  const s = time(() => runScreen(grid, spec), 2000);
  record(`screen, ${spec.filters.length} clauses + sectors over ${grid.keys.length} rows`, `${(s.ms * 1000).toFixed(1)} µs (${s.value.rows.length} match)`);

  const ticker = grid.tickers[Math.floor(grid.tickers.length / 2)] as string;
  const b = time(() => barsForTicker(db, ticker), 50);
  record(`one ticker's bars (${b.value?.dates.length} days)`, `${b.ms.toFixed(2)} ms`);
  db.close();

  const core = openCore({ dataDir: dir, shell: 'cli' });
  const cols = ['market_cap', 'index_weight', 'price', 'net_debt_to_ebitda', 'interest_coverage', 'runway_months', 'fcf_ttm', 'is_profitable'];
  await core.call('grid:rows', { columns: cols });
  const t0 = performance.now();
  const res = await core.call('grid:rows', { columns: cols });
  const json = JSON.stringify(res);
  record(`grid:rows, ${cols.length} visible columns: call + JSON`, `${(performance.now() - t0).toFixed(1)} ms, ${(json.length / 1024).toFixed(0)} KiB`);
  const all = await core.call('grid:rows', { columns: [...grid.columns.keys()] });
  const t1 = performance.now();
  const allJson = JSON.stringify(all);
  record('grid:rows, all 64 metrics: JSON only', `${(performance.now() - t1).toFixed(1)} ms, ${(allJson.length / 1024).toFixed(0)} KiB`);
  const t2 = performance.now();
  const p = await core.call('prices:get', { ticker });
  const pj = JSON.stringify(p);
  record('prices:get one ticker: call + JSON', `${(performance.now() - t2).toFixed(1)} ms, ${(pj.length / 1024).toFixed(0)} KiB`);
  core.close();

  console.log(`| measurement | result |\n|---|---|\n${rows.map(([a, b]) => `| ${a} | ${b} |`).join('\n')}`);
  console.log(`\nNode ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${new Date().toISOString().slice(0, 10)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
