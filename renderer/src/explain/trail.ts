/**
 * From one metric's explanation to the reported facts underneath it. The core explains a
 * derived metric (net debt / EBITDA) by its parts (net debt, EBITDA) without repeating
 * their facts; the analyst wants the filings. So the explainer follows each part that is
 * itself a metric of the same row, a few levels down, and lists the facts found on the
 * way — each marked with the path it came through ("via Net debt › Total debt").
 *
 * Pure: no API, no DOM. `use-explanation.ts` does the fetching.
 */
import type { Explanation, FactRef } from '../../../contract/api.ts';
import { METRICS, isMetricId, type MetricId, type MetricValue } from '../../../contract/metrics.ts';
import { MISSING, exactValue, formatExactNumber, formatMetric, formatUsd } from '../format.ts';

/** How deep the trail goes: ND/EBITDA → net debt → total debt is three levels. */
export const MAX_DEPTH = 3;

/**
 * Part names the core gives to a value that is a metric of the same row
 * (`main/core/metrics/compute.ts` provenance). A part named exactly as a metric id links too.
 * A link is kept only if the linked metric's value agrees with the part (see `agrees`), so
 * a name reused for something else (the raw cash inside "cash & ST investments") drops out.
 */
const PART_METRIC: Readonly<Record<string, MetricId>> = {
  ebitda: 'ebitda_ttm',
  ebit: 'ebit_ttm',
  interest: 'interest_expense_ttm',
  cash: 'cash_and_st_investments',
  burn: 'quarterly_burn',
  cfo: 'cfo_ttm',
  capex: 'capex_ttm',
  shares: 'shares_outstanding',
};

/**
 * For metrics the core explains without parts: the inputs their catalogue definition names
 * (`contract/metrics.ts` descriptions). Shown as inputs and followed to their facts.
 */
const DEFINITION_INPUTS: Partial<Record<MetricId, readonly MetricId[]>> = {
  enterprise_value: ['market_cap', 'total_debt', 'cash_and_st_investments'],
  pe_ttm: ['price'],
  pb: ['market_cap'],
  ps_ttm: ['market_cap', 'revenue_ttm'],
  ev_to_ebit: ['enterprise_value', 'ebit_ttm'],
  fcf_yield: ['fcf_ttm', 'market_cap'],
  debt_to_equity: ['total_debt'],
  ebitda_coverage: ['ebitda_ttm', 'interest_expense_ttm'],
  cfo_to_debt: ['cfo_ttm', 'total_debt'],
  gross_margin: ['revenue_ttm'],
  operating_margin: ['ebit_ttm', 'revenue_ttm'],
  net_margin: ['net_income_ttm', 'revenue_ttm'],
  fcf_margin: ['fcf_ttm', 'revenue_ttm'],
  roe: ['net_income_ttm'],
  roa: ['net_income_ttm'],
  revenue_growth_yoy: ['revenue_ttm'],
  is_profitable: ['net_income_ttm'],
  equity_issuance_to_mcap: ['market_cap'],
};

/**
 * The classification is a verdict over other metrics: show the ones its rules read, but
 * do not pull every fact of the company into one table.
 */
const CONTEXT_INPUTS: Partial<Record<MetricId, readonly MetricId[]>> = {
  classification: ['net_debt_to_ebitda', 'fcf_ttm', 'interest_coverage', 'runway_months', 'dilution_1y', 'equity_issuance_to_mcap'],
};

export interface InputLink {
  /** The part's name in the explanation, or null for an input named by the definition. */
  part: string | null;
  metric: MetricId;
  /** The part's value when the explanation carries it. */
  partValue?: number | string | null;
  /** Follow this input to its facts (false for the classification's context inputs). */
  follow: boolean;
}

/** The inputs of an explanation that are themselves metrics of the row. */
export function inputLinks(e: Explanation): InputLink[] {
  const out: InputLink[] = [];
  const seen = new Set<MetricId>([e.metric]);
  for (const [part, v] of Object.entries(e.parts)) {
    const metric = isMetricId(part) ? part : PART_METRIC[part];
    if (!metric || seen.has(metric)) continue;
    seen.add(metric);
    out.push({ part, metric, partValue: v, follow: true });
  }
  if (out.length > 0) return out;
  for (const metric of DEFINITION_INPUTS[e.metric] ?? []) if (!seen.has(metric)) out.push({ part: null, metric, follow: true });
  for (const metric of CONTEXT_INPUTS[e.metric] ?? []) if (!seen.has(metric)) out.push({ part: null, metric, follow: false });
  return out;
}

/** Does the linked metric's value match the part it stands for? (Relative 1e-9: float noise.) */
export function agrees(partValue: number | string | null | undefined, value: MetricValue): boolean {
  if (partValue === undefined) return true;
  if (typeof partValue === 'number' && typeof value === 'number') return Math.abs(partValue - value) <= 1e-9 * Math.max(1, Math.abs(partValue));
  if (partValue === null) return value === null || typeof value === 'string';
  return partValue === value;
}

export function factKey(f: FactRef): string {
  return `${f.taxonomy}:${f.tag}|${f.unit}|${f.start ?? ''}|${f.end}|${f.accn}`;
}

export interface FactGroup {
  /** Metrics walked through from the explained one; empty for its own facts. */
  via: MetricId[];
  facts: FactRef[];
}

// ---- reading parts -----------------------------------------------------------------

const WORDS: Readonly<Record<string, string>> = {
  roa: 'ROA',
  roe: 'ROE',
  cfo: 'CFO',
  fcf: 'FCF',
  ebit: 'EBIT',
  ebitda: 'EBITDA',
  da: 'D&A',
  ttm: 'TTM',
  x1: 'X1',
  x2: 'X2',
  x3: 'X3',
  x4: 'X4',
  st: 'ST',
};

/** `net_debt` → "Net debt", `fcf_2026-09-30` → "FCF 2026-09-30", `x1` → "X1". */
export function partLabel(name: string): string {
  const words = name.split('_').filter((w) => w !== '');
  return words
    .map((w, i) => {
      const k = WORDS[w.toLowerCase()];
      if (k) return k;
      return i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w;
    })
    .join(' ');
}

/** Parts the core reports in dollars, by name (the rest are ratios, counts or dates). */
const USD_PART = /^(cash|short_term_investments|burn|interest|ebit|ebitda|da|cfo|capex|net_debt|total_debt|revenue|net_income|fcf(_\d{4}-\d{2}-\d{2})?)$/;

/** Piotroski's tests are 1 (pass) or 0 (fail). */
const BINARY_TESTS: ReadonlySet<MetricId> = new Set(['piotroski_f']);

export interface PartReading {
  text: string;
  /** Full precision, when `text` is rounded. */
  exact?: string;
  tone?: 'muted' | 'good' | 'bad';
}

export function readPart(metric: MetricId, name: string, v: number | string | null, link: MetricId | null): PartReading {
  if (v === null) return { text: MISSING, tone: 'muted' };
  if (typeof v === 'string') return { text: v };
  if (link) return { text: formatMetric(link, v), exact: exactValue(link, v) };
  if (BINARY_TESTS.has(metric) && (v === 0 || v === 1)) return v === 1 ? { text: '✓ pass', tone: 'good' } : { text: '✗ fail', tone: 'bad' };
  if (USD_PART.test(name)) return { text: formatUsd(v), exact: `${v < 0 ? '−' : ''}$${formatExactNumber(Math.abs(v))}` };
  if (Number.isInteger(v)) return { text: formatExactNumber(v) };
  return { text: v.toFixed(4).replace('-', '−'), exact: formatExactNumber(v) };
}

/** "Net debt › Total debt". */
export function viaLabel(via: readonly MetricId[]): string {
  return via.map((m) => METRICS[m].label).join(' › ');
}
