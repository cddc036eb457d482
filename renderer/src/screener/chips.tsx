/**
 * Active screen clauses as removable chips, worded by the contract's `describeClause` so
 * the grid, the CLI and saved screens read the same.
 */
import { describeClause, type FilterClause } from '../../../contract/screen.ts';
import type { MetricId } from '../../../contract/metrics.ts';
import { toSpec, type FilterState } from '../filters.ts';

function without(f: FilterState, metric: MetricId): FilterState {
  switch (metric) {
    case 'net_debt_to_ebitda':
      return { ...f, maxNdEbitda: '' };
    case 'runway_months':
      return { ...f, minRunway: '' };
    case 'interest_coverage':
      return { ...f, minCoverage: '' };
    case 'is_profitable':
      return { ...f, profitableOnly: false };
    default:
      return f;
  }
}

export function Chips({ filters, onChange }: { filters: FilterState; onChange: (f: FilterState) => void }) {
  const spec = toSpec(filters);
  if (spec.filters.length === 0 && spec.sectors.length === 0) return <span className="chips-empty">No filters — whole universe</span>;
  return (
    <ul className="chips" aria-label="Active filters" data-testid="chips">
      {spec.filters.map((c: FilterClause) => (
        <li key={c.metric} className="chip">
          <span>{describeClause(c)}</span>
          <button type="button" aria-label={`Remove ${describeClause(c)}`} onClick={() => onChange(without(filters, c.metric))}>
            ×
          </button>
        </li>
      ))}
      {spec.sectors.length > 0 ? (
        <li className="chip" title={spec.sectors.join(', ')}>
          <span>Sector in {spec.sectors.length <= 2 ? spec.sectors.join(', ') : `${spec.sectors.length} sectors`}</span>
          <button type="button" aria-label="Remove sector filter" onClick={() => onChange({ ...filters, sectors: [] })}>
            ×
          </button>
        </li>
      ) : null}
    </ul>
  );
}
