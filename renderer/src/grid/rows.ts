/**
 * Grid rows: `grid:rows` sends columns (a few thousand rows × a dozen metrics cross the
 * boundary as arrays); ag-grid wants one object per row. Only the metrics the analyst has
 * on screen are asked for; a column switched on later is fetched alone and merged in.
 *
 * A metric absent from a row object (`undefined`) is "not loaded yet" and renders as `…`;
 * a metric the server sent as `null` is missing and renders as `—`.
 */
import type { GridData, UniverseInfo } from '../../../contract/api.ts';
import type { MetricId, MetricValue } from '../../../contract/metrics.ts';
import { isStale } from '../format.ts';

/** What a new analyst sees: the thesis measures, sized and priced. */
export const DEFAULT_METRICS = [
  'classification',
  'market_cap',
  'index_weight',
  'price',
  'net_debt_to_ebitda',
  'interest_coverage',
  'runway_months',
  'fcf_ttm',
  'is_profitable',
] as const satisfies readonly MetricId[];

/**
 * Always loaded, visible or not: the ticker cell's stale flag needs every row's latest
 * filing date. One short date string per row.
 */
export const ALWAYS_LOADED: readonly MetricId[] = ['filed'];

export type Row = {
  key: string;
  ticker: string;
  name: string;
  sector: string;
  /** Latest filing more than 15 months before the universe date (METRICS.md). */
  stale: boolean;
} & Partial<Record<MetricId, MetricValue>>;

export interface GridRows {
  rows: Row[];
  universe: UniverseInfo;
  /** Metrics present in every row object. */
  loaded: ReadonlySet<MetricId>;
}

export function toRows(data: GridData, ids: readonly MetricId[]): GridRows {
  const n = data.keys.length;
  const rows: Row[] = new Array<Row>(n);
  const cols = ids.map((id) => [id, data.columns[id]] as const);
  for (let i = 0; i < n; i++) {
    const row: Row = {
      key: data.keys[i] ?? '',
      ticker: data.tickers[i] ?? '',
      name: data.names[i] ?? '',
      sector: data.sectors[i] ?? '',
      stale: false,
    };
    // A column the server left out is missing for every row, never zero.
    for (const [id, col] of cols) row[id] = col?.[i] ?? null;
    row.stale = isStale(row.filed, data.universe.asOf);
    rows[i] = row;
  }
  return { rows, universe: data.universe, loaded: new Set(ids) };
}

/**
 * `prev` with the columns `ids` of `data` merged in: new row objects (ag-grid sees a data
 * change per row through `getRowId`), same order. Rows are matched by key, so a universe
 * that changed between the two calls cannot shift values onto the wrong company.
 */
export function mergeColumns(prev: GridRows, data: GridData, ids: readonly MetricId[]): GridRows {
  const at = new Map<string, number>();
  data.keys.forEach((k, i) => at.set(k, i));
  const cols = ids.map((id) => [id, data.columns[id]] as const);
  const rows = prev.rows.map((r) => {
    const i = at.get(r.key);
    const next: Row = { ...r };
    for (const [id, col] of cols) next[id] = i === undefined ? null : (col?.[i] ?? null);
    if (ids.includes('filed')) next.stale = isStale(next.filed, prev.universe.asOf);
    return next;
  });
  return { rows, universe: prev.universe, loaded: new Set([...prev.loaded, ...ids]) };
}

/** Sector → constituent count, most populous first. */
export function sectorCounts(rows: readonly Row[]): [string, number][] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.sector, (m.get(r.sector) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
