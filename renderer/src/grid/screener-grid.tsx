/**
 * The screener grid. The server decides which rows match (`screen:run`); the grid only
 * hides the rest through ag-grid's external filter, so the visible count is the server's.
 * Focus drives selection: a click or ↑/↓ moves the focused cell, and the focused row is
 * the company shown in the chart pane.
 */
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ExternalFilterModule,
  ModuleRegistry,
  RowApiModule,
  RowSelectionModule,
  ScrollApiModule,
  TooltipModule,
  type CellFocusedEvent,
  type ColDef,
  type GetRowIdParams,
  type GridApi,
  type IRowNode,
  type RowSelectionOptions,
} from 'ag-grid-community';
import { COLUMNS } from './columns.ts';
import { gridTheme } from './grid-theme.ts';
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
]);

const ROW_SELECTION: RowSelectionOptions<Row> = { mode: 'singleRow', checkboxes: false, enableClickSelection: true };
const getRowId = (p: GetRowIdParams<Row>) => p.data.key;

/** If the window never gets focus (e.g. opened in the background), signal ready anyway. */
const READY_FALLBACK_MS = 1000;

/** Test signal: rows are on screen and the grid accepts keys. */
function markReady(): void {
  document.body.dataset.ready = 'grid';
}

export interface ScreenerGridHandle {
  /** Focuses the first displayed row whose ticker starts with `prefix`; false if none. */
  jumpToTicker(prefix: string): boolean;
  focusGrid(): void;
}

export interface ScreenerGridProps {
  rows: readonly Row[];
  /** Keys the server matched; `null` until the first screen answers (show everything). */
  matched: ReadonlySet<string> | null;
  onFocusRow: (row: Row) => void;
  /** Rows left visible after the external filter ran with `forMatch` (the `matched` it applied). */
  onDisplayedCount: (n: number, forMatch: ReadonlySet<string> | null) => void;
  ref?: Ref<ScreenerGridHandle>;
}

export function ScreenerGrid({ rows, matched, onFocusRow, onDisplayedCount, ref }: ScreenerGridProps) {
  const apiRef = useRef<GridApi<Row> | null>(null);
  const hostRef = useRef<HTMLDivElement | null>(null);
  // Grid callbacks stay referentially stable (a new function per render would be pushed to
  // ag-grid as an option change each time) and read the latest props through refs.
  const matchedRef = useRef(matched);
  const onFocusRowRef = useRef(onFocusRow);
  const onCountRef = useRef(onDisplayedCount);
  onFocusRowRef.current = onFocusRow;
  onCountRef.current = onDisplayedCount;

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
    }),
    [],
  );

  return (
    <div className="grid-host" data-testid="grid" ref={hostRef}>
      <AgGridReact<Row>
        theme={gridTheme}
        rowData={rowData}
        columnDefs={COLUMNS}
        defaultColDef={defaultColDef}
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
          e.api.setFocusedCell(0, 'ticker');
        }}
        onFilterChanged={reportCount}
        onSortChanged={(e) => refocus(e.api, e.api.getSelectedNodes()[0]?.data?.key ?? null)}
        onRowDataUpdated={reportCount}
        onCellFocused={onCellFocused}
      />
    </div>
  );
}
