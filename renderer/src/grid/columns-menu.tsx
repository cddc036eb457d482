/**
 * The Columns menu: every metric of the catalogue, grouped as METRICS.md groups them, with
 * a checkbox each. Ticking one shows the column at once (its values follow from the core —
 * only visible columns are fetched); the grid remembers the choice with its layout.
 * Type to filter; Enter toggles the first match; Esc closes.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { METRIC_IDS, METRICS, type MetricGroup, type MetricId } from '../../../contract/metrics.ts';

const GROUPS: readonly { id: MetricGroup | 'identity'; label: string }[] = [
  { id: 'identity', label: 'Identity' },
  { id: 'size', label: 'Size' },
  { id: 'valuation', label: 'Valuation' },
  { id: 'leverage', label: 'Leverage' },
  { id: 'maturities', label: 'Maturities' },
  { id: 'liquidity', label: 'Liquidity' },
  { id: 'profitability', label: 'Profitability' },
  { id: 'quality', label: 'Quality' },
  { id: 'technicals', label: 'Technicals' },
  { id: 'meta', label: 'Meta' },
];

interface Item {
  colId: string;
  label: string;
  short: string;
  description: string;
  group: MetricGroup | 'identity';
  locked?: boolean;
}

const ITEMS: readonly Item[] = [
  { colId: 'ticker', label: 'Ticker', short: 'Ticker', description: 'Always shown (pinned).', group: 'identity', locked: true },
  { colId: 'name', label: 'Name', short: 'Name', description: 'Company name from the holdings file.', group: 'identity' },
  { colId: 'sector', label: 'Sector', short: 'Sector', description: 'Sector from the holdings file.', group: 'identity' },
  ...METRIC_IDS.map((id: MetricId) => {
    const d = METRICS[id];
    return { colId: id, label: d.label, short: d.short, description: d.description, group: d.group };
  }),
];

function matches(it: Item, q: string): boolean {
  if (q === '') return true;
  const hay = `${it.label} ${it.short} ${it.colId} ${it.description}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .every((w) => hay.includes(w));
}

export interface ColumnsMenuProps {
  visible: ReadonlySet<string>;
  /** Metric columns whose values are on their way. */
  loading: ReadonlySet<string>;
  onToggle: (colId: string, visible: boolean) => void;
  onReset: () => void;
  onClose: () => void;
}

export function ColumnsMenu({ visible, loading, onToggle, onReset, onClose }: ColumnsMenuProps) {
  const [query, setQuery] = useState('');
  const ref = useRef<HTMLDivElement | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const searchId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    searchRef.current?.focus();
    const away = (e: PointerEvent) => {
      const t = e.target;
      // The toolbar button toggles the menu itself.
      if (t instanceof Element && (ref.current?.contains(t) || t.closest('[data-testid=columns-button]'))) return;
      onCloseRef.current();
    };
    document.addEventListener('pointerdown', away, true);
    return () => document.removeEventListener('pointerdown', away, true);
  }, []);

  const shown = useMemo(() => ITEMS.filter((it) => matches(it, query.trim())), [query]);
  const total = ITEMS.length;
  const onCount = ITEMS.filter((it) => visible.has(it.colId)).length;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (query !== '' && document.activeElement === searchRef.current) setQuery('');
      else onClose();
    }
  };

  return (
    <div ref={ref} className="columns-menu" role="dialog" aria-label="Columns" data-testid="columns-menu" onKeyDown={onKeyDown}>
      <div className="cm-head">
        <label htmlFor={searchId} className="cm-title">
          Columns
        </label>
        <input
          id={searchId}
          ref={searchRef}
          type="text"
          className="cm-search"
          placeholder="Filter: debt, margin, ND…"
          value={query}
          spellCheck={false}
          autoComplete="off"
          data-testid="columns-search"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              const first = shown.find((it) => !it.locked);
              if (first) onToggle(first.colId, !visible.has(first.colId));
            }
          }}
        />
        <span className="cm-count">
          {onCount} of {total} shown
        </span>
      </div>
      <div className="cm-groups">
        {GROUPS.map((g) => {
          const items = shown.filter((it) => it.group === g.id);
          if (items.length === 0) return null;
          const all = ITEMS.filter((it) => it.group === g.id);
          const on = all.filter((it) => visible.has(it.colId)).length;
          const toggleable = items.filter((it) => !it.locked);
          const allOn = toggleable.every((it) => visible.has(it.colId));
          return (
            <section key={g.id} className="cm-group" data-group={g.id}>
              <h4>
                <span>{g.label}</span>
                <span className="cm-group-count">
                  {on}/{all.length}
                </span>
                {toggleable.length > 1 ? (
                  <button
                    type="button"
                    className="link-btn"
                    data-testid={`columns-group-${g.id}`}
                    onClick={() => {
                      for (const it of toggleable) if (visible.has(it.colId) === allOn) onToggle(it.colId, !allOn);
                    }}
                  >
                    {allOn ? 'none' : 'all'}
                  </button>
                ) : null}
              </h4>
              {items.map((it) => (
                <label key={it.colId} className={`cm-item${it.locked ? ' locked' : ''}`} title={`${it.label} — ${it.description}`}>
                  <input
                    type="checkbox"
                    checked={visible.has(it.colId)}
                    disabled={it.locked}
                    data-testid={`column-toggle-${it.colId}`}
                    onChange={(e) => onToggle(it.colId, e.target.checked)}
                  />
                  <span className="cm-label">{it.label}</span>
                  {loading.has(it.colId) ? <span className="cm-loading loading-dots" aria-label="loading" /> : null}
                  {it.short !== it.label ? <span className="cm-short">{it.short}</span> : null}
                </label>
              ))}
            </section>
          );
        })}
        {shown.length === 0 ? <p className="cm-none">No column matches “{query}”.</p> : null}
      </div>
      <div className="cm-foot">
        <button type="button" className="link-btn" data-testid="columns-reset" onClick={onReset}>
          Reset to default
        </button>
        <span className="cm-note">Only shown columns are loaded. Order, widths and sort are remembered; drag headers to reorder.</span>
      </div>
    </div>
  );
}
