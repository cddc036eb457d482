/**
 * The metric catalogue: every metric Fortress computes, by its canonical id
 * (`../shared/docs/METRICS.md`, "Canonical metric ids"). Ids are public API — the CLI,
 * saved screens, formula columns and exports use them — so they are never renamed.
 *
 * This module runs anywhere (main, preload, renderer, CLI): no Node or DOM imports.
 *
 * A metric value is a number, a boolean, `null` (missing — never zero), or a string. A
 * string is either one of the STATES below (NM, net cash, …) or, for text metrics
 * (`classification`, `as_of`, `filed`), the text itself.
 */

export const METRIC_IDS = [
  'price',
  'shares_outstanding',
  'market_cap',
  'index_weight',
  'enterprise_value',
  'pe_ttm',
  'pb',
  'ps_ttm',
  'ev_to_ebit',
  'fcf_yield',
  'total_debt',
  'cash_and_st_investments',
  'net_debt',
  'ebit_ttm',
  'ebitda_ttm',
  'interest_expense_ttm',
  'net_debt_to_ebitda',
  'debt_to_equity',
  'interest_coverage',
  'ebitda_coverage',
  'cfo_to_debt',
  'maturity_next_12m',
  'maturity_year_2',
  'maturity_year_3',
  'maturity_year_4',
  'maturity_year_5',
  'maturity_after_5',
  'due_2026',
  'due_2027',
  'revenue_ttm',
  'net_income_ttm',
  'cfo_ttm',
  'capex_ttm',
  'fcf_ttm',
  'quarterly_burn',
  'runway_months',
  'dilution_1y',
  'dilution_3y',
  'equity_issuance_to_mcap',
  'gross_margin',
  'operating_margin',
  'net_margin',
  'fcf_margin',
  'roe',
  'roa',
  'revenue_growth_yoy',
  'piotroski_f',
  'altman_z2',
  'altman_z',
  'is_profitable',
  'classification',
  'return_1m',
  'return_3m',
  'return_ytd',
  'return_1y',
  'pct_below_52w_high',
  'above_sma50',
  'above_sma200',
  'rsi14',
  'rs_vs_iwm_3m',
  'volume_ratio',
  'box_breakout',
  'as_of',
  'filed',
] as const;

export type MetricId = (typeof METRIC_IDS)[number];

const METRIC_ID_SET: ReadonlySet<string> = new Set(METRIC_IDS);
export function isMetricId(s: string): s is MetricId {
  return METRIC_ID_SET.has(s);
}

/** States a metric can take instead of a number. */
export const STATES = {
  /** Not meaningful: the denominator is zero or negative. */
  NM: 'NM',
  /** Cash exceeds debt: leverage is better than any number. */
  NET_CASH: 'net_cash',
  /** No (or non-positive) interest expense: coverage is better than any number. */
  NO_INTEREST: 'no_interest',
  /** Free cash flow is not negative: runway is longer than any number. */
  NOT_BURNING: 'not_burning',
  /** The measure does not apply to a bank or insurer. */
  NA_FINANCIAL: 'n/a_financial',
} as const;
export type MetricState = (typeof STATES)[keyof typeof STATES];
export const STATE_VALUES: readonly MetricState[] = Object.values(STATES);
export function isState(v: unknown): v is MetricState {
  return typeof v === 'string' && (STATE_VALUES as readonly string[]).includes(v);
}

export type MetricValue = number | boolean | string | null;

export const CLASSIFICATIONS = ['fortress', 'zombie', 'walking_dead', 'burner', 'financial', 'neutral'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export type MetricGroup = 'size' | 'valuation' | 'leverage' | 'maturities' | 'liquidity' | 'profitability' | 'quality' | 'technicals' | 'meta';

/**
 * How a value is shown: `usd` in $ with K/M/B suffix, `ratio` as 2.1×, `pct` as a
 * percentage of a fraction (0.153 → 15.3 %), `pct_points` as an already-in-percent
 * number (index weight 0.12 → 0.12 %), `months`, `score` integer, `number` plain.
 */
export type MetricFormat = 'usd' | 'usd_per_share' | 'shares' | 'ratio' | 'pct' | 'pct_points' | 'months' | 'score' | 'number' | 'bool' | 'date' | 'text';

export interface MetricDef {
  id: MetricId;
  label: string;
  /** Narrow column header. */
  short: string;
  group: MetricGroup;
  format: MetricFormat;
  /** Which end is better; decides where good states (net cash…) and NM sort and filter. */
  better?: 'low' | 'high';
  description: string;
}

const d = (
  id: MetricId,
  label: string,
  short: string,
  group: MetricGroup,
  format: MetricFormat,
  better: 'low' | 'high' | undefined,
  description: string,
): MetricDef => (better ? { id, label, short, group, format, better, description } : { id, label, short, group, format, description });

export const METRICS: Readonly<Record<MetricId, MetricDef>> = {
  price: d('price', 'Price', 'Price', 'size', 'usd_per_share', undefined, 'Latest close (or the holdings file price when no price series is loaded).'),
  shares_outstanding: d('shares_outstanding', 'Shares outstanding', 'Shares', 'size', 'shares', undefined, 'dei:EntityCommonStockSharesOutstanding, else CommonStockSharesOutstanding.'),
  market_cap: d('market_cap', 'Market cap', 'Mkt cap', 'size', 'usd', undefined, 'Price × shares outstanding.'),
  index_weight: d('index_weight', 'Index weight', 'Weight', 'size', 'pct_points', undefined, 'Weight in the index holdings file, in percent.'),
  enterprise_value: d('enterprise_value', 'Enterprise value', 'EV', 'valuation', 'usd', undefined, 'Market cap + total debt − cash & short-term investments.'),
  pe_ttm: d('pe_ttm', 'P/E (TTM)', 'P/E', 'valuation', 'ratio', 'low', 'Price / diluted EPS TTM; NM if EPS ≤ 0.'),
  pb: d('pb', 'P/B', 'P/B', 'valuation', 'ratio', 'low', "Market cap / stockholders' equity; NM if equity ≤ 0."),
  ps_ttm: d('ps_ttm', 'P/S (TTM)', 'P/S', 'valuation', 'ratio', 'low', 'Market cap / revenue TTM.'),
  ev_to_ebit: d('ev_to_ebit', 'EV/EBIT', 'EV/EBIT', 'valuation', 'ratio', 'low', 'EV / EBIT TTM; NM if EBIT ≤ 0.'),
  fcf_yield: d('fcf_yield', 'FCF yield', 'FCF yld', 'valuation', 'pct', 'high', 'FCF TTM / market cap.'),
  total_debt: d('total_debt', 'Total debt', 'Debt', 'leverage', 'usd', 'low', 'Long-term debt incl. current portion + short-term borrowings; leases excluded.'),
  cash_and_st_investments: d('cash_and_st_investments', 'Cash & ST investments', 'Cash', 'liquidity', 'usd', 'high', 'Cash & equivalents + short-term investments.'),
  net_debt: d('net_debt', 'Net debt', 'Net debt', 'leverage', 'usd', 'low', 'Total debt − cash − short-term investments; negative is net cash.'),
  ebit_ttm: d('ebit_ttm', 'EBIT (TTM)', 'EBIT', 'profitability', 'usd', 'high', 'Operating income, trailing twelve months.'),
  ebitda_ttm: d('ebitda_ttm', 'EBITDA (TTM)', 'EBITDA', 'profitability', 'usd', 'high', 'EBIT + depreciation & amortization, TTM.'),
  interest_expense_ttm: d('interest_expense_ttm', 'Interest expense (TTM)', 'Interest', 'leverage', 'usd', 'low', 'Interest expense, trailing twelve months.'),
  net_debt_to_ebitda: d('net_debt_to_ebitda', 'Net debt / EBITDA', 'ND/EBITDA', 'leverage', 'ratio', 'low', 'NM if EBITDA ≤ 0; net cash is its own state.'),
  debt_to_equity: d('debt_to_equity', 'Debt / equity', 'D/E', 'leverage', 'ratio', 'low', 'Total debt / equity; NM if equity ≤ 0.'),
  interest_coverage: d('interest_coverage', 'Interest coverage', 'Coverage', 'leverage', 'ratio', 'high', 'EBIT TTM / interest expense TTM; no interest expense is its own state.'),
  ebitda_coverage: d('ebitda_coverage', 'EBITDA coverage', 'EBITDA cov', 'leverage', 'ratio', 'high', 'EBITDA TTM / interest expense TTM.'),
  cfo_to_debt: d('cfo_to_debt', 'Cash flow to debt', 'CFO/Debt', 'leverage', 'pct', 'high', 'Operating cash flow TTM / total debt.'),
  maturity_next_12m: d('maturity_next_12m', 'Debt due next 12 months', 'Due 12m', 'maturities', 'usd', 'low', 'LongTermDebtMaturitiesRepaymentsOfPrincipalInNextTwelveMonths at the latest fiscal year end.'),
  maturity_year_2: d('maturity_year_2', 'Debt due year 2', 'Due Y2', 'maturities', 'usd', 'low', '…InYearTwo.'),
  maturity_year_3: d('maturity_year_3', 'Debt due year 3', 'Due Y3', 'maturities', 'usd', 'low', '…InYearThree.'),
  maturity_year_4: d('maturity_year_4', 'Debt due year 4', 'Due Y4', 'maturities', 'usd', 'low', '…InYearFour.'),
  maturity_year_5: d('maturity_year_5', 'Debt due year 5', 'Due Y5', 'maturities', 'usd', 'low', '…InYearFive.'),
  maturity_after_5: d('maturity_after_5', 'Debt due after year 5', 'Due >5y', 'maturities', 'usd', 'low', '…AfterYearFive.'),
  due_2026: d('due_2026', 'Debt due in calendar 2026', 'Due 2026', 'maturities', 'usd', 'low', 'Ladder buckets mapped to calendar years by the fiscal year end they hang from (approximation).'),
  due_2027: d('due_2027', 'Debt due in calendar 2027', 'Due 2027', 'maturities', 'usd', 'low', 'Ladder buckets mapped to calendar years by the fiscal year end they hang from (approximation).'),
  revenue_ttm: d('revenue_ttm', 'Revenue (TTM)', 'Revenue', 'profitability', 'usd', 'high', 'Revenue, trailing twelve months.'),
  net_income_ttm: d('net_income_ttm', 'Net income (TTM)', 'Net inc', 'profitability', 'usd', 'high', 'Net income, trailing twelve months.'),
  cfo_ttm: d('cfo_ttm', 'Operating cash flow (TTM)', 'CFO', 'liquidity', 'usd', 'high', 'Net cash from operating activities, TTM.'),
  capex_ttm: d('capex_ttm', 'Capex (TTM)', 'Capex', 'liquidity', 'usd', undefined, 'Payments for property, plant and equipment, TTM.'),
  fcf_ttm: d('fcf_ttm', 'Free cash flow (TTM)', 'FCF', 'liquidity', 'usd', 'high', 'Operating cash flow − |capex|, TTM.'),
  quarterly_burn: d('quarterly_burn', 'Quarterly burn', 'Burn/q', 'liquidity', 'usd', 'low', 'Mean of max(0, −FCF) over the last four quarters.'),
  runway_months: d('runway_months', 'Cash runway (months)', 'Runway', 'liquidity', 'months', 'high', '3 × cash & ST investments / quarterly burn; not burning is its own state.'),
  dilution_1y: d('dilution_1y', 'Dilution 1y', 'Dil 1y', 'quality', 'pct', 'low', 'Growth of diluted weighted shares over one year.'),
  dilution_3y: d('dilution_3y', 'Dilution 3y', 'Dil 3y', 'quality', 'pct', 'low', 'Growth of diluted weighted shares over three years.'),
  equity_issuance_to_mcap: d('equity_issuance_to_mcap', 'Equity issuance / market cap', 'Issuance', 'quality', 'pct', 'low', 'ProceedsFromIssuanceOfCommonStock TTM / market cap.'),
  gross_margin: d('gross_margin', 'Gross margin', 'Gross m', 'profitability', 'pct', 'high', 'Gross profit / revenue, TTM.'),
  operating_margin: d('operating_margin', 'Operating margin', 'Op m', 'profitability', 'pct', 'high', 'EBIT / revenue, TTM.'),
  net_margin: d('net_margin', 'Net margin', 'Net m', 'profitability', 'pct', 'high', 'Net income / revenue, TTM.'),
  fcf_margin: d('fcf_margin', 'FCF margin', 'FCF m', 'profitability', 'pct', 'high', 'FCF / revenue, TTM.'),
  roe: d('roe', 'Return on equity', 'ROE', 'profitability', 'pct', 'high', 'Net income TTM / average equity; NM if equity ≤ 0.'),
  roa: d('roa', 'Return on assets', 'ROA', 'profitability', 'pct', 'high', 'Net income TTM / average total assets.'),
  revenue_growth_yoy: d('revenue_growth_yoy', 'Revenue growth (TTM y/y)', 'Rev g', 'profitability', 'pct', 'high', 'Revenue TTM vs prior TTM.'),
  piotroski_f: d('piotroski_f', 'Piotroski F-score', 'F', 'quality', 'score', 'high', 'Nine binary tests on fiscal-year data, 0–9.'),
  altman_z2: d('altman_z2', "Altman Z''", "Z''", 'quality', 'number', 'high', '6.56·X1 + 3.26·X2 + 6.72·X3 + 1.05·X4; not for financials.'),
  altman_z: d('altman_z', 'Altman Z (original)', 'Z', 'quality', 'number', 'high', 'Original Z for manufacturers.'),
  is_profitable: d('is_profitable', 'Profitable (TTM)', 'Profit', 'profitability', 'bool', undefined, 'Net income TTM > 0.'),
  classification: d('classification', 'Classification', 'Class', 'meta', 'text', undefined, 'Fortress / zombie / walking dead / burner / financial / neutral.'),
  return_1m: d('return_1m', 'Return 1M', '1M', 'technicals', 'pct', 'high', 'Price return over 21 trading days.'),
  return_3m: d('return_3m', 'Return 3M', '3M', 'technicals', 'pct', 'high', 'Price return over 63 trading days.'),
  return_ytd: d('return_ytd', 'Return YTD', 'YTD', 'technicals', 'pct', 'high', 'Price return since the last close of the prior year.'),
  return_1y: d('return_1y', 'Return 1Y', '1Y', 'technicals', 'pct', 'high', 'Price return over 252 trading days.'),
  pct_below_52w_high: d('pct_below_52w_high', '% below 52-week high', 'Off high', 'technicals', 'pct', 'low', '1 − close / highest high of 252 days.'),
  above_sma50: d('above_sma50', 'Above SMA 50', '>SMA50', 'technicals', 'bool', undefined, 'Close above its 50-day simple moving average.'),
  above_sma200: d('above_sma200', 'Above SMA 200', '>SMA200', 'technicals', 'bool', undefined, 'Close above its 200-day simple moving average.'),
  rsi14: d('rsi14', 'RSI (14)', 'RSI', 'technicals', 'number', undefined, 'Wilder RSI, 14 days.'),
  rs_vs_iwm_3m: d('rs_vs_iwm_3m', 'Relative strength vs benchmark, 3M', 'RS 3M', 'technicals', 'pct', 'high', '3-month change of close / benchmark close.'),
  volume_ratio: d('volume_ratio', 'Volume ratio', 'Vol ×', 'technicals', 'ratio', undefined, "Today's volume / 50-day average volume."),
  box_breakout: d('box_breakout', 'Box breakout', 'Breakout', 'technicals', 'bool', undefined, 'Close above a tight N-day box on heavy volume.'),
  as_of: d('as_of', 'Fundamentals as of', 'As of', 'meta', 'date', undefined, 'Period end of the latest fundamentals used.'),
  filed: d('filed', 'Filed', 'Filed', 'meta', 'date', undefined, 'Filing date of the latest fundamentals used.'),
};

/** Where a state string sits on a metric's numeric axis. */
export type StatePlace = 'good' | 'bad' | 'apart';

/** Good states beat any number, NM loses to any number, n/a sits apart from the axis. */
export function statePlace(state: string): StatePlace {
  switch (state) {
    case STATES.NET_CASH:
    case STATES.NO_INTEREST:
    case STATES.NOT_BURNING:
      return 'good';
    case STATES.NM:
      return 'bad';
    default:
      return 'apart';
  }
}

/**
 * Numeric sort key of a value, or `null` when the value is not on the axis (missing,
 * n/a, or text). Good states map to the better infinity, NM to the worse.
 *
 * @example sortKey('net_debt_to_ebitda', 'net_cash') === -Infinity // lower leverage is better
 */
export function sortKey(id: MetricId, v: MetricValue): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const place = statePlace(v);
  if (place === 'apart') return null;
  const better = METRICS[id].better ?? 'high';
  const goodEnd = better === 'low' ? -Infinity : Infinity;
  return place === 'good' ? goodEnd : -goodEnd;
}

/**
 * Total order for a column, stable under either direction: values on the axis first,
 * ordered by `sortKey`; then values apart from the axis (n/a, text) alphabetically; then
 * missing, always last. Written for comparators whose caller reverses the result for a
 * descending sort (ag-grid does): pass `descending` and the tiers and text order are
 * pre-flipped so that n/a and missing stay at the bottom either way.
 *
 * @example rows.sort((a, b) => (desc ? -1 : 1) * compareMetricValues(id, a.v, b.v, desc))
 */
export function compareMetricValues(id: MetricId, a: MetricValue, b: MetricValue, descending = false): number {
  const ka = sortKey(id, a);
  const kb = sortKey(id, b);
  const tier = (v: MetricValue, k: number | null) => (k !== null ? 0 : v === null ? 2 : 1);
  const ta = tier(a, ka);
  const tb = tier(b, kb);
  if (ta !== tb) return descending ? tb - ta : ta - tb;
  if (ta === 0) {
    const x = ka as number;
    const y = kb as number;
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (ta === 1) {
    const sa = String(a);
    const sb = String(b);
    const c = sa < sb ? -1 : sa > sb ? 1 : 0;
    return descending ? -c : c;
  }
  return 0;
}
