/**
 * The top bar: product, which universe the numbers come from (fictional data is flagged
 * in amber wherever it is shown), and the live match count.
 */
import type { UniverseInfo } from '../../../contract/api.ts';

const n = (x: number) => x.toLocaleString('en-US');

export function UniverseBadge({ universe }: { universe: UniverseInfo }) {
  const detail = `${universe.fund} holdings as of ${universe.asOf} · ${n(universe.constituents)} constituents${
    universe.pricesThrough ? ` · prices through ${universe.pricesThrough}` : ''
  }`;
  return (
    <div className={`universe-badge${universe.isFictional ? ' fictional' : ''}`} data-testid="universe-badge" title={detail}>
      {universe.isFictional ? <span className="badge-flag">DEMO</span> : null}
      <span className="badge-label">{universe.label}</span>
      <span className="badge-meta">
        as of {universe.asOf} · {n(universe.constituents)} cos.
      </span>
    </div>
  );
}

export interface RowCountProps {
  matched: number;
  total: number;
  /** The count is about to change: a screen is being typed, in flight, or not yet applied to the grid. */
  pending: boolean;
  /** The latest screen failed; the count (and grid) still reflect the previous one. */
  stale?: boolean;
}

export function RowCount({ matched, total, pending, stale = false }: RowCountProps) {
  return (
    <div
      className={`row-count${pending ? ' pending' : ''}${stale ? ' stale' : ''}`}
      title={stale ? 'The latest screen failed — showing the previous result' : undefined}
      data-testid="row-count"
      data-matched={matched}
      data-total={total}
      data-pending={pending ? 'true' : 'false'}
      data-stale={stale ? 'true' : 'false'}
      aria-live="polite"
    >
      {stale ? <span className="stale-mark">!</span> : null}
      <b>{n(matched)}</b> of {n(total)} match
    </div>
  );
}

/**
 * `countSlot` receives the element the screener portals its RowCount into: the count then
 * renders in the same commit as the filter change that moved it, with no parent re-render.
 */
export function TopBar({ universe, countSlot }: { universe: UniverseInfo | null; countSlot?: (el: HTMLDivElement | null) => void }) {
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Fortress
      </div>
      {universe ? <UniverseBadge universe={universe} /> : null}
      <div className="spacer" />
      <div className="count-slot" ref={countSlot} />
    </header>
  );
}
