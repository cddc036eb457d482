/**
 * Computing, storing and loading the metric table. Metrics are derived data: after any
 * import they are recomputed for the whole universe in memory and swapped in with one
 * transaction, so a reader never sees half a recomputation.
 *
 * Only values are stored. Provenance (the facts behind a value) is recomputed for the one
 * company being explained — a few milliseconds — rather than stored for every cell, which
 * would multiply the table's size tenfold.
 */
import { METRIC_IDS, type MetricId, type MetricValue } from '../../../contract/metrics.ts';
import type { Db } from '../db/sqlite.ts';
import { FactSet, type FactView } from '../facts/fact-set.ts';
import { computeMetrics, type ClassifyThresholds, type MetricResult, type Provenance } from '../metrics/compute.ts';
import { barsForTicker, currentSnapshot, factsForCik, getMeta, stmt, universeRows, type UniverseRow } from './queries.ts';

/** Sectors whose members are classified as financials (leverage/coverage n/a). */
export const FINANCIAL_SECTORS: ReadonlySet<string> = new Set(['Financials']);

export interface ComputedRow {
  row: UniverseRow;
  result: MetricResult;
}

export interface RecomputeOptions {
  view?: FactView;
  thresholds?: ClassifyThresholds;
  onProgress?: (done: number, total: number) => void;
  /** Called every `yieldEvery` rows so an async caller can let the event loop breathe. */
  yieldEvery?: number;
}

function benchmarkTicker(db: Db): string | null {
  return getMeta(db, 'benchmark_ticker');
}

/** SIC 6000–6499: banks, credit institutions, brokers, insurers (REITs stay with Real Estate). */
export function isFinancialSic(sic: number | null): boolean {
  return sic !== null && sic >= 6000 && sic < 6500;
}

export function computeRow(db: Db, row: UniverseRow, holdingsDate: string | null, bench: ReturnType<typeof barsForTicker>, view: FactView = { kind: 'latest' }, thresholds?: ClassifyThresholds): MetricResult {
  const facts = new FactSet(row.cik !== null ? factsForCik(db, row.cik) : [], view);
  const bars = barsForTicker(db, row.ticker);
  const company = row.cik !== null ? (stmt(db, 'SELECT first_filed, sic FROM company WHERE cik = ?').get(row.cik) as { first_filed: string | null; sic: number | null } | undefined) : undefined;
  return computeMetrics({
    firstFiled: company?.first_filed ?? null,
    sector: row.sector,
    facts,
    isFinancial: FINANCIAL_SECTORS.has(row.sector) || isFinancialSic(company?.sic ?? null),
    bars,
    benchmark: bench,
    holdingsPrice: row.price,
    holdingsDate,
    indexWeight: row.weightPct,
    ...(thresholds ? { thresholds } : {}),
  });
}

/**
 * Resolve `TICKER`, `CIK0000320193` or a bare CIK number to a row: the universe row when
 * the company is a constituent, else a row built from the ticker map and company table —
 * a company whose ticker is unknown is still addressable by CIK.
 */
export function resolveCompany(db: Db, id: string): UniverseRow | null {
  const snap = currentSnapshot(db);
  const rows = snap ? universeRows(db, snap.id) : [];
  const m = /^(?:CIK)?0*(\d{1,10})$/i.exec(id.trim());
  const cik = m ? Number(m[1]) : ((stmt(db, 'SELECT cik FROM ticker_map WHERE ticker = ?').get(id.toUpperCase()) as { cik: number } | undefined)?.cik ?? null);
  const inUniverse = rows.find((r) => r.ticker === id.toUpperCase()) ?? (cik !== null ? rows.find((r) => r.cik === cik) : undefined);
  if (inUniverse) return inUniverse;
  if (cik === null) return null;
  const company = stmt(db, 'SELECT name FROM company WHERE cik = ?').get(cik) as { name: string } | undefined;
  if (!company) return null;
  const ticker = m ? ((stmt(db, 'SELECT ticker FROM ticker_map WHERE cik = ? ORDER BY ticker LIMIT 1').get(cik) as { ticker: string } | undefined)?.ticker ?? null) : id.toUpperCase();
  const key = ticker ?? `CIK${String(cik).padStart(10, '0')}`;
  return { key, ticker: ticker ?? key, name: company.name, sector: '', cik, weightPct: null, price: null, line: 0 };
}

/** Every metric of one company, computed now, with provenance (CLI `metrics`, `explain`). */
export function metricsForCompany(db: Db, id: string, view: FactView = { kind: 'latest' }, thresholds?: ClassifyThresholds): { row: UniverseRow; result: MetricResult } | null {
  const row = resolveCompany(db, id);
  if (!row) return null;
  const snap = currentSnapshot(db);
  const bt = benchmarkTicker(db);
  return { row, result: computeRow(db, row, snap?.as_of ?? null, bt ? barsForTicker(db, bt) : null, view, thresholds) };
}

/** Compute every universe row's metrics (a generator so callers choose sync or async). */
export function* computeUniverse(db: Db, opts: RecomputeOptions = {}): Generator<number, ComputedRow[]> {
  const snap = currentSnapshot(db);
  if (!snap) return [];
  const rows = universeRows(db, snap.id);
  const bt = benchmarkTicker(db);
  const bench = bt ? barsForTicker(db, bt) : null;
  const out: ComputedRow[] = [];
  const every = opts.yieldEvery ?? 50;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as UniverseRow;
    out.push({ row, result: computeRow(db, row, snap.as_of, bench, opts.view, opts.thresholds) });
    if ((i + 1) % every === 0) {
      opts.onProgress?.(i + 1, rows.length);
      yield i + 1;
    }
  }
  opts.onProgress?.(rows.length, rows.length);
  return out;
}

function encode(v: MetricValue): { num: number | null; text: string | null; kind: string } {
  if (v === null || v === undefined) return { num: null, text: null, kind: 'null' };
  if (typeof v === 'number') return Number.isFinite(v) ? { num: v, text: null, kind: 'num' } : { num: null, text: null, kind: 'null' };
  if (typeof v === 'boolean') return { num: v ? 1 : 0, text: null, kind: 'bool' };
  return { num: null, text: v, kind: 'text' };
}

export function decode(num: number | null, text: string | null, kind: string): MetricValue {
  switch (kind) {
    case 'num':
      return num;
    case 'bool':
      return num === 1;
    case 'text':
      return text;
    default:
      return null;
  }
}

/** Replace the whole metric table in one transaction. */
export function writeMetrics(db: Db, computed: readonly ComputedRow[]): void {
  const ins = db.prepare('INSERT INTO metric (key, metric, num, text, kind) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM metric').run();
    for (const { row, result } of computed) {
      for (const id of METRIC_IDS) {
        const e = encode(result.values[id]);
        ins.run(row.key, id, e.num, e.text, e.kind);
      }
    }
  })();
}

/** Synchronous recompute (CLI). */
export function recomputeMetricsSync(db: Db, opts: RecomputeOptions = {}): number {
  const gen = computeUniverse(db, opts);
  let step = gen.next();
  while (!step.done) step = gen.next();
  writeMetrics(db, step.value);
  return step.value.length;
}

/** Recompute yielding to the event loop between batches (app: the UI stays responsive). */
export async function recomputeMetricsAsync(db: Db, opts: RecomputeOptions = {}): Promise<number> {
  const gen = computeUniverse(db, opts);
  let step = gen.next();
  while (!step.done) {
    await new Promise<void>((r) => setImmediate(r));
    step = gen.next();
  }
  writeMetrics(db, step.value);
  return step.value.length;
}

/** Column-oriented metric table for the current universe, in universe order. */
export interface MetricGrid {
  keys: string[];
  tickers: string[];
  names: string[];
  sectors: string[];
  ciks: (number | null)[];
  index: Map<string, number>;
  columns: Map<MetricId, MetricValue[]>;
}

export function loadMetricGrid(db: Db): MetricGrid | null {
  const snap = currentSnapshot(db);
  if (!snap) return null;
  const rows = universeRows(db, snap.id);
  const index = new Map<string, number>();
  rows.forEach((r, i) => index.set(r.key, i));
  const columns = new Map<MetricId, MetricValue[]>();
  for (const id of METRIC_IDS) columns.set(id, new Array<MetricValue>(rows.length).fill(null));
  const all = db.prepare('SELECT key, metric, num, text, kind FROM metric').raw().all() as [string, string, number | null, string | null, string][];
  for (const [key, metric, num, text, kind] of all) {
    const i = index.get(key);
    const col = columns.get(metric as MetricId);
    if (i === undefined || !col) continue;
    col[i] = decode(num, text, kind);
  }
  return {
    keys: rows.map((r) => r.key),
    tickers: rows.map((r) => r.ticker),
    names: rows.map((r) => r.name),
    sectors: rows.map((r) => r.sector),
    ciks: rows.map((r) => r.cik),
    index,
    columns,
  };
}

/** Recompute one row's metrics with their provenance, for the explainer. */
export function explainMetric(db: Db, id: string, metric: MetricId, thresholds?: ClassifyThresholds): { value: MetricValue; provenance: Provenance | null } | null {
  const r = metricsForCompany(db, id, { kind: 'latest' }, thresholds);
  if (!r) return null;
  return { value: r.result.values[metric], provenance: r.result.provenance[metric] ?? null };
}
