/**
 * The screener grid. The server decides which rows match (`screen:run`); the grid only
 * hides the rest through ag-grid's external filter, so the visible count is the server's.
 * Focus drives selection: a click or ↑/↓ moves the focused cell, and the focused row is
 * the company shown in the chart pane.
 *
 * Every metric cell can be explained: E on the focused cell, the right-click menu, or the
 * small ƒ that appears on hover. The column layout (which, order, widths, sort) is ag-grid
 * Grid State, saved as it changes (layout.ts); the visible metric columns are reported up
 * so that only they are fetched.
 */
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent, type Ref } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  ExternalFilterModule,
  GridStateModule,
  ModuleRegistry,
  RowApiModule,
  RowSelectionModule,
  ScrollApiModule,
  TooltipModule,
  type CellContextMenuEvent,
  type CellFocusedEvent,
  type CellKeyDownEvent,
  type CellMouseOverEvent,
  type ColDef,
  type FullWidthCellKeyDownEvent,
  type GetRowIdParams,
  type GridApi,
  type IRowNode,
  type RowSelectionOptions,
  type StateUpdatedEvent,
} from 'ag-grid-community';
import { METRICS, type MetricId } from '../../../contract/metrics.ts';
import { boxOf, useExplain } from '../explain/explain-context.ts';
import { exactValue } from '../format.ts';
import { CellMenu, type MenuItem } from './cell-menu.tsx';
import { COLUMNS, metricOfColumn, type GridContext } from './columns.ts';
import { gridTheme } from './grid-theme.ts';
import { LAYOUT_SOURCES, defaultColumnState, layoutOf, saveLayout, visibleColumns, type Layout } from './layout.ts';
import type { Row } from './rows.ts';

// Only what the screener uses: a smaller bundle, and a missing feature fails loudly in dev.
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  ExternalFilterModule,
  RowSelectionModule,
  RowApiModule,
  ScrollApiModule,
  TooltipModule,
  CellStyleModule,
  // Visibility and column state for the Columns menu; Grid State for the saved layout.
  // (Moving, resizing and pinning come with ag-grid's core.)
  ColumnApiModule,
  GridStateModule,
]);

const ROW_SELECTION: RowSelectionOptions<Row> = { mode: 'singleRow', checkboxes: false, enableClickSelection: true };
const getRowId = (p: GetRowIdParams<Row>) => p.data.key;

/** If the window never gets focus (e.g. opened in the background), signal ready anyway. */
const READY_FALLBACK_MS = 1000;

/**
 * Puts focus on the top row's ticker. While a restored layout is being applied ag-grid
 * keeps the grid body hidden (its column-delay render), and a hidden cell cannot take
 * focus: retry each frame until focus lands — unless the analyst has already put it
 * somewhere else.
 */
function focusFirstRow(api: GridApi<Row>, host: HTMLElement | null, frame = 0): void {
  if (api.isDestroyed() || !host) return;
  const active = document.activeElement;
  if (active && active !== document.body && !host.contains(active)) return;
  api.setFocusedCell(0, 'ticker');
  if (!host.contains(document.activeElement) && frame < FOCUS_RETRY_FRAMES) requestAnimationFrame(() => focusFirstRow(api, host, frame + 1));
}

/** About a second at 60 Hz: the hidden phase lasts a few frames. */
const FOCUS_RETRY_FRAMES = 60;

/** Test signal: rows are on screen and the grid accepts keys. */
function markReady(): void {
  document.body.dataset.ready = 'grid';
}

export interface ScreenerGridHandle {
  /** Focuses the first displayed row whose ticker starts with `prefix`; false if none. */
  jumpToTicker(prefix: string): boolean;
  focusGrid(): void;
  /** Shows or hides a column; a newly shown one is scrolled into view. */
  setColumnVisible(colId: string, visible: boolean): void;
  /** Back to the default columns, order, widths and sort. */
  resetLayout(): void;
}

export interface ScreenerGridProps {
  rows: readonly Row[];
  /** The universe date (stale tooltips quote it). */
  asOf: string | null;
  /** Keys the server matched; `null` until the first screen answers (show everything). */
  matched: ReadonlySet<string> | null;
  onFocusRow: (row: Row) => void;
  /** Rows left visible after the external filter ran with `forMatch` (the `matched` it applied). */
  onDisplayedCount: (n: number, forMatch: ReadonlySet<string> | null) => void;
  /** The layout the grid starts with (read once, at mount). */
  initialLayout: Layout;
  /** Visible column ids, left to right, whenever the layout changes. */
  onVisibleColumns: (colIds: string[]) => void;
  /** Columns switched on whose values are still on their way (test signal `data-columns-pending`). */
  columnsPending: boolean;
  /** Opens the Columns menu (from the right-click menus). */
  onOpenColumns: () => void;
  ref?: Ref<ScreenerGridHandle>;
}

interface MenuState {
  x: number;
  y: number;
  title: string;
  items: (MenuItem | 'separator')[];
  /** Where focus goes when the menu is dismissed from the keyboard. */
  restore: () => void;
}

function copy(text: string): void {
  // Clipboard can be refused (no focus, permissions); copying is a convenience, not a promise.
  void navigator.clipboard?.writeText(text).catch(() => undefined);
}

export function ScreenerGrid({ rows, asOf, matched, onFocusRow, onDisplayedCount, initialLayout, onVisibleColumns, columnsPending, onOpenColumns, ref }: ScreenerGridProps) {
  const apiRef = useRef<GridApi<Row> | null>(null);
  const hostRef = useRef<HTMLDivElement | null>(null);
  const hoverRef = useRef<HTMLButtonElement | null>(null);
  const hoverTarget = useRef<{ row: Row; metric: MetricId } | null>(null);
  const explain = useExplain();
  const [menu, setMenu] = useState<MenuState | null>(null);
  // Grid callbacks stay referentially stable (a new function per render would be pushed to
  // ag-grid as an option change each time) and read the latest props through refs.
  const matchedRef = useRef(matched);
  const onFocusRowRef = useRef(onFocusRow);
  const onCountRef = useRef(onDisplayedCount);
  const onVisibleRef = useRef(onVisibleColumns);
  const onOpenColumnsRef = useRef(onOpenColumns);
  onFocusRowRef.current = onFocusRow;
  onCountRef.current = onDisplayedCount;
  onVisibleRef.current = onVisibleColumns;
  onOpenColumnsRef.current = onOpenColumns;
  // initialState is read by ag-grid once; keep the first value even if the prop changes.
  const [initialState] = useState(initialLayout);
  const context = useMemo<GridContext>(() => ({ asOf }), [asOf]);

  // ag-grid's rowData type is mutable; copy once per new row set rather than cast.
  const rowData = useMemo(() => [...rows], [rows]);

  const defaultColDef = useMemo<ColDef<Row>>(
    // cellDataType off: inference would swap booleans for checkboxes and bypass format.ts.
    () => ({ sortable: true, resizable: true, suppressHeaderMenuButton: true, cellDataType: false }),
    [],
  );

  const isExternalFilterPresent = useCallback(() => matchedRef.current !== null, []);
  const doesExternalFilterPass = useCallback((node: IRowNode<Row>) => {
    const m = matchedRef.current;
    return m === null || (node.data !== undefined && m.has(node.data.key));
  }, []);

  const reportCount = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    const n = api.getDisplayedRowCount();
    const m = matchedRef.current;
    // grid:rows and screen:run are separate calls; a mismatch means they disagree on keys.
    if (m !== null && m.size !== n) console.warn(`screen:run matched ${m.size} keys but the grid shows ${n} rows`);
    onCountRef.current(n, m);
  }, []);

  /**
   * Filtering and sorting move rows under a focused cell that stays at its old index, so
   * the outline would sit on a different company than the chart. Put focus back on `key`'s
   * row if the analyst is in the grid; otherwise drop the stale outline (never pulling
   * focus away from a filter input being typed in).
   */
  const refocus = useCallback((api: GridApi<Row>, key: string | null) => {
    const focused = api.getFocusedCell();
    if (!focused) return;
    const active = document.activeElement;
    const inCells = active instanceof Element && hostRef.current?.contains(active) === true && active.closest('.ag-row') !== null;
    const node = key === null ? undefined : api.getRowNode(key);
    const idx = node && node.displayed && node.rowIndex !== null ? node.rowIndex : null;
    if (idx === focused.rowIndex) return;
    const count = api.getDisplayedRowCount();
    if (!inCells || count === 0) {
      api.clearFocusedCell();
      return;
    }
    // The focused company was filtered out: stay at the same height in the list.
    const target = idx ?? Math.min(focused.rowIndex, count - 1);
    api.ensureIndexVisible(target);
    api.setFocusedCell(target, focused.column);
  }, []);

  useEffect(() => {
    matchedRef.current = matched;
    const api = apiRef.current;
    if (!api) return;
    // Read the focused row now, synchronously: ag-grid's focus events reach React a tick later,
    // so anything event-derived may lag a fast ↑/↓.
    const f = api.getFocusedCell();
    const key = f ? (api.getDisplayedRowAtIndex(f.rowIndex)?.data?.key ?? null) : null;
    api.onFilterChanged();
    refocus(api, key);
  }, [matched, refocus]);

  const onCellFocused = useCallback((e: CellFocusedEvent<Row>) => {
    if (e.rowIndex === null || e.rowPinned) return;
    const node = e.api.getDisplayedRowAtIndex(e.rowIndex);
    if (!node?.data) return;
    if (!node.isSelected()) node.setSelected(true, true);
    onFocusRowRef.current(node.data);
  }, []);

  // ---- explain, menus, hover ---------------------------------------------------------

  /** The rendered cell of `key` × `colId` (centre or pinned container), if it is in the DOM. */
  const cellElement = useCallback((key: string, colId: string): Element | null => {
    const host = hostRef.current;
    if (!host) return null;
    const esc = (s: string) => (typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&'));
    return host.querySelector(`.ag-row[row-id="${esc(key)}"] .ag-cell[col-id="${esc(colId)}"]`);
  }, []);

  const focusCell = useCallback((key: string, colId: string) => {
    const api = apiRef.current;
    const node = api?.getRowNode(key);
    if (!api || !node || !node.displayed || node.rowIndex === null) return;
    api.ensureIndexVisible(node.rowIndex);
    api.ensureColumnVisible(colId);
    api.setFocusedCell(node.rowIndex, colId);
  }, []);

  const hideHover = useCallback(() => {
    hoverTarget.current = null;
    if (hoverRef.current) hoverRef.current.hidden = true;
  }, []);

  const explainCell = useCallback(
    (row: Row, metric: MetricId) => {
      hideHover();
      // The explained company becomes the focused one (and is charted), as a click would make it.
      const api = apiRef.current;
      const f = api?.getFocusedCell();
      const node = api?.getRowNode(row.key);
      if (api && node?.rowIndex != null && (f?.rowIndex !== node.rowIndex || f.column.getColId() !== metric)) focusCell(row.key, metric);
      explain.open({
        key: row.key,
        ticker: row.ticker,
        name: row.name,
        metric,
        anchor: () => boxOf(cellElement(row.key, metric)),
        restoreFocus: () => focusCell(row.key, metric),
      });
    },
    [explain, cellElement, focusCell, hideHover],
  );

  const openMenu = useCallback(
    (row: Row, colId: string, x: number, y: number) => {
      const metric = metricOfColumn(colId);
      const value = metric ? row[metric] : undefined;
      const items: (MenuItem | 'separator')[] = [];
      if (metric) {
        items.push({ id: 'explain', label: `How was ${METRICS[metric].short} computed?`, hint: 'E', onSelect: () => explainCell(row, metric) });
        items.push({ id: 'copy-value', label: 'Copy value', disabled: value === undefined, onSelect: () => copy(exactValue(metric, value)) });
      }
      items.push({ id: 'copy-ticker', label: `Copy ticker ${row.ticker}`, onSelect: () => copy(row.ticker) });
      if (colId === 'name') items.push({ id: 'copy-name', label: 'Copy name', onSelect: () => copy(row.name) });
      items.push('separator');
      if (colId !== 'ticker') {
        const header = metric ? METRICS[metric].short : colId === 'name' ? 'Name' : 'Sector';
        items.push({ id: 'hide-column', label: `Hide column ${header}`, onSelect: () => {
            apiRef.current?.setColumnsVisible([colId], false);
            focusCell(row.key, 'ticker');
          },
        });
      }
      items.push({ id: 'columns', label: 'Columns…', onSelect: () => onOpenColumnsRef.current() });
      setMenu({ x, y, title: metric ? `${row.ticker} · ${METRICS[metric].label}` : row.ticker, items, restore: () => focusCell(row.key, colId) });
    },
    [explainCell, focusCell],
  );

  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<Row> | FullWidthCellKeyDownEvent<Row>) => {
      const ke = e.event;
      if (!(ke instanceof KeyboardEvent) || !('column' in e) || !e.node.data) return;
      const colId = e.column.getColId();
      const metric = metricOfColumn(colId);
      const plain = !ke.ctrlKey && !ke.metaKey && !ke.altKey;
      if (plain && (ke.key === 'e' || ke.key === 'E') && metric) {
        ke.preventDefault();
        explainCell(e.node.data, metric);
      } else if (ke.key === 'ContextMenu' || (ke.key === 'F10' && ke.shiftKey)) {
        ke.preventDefault();
        const box = boxOf(cellElement(e.node.data.key, colId));
        if (box) openMenu(e.node.data, colId, box.left + 8, box.bottom);
      }
    },
    [explainCell, openMenu, cellElement],
  );

  const onCellContextMenu = useCallback(
    (e: CellContextMenuEvent<Row>) => {
      const me = e.event;
      if (!(me instanceof MouseEvent) || !e.node.data) return;
      focusCell(e.node.data.key, e.column.getColId());
      openMenu(e.node.data, e.column.getColId(), me.clientX, me.clientY);
    },
    [openMenu, focusCell],
  );

  // One floating ƒ for the whole grid, moved from cell to cell: no per-cell component.
  const onCellMouseOver = useCallback(
    (e: CellMouseOverEvent<Row>) => {
      const btn = hoverRef.current;
      const host = hostRef.current;
      const metric = metricOfColumn(e.column.getColId());
      const cell = e.event?.target instanceof Element ? e.event.target.closest('.ag-cell') : null;
      if (!btn || !host || !metric || !e.node.data || !cell) {
        hideHover();
        return;
      }
      const c = cell.getBoundingClientRect();
      const h = host.getBoundingClientRect();
      hoverTarget.current = { row: e.node.data, metric };
      btn.style.left = `${Math.round(c.left - h.left + 2)}px`;
      btn.style.top = `${Math.round(c.top - h.top + (c.height - 16) / 2)}px`;
      btn.title = `How was ${METRICS[metric].label} computed? (E)`;
      btn.hidden = false;
    },
    [hideHover],
  );

  /** Back to the cell that had focus (if any): the header menu has no cell of its own. */
  const refocusCurrent = useCallback(() => {
    const api = apiRef.current;
    const f = api?.getFocusedCell();
    if (api && f) api.setFocusedCell(f.rowIndex, f.column);
  }, []);

  const onHeaderContextMenu = useCallback((e: ReactMouseEvent<HTMLDivElement>) => {
    const header = e.target instanceof Element ? e.target.closest('.ag-header-cell[col-id]') : null;
    if (!header) return;
    e.preventDefault();
    const colId = header.getAttribute('col-id') ?? '';
    const metric = metricOfColumn(colId);
    const items: (MenuItem | 'separator')[] = [];
    if (colId !== 'ticker') {
      items.push({ id: 'hide-column', label: `Hide column ${metric ? METRICS[metric].short : header.textContent?.trim() ?? colId}`, onSelect: () => apiRef.current?.setColumnsVisible([colId], false) });
    }
    items.push({ id: 'columns', label: 'Columns…', onSelect: () => onOpenColumnsRef.current() });
    items.push({ id: 'reset-layout', label: 'Reset columns to default', onSelect: () => apiRef.current?.applyColumnState({ state: defaultColumnState(), applyOrder: true }) });
    setMenu({ x: e.clientX, y: e.clientY, title: metric ? METRICS[metric].label : colId, items, restore: refocusCurrent });
  }, [refocusCurrent]);

  const onStateUpdated = useCallback((e: StateUpdatedEvent<Row>) => {
    if (!e.sources.some((s) => LAYOUT_SOURCES.has(s))) return;
    const layout = layoutOf(e.state);
    saveLayout(layout);
    onVisibleRef.current(visibleColumns(layout));
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      jumpToTicker(prefix: string) {
        const api = apiRef.current;
        const p = prefix.trim().toUpperCase();
        if (!api || p === '') return false;
        let exact = -1;
        let first = -1;
        api.forEachNodeAfterFilterAndSort((node) => {
          const t = node.data?.ticker.toUpperCase();
          if (t === undefined || node.rowIndex === null) return;
          if (exact < 0 && t === p) exact = node.rowIndex;
          if (first < 0 && t.startsWith(p)) first = node.rowIndex;
        });
        const idx = exact >= 0 ? exact : first;
        if (idx < 0) return false;
        api.ensureIndexVisible(idx, 'middle');
        api.setFocusedCell(idx, 'ticker');
        return true;
      },
      focusGrid() {
        const api = apiRef.current;
        if (!api || api.getDisplayedRowCount() === 0) return;
        const sel = api.getSelectedNodes()[0];
        const idx = sel && sel.rowIndex !== null ? sel.rowIndex : 0;
        api.ensureIndexVisible(idx);
        api.setFocusedCell(idx, api.getFocusedCell()?.column ?? 'ticker');
      },
      setColumnVisible(colId: string, visible: boolean) {
        const api = apiRef.current;
        if (!api || colId === 'ticker') return;
        api.setColumnsVisible([colId], visible);
        if (visible) api.ensureColumnVisible(colId, 'auto');
      },
      resetLayout() {
        apiRef.current?.applyColumnState({ state: defaultColumnState(), applyOrder: true });
      },
    }),
    [],
  );

  return (
    <div
      className="grid-host"
      data-testid="grid"
      data-columns-pending={columnsPending ? 'true' : 'false'}
      ref={hostRef}
      onMouseLeave={hideHover}
      onContextMenu={onHeaderContextMenu}
    >
      <AgGridReact<Row>
        theme={gridTheme}
        rowData={rowData}
        columnDefs={COLUMNS}
        defaultColDef={defaultColDef}
        initialState={initialState}
        context={context}
        getRowId={getRowId}
        rowSelection={ROW_SELECTION}
        isExternalFilterPresent={isExternalFilterPresent}
        doesExternalFilterPass={doesExternalFilterPass}
        enableBrowserTooltips
        suppressCellFocus={false}
        animateRows={false}
        suppressDragLeaveHidesColumns
        onGridReady={(e) => {
          apiRef.current = e.api;
          reportCount();
        }}
        onFirstDataRendered={(e) => {
          if (e.api.getDisplayedRowCount() === 0) {
            markReady();
            return;
          }
          // Keyboard-first: ↑/↓ work at once, and the chart shows the top row. The cell takes
          // DOM focus a frame or two later (React renders it); `ready` waits for that, else a
          // key pressed right after `ready` would be lost.
          hostRef.current?.addEventListener('focusin', markReady, { once: true });
          setTimeout(markReady, READY_FALLBACK_MS);
          focusFirstRow(e.api, hostRef.current);
        }}
        onFilterChanged={reportCount}
        onSortChanged={(e) => refocus(e.api, e.api.getSelectedNodes()[0]?.data?.key ?? null)}
        onRowDataUpdated={reportCount}
        onCellFocused={onCellFocused}
        onCellKeyDown={onCellKeyDown}
        onCellContextMenu={onCellContextMenu}
        onCellMouseOver={onCellMouseOver}
        onBodyScroll={hideHover}
        onStateUpdated={onStateUpdated}
        suppressContextMenu
        preventDefaultOnContextMenu
      />
      <button
        ref={hoverRef}
        type="button"
        className="explain-hover"
        data-testid="explain-hover"
        hidden
        tabIndex={-1}
        aria-label="How was this computed?"
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          const t = hoverTarget.current;
          hideHover();
          if (t) explainCell(t.row, t.metric);
        }}
      >
        ƒ
      </button>
      {menu ? (
        <CellMenu
          x={menu.x}
          y={menu.y}
          title={menu.title}
          items={menu.items}
          onClose={(restore) => {
            setMenu(null);
            if (restore) menu.restore();
          }}
        />
      ) : null}
    </div>
  );
}
