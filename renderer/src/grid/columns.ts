/**
 * Column definitions, at module scope so ag-grid never sees a new array on re-render.
 * Every metric column sorts with `compareMetricValues` (states on the axis, n/a and
 * missing always at the bottom) and renders through `format.ts`.
 */
import type { ColDef, ValueFormatterParams, ITooltipParams, CellClassParams } from 'ag-grid-community';
import { METRICS, compareMetricValues, type MetricValue } from '../../../contract/metrics.ts';
import { exactMetric, formatMetric, toneOf } from '../format.ts';
import type { GridMetric, Row } from './rows.ts';

function metricCol(id: GridMetric, width: number, extra: Partial<ColDef<Row, MetricValue>> = {}): ColDef<Row, MetricValue> {
  const def = METRICS[id];
  return {
    colId: id,
    field: id,
    headerName: def.short,
    headerTooltip: `${def.label} — ${def.description}`,
    width,
    type: 'rightAligned',
    comparator: (a, b, _na, _nb, isDescending) => compareMetricValues(id, a ?? null, b ?? null, isDescending),
    valueFormatter: (p: ValueFormatterParams<Row, MetricValue>) => formatMetric(id, p.value),
    tooltipValueGetter: (p: ITooltipParams<Row, MetricValue>) => exactMetric(id, p.value),
    cellClass: (p: CellClassParams<Row, MetricValue>) => `num tone-${toneOf(id, p.value)}`,
    // Numbers read best largest-first on the first click.
    sortingOrder: ['desc', 'asc', null],
    ...extra,
  };
}

const textComparator = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').localeCompare(b ?? '');

export const COLUMNS: ColDef<Row>[] = [
  {
    colId: 'ticker',
    field: 'ticker',
    headerName: 'Ticker',
    width: 78,
    pinned: 'left',
    cellClass: 'ticker',
    comparator: textComparator,
    tooltipField: 'ticker',
  },
  {
    colId: 'name',
    field: 'name',
    headerName: 'Name',
    width: 220,
    minWidth: 120,
    flex: 1,
    comparator: textComparator,
    tooltipField: 'name',
  },
  {
    colId: 'sector',
    field: 'sector',
    headerName: 'Sector',
    width: 150,
    cellClass: 'sector',
    comparator: textComparator,
    tooltipField: 'sector',
  },
  metricCol('market_cap', 84, { sort: 'desc' }),
  metricCol('index_weight', 70),
  metricCol('price', 76),
  metricCol('net_debt_to_ebitda', 92, { sortingOrder: ['asc', 'desc', null] }),
  metricCol('interest_coverage', 84),
  metricCol('runway_months', 86),
  metricCol('fcf_ttm', 84),
  metricCol('is_profitable', 62, { type: undefined, cellClass: (p) => `bool tone-${toneOf('is_profitable', p.value)}` }),
];
