/**
 * What the UI should show, computed straight from `market.db` — deliberately not through
 * the core's screen engine or the contract's comparators, so a bug there cannot make its
 * own test pass. The rules are the ones documented in `contract/screen.ts` and
 * `contract/metrics.ts`.
 */
import type Database from 'better-sqlite3';

interface MetricRow {
  key: string;
  num: number | null;
  text: string | null;
  kind: 'num' | 'bool' | 'text' | 'null';
}

/**
 * Universe keys: the equity lines with a ticker in the latest holdings snapshot (the demo
 * has exactly one), one per ticker.
 */
export function constituents(db: Database.Database): Set<string> {
  const rows = db
    .prepare(
      `SELECT DISTINCT ticker FROM holding
        WHERE snapshot_id = (SELECT id FROM holdings_snapshot ORDER BY as_of DESC LIMIT 1)
          AND asset_class = 'Equity' AND ticker IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  return new Set(rows);
}

export function isFictionalUniverse(db: Database.Database): boolean {
  return db.prepare('SELECT is_fictional FROM holdings_snapshot ORDER BY as_of DESC LIMIT 1').pluck().get() === 1;
}

/** One metric for every constituent; a constituent without a row is missing (`kind: 'null'`). */
export function metricColumn(db: Database.Database, metric: string): Map<string, MetricRow> {
  const universe = constituents(db);
  const rows = db.prepare('SELECT key, num, text, kind FROM metric WHERE metric = ?').all(metric) as MetricRow[];
  const out = new Map<string, MetricRow>();
  for (const key of universe) out.set(key, { key, num: null, text: null, kind: 'null' });
  for (const r of rows) if (universe.has(r.key)) out.set(r.key, r);
  return out;
}

/** `max X`: numbers ≤ X, and net cash (better than any leverage). NM, n/a and missing fail. */
const passesMax = (v: MetricRow | undefined, x: number, goodState: string) =>
  v !== undefined && (v.kind === 'num' ? v.num !== null && v.num <= x : v.kind === 'text' && v.text === goodState);

/** `min X`: numbers ≥ X, and the good state (not burning, no interest). */
const passesMin = (v: MetricRow | undefined, x: number, goodState: string) =>
  v !== undefined && (v.kind === 'num' ? v.num !== null && v.num >= x : v.kind === 'text' && v.text === goodState);

export function leverageAndRunwayScreen(db: Database.Database, maxNdEbitda: number, minRunwayMonths: number): Set<string> {
  const leverage = metricColumn(db, 'net_debt_to_ebitda');
  const runway = metricColumn(db, 'runway_months');
  const out = new Set<string>();
  for (const key of constituents(db)) {
    if (passesMax(leverage.get(key), maxNdEbitda, 'net_cash') && passesMin(runway.get(key), minRunwayMonths, 'not_burning')) out.add(key);
  }
  return out;
}

/**
 * How a value of a lower-is-better ratio (ND/EBITDA) appears in the sort order: net cash
 * beats every number, NM loses to every number (both stay on the axis); n/a (financial)
 * and then missing sit below the axis in either direction.
 */
export type SortSignature = string;

export function ndEbitdaSignature(v: MetricRow | undefined): SortSignature {
  if (!v || v.kind === 'null') return 'missing';
  if (v.kind === 'num' && v.num !== null) return v.num.toFixed(6);
  if (v.text === 'net_cash') return 'net_cash';
  if (v.text === 'NM') return 'NM';
  return `apart:${v.text ?? ''}`;
}

export function ndEbitdaOrder(db: Database.Database, direction: 'asc' | 'desc'): SortSignature[] {
  const axis = (s: SortSignature) => (s === 'net_cash' ? -Infinity : s === 'NM' ? Infinity : Number(s));
  const tier = (s: SortSignature) => (s === 'missing' ? 2 : s.startsWith('apart:') ? 1 : 0);
  const sigs = [...metricColumn(db, 'net_debt_to_ebitda').values()].map(ndEbitdaSignature);
  return sigs.sort((a, b) => {
    const t = tier(a) - tier(b);
    if (t !== 0 || tier(a) !== 0) return t;
    const d = axis(a) - axis(b);
    return direction === 'asc' ? d : -d;
  });
}

/** Market caps of the constituents that have one, ordered as the grid should show them first. */
export function marketCaps(db: Database.Database): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const [key, v] of metricColumn(db, 'market_cap')) out.set(key, v.kind === 'num' ? v.num : null);
  return out;
}
