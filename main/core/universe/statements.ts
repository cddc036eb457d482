/**
 * Shared shapes of the demo company model: the quarter record, the tag profile, the plan,
 * and the final assembly step that rounds a company's series into quarters.
 *
 * Policy: invented and deterministic (see model.ts). Rounding to the company's reporting
 * unit happens once, in `assemble`, so every sum later made from these integers — by the
 * facts writer and by the truth — is exact.
 */
import type { FiscalQuarter } from './calendar.ts';
import type { DemoCompany } from './companies.ts';
import { Rng } from './rng.ts';

export type DebtStyle = 'total' | 'total_with_parts' | 'split' | 'convertible' | 'zero' | 'none';
export type RevenueTag = 'RevenueFromContractWithCustomerExcludingAssessedTax' | 'Revenues';
export type DaTag = 'DepreciationDepletionAndAmortization' | 'DepreciationAndAmortization';

/** Which XBRL tags the company uses — the traps the importer and metrics engine must handle. */
export interface TagProfile {
  revenueTag: RevenueTag | null;
  hasGrossProfit: boolean;
  hasOperatingIncome: boolean;
  daTag: DaTag;
  hasInterest: boolean;
  /** From this fiscal year on the company tags InterestExpenseNonoperating instead. */
  interestSwitchFy: number | null;
  debtStyle: DebtStyle;
  hasShortTermBorrowings: boolean;
  hasShortTermInvestments: boolean;
  hasIssuance: boolean;
  hasLadder: boolean;
  /** Presents current assets/liabilities (financials and REITs do not). */
  isClassified: boolean;
  hasPublicFloat: boolean;
}

export interface Quarter extends FiscalQuarter {
  revenue: number;
  grossProfit: number;
  ebit: number;
  da: number;
  interest: number;
  netIncome: number;
  cfo: number;
  capex: number;
  issuance: number;
  cash: number;
  sti: number;
  /** Long-term debt including its current portion (for `convertible`, the notes). */
  ltd: number;
  ltdCurrent: number;
  stb: number;
  assets: number;
  assetsCurrent: number;
  liabilities: number;
  liabilitiesCurrent: number;
  equity: number;
  retainedEarnings: number;
  sharesEnd: number;
  dilutedShares: number;
}

export interface Plan {
  marketCap: number;
  /** Last close, 2 decimals. */
  price: number;
  /** Shares on the cover of the latest filing (= dei value the truth uses). */
  sharesNow: number;
  dividendYield: number;
  /** Values are reported to the dollar or to the thousand. */
  unit: 1 | 1000;
  filer: 'large' | 'accelerated' | 'non_accelerated';
}

export interface Economics {
  quarters: Quarter[];
  profile: TagProfile;
  /** Maturity ladder at a fiscal year end: [next 12m, y2, y3, y4, y5, after 5]. */
  ladder(q: Quarter): number[];
}

export function roundTo(x: number, unit: number): number {
  return Math.round(x / unit) * unit;
}

/** Issue prices are taken mid-quarter. */
export const MID_QUARTER_DAYS = 45;

/** The date half-way through the quarter that ends on `end`. */
export function midQuarter(end: string): string {
  return new Date(Date.parse(end) - MID_QUARTER_DAYS * 86_400_000).toISOString().slice(0, 10);
}

export interface ModelInputs {
  company: DemoCompany;
  plan: Plan;
  /** Fiscal quarters FY2019 Q1 … the latest filed quarter (inclusive). */
  quarters: readonly FiscalQuarter[];
  /** Close on or before a date (ISO); before the price window, the first close. */
  priceOn(iso: string): number;
}

export interface Series {
  rev: number[];
  gp: number[];
  ebit: number[];
  da: number[];
  interest: number[];
  ni: number[];
  cfo: number[];
  capex: number[];
  iss: number[];
  cash: number[];
  sti: number[];
  ltd: number[];
  ltdCur: number[];
  stb: number[];
  assets: number[];
  ac: number[];
  liab: number[];
  lc: number[];
  E: number[];
  RE: number[];
  S: number[];
}

/**
 * Round to the reporting unit and freeze into quarters. Rounding happens here, once, so
 * every sum the writers and the truth make from these integers is exact.
 */
export function assemble(inp: ModelInputs, s: Series, rng: Rng): Quarter[] {
  const u = inp.plan.unit;
  const r = (x: number): number => roundTo(x, u) + 0; // + 0 turns -0 into 0
  const dil = rng.uniform(0.005, 0.03);
  return inp.quarters.map((q, k) => {
    const assets = r(s.assets[k]!);
    const liabilities = r(s.liab[k]!);
    const sPrev = k > 0 ? s.S[k - 1]! : s.S[k]!;
    const ni = r(s.ni[k]!);
    return {
      ...q,
      revenue: r(s.rev[k]!),
      grossProfit: r(s.gp[k]!),
      ebit: r(s.ebit[k]!),
      da: r(Math.max(0, s.da[k]!)),
      interest: r(Math.max(0, s.interest[k]!)),
      netIncome: ni,
      cfo: r(s.cfo[k]!),
      capex: r(Math.max(0, s.capex[k]!)),
      issuance: r(Math.max(0, s.iss[k]!)),
      cash: r(Math.max(0, s.cash[k]!)),
      sti: r(Math.max(0, s.sti[k]!)),
      ltd: r(Math.max(0, s.ltd[k]!)),
      ltdCurrent: r(Math.max(0, Math.min(s.ltdCur[k]!, s.ltd[k]!))),
      stb: r(Math.max(0, s.stb[k]!)),
      assets,
      assetsCurrent: r(Math.min(s.ac[k]!, s.assets[k]!)),
      liabilities,
      liabilitiesCurrent: r(Math.min(s.lc[k]!, s.liab[k]!)),
      equity: assets - liabilities,
      retainedEarnings: r(s.RE[k]!),
      sharesEnd: Math.round(s.S[k]!),
      // Diluted shares: the quarter's average, plus options and RSUs when they dilute.
      dilutedShares: Math.round(((sPrev + s.S[k]!) / 2) * (ni > 0 ? 1 + dil : 1)),
    };
  });
}

/**
 * Maturity ladder weights: bank debt amortises, bonds and converts come due in lumps.
 * Returns a function so every 10-K gets its own ladder that sums to that year's debt.
 */
export function makeLadder(rng: Rng, isConvertible: boolean): (q: Quarter) => number[] {
  const seed = rng.int(1, 1e9);
  return (q: Quarter): number[] => {
    const r = new Rng('ladder', seed, q.end);
    const total = q.ltd;
    const first = Math.min(q.ltdCurrent, total);
    const rest = total - first;
    const w = [0, 0, 0, 0, 0];
    if (isConvertible) w[r.int(0, 3)] = 1;
    else {
      for (let i = 0; i < 5; i++) w[i] = r.chance(0.45) ? r.uniform(0.5, 3) : r.uniform(0, 0.3);
      w[r.int(0, 4)]! += r.uniform(1, 4); // the big bond or term loan
    }
    const sum = w.reduce((x, y) => x + y, 0);
    const out = [first];
    let left = rest;
    for (let i = 0; i < 4; i++) {
      const v = Math.round(((rest * w[i]!) / sum) / 1000) * 1000;
      const take = Math.min(v, left);
      out.push(take);
      left -= take;
    }
    out.push(left);
    return out;
  };
}
