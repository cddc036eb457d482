/**
 * The grid's layout — which columns, in what order, how wide, sorted how — kept with
 * ag-grid's Grid State API and persisted in localStorage. (Saved screens will move it to
 * the user database; the shape stays ag-grid's `GridState`, so that move is a copy.)
 *
 * Only column parts are kept: selection, focus and scroll are the session's, not the layout's.
 * A saved layout is validated before use — unknown columns dropped, numbers bounded — and
 * a metric added to the catalogue after the layout was saved starts hidden (unless it is a
 * default), rather than appearing unasked in an analyst's carefully trimmed grid.
 */
import type { ColumnState, GridState, SortModelItem } from 'ag-grid-community';
import type { MetricId } from '../../../contract/metrics.ts';
import { COLUMN_IDS, COLUMNS, metricOfColumn } from './columns.ts';
import { DEFAULT_METRICS } from './rows.ts';

const LAYOUT_KEY = 'fortress.gridLayout';
const VERSION = 1;

export type Layout = Required<Pick<GridState, 'columnVisibility' | 'columnOrder' | 'columnSizing' | 'sort' | 'columnPinning'>>;

/** The parts of a `stateUpdated` event that change the layout (focus and selection do not). */
export const LAYOUT_SOURCES: ReadonlySet<string> = new Set(['columnVisibility', 'columnOrder', 'columnSizing', 'sort', 'columnPinning', 'gridInitializing', 'api']);

interface Saved {
  v: number;
  layout: Layout;
  /** Every column id the app had when this was saved. */
  known: string[];
}

const DEFAULT_VISIBLE: ReadonlySet<string> = new Set<string>(['ticker', 'name', 'sector', ...DEFAULT_METRICS]);

/**
 * The ticker is pinned and nothing else can be (no UI offers it). Stated in every layout:
 * ag-grid treats a restored state without pinning as "unpin everything".
 */
const PINNING: Layout['columnPinning'] = { leftColIds: ['ticker'], rightColIds: [] };

export function defaultLayout(): Layout {
  return {
    columnVisibility: { hiddenColIds: COLUMNS.map((c) => c.colId ?? '').filter((id) => !DEFAULT_VISIBLE.has(id)) },
    columnOrder: { orderedColIds: COLUMNS.map((c) => c.colId ?? '') },
    columnSizing: { columnSizingModel: COLUMNS.map((c) => (c.flex ? { colId: c.colId ?? '', flex: c.flex } : { colId: c.colId ?? '', width: c.width ?? 80 })) },
    sort: { sortModel: [{ colId: 'market_cap', sort: 'desc' }] },
    columnPinning: PINNING,
  };
}

/** The same default as ColumnState, for `api.applyColumnState` (Reset layout). */
export function defaultColumnState(): ColumnState[] {
  return COLUMNS.map((c) => ({
    colId: c.colId ?? '',
    hide: !DEFAULT_VISIBLE.has(c.colId ?? ''),
    width: c.width ?? 80,
    flex: c.flex ?? null,
    sort: c.colId === 'market_cap' ? 'desc' : null,
    pinned: c.colId === 'ticker' ? 'left' : null,
  }));
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** A saved layout made safe to hand to ag-grid, or null if it is not one. */
export function sanitizeLayout(raw: unknown): Layout | null {
  const saved = obj(raw);
  if (saved['v'] !== VERSION) return null;
  const layout = obj(saved['layout']);
  const known = new Set(strings(saved['known']));
  const hidden = new Set(strings(obj(layout['columnVisibility'])['hiddenColIds']).filter((id) => COLUMN_IDS.has(id) && id !== 'ticker'));
  // Columns this layout has never seen start as they would for a new analyst.
  for (const id of COLUMN_IDS) if (!known.has(id) && !DEFAULT_VISIBLE.has(id)) hidden.add(id);

  const order = [...new Set(strings(obj(layout['columnOrder'])['orderedColIds']).filter((id) => COLUMN_IDS.has(id)))];
  for (const c of COLUMNS) if (c.colId && !order.includes(c.colId)) order.push(c.colId);

  const sizing: Layout['columnSizing']['columnSizingModel'] = [];
  const sizingRaw = obj(layout['columnSizing'])['columnSizingModel'];
  for (const s of Array.isArray(sizingRaw) ? sizingRaw : []) {
    const { colId, width, flex } = obj(s);
    if (typeof colId !== 'string' || !COLUMN_IDS.has(colId)) continue;
    // Bounds: a column no one can see or one wider than any screen is a corrupt value, not a choice.
    if (typeof flex === 'number' && flex > 0 && flex <= 20) sizing.push({ colId, flex });
    else if (typeof width === 'number' && width >= 30 && width <= 2000) sizing.push({ colId, width: Math.round(width) });
  }

  const sortModel: SortModelItem[] = [];
  const sortRaw = obj(layout['sort'])['sortModel'];
  for (const s of Array.isArray(sortRaw) ? sortRaw : []) {
    const { colId, sort } = obj(s);
    if (typeof colId === 'string' && COLUMN_IDS.has(colId) && (sort === 'asc' || sort === 'desc')) sortModel.push({ colId, sort });
  }

  return {
    columnVisibility: { hiddenColIds: [...hidden] },
    columnOrder: { orderedColIds: order },
    columnSizing: { columnSizingModel: sizing },
    sort: { sortModel },
    columnPinning: PINNING,
  };
}

export function loadLayout(): Layout {
  try {
    const raw = window.localStorage.getItem(LAYOUT_KEY);
    return (raw === null ? null : sanitizeLayout(JSON.parse(raw))) ?? defaultLayout();
  } catch {
    return defaultLayout();
  }
}

/**
 * The layout parts of a grid state. ag-grid omits a part that equals "nothing" (no hidden
 * columns, no sort); spelled out here so restoring it clears what the column
 * definitions would otherwise start with.
 */
export function layoutOf(state: GridState): Layout {
  return {
    columnVisibility: { hiddenColIds: state.columnVisibility?.hiddenColIds ?? [] },
    columnOrder: { orderedColIds: state.columnOrder?.orderedColIds ?? COLUMNS.map((c) => c.colId ?? '') },
    columnSizing: { columnSizingModel: state.columnSizing?.columnSizingModel ?? [] },
    sort: { sortModel: state.sort?.sortModel ?? [] },
    columnPinning: PINNING,
  };
}

export function saveLayout(layout: Layout): void {
  const saved: Saved = { v: VERSION, layout, known: [...COLUMN_IDS] };
  try {
    window.localStorage.setItem(LAYOUT_KEY, JSON.stringify(saved));
  } catch {
    // Storage off or full: the layout lasts for this session only.
  }
}

/** Visible columns (identity and metrics), left to right. */
export function visibleColumns(layout: Layout): string[] {
  const hidden = new Set(layout.columnVisibility.hiddenColIds);
  return layout.columnOrder.orderedColIds.filter((id) => !hidden.has(id));
}

/** The metric ids among `colIds`, in the same order. */
export function metricsOf(colIds: readonly string[]): MetricId[] {
  return colIds.map(metricOfColumn).filter((m): m is MetricId => m !== null);
}
