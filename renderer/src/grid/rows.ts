/**
 * Grid rows: `grid:rows` sends columns (a few thousand rows × a dozen metrics cross the
 * boundary as arrays); ag-grid wants one object per row. The metric list lives here so the
 * request and the column definitions cannot drift apart.
 */
import type { GridData } from '../../../contract/api.ts';
import type { MetricId, MetricValue } from '../../../contract/metrics.ts';

export const GRID_METRICS = [
  'market_cap',
  'index_weight',
  'price',
  'net_debt_to_ebitda',
  'interest_coverage',
  'runway_months',
  'fcf_ttm',
  'is_profitable',
] as const satisfies readonly MetricId[];

export type GridMetric = (typeof GRID_METRICS)[number];

export type Row = {
  key: string;
  ticker: string;
  name: string;
  sector: string;
} & Record<GridMetric, MetricValue>;

export function toRows(data: GridData): Row[] {
  const n = data.keys.length;
  const rows: Row[] = new Array<Row>(n);
  const cols = GRID_METRICS.map((id) => [id, data.columns[id]] as const);
  for (let i = 0; i < n; i++) {
    const row = {
      key: data.keys[i] ?? '',
      ticker: data.tickers[i] ?? '',
      name: data.names[i] ?? '',
      sector: data.sectors[i] ?? '',
    } as Row;
    // A column the server left out is missing for every row, never zero.
    for (const [id, col] of cols) row[id] = col?.[i] ?? null;
    rows[i] = row;
  }
  return rows;
}

/** Sector → constituent count, most populous first. */
export function sectorCounts(rows: readonly Row[]): [string, number][] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.sector, (m.get(r.sector) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
