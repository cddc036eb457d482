/**
 * The ratio rules of METRICS.md as small pure functions. Each returns a number, a state
 * string, or null — never a made-up number: missing stays missing (null), and a
 * non-positive denominator is NM.
 */
import { STATES, type MetricValue } from '../../../contract/metrics.ts';

type N = number | null;

/** a / b, NM when b ≤ 0, null when either is missing. */
export function ratioOrNM(a: N, b: N): MetricValue {
  if (a === null || b === null) return null;
  if (b <= 0) return STATES.NM;
  return a / b;
}

/** a / b with a plain missing when b is 0 (shares, revenue): no state to report. */
export function safeDiv(a: N, b: N): number | null {
  if (a === null || b === null || b === 0) return null;
  return a / b;
}

/**
 * Net debt / EBITDA. Net cash is its own (best) state; with net debt, EBITDA ≤ 0 is NM.
 * Banks and insurers: not applicable.
 *
 * @example netDebtToEbitda(300, 100, false) === 3
 * @example netDebtToEbitda(-50, -10, false) === 'net_cash'
 */
export function netDebtToEbitda(netDebt: N, ebitda: N, isFinancial: boolean): MetricValue {
  if (isFinancial) return STATES.NA_FINANCIAL;
  if (netDebt === null) return null;
  if (netDebt < 0) return STATES.NET_CASH;
  if (ebitda === null) return null;
  if (ebitda <= 0) return STATES.NM;
  return netDebt / ebitda;
}

/**
 * EBIT (or EBITDA) / interest expense. Interest ≤ 0, or missing for a company without
 * debt → `no_interest` (METRICS.md: "not infinity"). Missing interest for a company that
 * carries debt stays missing: "no interest" would flatter a borrower that merely did not
 * tag it. A negative EBIT gives a negative coverage, which is real.
 */
export function coverage(earnings: N, interest: N, isFinancial: boolean, totalDebt: N = null): MetricValue {
  if (isFinancial) return STATES.NA_FINANCIAL;
  if (interest === null) return totalDebt !== null && totalDebt > 0 ? null : STATES.NO_INTEREST;
  if (interest <= 0) return STATES.NO_INTEREST;
  if (earnings === null) return null;
  return earnings / interest;
}

/** Mean quarterly burn: the mean of max(0, −FCF) over the given quarters. */
export function quarterlyBurn(quarterFcf: readonly number[] | null): number | null {
  if (!quarterFcf || quarterFcf.length === 0) return null;
  return quarterFcf.reduce((acc, f) => acc + Math.max(0, -f), 0) / quarterFcf.length;
}

/** 3 × cash / quarterly burn; a company that does not burn has `not_burning`. */
export function runwayMonths(cash: N, burn: N, isFinancial: boolean): MetricValue {
  if (isFinancial) return STATES.NA_FINANCIAL;
  if (burn === null) return null;
  if (burn <= 0) return STATES.NOT_BURNING;
  if (cash === null) return null;
  return (3 * cash) / burn;
}
