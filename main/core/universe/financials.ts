/**
 * Statements of the fictional financial companies (banks, insurers, capital markets) and
 * REITs, whose balance sheets drive their income: a bank earns a yield on assets and pays
 * a deposit cost that follows the policy rate with a lag; an insurer earns premiums with
 * catastrophe quarters; a REIT earns an EBITDA yield on gross real estate financed with
 * mostly fixed-rate debt.
 *
 * Policy: invented and deterministic, like model.ts; the same profitability quota is
 * enforced with a non-cash item so the truth holds by construction.
 */
import { policyRate } from './macro.ts';
import { Rng } from './rng.ts';
import { assemble, makeLadder, midQuarter, type Economics, type ModelInputs, type Series, type TagProfile } from './statements.ts';


export function buildFinancial(inp: ModelInputs, rng: Rng, kind: 'bank' | 'insurer' | 'capm' | 'reit'): Economics {
  const { company: c, plan, quarters: cal } = inp;
  const K = cal.length;
  const L = K - 1;
  const M = plan.marketCap;
  const profitable = c.isProfitable;
  const z = (): number[] => new Array<number>(K).fill(0);
  const s: Series = {
    rev: z(), gp: z(), ebit: z(), da: z(), interest: z(), ni: z(), cfo: z(), capex: z(), iss: z(), cash: z(), sti: z(),
    ltd: z(), ltdCur: z(), stb: z(), assets: z(), ac: z(), liab: z(), lc: z(), E: z(), RE: z(), S: z(),
  };
  const rate = cal.map((q) => policyRate(q.end));
  const lagRate = (k: number): number => (rate[Math.max(0, k - 1)]! + rate[Math.max(0, k - 2)]! + rate[k]!) / 3;
  const ttm = (arr: number[]): number => arr[L]! + arr[L - 1]! + arr[L - 2]! + arr[L - 3]!;
  const year = (k: number): number => +cal[k]!.end.slice(0, 4);
  const growth = kind === 'bank' ? rng.uniform(0.02, 0.09) : rng.uniform(0.02, 0.1);
  const pathUp = (k: number): number => Math.exp((-growth * (L - k)) / 4);

  let E_L: number;
  let A_L: number;
  let hasSti = false;
  let hasStb = false;
  let ladder = rng.chance(0.6);
  const special = z();
  const pb = kind === 'bank' ? rng.logNormal(1.1, 0.25) : kind === 'insurer' ? rng.uniform(0.8, 2.0) : kind === 'capm' ? rng.uniform(1, 3) : 1;

  if (kind === 'bank') {
    E_L = M / pb;
    A_L = E_L / rng.uniform(0.08, 0.12);
    const eff = rng.uniform(0.52, 0.74);
    const nonInt = rng.uniform(0.003, 0.009);
    const ltdShare = rng.uniform(0.005, 0.04);
    hasStb = rng.chance(0.7);
    const stbShare = rng.uniform(0.005, 0.05);
    const cashShare = rng.uniform(0.03, 0.08);
    const spreadY = rng.uniform(-0.003, 0.004);
    const beta = rng.uniform(0.4, 0.62);
    for (let k = 0; k < K; k++) {
      const A = A_L * pathUp(k) * (1 + 0.01 * rng.normal());
      s.assets[k] = A;
      s.cash[k] = A * cashShare * rng.uniform(0.8, 1.2);
      s.ltd[k] = A * ltdShare * rng.uniform(0.9, 1.1);
      s.stb[k] = hasStb ? A * stbShare * (rng.chance(0.25) ? 0 : rng.uniform(0.3, 1.7)) : 0;
      const deposits = A * 0.86 - s.stb[k]! - s.ltd[k]!;
      const intIncome = (A * (0.034 + spreadY + 0.35 * rate[k]!)) / 4;
      const intExp = (deposits * (0.0015 + beta * lagRate(k)) + (s.stb[k]! + s.ltd[k]!) * (rate[k]! + 0.006)) / 4;
      s.rev[k] = intIncome + (A * nonInt) / 4;
      s.interest[k] = intExp;
      const netRev = s.rev[k]! - intExp;
      // Credit costs spike in 2020 and in the 2023 stress.
      const prov = (A * rng.uniform(0.0004, 0.0025) * (year(k) === 2020 ? 3 : year(k) === 2023 ? 1.6 : 1)) / 4;
      const pre = netRev * (1 - eff) - prov;
      s.ni[k] = pre > 0 ? pre * 0.79 : pre * 0.85;
      s.da[k] = (A * 0.0009) / 4;
      s.capex[k] = s.da[k]! * rng.uniform(0.6, 1.5);
      s.cfo[k] = s.ni[k]! + s.da[k]! + prov * 0.8 + 0.15 * Math.abs(s.ni[k]!) * rng.normal();
    }
  } else if (kind === 'insurer') {
    E_L = M / pb;
    A_L = E_L / rng.uniform(0.18, 0.35);
    const premiumYield = rng.uniform(0.22, 0.45);
    const margin = profitable ? rng.uniform(0.05, 0.15) : -rng.uniform(0.02, 0.08);
    const debtShare = rng.uniform(0.1, 0.35);
    hasSti = rng.chance(0.4);
    ladder = rng.chance(0.5);
    for (let k = 0; k < K; k++) {
      const A = A_L * pathUp(k) * (1 + 0.01 * rng.normal());
      s.assets[k] = A;
      s.rev[k] = (A * premiumYield) / 4 * rng.uniform(0.95, 1.05);
      // Catastrophe quarters: insurers' results are lumpy.
      const cat = rng.chance(0.1) ? -rng.uniform(0.05, 0.2) : 0;
      s.ebit[k] = s.rev[k]! * (margin + 0.03 * rng.normal() + cat);
      s.ltd[k] = E_L * debtShare * rng.uniform(0.95, 1.05);
      s.interest[k] = (s.ltd[k]! * rng.uniform(0.045, 0.065)) / 4;
      const pre = s.ebit[k]! - s.interest[k]!;
      s.ni[k] = pre > 0 ? pre * 0.79 : pre;
      s.da[k] = s.rev[k]! * 0.01;
      s.capex[k] = s.rev[k]! * 0.008 * rng.uniform(0.5, 1.5);
      s.cfo[k] = s.ni[k]! * rng.uniform(0.9, 1.5) + s.rev[k]! * 0.03 * rng.normal();
      s.cash[k] = A * rng.uniform(0.02, 0.06);
    }
  } else if (kind === 'capm') {
    E_L = M / pb;
    const revTtm = M / rng.uniform(1.5, 5);
    const margin = profitable ? rng.uniform(0.12, 0.35) : -rng.uniform(0.03, 0.35);
    const hasDebt = rng.chance(0.6);
    const debtToE = hasDebt ? rng.uniform(0.2, 1.5) : 0;
    hasStb = hasDebt && rng.chance(0.3);
    hasSti = rng.chance(0.3);
    A_L = E_L * rng.uniform(1.5, 5) + E_L * debtToE;
    const lev = A_L / E_L;
    for (let k = 0; k < K; k++) {
      const g = pathUp(k) * (1 + 0.06 * rng.normal());
      s.rev[k] = (revTtm / 4) * g;
      s.ebit[k] = s.rev[k]! * (margin + 0.04 * rng.normal());
      const d = E_L * debtToE * pathUp(k);
      s.stb[k] = hasStb ? d * rng.uniform(0, 0.3) : 0;
      s.ltd[k] = d - s.stb[k]!;
      s.interest[k] = (d * (0.6 * 0.055 + 0.4 * (rate[k]! + 0.025))) / 4;
      const pre = s.ebit[k]! - s.interest[k]!;
      s.ni[k] = pre > 0 ? pre * 0.77 : pre;
      s.da[k] = s.rev[k]! * 0.03;
      s.capex[k] = s.rev[k]! * 0.02 * rng.uniform(0.5, 1.5);
      s.cfo[k] = s.ni[k]! + s.da[k]! + s.rev[k]! * 0.05 * rng.normal();
      s.assets[k] = E_L * lev * pathUp(k);
      s.cash[k] = s.assets[k]! * rng.uniform(0.05, 0.2);
    }
  } else {
    // REIT: gross real estate GA, EBITDA yield on it, mostly fixed-rate debt.
    const GA = M * rng.uniform(1.3, 2.6);
    const y = rng.uniform(0.06, 0.08);
    const debtShare = rng.uniform(0.25, 0.5);
    const daY = rng.uniform(0.026, 0.04);
    const noiMargin = rng.uniform(0.5, 0.68);
    const coupon = rng.uniform(0.035, 0.05);
    const fixed = rng.uniform(0.65, 0.95);
    const spread = rng.uniform(0.012, 0.02);
    hasStb = rng.chance(0.15);
    ladder = rng.chance(0.8);
    E_L = 0;
    A_L = 0;
    const accDep = rng.uniform(0.12, 0.3);
    for (let k = 0; k < K; k++) {
      const ga = GA * pathUp(k) * (1 + 0.005 * rng.normal());
      const ebitda = (ga * y) / 4 * rng.uniform(0.96, 1.04) * (year(k) === 2020 ? 0.9 : 1);
      s.rev[k] = ebitda / noiMargin;
      s.da[k] = (ga * daY) / 4;
      s.ebit[k] = ebitda - s.da[k]!;
      const d = ga * debtShare * (1 + 0.02 * rng.normal());
      s.stb[k] = hasStb ? d * rng.uniform(0, 0.08) : 0;
      s.ltd[k] = d - s.stb[k]!;
      s.interest[k] = (d * (fixed * (coupon + 0.002 * (year(k) - 2019)) + (1 - fixed) * (rate[k]! + spread))) / 4;
      s.ni[k] = s.ebit[k]! - s.interest[k]! + 0.003 * ebitda * rng.normal();
      s.cfo[k] = ebitda - s.interest[k]! + 0.04 * ebitda * rng.normal();
      s.capex[k] = (ga * rng.uniform(0.003, 0.012)) / 4;
      s.cash[k] = ga * rng.uniform(0.005, 0.03);
      s.assets[k] = ga * (1 - accDep * (0.8 + 0.2 * (k / Math.max(1, L)))) + s.cash[k]! + ga * 0.03;
    }
  }

  // Profitability quota via a non-cash item (reserve release, impairment, securities loss).
  const niTtm = ttm(s.ni);
  const revTtm = ttm(s.rev);
  const floor = Math.max(0.01 * revTtm, 0.3e6);
  if (profitable && niTtm <= floor) {
    const delta = floor * rng.uniform(1.5, 4) - niTtm;
    for (let k = L - 3; k <= L; k++) special[k] = delta / 4;
  } else if (!profitable && niTtm >= -floor) {
    const delta = niTtm + floor * rng.uniform(1.5, 4);
    for (let k = L - 3; k <= L; k++) special[k] = -delta / 4;
  }
  for (let k = 0; k < K; k++) s.ni[k] = s.ni[k]! + special[k]!;

  // Shares, issuance (REIT ATMs, the odd bank raise), dividends.
  const pxMid = cal.map((q) => inp.priceOn(midQuarter(q.end)));
  const atm = kind === 'reit' ? rng.chance(0.5) : rng.chance(0.06);
  s.S[L] = Math.round(plan.sharesNow / (1 + rng.uniform(0, 0.004)));
  const sbcDil = rng.uniform(0.0008, 0.003);
  const buyback = kind !== 'reit' && rng.chance(0.35) ? rng.uniform(0.005, 0.03) : 0;
  for (let k = L; k >= 1; k--) {
    if (atm && rng.chance(kind === 'reit' ? 0.5 : 0.1)) s.iss[k] = M * rng.uniform(0.004, kind === 'reit' ? 0.02 : 0.06);
    const newSh = s.iss[k]! / (pxMid[k]! * 0.97);
    s.S[k - 1] = Math.max(Math.round(s.S[k]! - newSh - s.S[k]! * sbcDil + (s.S[k]! * buyback) / 4), Math.round(0.5 * s.S[k]!));
  }
  const divQ = (k: number): number => (plan.dividendYield / 4) * pxMid[k]! * s.S[k]!;

  if (kind === 'reit') {
    for (let k = 0; k < K; k++) {
      const other = s.assets[k]! * 0.04;
      s.liab[k] = s.ltd[k]! + s.stb[k]! + other;
      s.E[k] = s.assets[k]! - s.liab[k]!;
    }
    s.RE[0] = -s.E[0]! * rng.uniform(0.05, 0.5);
  } else {
    // Equity from flows backwards; bond marks (AOCI) cut book value in 2022 and half come back.
    s.E[L] = E_L;
    for (let k = L; k >= 1; k--) {
      const aoci = year(k) === 2022 ? -0.02 * E_L : year(k) === 2023 || year(k) === 2024 ? 0.005 * E_L : 0;
      s.E[k - 1] = s.E[k]! - s.ni[k]! - s.iss[k]! + divQ(k) + ((s.S[k]! * buyback) / 4) * pxMid[k]! - aoci;
    }
    for (let k = 0; k < K; k++) {
      if (kind !== 'bank') s.assets[k] = Math.max(s.assets[k]!, s.E[k]! * 1.3);
      s.liab[k] = s.assets[k]! - s.E[k]!;
    }
    s.RE[0] = s.E[0]! * rng.uniform(0.35, 0.9);
  }
  for (let k = 1; k < K; k++) s.RE[k] = s.RE[k - 1]! + s.ni[k]! - divQ(k);
  for (let k = 0; k < K; k++) {
    if (hasSti) {
      s.sti[k] = s.cash[k]! * rng.uniform(0.3, 0.9);
    }
    s.ltdCur[k] = s.ltd[k]! * rng.uniform(0.02, 0.12);
  }

  const hasDebt = s.ltd.some((v) => v > 0) || s.stb.some((v) => v > 0);
  const profile: TagProfile = {
    revenueTag: kind === 'capm' ? (rng.chance(0.5) ? 'Revenues' : 'RevenueFromContractWithCustomerExcludingAssessedTax') : rng.chance(0.85) ? 'Revenues' : 'RevenueFromContractWithCustomerExcludingAssessedTax',
    hasGrossProfit: false,
    hasOperatingIncome: kind !== 'bank',
    daTag: rng.chance(0.65) ? 'DepreciationDepletionAndAmortization' : 'DepreciationAndAmortization',
    // A bank's interest expense is its cost of deposits: always reported.
    hasInterest: kind === 'bank' || hasDebt,
    interestSwitchFy: kind !== 'bank' && hasDebt && rng.chance(0.15) ? rng.int(2022, 2026) : null,
    debtStyle: !hasDebt ? (rng.chance(0.7) ? 'zero' : 'none') : kind === 'reit' || kind === 'bank' ? 'total' : rng.chance(0.7) ? 'total' : 'split',
    hasShortTermBorrowings: hasStb,
    hasShortTermInvestments: hasSti,
    hasIssuance: s.iss.some((v) => v > 0),
    hasLadder: hasDebt && ladder,
    isClassified: false,
    hasPublicFloat: rng.chance(0.85),
  };
  return { quarters: assemble(inp, s, rng), profile, ladder: makeLadder(rng, false) };
}
