/**
 * The screener workspace: filters on the left, the grid, and the focused company's chart
 * below a resizable split. The server is the single source of truth for which rows match:
 * every filter change becomes a `screen:run` (debounced while typing), and its keys drive
 * the grid's external filter.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { UniverseInfo } from '../../../contract/api.ts';
import { useApi, useReportError } from '../api-context.ts';
import { CompanyPane } from '../company/company-pane.tsx';
import { EMPTY_FILTERS, toSpec, type FilterState } from '../filters.ts';
import { GRID_METRICS, sectorCounts, toRows, type Row } from '../grid/rows.ts';
import { ScreenerGrid, type ScreenerGridHandle } from '../grid/screener-grid.tsx';
import { useDebounced, useStoredNumber } from '../hooks.ts';
import { RowCount } from '../shell/top-bar.tsx';
import { Chips } from './chips.tsx';
import { FilterPanel } from './filter-panel.tsx';
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
}

export function Screener({ countSlot, onUniverse }: ScreenerProps) {
  const api = useApi();
  const report = useReportError();
  const [rows, setRows] = useState<Row[] | null>(null);
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
  useEffect(() => {
    let live = true;
    setLoadFailed(false);
    void api['grid:rows']({ columns: [...GRID_METRICS] }).then((r) => {
      if (!live) return;
      if (!r.ok) {
        report('Loading the grid', r.error);
        setLoadFailed(true);
        return;
      }
      setRows(toRows(r.value));
      onUniverse(r.value.universe);
    });
    return () => {
      live = false;
    };
  }, [api, report, onUniverse, loadAttempt]);

  const sectors = useMemo(() => (rows ? sectorCounts(rows) : []), [rows]);

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
    <div className="workspace">
      {countSlot ? createPortal(<RowCount matched={displayed?.n ?? rows.length} total={rows.length} pending={pending && !stale} stale={stale} />, countSlot) : null}
      <FilterPanel filters={filters} sectors={sectors} onChange={setFilters} />
      <div className="main-col" ref={mainRef}>
        <div className="grid-toolbar">
          <Chips filters={filters} onChange={setFilters} />
          <div className="spacer" />
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
        <ScreenerGrid ref={gridRef} rows={rows} matched={matchedKeys} onFocusRow={onFocusRow} onDisplayedCount={onDisplayedCount} />
        <Splitter value={chartPx} min={CHART_MIN_PX} max={chartMax} defaultValue={CHART_DEFAULT_PX} onChange={setChartPx} />
        <div className="chart-pane" style={{ height: chartPx }}>
          <CompanyPane row={focused} outOfScreen={focused !== null && matchedKeys !== null && !matchedKeys.has(focused.key)} />
        </div>
      </div>
    </div>
  );
}
