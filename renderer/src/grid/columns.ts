/**
 * Column definitions, at module scope so ag-grid never sees a new array on re-render.
 * Every metric of the catalogue has a column (`col-id` = metric id); all but the defaults
 * start hidden, and the Grid State API (layout.ts) remembers what the analyst chose.
 * Every metric column sorts with `compareMetricValues` (states on the axis, n/a and
 * missing always at the bottom) and renders through `format.ts`.
 */
import type { ColDef, ValueFormatterParams, TooltipCallbackParams, CellClassParams } from 'ag-grid-community';
import { METRIC_IDS, METRICS, compareMetricValues, isMetricId, type MetricFormat, type MetricId, type MetricValue } from '../../../contract/metrics.ts';
import { exactMetric, formatMetric, staleReason, toneOf } from '../format.ts';
import { ClassCell, DateCell, TickerCell } from './cells.tsx';
import { DEFAULT_METRICS, type Row } from './rows.ts';

/** Wide enough for the format's longest common reading ("not burning", "$1.23B", "2026-09-30"). */
const FORMAT_WIDTH: Record<MetricFormat, number> = {
  usd: 84,
  usd_per_share: 78,
  shares: 76,
  ratio: 80,
  pct: 74,
  pct_points: 70,
  months: 86,
  score: 56,
  number: 70,
  bool: 62,
  date: 90,
  text: 104,
};

/** Hand-tuned widths of the default columns (their headers and states are known). */
const WIDTH: Partial<Record<MetricId, number>> = {
  market_cap: 84,
  index_weight: 70,
  price: 76,
  net_debt_to_ebitda: 92,
  interest_coverage: 84,
  runway_months: 86,
  fcf_ttm: 84,
  is_profitable: 62,
  classification: 100,
};

/** Header text plus the sort arrow and padding, at 11 px semibold (≈ 6.6 px per character). */
function widthOf(id: MetricId): number {
  const def = METRICS[id];
  return WIDTH[id] ?? Math.max(FORMAT_WIDTH[def.format], Math.ceil(def.short.length * 6.6 + 34));
}

const DEFAULT_SET: ReadonlySet<MetricId> = new Set(DEFAULT_METRICS);

function metricCol(id: MetricId): ColDef<Row, MetricValue> {
  const def = METRICS[id];
  const base: ColDef<Row, MetricValue> = {
    colId: id,
    // Metric keys are optional on Row (absent = not loaded), which ag-grid's field-path type cannot follow.
    field: id as ColDef<Row, MetricValue>['field'],
    headerName: def.short,
    headerTooltip: `${def.label} — ${def.description}`,
    width: widthOf(id),
    initialHide: !DEFAULT_SET.has(id),
    type: 'rightAligned',
    comparator: (a, b, _na, _nb, isDescending) => compareMetricValues(id, a ?? null, b ?? null, isDescending),
    valueFormatter: (p: ValueFormatterParams<Row, MetricValue>) => formatMetric(id, p.value),
    tooltip: (p: TooltipCallbackParams<Row, MetricValue>) => `${exactMetric(id, p.data?.[id])} — press E for how it was computed`,
    // The rightAligned type's own cell class is replaced by any cellClass: restate it.
    cellClass: (p: CellClassParams<Row, MetricValue>) => `ag-right-aligned-cell num tone-${toneOf(id, p.value)}`,
    // Numbers read best largest-first on the first click; lower-is-better ratios best-first.
    sortingOrder: def.better === 'low' && def.format === 'ratio' ? ['asc', 'desc', null] : ['desc', 'asc', null],
  };
  switch (def.format) {
    case 'bool':
      return { ...base, type: undefined, cellClass: (p) => `bool tone-${toneOf(id, p.value)}` };
    case 'text':
      return { ...base, type: undefined, cellClass: 'chip-cell', cellRenderer: ClassCell, sortingOrder: ['asc', 'desc', null] };
    case 'date':
      return {
        ...base,
        type: undefined,
        cellClass: 'date',
        cellRenderer: DateCell,
        tooltip: (p: TooltipCallbackParams<Row, MetricValue>) => staleTip(p.data, p.context) ?? exactMetric(id, p.data?.[id]),
      };
    default:
      return base;
  }
}

/** ag-grid's `context`: what module-level column definitions need to know about the data. */
export interface GridContext {
  /** The universe date; stale tooltips quote it. */
  asOf: string | null;
}

function staleTip(data: Row | undefined, context: unknown): string | null {
  const asOf = (context as GridContext | undefined)?.asOf;
  return data?.stale && typeof data.filed === 'string' && asOf ? staleReason(data.filed, asOf) : null;
}

const textComparator = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').localeCompare(b ?? '');

/** Defaults first, in their reading order; the rest of the catalogue after them, hidden. */
const METRIC_ORDER: readonly MetricId[] = [...DEFAULT_METRICS, ...METRIC_IDS.filter((id) => !DEFAULT_SET.has(id))];

export const IDENTITY_COLUMNS = ['ticker', 'name', 'sector'] as const;

export const COLUMNS: ColDef<Row>[] = [
  {
    colId: 'ticker',
    field: 'ticker',
    headerName: 'Ticker',
    width: 84,
    pinned: 'left',
    lockPinned: true,
    lockVisible: true,
    suppressMovable: true,
    cellClass: (p) => (p.data?.stale ? 'ticker stale' : 'ticker'),
    cellRenderer: TickerCell,
    comparator: textComparator,
    tooltip: (p: TooltipCallbackParams<Row>) => {
      const why = staleTip(p.data, p.context);
      return why ? `${p.data?.ticker ?? ''} — ${why}` : (p.data?.ticker ?? '');
    },
  },
  {
    colId: 'name',
    field: 'name',
    headerName: 'Name',
    width: 220,
    minWidth: 120,
    flex: 1,
    comparator: textComparator,
    tooltip: (p: TooltipCallbackParams<Row>) => p.data?.name ?? '',
  },
  {
    colId: 'sector',
    field: 'sector',
    headerName: 'Sector',
    width: 150,
    cellClass: 'sector',
    comparator: textComparator,
    tooltip: (p: TooltipCallbackParams<Row>) => p.data?.sector ?? '',
  },
  ...METRIC_ORDER.map((id) => (id === 'market_cap' ? { ...metricCol(id), sort: 'desc' as const } : metricCol(id)) as ColDef<Row>),
];

/** Every column id the grid knows, for validating a saved layout. */
export const COLUMN_IDS: ReadonlySet<string> = new Set(COLUMNS.map((c) => c.colId ?? ''));

/** The metric a column shows, or null for identity columns. */
export function metricOfColumn(colId: string | undefined): MetricId | null {
  return colId !== undefined && isMetricId(colId) ? colId : null;
}
