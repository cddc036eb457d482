/**
 * The focused company: a one-line header of identity and balance-sheet vitals, then its
 * daily chart. Identity comes from the grid row at once; vitals follow `company:get`.
 */
import type { CompanyDetail } from '../../../contract/api.ts';
import { METRICS, type MetricId } from '../../../contract/metrics.ts';
import { PriceChart, RANGES, type RangeId } from '../chart/price-chart.tsx';
import { exactMetric, formatMetric, toneOf } from '../format.ts';
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

const CLASS_LABEL: Record<string, string> = {
  fortress: 'Fortress',
  zombie: 'Zombie',
  walking_dead: 'Walking dead',
  burner: 'Burner',
  financial: 'Financial',
  neutral: 'Neutral',
};
const CLASS_TONE: Record<string, string> = {
  fortress: 'good',
  zombie: 'bad',
  walking_dead: 'bad',
  burner: 'bad',
};

function Vitals({ detail }: { detail: CompanyDetail }) {
  const cls = detail.metrics.classification;
  const asOf = detail.metrics.as_of;
  return (
    <dl className="vitals">
      {typeof cls === 'string' ? (
        <div className={`vital class-tag tone-${CLASS_TONE[cls] ?? 'muted'}`} title={METRICS.classification.description}>
          {CLASS_LABEL[cls] ?? cls}
        </div>
      ) : null}
      {VITALS.map((id) => {
        const v = detail.metrics[id] ?? null;
        return (
          <div key={id} className="vital" title={exactMetric(id, v)}>
            <dt>{METRICS[id].short}</dt>
            <dd className={`tone-${toneOf(id, v)}`}>{formatMetric(id, v)}</dd>
          </div>
        );
      })}
      {typeof asOf === 'string' ? (
        <div className="vital" title={METRICS.as_of.description}>
          <dt>As of</dt>
          <dd className="tone-muted">{asOf}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** `outOfScreen`: the company stays charted after a filter change removed it from the grid. */
export function CompanyPane({ row, outOfScreen = false }: { row: Row | null; outOfScreen?: boolean }) {
  const { detail, series, loadingKey } = useCompany(row);
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
            {current ? <Vitals detail={current} /> : <span className="co-loading">{stale ? 'Loading…' : ''}</span>}
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
