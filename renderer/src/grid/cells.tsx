/**
 * The few cells that are more than a formatted string: the ticker (with the stale flag),
 * the classification chip and the as-of / filed dates. Everything else renders through
 * `valueFormatter` — plain text is the cheapest thing ag-grid can draw.
 *
 * Stale cells carry `data-stale="true"` on the cell element itself (tests and CSS find it
 * there) as well as on the marker inside it.
 */
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { MetricValue } from '../../../contract/metrics.ts';
import { CLASS_LABEL, MISSING, LOADING } from '../format.ts';
import type { Row } from './rows.ts';

/** Marks (or unmarks) the ag-grid cell around a renderer; cells are reused across refreshes. */
function markCell(stale: boolean) {
  return (el: HTMLElement | null) => {
    const cell = el?.closest('.ag-cell');
    if (!cell) return;
    if (stale) cell.setAttribute('data-stale', 'true');
    else cell.removeAttribute('data-stale');
  };
}

export function TickerCell({ data, value }: CustomCellRendererProps<Row, string>) {
  const stale = data?.stale === true;
  return (
    <span className="ticker-cell" ref={markCell(stale)}>
      {value}
      {stale ? <span className="stale-flag" data-stale="true" aria-label="stale fundamentals" /> : null}
    </span>
  );
}

/** A small coloured chip: fortress green, zombie / walking dead red, burner orange, the rest muted. */
export function ClassChip({ value }: { value: MetricValue | undefined }) {
  if (value === undefined) return <span className="cls-none">{LOADING}</span>;
  if (typeof value !== 'string') return <span className="cls-none">{MISSING}</span>;
  return (
    <span className={`cls-chip cls-${value.replace(/[^a-z_]/g, '')}`} data-class={value}>
      {CLASS_LABEL[value] ?? value}
    </span>
  );
}

export function ClassCell({ value }: CustomCellRendererProps<Row, MetricValue>) {
  return <ClassChip value={value} />;
}

/** `as_of` / `filed`: a date, amber when the row is stale. */
export function DateCell({ data, value }: CustomCellRendererProps<Row, MetricValue>) {
  const stale = data?.stale === true;
  const text = value === undefined ? LOADING : typeof value === 'string' ? value : MISSING;
  return (
    <span className={stale ? 'date-cell stale' : 'date-cell'} ref={markCell(stale)} data-stale={stale ? 'true' : undefined}>
      {text}
    </span>
  );
}
