/**
 * The generator's own answer for one fictional company: the metrics Fortress should
 * compute from the demo files, as of DEMO_AS_OF.
 *
 * Policy: computed from the internal quarterly model, never by re-reading the facts the
 * writer produced — so a round-trip test (files → importer → metrics engine) compares two
 * independent calculations. Definitions follow ../shared/docs/METRICS.md:
 * - only filings filed ≤ DEMO_AS_OF exist; the latest period is the newest filed one;
 * - TTM = the four fiscal quarters ending at that period (the model's quarters are exactly
 *   the values the filings imply: Q = YTD(n) − YTD(n−1), Q4 = FY − 9M);
 * - where a later 10-K restated a value, the restated (newest filed) value counts;
 * - the tag used (Revenues vs RevenueFrom…, InterestExpense vs …Nonoperating, total vs
 *   split debt) does not matter; whether any tag exists does (missing is null, not 0).
 *
 * State precedence (documented because the metrics engine must agree):
 * - net_debt_to_ebitda: Financials → 'n/a_financial'; net debt or EBITDA missing → null;
 *   net debt < 0 → 'net_cash'; EBITDA ≤ 0 → 'NM'; else the ratio.
 * - interest_coverage: Financials → 'n/a_financial'; interest missing or ≤ 0 →
 *   'no_interest'; EBIT missing → null; else EBIT / interest.
 * - runway_months: Financials → 'n/a_financial'; burn missing → null; burn = 0 →
 *   'not_burning'; else 3 × (cash + ST investments) / burn.
 */
import type { MetricId, MetricValue } from '../../../contract/metrics.ts';
import type { DemoCompany } from './companies.ts';
import type { Filing, Restatement } from './filings.ts';
import type { Plan, Quarter, TagProfile } from './model.ts';

export type DemoTruth = Partial<Record<MetricId, MetricValue>>;

export interface TruthInputs {
  company: DemoCompany;
  plan: Plan;
  /** Quarters up to and including the latest filed one. */
  quarters: readonly Quarter[];
  /** Filings filed ≤ DEMO_AS_OF, oldest first. */
  filings: readonly Filing[];
  profile: TagProfile;
  restatement: Restatement | null;
  lastClose: number;
}

export function computeTruth(inp: TruthInputs): DemoTruth {
  const { company: c, quarters: Q, filings, profile: p, restatement } = inp;
  const latest = filings[filings.length - 1]!;
  const L = latest.q;
  const isFinancial = c.sector === 'Financials';

  // The model's quarters with any restatement folded into that year's fourth quarter (the
  // one an importer derives as FY − 9M).
  const value = (k: number, field: 'revenue' | 'cfo'): number => {
    const q = Q[k]!;
    let v = q[field];
    if (restatement && restatement.tag === field && q.fq === 4 && q.fy === restatement.fy && restatement.filed <= latest.filed) {
      v += restatement.restated - restatement.original;
    }
    return v;
  };
  const ttm = (pick: (k: number) => number): number => pick(L - 3) + pick(L - 2) + pick(L - 1) + pick(L);

  const q = Q[L]!;
  const price = inp.lastClose;
  const shares = latest.coverShares;
  const revenue = p.revenueTag ? ttm((k) => value(k, 'revenue')) : null;
  const netIncome = ttm((k) => Q[k]!.netIncome);
  const ebit = p.hasOperatingIncome ? ttm((k) => Q[k]!.ebit) : null;
  const da = ttm((k) => Q[k]!.da);
  const ebitda = ebit === null ? null : ebit + da;
  const interest = p.hasInterest ? ttm((k) => Q[k]!.interest) : null;
  const cfoTtm = ttm((k) => value(k, 'cfo'));
  const capexTtm = ttm((k) => Q[k]!.capex);
  const fcf = cfoTtm - Math.abs(capexTtm);
  let burnSum = 0;
  for (let k = L - 3; k <= L; k++) burnSum += Math.max(0, -(value(k, 'cfo') - Math.abs(Q[k]!.capex)));
  const burn = burnSum / 4;

  const totalDebt = p.debtStyle === 'none' ? null : (p.debtStyle === 'zero' ? 0 : q.ltd) + (p.hasShortTermBorrowings ? q.stb : 0);
  const cashSt = q.cash + (p.hasShortTermInvestments ? q.sti : 0);
  const netDebt = totalDebt === null ? null : totalDebt - cashSt;

  let ndEbitda: MetricValue;
  if (isFinancial) ndEbitda = 'n/a_financial';
  else if (netDebt === null || ebitda === null) ndEbitda = null;
  else if (netDebt < 0) ndEbitda = 'net_cash';
  else if (ebitda <= 0) ndEbitda = 'NM';
  else ndEbitda = netDebt / ebitda;

  let coverage: MetricValue;
  if (isFinancial) coverage = 'n/a_financial';
  else if (interest === null || interest <= 0) coverage = 'no_interest';
  else if (ebit === null) coverage = null;
  else coverage = ebit / interest;

  let runway: MetricValue;
  if (isFinancial) runway = 'n/a_financial';
  else if (burn === 0) runway = 'not_burning';
  else runway = (3 * cashSt) / burn;

  return {
    price,
    shares_outstanding: shares,
    market_cap: price * shares,
    total_debt: totalDebt,
    cash_and_st_investments: cashSt,
    net_debt: netDebt,
    ebit_ttm: ebit,
    ebitda_ttm: ebitda,
    interest_expense_ttm: interest,
    net_debt_to_ebitda: ndEbitda,
    interest_coverage: coverage,
    fcf_ttm: fcf,
    quarterly_burn: burn,
    runway_months: runway,
    revenue_ttm: revenue,
    net_income_ttm: netIncome,
    is_profitable: netIncome > 0,
    as_of: q.end,
    filed: latest.filed,
  };
}
