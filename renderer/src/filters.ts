/**
 * The filter panel's state. Numeric fields are kept as the text the analyst typed, so a
 * half-typed "2." is not rewritten under the cursor; parsing happens when the spec is built.
 */
import { simpleFiltersToSpec, type ScreenSpec, type SimpleFilters } from '../../contract/screen.ts';

export interface FilterState {
  maxNdEbitda: string;
  minRunway: string;
  minCoverage: string;
  profitableOnly: boolean;
  sectors: readonly string[];
}

export type NumericField = 'maxNdEbitda' | 'minRunway' | 'minCoverage';

export const EMPTY_FILTERS: FilterState = { maxNdEbitda: '', minRunway: '', minCoverage: '', profitableOnly: false, sectors: [] };

export interface Preset {
  id: string;
  label: string;
  /** Why an analyst would reach for it; shown as the button's tooltip. */
  thesis: string;
  filters: Omit<FilterState, 'sectors'>;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'fortress',
    label: 'Fortress',
    thesis: 'Net debt/EBITDA ≤ 3× (or net cash), interest coverage ≥ 3× (or no interest), profitable TTM.',
    filters: { maxNdEbitda: '3', minRunway: '', minCoverage: '3', profitableOnly: true },
  },
  {
    id: 'net-cash',
    label: 'Cash-rich',
    thesis: 'Leverage ≤ 0.5× (mostly net cash) and coverage ≥ 10×: balance sheets that can buy back or acquire.',
    filters: { maxNdEbitda: '0.5', minRunway: '', minCoverage: '10', profitableOnly: false },
  },
  {
    id: 'funded',
    label: 'Funded 2y+',
    thesis: 'Runway ≥ 24 months (or not burning): no forced raise inside two years, burners included.',
    filters: { maxNdEbitda: '', minRunway: '24', minCoverage: '', profitableOnly: false },
  },
  {
    id: 'serviceable',
    label: 'Not a zombie',
    thesis: 'Coverage ≥ 1.5× and leverage ≤ 5×: excludes the zombie and walking-dead tails.',
    filters: { maxNdEbitda: '5', minRunway: '', minCoverage: '1.5', profitableOnly: false },
  },
];

/** `undefined` for blank, `NaN` for text that is not a finite number. */
export function parseNumberField(text: string): number | undefined {
  const t = text.trim().replace(/[×x%]$/i, '').replace(',', '.');
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function invalidFields(f: FilterState): NumericField[] {
  const fields: NumericField[] = ['maxNdEbitda', 'minRunway', 'minCoverage'];
  return fields.filter((k) => Number.isNaN(parseNumberField(f[k])));
}

/** Invalid fields are left out (and flagged in the panel) rather than blocking the rest. */
export function toSimpleFilters(f: FilterState): SimpleFilters {
  const num = (t: string) => {
    const n = parseNumberField(t);
    return n === undefined || Number.isNaN(n) ? undefined : n;
  };
  return {
    maxNetDebtToEbitda: num(f.maxNdEbitda),
    minRunwayMonths: num(f.minRunway),
    minInterestCoverage: num(f.minCoverage),
    profitableOnly: f.profitableOnly,
    sectors: [...f.sectors],
  };
}

export function toSpec(f: FilterState): ScreenSpec {
  return simpleFiltersToSpec(toSimpleFilters(f));
}

export function isEmptySpec(s: ScreenSpec): boolean {
  return s.filters.length === 0 && s.sectors.length === 0;
}

export function presetMatches(p: Preset, f: FilterState): boolean {
  const a = toSimpleFilters({ ...p.filters, sectors: [] });
  const b = toSimpleFilters(f);
  return (
    a.maxNetDebtToEbitda === b.maxNetDebtToEbitda &&
    a.minRunwayMonths === b.minRunwayMonths &&
    a.minInterestCoverage === b.minInterestCoverage &&
    a.profitableOnly === b.profitableOnly
  );
}
