/**
 * The focused company: a one-line header of identity and balance-sheet vitals, then its
 * daily chart. Identity comes from the grid row at once; vitals follow `company:get`.
 * Each vital is a button: click it (or focus it and press E or Enter) for how it was computed.
 */
import type { KeyboardEvent } from 'react';
import type { CompanyDetail } from '../../../contract/api.ts';
import { METRICS, type MetricId } from '../../../contract/metrics.ts';
import { PriceChart, RANGES, type RangeId } from '../chart/price-chart.tsx';
import { boxOf, useExplain } from '../explain/explain-context.ts';
import { exactMetric, formatMetric, isStale, staleReason, toneOf } from '../format.ts';
import { ClassChip } from '../grid/cells.tsx';
import type { Row } from '../grid/rows.ts';
import { useStoredNumber } from '../hooks.ts';
import { useCompany } from './use-company.ts';

/** Thesis measures first: on a narrow window the tail wraps out of sight. */
const VITALS: readonly MetricId[] = [
  'net_debt_to_ebitda',
  'interest_coverage',
  'runway_months',
  'fcf_ttm',
  'market_cap',
  'net_debt',
  'enterprise_value',
  'revenue_ttm',
  'pe_ttm',
  'altman_z2',
  'piotroski_f',
];

function Vitals({ detail, universeAsOf }: { detail: CompanyDetail; universeAsOf: string | null }) {
  const explain = useExplain();
  const cls = detail.metrics.classification;
  const asOf = detail.metrics.as_of;
  const filed = detail.metrics.filed;
  const stale = isStale(filed, universeAsOf);
  const ask = (id: MetricId, el: HTMLElement) =>
    explain.open({ key: detail.key, ticker: detail.ticker, name: detail.name, metric: id, anchor: () => boxOf(el), restoreFocus: () => el.focus() });
  const onKey = (id: MetricId) => (e: KeyboardEvent<HTMLButtonElement>) => {
    if ((e.key === 'e' || e.key === 'E') && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      ask(id, e.currentTarget);
    }
  };
  return (
    <ul className="vitals" aria-label="Key figures">
      {typeof cls === 'string' ? (
        <li>
          <button
            type="button"
            className="vital vital-class"
            data-metric="classification"
            title={`${METRICS.classification.description} — click for the rule that fired`}
            onClick={(e) => ask('classification', e.currentTarget)}
            onKeyDown={onKey('classification')}
          >
            <ClassChip value={cls} />
          </button>
        </li>
      ) : null}
      {VITALS.map((id) => {
        const v = detail.metrics[id] ?? null;
        return (
          <li key={id}>
            <button
              type="button"
              className="vital"
              data-metric={id}
              title={`${exactMetric(id, v)} — click for how it was computed`}
              onClick={(e) => ask(id, e.currentTarget)}
              onKeyDown={onKey(id)}
            >
              <span className="vital-label">{METRICS[id].short}</span>
              <span className={`vital-value tone-${toneOf(id, v)}`}>{formatMetric(id, v)}</span>
            </button>
          </li>
        );
      })}
      {typeof asOf === 'string' ? (
        <li>
          <span
            className={`vital vital-static${stale ? ' stale' : ''}`}
            data-stale={stale ? 'true' : undefined}
            title={stale && typeof filed === 'string' && universeAsOf ? staleReason(filed, universeAsOf) : `${METRICS.as_of.description}${typeof filed === 'string' ? ` Filed ${filed}.` : ''}`}
          >
            <span className="vital-label">As of</span>
            <span className="vital-value">{asOf}</span>
            {stale ? <span className="stale-tag">stale</span> : null}
          </span>
        </li>
      ) : null}
    </ul>
  );
}

/** `outOfScreen`: the company stays charted after a filter change removed it from the grid. */
export function CompanyPane({
  row,
  universeAsOf = null,
  outOfScreen = false,
  dataVersion = 0,
}: {
  row: Row | null;
  universeAsOf?: string | null;
  outOfScreen?: boolean;
  /** Moves on when the data may have changed (a refresh, a reclassification): load afresh. */
  dataVersion?: number;
}) {
  const { detail, series, loadingKey } = useCompany(row, dataVersion);
  const [rangeIdx, setRangeIdx] = useStoredNumber('fortress.chartRange', 2);
  const range: RangeId = RANGES[rangeIdx]?.id ?? '1Y';

  const current = detail && row && detail.key === row.key ? detail : null;
  const stale = row !== null && loadingKey === row.key;

  return (
    <section className="company-pane" aria-label="Company">
      <header className="company-head">
        {row ? (
          <>
            <span className="co-ticker">{row.ticker}</span>
            <span className="co-name" title={row.name}>
              {row.name}
            </span>
            <span className="co-sector">{row.sector}</span>
            {outOfScreen ? (
              <span className="co-out" title="Not in the current screen's results; still charted because it was the last row you chose">
                not in screen
              </span>
            ) : null}
            {current?.isFictional ? (
              <span className="co-fictional" title="This company is generated for the demo universe">
                fictional
              </span>
            ) : null}
            {current && typeof current.metrics.filed === 'string' && universeAsOf && isStale(current.metrics.filed, universeAsOf) ? (
              <span className="co-stale" data-testid="company-stale" data-stale="true" title={staleReason(current.metrics.filed, universeAsOf)}>
                stale
              </span>
            ) : null}
            {current ? <Vitals detail={current} universeAsOf={universeAsOf} /> : <span className="co-loading">{stale ? 'Loading…' : ''}</span>}
          </>
        ) : (
          <span className="co-loading">Select a row to chart it (↑/↓ in the grid)</span>
        )}
        <div className="range-buttons" role="group" aria-label="Chart range">
          {RANGES.map((r, i) => (
            <button
              key={r.id}
              type="button"
              className={r.id === range ? 'active' : undefined}
              aria-pressed={r.id === range}
              data-testid={`range-${r.id}`}
              onClick={() => setRangeIdx(i)}
            >
              {r.id}
            </button>
          ))}
        </div>
      </header>
      <div className={`company-chart${stale ? ' stale' : ''}`}>
        <PriceChart ticker={row?.ticker ?? ''} series={series} range={range} />
      </div>
    </section>
  );
}
