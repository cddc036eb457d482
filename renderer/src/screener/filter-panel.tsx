/**
 * The left filter panel. It edits a FilterState only; App turns that into a screen spec
 * and asks the server. Hints under each field carry the thesis thresholds so an analyst
 * does not have to remember them.
 */
import { useId } from 'react';
import { EMPTY_FILTERS, PRESETS, invalidFields, presetMatches, type FilterState, type NumericField } from '../filters.ts';

interface NumberFieldProps {
  field: NumericField;
  label: string;
  unit: string;
  hint: string;
  testId: string;
  filters: FilterState;
  invalid: boolean;
  onChange: (f: FilterState) => void;
}

function NumberField({ field, label, unit, hint, testId, filters, invalid, onChange }: NumberFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} <span className="unit">{unit}</span>
      </label>
      <div className={`num-input${invalid ? ' invalid' : ''}`}>
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder="any"
          value={filters[field]}
          data-testid={testId}
          aria-invalid={invalid}
          title={invalid ? 'Not a number — this filter is ignored' : hint}
          onChange={(e) => onChange({ ...filters, [field]: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filters[field] !== '') {
              e.preventDefault();
              onChange({ ...filters, [field]: '' });
            }
          }}
        />
      </div>
      <div className="hint">{hint}</div>
    </div>
  );
}

/** The classification thresholds the leverage hint quotes (settings; METRICS.md defaults until loaded). */
export interface LeverageThresholds {
  fortressMax: number;
  walkingDeadMin: number;
}

const DEFAULT_LEVERAGE: LeverageThresholds = { fortressMax: 3, walkingDeadMin: 5 };

export interface FilterPanelProps {
  filters: FilterState;
  sectors: readonly [string, number][];
  onChange: (f: FilterState) => void;
  leverage?: LeverageThresholds | null;
}

export function FilterPanel({ filters, sectors, onChange, leverage }: FilterPanelProps) {
  const lev = leverage ?? DEFAULT_LEVERAGE;
  const invalid = new Set(invalidFields(filters));
  const chosen = new Set(filters.sectors);
  const toggleSector = (s: string) => {
    const next = chosen.has(s) ? filters.sectors.filter((x) => x !== s) : [...filters.sectors, s];
    onChange({ ...filters, sectors: next });
  };
  const common = { filters, onChange };

  return (
    <aside className="filter-panel" aria-label="Filters">
      <div className="panel-head">
        <h2>Screen</h2>
        <button type="button" className="link-btn" data-testid="filter-reset" onClick={() => onChange(EMPTY_FILTERS)}>
          Reset
        </button>
      </div>

      <div className="presets" role="group" aria-label="Thesis presets">
        {PRESETS.map((p) => {
          const active = presetMatches(p, filters);
          return (
            <button
              key={p.id}
              type="button"
              className={active ? 'preset active' : 'preset'}
              aria-pressed={active}
              title={p.thesis}
              data-testid={`preset-${p.id}`}
              onClick={() => onChange({ ...p.filters, sectors: filters.sectors })}
            >
              {p.label}
            </button>
          );
        })}
      </div>

      <h3>Leverage</h3>
      <NumberField
        {...common}
        field="maxNdEbitda"
        label="Max net debt / EBITDA"
        unit="(×)"
        hint={`< ${lev.fortressMax} fortress · > ${lev.walkingDeadMin} walking dead · net cash passes`}
        testId="filter-max-nd-ebitda"
        invalid={invalid.has('maxNdEbitda')}
      />
      <NumberField
        {...common}
        field="minCoverage"
        label="Min interest coverage"
        unit="(×)"
        hint="< 1 zombie · no interest expense passes"
        testId="filter-min-coverage"
        invalid={invalid.has('minCoverage')}
      />

      <h3>Liquidity</h3>
      <NumberField
        {...common}
        field="minRunway"
        label="Min cash runway"
        unit="(months)"
        hint="< 12 going-concern horizon · not burning passes"
        testId="filter-min-runway"
        invalid={invalid.has('minRunway')}
      />

      <label className="check">
        <input
          type="checkbox"
          checked={filters.profitableOnly}
          data-testid="filter-profitable"
          onChange={(e) => onChange({ ...filters, profitableOnly: e.target.checked })}
        />
        <span>Profitable only (net income TTM &gt; 0)</span>
      </label>

      <div className="sector-head">
        <h3>Sector</h3>
        {filters.sectors.length > 0 ? (
          <button type="button" className="link-btn" onClick={() => onChange({ ...filters, sectors: [] })}>
            All
          </button>
        ) : null}
      </div>
      <ul className="sector-list">
        {sectors.map(([name, count]) => (
          <li key={name}>
            <label className="check sector" title={name}>
              <input type="checkbox" checked={chosen.has(name)} data-testid={`sector-${name}`} onChange={() => toggleSector(name)} />
              <span className="sector-name">{name || '(none)'}</span>
              <span className="sector-count">{count.toLocaleString('en-US')}</span>
            </label>
          </li>
        ))}
      </ul>
      <p className="panel-foot">NM, missing and n/a (financial) never pass a numeric filter; net cash, no interest and not burning always do.</p>
    </aside>
  );
}
