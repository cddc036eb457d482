/**
 * The top bar: product, which universe the numbers come from (fictional data is flagged
 * in amber wherever it is shown), the live match count, any background job's progress and
 * the Data & settings button.
 */
import type { RefObject } from 'react';
import type { UniverseInfo } from '../../../contract/api.ts';
import { JobIndicator } from './job-indicator.tsx';
import { useJobs } from './jobs.ts';

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

export interface DataButtonProps {
  open: boolean;
  /** Opens the Data & settings panel, scrolled to `section` if given. */
  onOpen: (section?: 'refresh' | 'thresholds') => void;
  onClose: () => void;
  /** Focus returns here when the panel closes. */
  buttonRef: RefObject<HTMLButtonElement | null>;
}

/**
 * `countSlot` receives the element the screener portals its RowCount into: the count then
 * renders in the same commit as the filter change that moved it, with no parent re-render.
 * `data` is null until there is a universe to describe (boot, first-run build).
 */
export function TopBar({
  universe,
  countSlot,
  data = null,
}: {
  universe: UniverseInfo | null;
  countSlot?: (el: HTMLDivElement | null) => void;
  data?: DataButtonProps | null;
}) {
  const { job } = useJobs();
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Fortress
      </div>
      {universe ? <UniverseBadge universe={universe} /> : null}
      <div className="spacer" />
      {data ? <JobIndicator job={job} onOpen={data.onOpen} /> : null}
      <div className="count-slot" ref={countSlot} />
      {data ? (
        <button
          ref={data.buttonRef}
          type="button"
          className={`tool-btn data-btn${data.open ? ' active' : ''}`}
          aria-haspopup="dialog"
          aria-expanded={data.open}
          data-testid="data-button"
          title="Data & settings: what is loaded, online refresh, classification thresholds"
          onClick={() => (data.open ? data.onClose() : data.onOpen())}
        >
          <span className="data-icon" aria-hidden="true" />
          Data
        </button>
      ) : null}
    </header>
  );
}
