/**
 * The screener workspace: filters on the left, the grid, and the focused company's chart
 * below a resizable split. The server is the single source of truth for which rows match:
 * every filter change becomes a `screen:run` (debounced while typing), and its keys drive
 * the grid's external filter.
 *
 * Columns: the grid reports which are visible; only those metrics cross the API, and a
 * column switched on later is fetched alone and merged into the rows.
 *
 * When a background job ends (`dataVersion`: a refresh, a reclassification) the rows are
 * fetched again — every column loaded so far — and the screen re-runs on them.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { UniverseInfo } from '../../../contract/api.ts';
import type { MetricId } from '../../../contract/metrics.ts';
import { useApi, useReportError } from '../api-context.ts';
import { CompanyPane } from '../company/company-pane.tsx';
import { ExplainHost } from '../explain/explain-popover.tsx';
import { EMPTY_FILTERS, toSpec, type FilterState } from '../filters.ts';
import { ColumnsMenu } from '../grid/columns-menu.tsx';
import { loadLayout, metricsOf, visibleColumns } from '../grid/layout.ts';
import { ALWAYS_LOADED, mergeColumns, sectorCounts, toRows, type GridRows, type Row } from '../grid/rows.ts';
import { ScreenerGrid, type ScreenerGridHandle } from '../grid/screener-grid.tsx';
import { useDebounced, useStoredNumber } from '../hooks.ts';
import { RowCount } from '../shell/top-bar.tsx';
import { Chips } from './chips.tsx';
import { FilterPanel, type LeverageThresholds } from './filter-panel.tsx';
import { Splitter } from './splitter.tsx';

/** Typing "2.5" should cost one request, not three. */
const SCREEN_DEBOUNCE_MS = 150;
const CHART_DEFAULT_PX = 340;
const CHART_MIN_PX = 180;
const FILTERS_KEY = 'fortress.filters';

function loadFilters(): FilterState {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(FILTERS_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return EMPTY_FILTERS;
    const r = raw as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 24) : '');
    return {
      maxNdEbitda: str(r['maxNdEbitda']),
      minRunway: str(r['minRunway']),
      minCoverage: str(r['minCoverage']),
      profitableOnly: r['profitableOnly'] === true,
      sectors: Array.isArray(r['sectors']) ? r['sectors'].filter((s): s is string => typeof s === 'string') : [],
    };
  } catch {
    return EMPTY_FILTERS;
  }
}

interface Match {
  specKey: string;
  keys: ReadonlySet<string>;
}

interface Displayed {
  n: number;
  forMatch: ReadonlySet<string> | null;
}

export interface ScreenerProps {
  /** Where the live row count renders (in the top bar). */
  countSlot: HTMLElement | null;
  onUniverse: (u: UniverseInfo) => void;
  /** Moves on when the data behind the grid may have changed (jobs.ts): reload the rows. */
  dataVersion: number;
}

export function Screener({ countSlot, onUniverse, dataVersion }: ScreenerProps) {
  const api = useApi();
  const report = useReportError();
  const [grid, setGrid] = useState<GridRows | null>(null);
  const rows = grid?.rows ?? null;
  const [initialLayout] = useState(loadLayout);
  const [visibleCols, setVisibleCols] = useState<string[]>(() => visibleColumns(initialLayout));
  const visibleMetrics = useMemo(() => metricsOf(visibleCols), [visibleCols]);
  const [columnsOpen, setColumnsOpen] = useState(false);
  const [pendingCols, setPendingCols] = useState<ReadonlySet<MetricId>>(() => new Set());
  const inflight = useRef(new Set<MetricId>());
  const columnsBtnRef = useRef<HTMLButtonElement | null>(null);
  const [loadAttempt, setLoadAttempt] = useState(0);
  const [loadFailed, setLoadFailed] = useState(false);
  const [filters, setFilters] = useState<FilterState>(loadFilters);
  const [match, setMatch] = useState<Match | null>(null);
  const [failedKey, setFailedKey] = useState<string | null>(null);
  const [displayed, setDisplayed] = useState<Displayed | null>(null);
  const [focused, setFocused] = useState<Row | null>(null);
  const [chartPx, setChartPx] = useStoredNumber('fortress.chartHeight', CHART_DEFAULT_PX);
  const [goTo, setGoTo] = useState('');
  const [goToMiss, setGoToMiss] = useState(false);
  const gridRef = useRef<ScreenerGridHandle | null>(null);
  const goToRef = useRef<HTMLInputElement | null>(null);
  const mainRef = useRef<HTMLDivElement | null>(null);

  // ---- universe rows -----------------------------------------------------------
  // The first load asks for the columns the saved layout shows; later toggles fetch the rest.
  // A reload after a data change asks again for every column loaded so far.
  const initialMetrics = useRef(visibleMetrics);
  const loadedRef = useRef<ReadonlySet<MetricId> | null>(null);
  loadedRef.current = grid?.loaded ?? null;
  const [rowsVersion, setRowsVersion] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    setLoadFailed(false);
    const ids = [...new Set([...(loadedRef.current ?? initialMetrics.current), ...ALWAYS_LOADED])];
    void api['grid:rows']({ columns: ids }).then((r) => {
      if (!live) return;
      if (!r.ok) {
        report(dataVersion > 0 ? 'Reloading the grid after a data change' : 'Loading the grid', r.error);
        setLoadFailed(true);
        return;
      }
      setGrid(toRows(r.value, ids));
      setRowsVersion(dataVersion);
      onUniverse(r.value.universe);
    });
    return () => {
      live = false;
    };
  }, [api, report, onUniverse, loadAttempt, dataVersion]);

  const loaded = grid?.loaded ?? null;
  useEffect(() => {
    if (!loaded) return;
    const missing = visibleMetrics.filter((id) => !loaded.has(id) && !inflight.current.has(id));
    if (missing.length === 0) return;
    for (const id of missing) inflight.current.add(id);
    setPendingCols(new Set(inflight.current));
    // Not cancelled when the visible set changes again: a merge is idempotent, and the
    // values arrive for columns the analyst may switch back on a second later.
    void api['grid:rows']({ columns: missing }).then((r) => {
      for (const id of missing) inflight.current.delete(id);
      setPendingCols(new Set(inflight.current));
      if (!r.ok) {
        report(`Loading ${missing.length === 1 ? 'a column' : `${missing.length} columns`}`, r.error);
        return;
      }
      setGrid((g) => (g ? mergeColumns(g, r.value, missing) : g));
    });
  }, [api, report, loaded, visibleMetrics]);

  const onVisibleColumns = useCallback((ids: string[]) => {
    setVisibleCols((prev) => (prev.length === ids.length && prev.every((id, i) => id === ids[i]) ? prev : ids));
  }, []);
  const visibleSet = useMemo(() => new Set(visibleCols), [visibleCols]);
  const onToggleColumn = useCallback((colId: string, show: boolean) => {
    gridRef.current?.setColumnVisible(colId, show);
    // ag-grid reports the new layout a tick later; tick the box (and start the fetch) now.
    setVisibleCols((prev) => (show ? (prev.includes(colId) ? prev : [...prev, colId]) : prev.filter((id) => id !== colId)));
  }, []);
  const openColumns = useCallback(() => setColumnsOpen(true), []);
  const closeColumns = useCallback(() => {
    setColumnsOpen(false);
    columnsBtnRef.current?.focus();
  }, []);

  const sectors = useMemo(() => (rows ? sectorCounts(rows) : []), [rows]);

  // The leverage hint quotes the classification thresholds, which the Data panel can change.
  const [leverage, setLeverage] = useState<LeverageThresholds | null>(null);
  useEffect(() => {
    let live = true;
    void api['settings:get']({}).then((r) => {
      if (!live || !r.ok) return;
      const f = r.value['classify.fortress_max_leverage'];
      const w = r.value['classify.walking_dead_min_leverage'];
      if (typeof f === 'number' && typeof w === 'number') setLeverage({ fortressMax: f, walkingDeadMin: w });
    });
    return () => {
      live = false;
    };
  }, [api, dataVersion]);

  // ---- screen ------------------------------------------------------------------
  useEffect(() => {
    try {
      window.localStorage.setItem(FILTERS_KEY, JSON.stringify(filters));
    } catch {
      // Not persisting a screen is harmless.
    }
  }, [filters]);

  const specKey = useMemo(() => JSON.stringify(toSpec(filters)), [filters]);
  const debouncedKey = useDebounced(specKey, SCREEN_DEBOUNCE_MS);

  useEffect(() => {
    if (!rows) return;
    let live = true;
    const spec = JSON.parse(debouncedKey) as ReturnType<typeof toSpec>;
    void api['screen:run'](spec).then((r) => {
      if (!live) return;
      if (!r.ok) {
        report('Running the screen', r.error);
        setFailedKey(debouncedKey);
        return;
      }
      setFailedKey(null);
      setMatch({ specKey: debouncedKey, keys: new Set(r.value.keys) });
    });
    return () => {
      live = false;
    };
  }, [api, report, rows, debouncedKey]);

  const matchedKeys = match?.keys ?? null;
  // Settled only when the latest spec's answer has been applied by the grid.
  const pending = match === null || match.specKey !== specKey || displayed?.forMatch !== match.keys;
  // The latest screen failed: the grid still shows the previous answer, and says so.
  const stale = failedKey === specKey;
  const onDisplayedCount = useCallback((n: number, forMatch: ReadonlySet<string> | null) => setDisplayed({ n, forMatch }), []);

  // ---- keyboard ------------------------------------------------------------------
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target;
      const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        goToRef.current?.focus();
        goToRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onFocusRow = useCallback((r: Row) => setFocused(r), []);
  const chartMax = Math.max(CHART_MIN_PX, (mainRef.current?.clientHeight ?? 900) - 160);

  if (!rows) {
    return (
      <div className="center-note">
        {loadFailed ? (
          <>
            <p>The grid could not be loaded.</p>
            <button type="button" className="btn" onClick={() => setLoadAttempt((a) => a + 1)}>
              Retry
            </button>
          </>
        ) : (
          <p className="loading-dots">Loading universe</p>
        )}
      </div>
    );
  }

  return (
    <ExplainHost universe={grid?.universe ?? null} dataVersion={dataVersion}>
    <div className="workspace" data-rows-version={rowsVersion ?? undefined}>
      {countSlot ? createPortal(<RowCount matched={displayed?.n ?? rows.length} total={rows.length} pending={pending && !stale} stale={stale} />, countSlot) : null}
      <FilterPanel filters={filters} sectors={sectors} onChange={setFilters} leverage={leverage} />
      <div className="main-col" ref={mainRef}>
        <div className="grid-toolbar">
          <Chips filters={filters} onChange={setFilters} />
          <div className="spacer" />
          <span className="kbd-hint" title="How was a figure computed? Focus a metric cell and press E — or right-click it, or click the ƒ that appears on hover">
            <kbd>E</kbd> explain
          </span>
          <div className="columns-anchor">
            <button
              ref={columnsBtnRef}
              type="button"
              className={`tool-btn${columnsOpen ? ' active' : ''}`}
              aria-expanded={columnsOpen}
              aria-haspopup="dialog"
              data-testid="columns-button"
              data-visible-count={visibleMetrics.length}
              title="Choose columns (only shown columns are loaded)"
              onClick={() => setColumnsOpen((o) => !o)}
            >
              Columns <span className="tool-count">{visibleMetrics.length}</span>
              {pendingCols.size > 0 ? <span className="tool-busy loading-dots" aria-label="loading columns" /> : null}
              <span className="caret" aria-hidden="true">
                ▾
              </span>
            </button>
            {columnsOpen ? (
              <ColumnsMenu visible={visibleSet} loading={pendingCols} onToggle={onToggleColumn} onReset={() => gridRef.current?.resetLayout()} onClose={closeColumns} />
            ) : null}
          </div>
          <label className={`goto${goToMiss ? ' miss' : ''}`} title="Jump to a ticker (press / from anywhere)">
            <span className="goto-icon" aria-hidden="true">
              ⌕
            </span>
            <input
              ref={goToRef}
              type="text"
              placeholder="Go to ticker"
              value={goTo}
              spellCheck={false}
              autoComplete="off"
              data-testid="goto-ticker"
              onChange={(e) => {
                setGoTo(e.target.value.toUpperCase());
                setGoToMiss(false);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  if (gridRef.current?.jumpToTicker(goTo)) setGoTo('');
                  else setGoToMiss(true);
                } else if (e.key === 'Escape' || e.key === 'ArrowDown') {
                  e.preventDefault();
                  gridRef.current?.focusGrid();
                }
              }}
            />
            <kbd>/</kbd>
          </label>
        </div>
        <ScreenerGrid
          ref={gridRef}
          rows={rows}
          asOf={grid?.universe.asOf ?? null}
          matched={matchedKeys}
          onFocusRow={onFocusRow}
          onDisplayedCount={onDisplayedCount}
          initialLayout={initialLayout}
          onVisibleColumns={onVisibleColumns}
          columnsPending={pendingCols.size > 0}
          onOpenColumns={openColumns}
        />
        <Splitter value={chartPx} min={CHART_MIN_PX} max={chartMax} defaultValue={CHART_DEFAULT_PX} onChange={setChartPx} />
        <div className="chart-pane" style={{ height: chartPx }}>
          <CompanyPane
            row={focused}
            dataVersion={dataVersion}
            universeAsOf={grid?.universe.asOf ?? null}
            outOfScreen={focused !== null && matchedKeys !== null && !matchedKeys.has(focused.key)}
          />
        </div>
      </div>
    </div>
    </ExplainHost>
  );
}
