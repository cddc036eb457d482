/**
 * The quarterly financial model of one fictional company: income statement, cash flow,
 * balance sheet and share count for every fiscal quarter from FY2019 Q1 to the latest
 * filed quarter.
 *
 * Policy: invented and deterministic. Each archetype sets targets for the trailing twelve
 * months at the latest filed quarter (size, margins, leverage, runway) and the history is
 * drawn around them with fat-tailed noise, business cycles (energy's 2022 boom, the 2020
 * dip) and the rate cycle (interest and deposit costs follow the policy rate). Properties
 * the archetype promises — a fortress has positive FCF, a zombie's EBIT stays below its
 * interest bill, the profitability quota — are enforced on the model itself, so the truth
 * computed from it holds by construction. All money is in whole USD, rounded to the
 * company's reporting unit (thousands for most).
 */
import type { Archetype, DemoCompany } from './companies.ts';
import { buildFinancial } from './financials.ts';
import { policyRate } from './macro.ts';
import { Rng, clamp } from './rng.ts';
import { assemble, makeLadder, midQuarter, type DebtStyle, type Economics, type ModelInputs, type Plan, type TagProfile } from './statements.ts';

export type { DaTag, DebtStyle, Economics, ModelInputs, Plan, Quarter, RevenueTag, TagProfile } from './statements.ts';

const MEDIAN_CAP: Readonly<Record<Archetype, number>> = {
  bank: 0.75e9,
  insurer: 1.2e9,
  capital_markets: 0.9e9,
  reit: 1.1e9,
  biotech: 0.5e9,
  growth_burner: 0.9e9,
  fortress: 1.7e9,
  steady: 1.3e9,
  leveraged: 1.0e9,
  struggler: 0.45e9,
  zombie: 0.28e9,
  walking_dead: 0.13e9,
};

const MEDIAN_PRICE: Readonly<Record<Archetype, number>> = {
  bank: 30,
  insurer: 42,
  capital_markets: 26,
  reit: 17,
  biotech: 9,
  growth_burner: 17,
  fortress: 48,
  steady: 36,
  leveraged: 24,
  struggler: 8,
  zombie: 6,
  walking_dead: 1.9,
};

/** Draw size, price and share count: log-normal, fat enough to span $30M–$15B. */
export function drawPlan(c: DemoCompany, rng: Rng): Plan {
  const a = c.archetype;
  const sectorBoost = c.sector === 'Utilities' ? 1.8 : c.sector === 'Energy' ? 1.2 : 1;
  // Soft bounds: the index floor ($30M) and the largest members (~$15B) without a pile-up
  // of companies at exactly the bound.
  let marketCap = rng.logNormal(MEDIAN_CAP[a] * sectorBoost * 1.1, 0.9);
  if (marketCap < 30e6) marketCap = 30e6 + rng.uniform(0, 25e6);
  if (marketCap > 7e9) marketCap = 7e9 + 8e9 * (1 - Math.exp(-(marketCap - 7e9) / 8e9));
  const lowAllowed = a === 'walking_dead' || a === 'biotech' || a === 'zombie' || a === 'struggler';
  let price = rng.logNormal(MEDIAN_PRICE[a], a === 'biotech' || a === 'growth_burner' ? 0.9 : 0.7) * Math.pow(marketCap / 1e9, 0.25);
  const lo = lowAllowed ? 0.3 : 1.2;
  if (price < lo) price = lo + rng.uniform(0, lo);
  if (price > 300) price = 300 + 100 * (1 - Math.exp(-(price - 300) / 100));
  // Two decimals even below $1: the holdings file shows 2 decimals and must equal the close.
  price = Math.max(0.01, Math.round(price * 100) / 100);
  const sharesNow = Math.round(marketCap / price);
  const payer =
    a === 'bank' ? 0.85 : a === 'reit' ? 0.95 : c.sector === 'Utilities' ? 0.95 : a === 'insurer' ? 0.6 : a === 'steady' ? 0.45 : a === 'fortress' ? 0.35 : a === 'leveraged' ? 0.2 : 0;
  const dividendYield = rng.chance(payer) ? (a === 'reit' ? rng.uniform(0.04, 0.09) : c.sector === 'Utilities' ? rng.uniform(0.03, 0.05) : rng.uniform(0.01, 0.045)) : 0;
  const realCap = price * sharesNow;
  return {
    marketCap: realCap,
    price,
    sharesNow,
    dividendYield,
    unit: realCap < 300e6 && rng.chance(0.2) ? 1 : 1000,
    filer: realCap >= 700e6 ? 'large' : realCap >= 75e6 ? 'accelerated' : 'non_accelerated',
  };
}

interface SectorOps {
  ebitdaM: number;
  gm: number | null;
  da: number;
  capex: number;
  mult: number;
  nwc: number;
  sbc: number;
  season: number;
}

const SECTOR_OPS: Readonly<Record<string, SectorOps>> = {
  'Information Technology': { ebitdaM: 0.18, gm: 0.55, da: 0.04, capex: 0.035, mult: 14, nwc: 0.12, sbc: 0.06, season: 0.03 },
  'Health Care': { ebitdaM: 0.16, gm: 0.55, da: 0.045, capex: 0.04, mult: 13, nwc: 0.15, sbc: 0.05, season: 0.02 },
  Industrials: { ebitdaM: 0.14, gm: 0.3, da: 0.035, capex: 0.035, mult: 11, nwc: 0.18, sbc: 0.015, season: 0.04 },
  'Consumer Discretionary': { ebitdaM: 0.11, gm: 0.38, da: 0.04, capex: 0.045, mult: 9, nwc: 0.1, sbc: 0.015, season: 0.2 },
  'Consumer Staples': { ebitdaM: 0.1, gm: 0.3, da: 0.03, capex: 0.035, mult: 10, nwc: 0.1, sbc: 0.01, season: 0.08 },
  Energy: { ebitdaM: 0.32, gm: 0.45, da: 0.16, capex: 0.2, mult: 5, nwc: 0.05, sbc: 0.01, season: 0.03 },
  Materials: { ebitdaM: 0.16, gm: 0.25, da: 0.06, capex: 0.06, mult: 8, nwc: 0.15, sbc: 0.01, season: 0.04 },
  Communication: { ebitdaM: 0.22, gm: 0.5, da: 0.1, capex: 0.09, mult: 8, nwc: 0.05, sbc: 0.03, season: 0.05 },
  Utilities: { ebitdaM: 0.36, gm: null, da: 0.14, capex: 0.32, mult: 10, nwc: 0.03, sbc: 0.005, season: 0.1 },
  'Real Estate': { ebitdaM: 0.25, gm: 0.35, da: 0.08, capex: 0.05, mult: 12, nwc: 0.05, sbc: 0.01, season: 0.02 },
  'Health Care/biotech': { ebitdaM: 0, gm: null, da: 0.01, capex: 0.01, mult: 0, nwc: 0, sbc: 0.12, season: 0 },
  Financials: { ebitdaM: 0.25, gm: null, da: 0.03, capex: 0.02, mult: 10, nwc: 0.02, sbc: 0.03, season: 0.02 },
};

/** Revenue multiplier by calendar year for cyclical sectors (energy's 2022, the 2020 dip). */
const CYCLE: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  Energy: { 2019: 1.0, 2020: 0.62, 2021: 0.92, 2022: 1.38, 2023: 1.05, 2024: 0.98, 2025: 0.93, 2026: 0.95 },
  Materials: { 2019: 1.0, 2020: 0.88, 2021: 1.1, 2022: 1.18, 2023: 1.0, 2024: 0.95, 2025: 0.97, 2026: 1.0 },
  'Consumer Discretionary': { 2019: 1.0, 2020: 0.82, 2021: 1.08, 2022: 1.04, 2023: 1.0, 2024: 0.99, 2025: 0.98, 2026: 1.0 },
  Industrials: { 2019: 1.0, 2020: 0.9, 2021: 0.98, 2022: 1.03, 2023: 1.02, 2024: 1.0, 2025: 0.99, 2026: 1.0 },
};

/**
 * Build the quarterly statements. `rng` must be dedicated to this company's fundamentals.
 */
export function buildEconomics(inp: ModelInputs, rng: Rng): Economics {
  const { company: c, plan, quarters: cal } = inp;
  const a = c.archetype;
  const K = cal.length;
  const L = K - 1;
  const M = plan.marketCap;
  const ops = (a === 'biotech' ? SECTOR_OPS['Health Care/biotech'] : SECTOR_OPS[c.sector]) as SectorOps;
  const isUtility = c.sector === 'Utilities';
  const kind: 'operating' | 'bank' | 'insurer' | 'capm' | 'reit' =
    a === 'bank' ? 'bank' : a === 'insurer' ? 'insurer' : a === 'capital_markets' ? 'capm' : a === 'reit' ? 'reit' : 'operating';

  const z = (): number[] => new Array<number>(K).fill(0);
  const rev = z();
  const gp = z();
  const ebit = z();
  const da = z();
  const interest = z();
  const ni = z();
  const cfo = z();
  const capex = z();
  const iss = z();
  const cash = z();
  const sti = z();
  const debt = z(); // total debt = ltd + stb
  const ltd = z();
  const ltdCur = z();
  const stb = z();
  const sbc = z();
  const special = z(); // non-cash items below EBIT (impairments, gains), enforce the profit quota
  const ttm = (arr: number[]): number => arr[L]! + arr[L - 1]! + arr[L - 2]! + arr[L - 3]!;
  const year = (k: number): number => +cal[k]!.end.slice(0, 4);
  const month = (k: number): number => +cal[k]!.end.slice(5, 7);
  const mid = (k: number): string => midQuarter(cal[k]!.end);
  const rate = cal.map((q) => policyRate(q.end));

  // ---- revenue -----------------------------------------------------------------
  let revTtm = 0;
  let growth = 0;
  let revNoise = 0.04;
  let lumpy = false;
  // Operating plan parameters (meaning depends on archetype; see below).
  let ebitdaML = ops.ebitdaM;
  let ebitdaM0 = ebitdaML;
  let gm: number | null = ops.gm;
  let daRatio = ops.da * rng.uniform(0.7, 1.3);
  let capexRatio = ops.capex * rng.uniform(0.7, 1.3);
  let sbcRatio = ops.sbc * rng.uniform(0.6, 1.5);
  let nwcRatio = ops.nwc * rng.uniform(0.5, 1.5);
  let taxRate = rng.uniform(0.2, 0.27);
  let paysTax = true;
  let nd: number | null = null; // target net debt / EBITDA
  let debtFree = false;
  let debtToRevenue: number | null = null;
  let debtGrowth = rng.uniform(-0.05, 0.06);
  let fixedShare = rng.uniform(0.3, 0.9);
  let spread = rng.uniform(0.018, 0.035);
  let coupon = rng.uniform(0.04, 0.075);
  let curShare = rng.uniform(0.01, 0.1);
  let cashMode: 'target' | 'burn' = 'target';
  let cashRatio = rng.uniform(0.04, 0.14); // of TTM revenue
  let runwayMonths = 0;
  let issuePolicy: 'none' | 'raises' | 'atm' | 'occasional' = 'none';
  let buybackRate = 0;
  let pb: number | null = rng.logNormal(1.8, 0.35);
  let opexL = 0; // biotech quarterly operating expense at L
  let opexGrowth = 0;
  let zombieFromFy = 9999;
  let zombieCov = 0;
  const caRatio = rng.uniform(0.15, 0.35);
  const clRatio = rng.uniform(0.08, 0.18);
  const olRatio = rng.uniform(0.02, 0.12);
  let ncaRatio = rng.uniform(0.3, 1.0);
  const profitable = c.isProfitable;

  switch (a) {
    case 'fortress': {
      ebitdaML = ops.ebitdaM * rng.uniform(1.1, 1.7);
      const mult = ops.mult * rng.uniform(0.9, 1.5);
      const netCash = rng.chance(0.55);
      nd = netCash ? -rng.uniform(0.2, 3) : rng.uniform(0.2, 2.4);
      debtFree = netCash && rng.chance(0.45);
      revTtm = M / (mult - nd) / ebitdaML;
      growth = rng.uniform(0.02, 0.15);
      buybackRate = rng.chance(0.6) ? rng.uniform(0.01, 0.04) : 0;
      pb = rng.uniform(1.5, 5);
      spread = rng.uniform(0.012, 0.022);
      coupon = rng.uniform(0.03, 0.055);
      break;
    }
    case 'steady': {
      ebitdaML = ops.ebitdaM * rng.uniform(0.75, 1.2);
      nd = isUtility ? rng.uniform(3, 4.5) : rng.uniform(0.3, 3);
      const mult = Math.max(ops.mult * rng.uniform(0.8, 1.2), nd + 3);
      revTtm = M / (mult - nd) / ebitdaML;
      growth = isUtility ? rng.uniform(0.02, 0.06) : rng.uniform(-0.02, 0.1);
      buybackRate = rng.chance(0.3) ? rng.uniform(0, 0.02) : 0;
      pb = isUtility ? rng.uniform(1.1, 2) : rng.uniform(1, 3);
      issuePolicy = isUtility ? (rng.chance(0.5) ? 'occasional' : 'none') : rng.chance(0.08) ? 'occasional' : 'none';
      if (!profitable) ebitdaML *= 0.6;
      break;
    }
    case 'leveraged': {
      ebitdaML = ops.ebitdaM * rng.uniform(0.8, 1.3);
      // 3–6× with more names near 3× than near 6×, as in leveraged-loan books.
      nd = isUtility ? rng.uniform(4.2, 5.8) : 3 + 3 * Math.pow(rng.next(), 1.4);
      const mult = nd + rng.uniform(1.5, 5);
      revTtm = M / (mult - nd) / ebitdaML;
      growth = rng.uniform(-0.03, 0.08);
      debtGrowth = -rng.uniform(0, 0.08);
      spread = rng.uniform(0.03, 0.055);
      coupon = rng.uniform(0.055, 0.09);
      fixedShare = rng.uniform(0.2, 0.7);
      pb = rng.uniform(0.6, 2.5);
      curShare = rng.uniform(0.02, 0.15);
      issuePolicy = isUtility ? 'occasional' : 'none';
      if (!profitable) {
        ebitdaML *= 0.75;
        daRatio *= 1.3;
      }
      break;
    }
    case 'struggler': {
      ebitdaML = rng.uniform(-0.01, 0.08);
      ebitdaM0 = ebitdaML + rng.uniform(-0.02, 0.05);
      revTtm = M / rng.logNormal(0.55, 0.6);
      growth = rng.uniform(-0.06, 0.06);
      if (rng.chance(0.25)) debtFree = true;
      else debtToRevenue = rng.uniform(0.03, 0.3);
      spread = rng.uniform(0.03, 0.06);
      pb = rng.uniform(0.5, 2);
      issuePolicy = rng.chance(0.3) ? 'occasional' : 'none';
      paysTax = false;
      break;
    }
    case 'growth_burner': {
      revTtm = M / rng.logNormal(3, 0.6);
      growth = rng.uniform(0.12, 0.5);
      revNoise = 0.05;
      ebitdaML = -rng.uniform(0.03, 0.5);
      ebitdaM0 = ebitdaML - rng.uniform(0.05, 0.3);
      gm = (ops.gm ?? 0.5) * rng.uniform(1, 1.3);
      sbcRatio = rng.uniform(0.06, 0.18);
      cashMode = 'burn';
      runwayMonths = clamp(rng.logNormal(30, 0.65), 5, 120);
      issuePolicy = 'raises';
      debtFree = !rng.chance(0.4);
      paysTax = false;
      pb = null;
      break;
    }
    case 'biotech': {
      revTtm = 0;
      const burnAnnual = clamp(M * rng.logNormal(0.24, 0.5), 12e6, 700e6);
      if (profitable) {
        // A royalty-funded biotech: revenue covers the labs.
        opexL = burnAnnual / 4;
        revTtm = burnAnnual * rng.uniform(1.2, 1.6);
      } else {
        opexL = burnAnnual / 4 / 0.88;
        if (rng.chance(0.45)) {
          revTtm = burnAnnual * rng.uniform(0.03, 0.45);
          lumpy = true;
        }
      }
      opexGrowth = rng.uniform(0, 0.25);
      daRatio = rng.uniform(0.005, 0.02); // of opex
      capexRatio = rng.uniform(0.005, 0.03); // of opex
      sbcRatio = rng.uniform(0.08, 0.18); // of opex
      nwcRatio = 0;
      gm = null;
      cashMode = profitable ? 'target' : 'burn';
      cashRatio = rng.uniform(0.6, 1.5);
      // A quarter of clinical-stage names are inside the going-concern year.
      const r = rng.next();
      runwayMonths = r < 0.26 ? rng.uniform(3, 12) : r < 0.7 ? rng.uniform(12, 30) : rng.uniform(30, 60);
      issuePolicy = profitable ? 'none' : 'raises';
      debtFree = !rng.chance(0.2);
      if (!debtFree) debtToRevenue = null;
      paysTax = false;
      pb = null;
      break;
    }
    case 'zombie': {
      ebitdaML = ops.ebitdaM * rng.uniform(0.45, 0.85);
      daRatio = ebitdaML * rng.uniform(0.55, 0.85);
      revTtm = M / rng.logNormal(0.35, 0.5);
      growth = rng.uniform(-0.06, 0.02);
      nd = rng.uniform(4.5, 9);
      spread = rng.uniform(0.045, 0.075);
      coupon = rng.uniform(0.07, 0.105);
      fixedShare = rng.uniform(0.3, 0.8);
      curShare = rng.uniform(0.03, 0.3);
      pb = rng.uniform(0.3, 1.2);
      issuePolicy = rng.chance(0.2) ? 'occasional' : 'none';
      paysTax = false;
      zombieCov = profitable ? rng.uniform(0.7, 0.92) : rng.uniform(-0.4, 0.85);
      break;
    }
    case 'walking_dead': {
      revTtm = M / rng.logNormal(0.4, 0.7);
      growth = rng.uniform(-0.15, 0.1);
      // Either EBITDA is already negative (with debt), or it is thin under a heavy load.
      if (rng.chance(0.55)) {
        ebitdaML = -rng.uniform(0.08, 0.45);
        ebitdaM0 = ebitdaML + rng.uniform(0.05, 0.2);
        debtToRevenue = rng.uniform(0.2, 1.2);
      } else {
        ebitdaML = rng.uniform(0.02, 0.09);
        ebitdaM0 = ebitdaML + rng.uniform(0.03, 0.1);
        nd = rng.uniform(6, 14);
      }
      debtGrowth = rng.uniform(0.05, 0.25);
      spread = rng.uniform(0.05, 0.09);
      coupon = rng.uniform(0.08, 0.12);
      curShare = rng.uniform(0.05, 0.45);
      cashMode = 'burn';
      runwayMonths = rng.uniform(1.5, 15);
      issuePolicy = 'atm';
      paysTax = false;
      pb = null;
      ncaRatio = rng.uniform(0.3, 1.2);
      break;
    }
    case 'bank':
    case 'insurer':
    case 'capital_markets':
    case 'reit':
      break;
  }
  if (a === 'zombie') {
    // Zombie years: at least the last three fiscal years before the latest 10-K, and TTM.
    const lastFy = cal[L]!.fq === 4 ? cal[L]!.fy : cal[L]!.fy - 1;
    zombieFromFy = lastFy - rng.int(2, 4);
  }

  // ---- financial companies and REITs have their own statements ----------------------
  if (kind !== 'operating') {
    return buildFinancial(inp, rng, kind);
  }

  // ---- revenue path ----------------------------------------------------------------
  const level = z();
  let ar = 0;
  const cyc = CYCLE[c.sector];
  for (let k = 0; k < K; k++) {
    ar = 0.6 * ar + revNoise * rng.normal();
    let lv = Math.exp((Math.log(1 + growth) * (k - L)) / 4 + ar);
    if (cyc) lv *= cyc[year(k)] ?? 1;
    // Calendar Q4 (holiday quarter) carries retailers; others get a mild pattern.
    const m = month(k);
    lv *= m === 12 || m === 1 ? 1 + ops.season : 1 - ops.season / 3;
    if (lumpy) lv *= rng.chance(0.15) ? rng.uniform(2, 5) : rng.uniform(0.4, 1.4);
    level[k] = lv;
  }
  if (revTtm > 0) {
    const s = revTtm / ttm(level);
    for (let k = 0; k < K; k++) rev[k] = level[k]! * s;
  }

  // ---- operating lines --------------------------------------------------------------
  if (a === 'biotech') {
    let arO = 0;
    for (let k = 0; k < K; k++) {
      arO = 0.5 * arO + 0.07 * rng.normal();
      const opex = opexL * Math.exp((-opexGrowth * (L - k)) / 4 + arO);
      da[k] = opex * daRatio;
      ebit[k] = rev[k]! - opex;
      sbc[k] = opex * sbcRatio;
      capex[k] = opex * capexRatio * rng.uniform(0.3, 1.7);
    }
  } else {
    let arM = 0;
    for (let k = 0; k < K; k++) {
      arM = 0.5 * arM + 0.012 * rng.normal();
      const t = L > 0 ? (L - k) / L : 0;
      let m = ebitdaML + (ebitdaM0 - ebitdaML) * t + arM;
      if (cyc) m += 0.5 * ((cyc[year(k)] ?? 1) - 1) * Math.max(ebitdaML, 0.05);
      const ebitda = m * rev[k]!;
      da[k] = daRatio * rev[k]! * rng.uniform(0.9, 1.1);
      ebit[k] = ebitda - da[k]!;
      sbc[k] = sbcRatio * rev[k]!;
      capex[k] = capexRatio * rev[k]! * rng.uniform(0.55, 1.45);
    }
  }
  if (gm !== null) {
    for (let k = 0; k < K; k++) {
      const g = clamp(gm + 0.015 * rng.normal(), 0.05, 0.95);
      // Gross profit always covers operating income plus some operating expense.
      gp[k] = Math.max(g * rev[k]!, ebit[k]! + 0.04 * rev[k]!);
    }
  }
  const ebitdaTtm = ttm(ebit) + ttm(da);

  // ---- debt and cash targets at L -----------------------------------------------------
  let cashL = cashRatio * revTtm;
  if (a === 'biotech') cashL = cashRatio * opexL * 4;
  let debtL = 0;
  if (debtFree) {
    debtL = 0;
    if (nd !== null && nd < 0) cashL = Math.max(cashL, -nd * Math.max(ebitdaTtm, 0));
  } else if (nd !== null) {
    const e = Math.max(ebitdaTtm, 0.02 * revTtm);
    if (nd < 0) {
      debtL = rng.uniform(0.2, 1.2) * e;
      cashL = debtL - nd * e;
    } else {
      debtL = nd * e + cashL;
    }
  } else if (debtToRevenue !== null) {
    debtL = debtToRevenue * revTtm;
  } else if (!debtFree && (a === 'growth_burner' || a === 'biotech')) {
    // Convertible notes or venture debt, sized off the cash pile (set below).
    debtL = -1;
  }

  const hasStb = debtL !== 0 && rng.chance(0.12);
  const fillDebt = (dl: number): void => {
    let arD = 0;
    for (let k = 0; k < K; k++) {
      arD = 0.7 * arD + 0.04 * rng.normal();
      debt[k] = dl <= 0 ? 0 : dl * Math.exp((-debtGrowth * (L - k)) / 4 + arD - (k === L ? arD : 0));
    }
    if (dl > 0) debt[L] = dl;
  };
  if (debtL >= 0) fillDebt(debtL);

  // ---- interest, income, cash flow -------------------------------------------------------
  const cashGuess = (k: number): number => (cashMode === 'burn' ? cashL * (1 + 0.08 * (L - k)) : cashL * Math.pow(Math.max(rev[k]!, 1) / Math.max(rev[L]!, 1), 0.6));
  const computeFlows = (): void => {
    for (let k = 0; k < K; k++) {
      const prevDebt = k > 0 ? debt[k - 1]! : debt[k]!;
      const r = fixedShare * coupon + (1 - fixedShare) * (rate[k]! + spread);
      interest[k] = ((prevDebt + debt[k]!) / 2) * (debtL > 0 && (a === 'growth_burner' || a === 'biotech') && !nd ? Math.min(r, 0.03) : r) / 4;
      if (a === 'zombie') {
        const cov = c.archetype === 'zombie' && cal[k]!.fy >= zombieFromFy ? Math.min(0.95, zombieCov + 0.12 * rng.normal()) : rng.uniform(1.2, 2.4);
        const e = cov * interest[k]!;
        ebit[k] = e;
        if (gm !== null) gp[k] = Math.max(gp[k]!, e + 0.04 * rev[k]!);
      }
      const ii = cashGuess(k) * Math.max(0, rate[k]! - 0.003) / 4;
      const pre = ebit[k]! - interest[k]! + ii + 0.004 * rev[k]! * rng.normal();
      const tax = paysTax ? Math.max(0, pre) * taxRate : 0;
      ni[k] = pre - tax;
      const dRev = k > 0 ? rev[k]! - rev[k - 1]! : 0;
      const wc = -nwcRatio * 4 * dRev * 0.25 + 0.02 * (rev[k]! + (a === 'biotech' ? opexL : 0)) * rng.normal();
      cfo[k] = ni[k]! + da[k]! + sbc[k]! + wc;
    }
  };
  computeFlows();

  // Archetype promises on the trailing twelve months.
  const fcfTtm = (): number => ttm(cfo) - ttm(capex);
  if (a === 'fortress' && fcfTtm() <= 0.04 * revTtm) {
    const need = 0.04 * revTtm - fcfTtm();
    for (let k = L - 3; k <= L; k++) {
      const cut = Math.min(capex[k]! * 0.6, need / 4);
      capex[k] = capex[k]! - cut;
      cfo[k] = cfo[k]! + need / 4 - cut;
    }
  }
  if ((a === 'walking_dead' || (a === 'biotech' && !profitable) || a === 'growth_burner') && fcfTtm() >= -0.01 * Math.max(revTtm, opexL)) {
    const add = fcfTtm() + 0.03 * Math.max(revTtm, opexL * 4) + 1e6;
    for (let k = L - 3; k <= L; k++) capex[k] = capex[k]! + add / 4;
  }

  // ---- profitability quota: a non-cash item below EBIT (impairment, gain) ------------------
  const niTtm = ttm(ni);
  const floor = Math.max(0.01 * Math.max(revTtm, opexL * 4), 0.3e6);
  if (profitable && niTtm <= floor) {
    const delta = floor * rng.uniform(1.5, 4) - niTtm;
    for (let k = L - 3; k <= L; k++) special[k] = delta / 4;
  } else if (!profitable && niTtm >= -floor) {
    const delta = niTtm + floor * rng.uniform(1.5, 4);
    for (let k = L - 3; k <= L; k++) special[k] = -delta / 4;
  }
  for (let k = 0; k < K; k++) ni[k] = ni[k]! + special[k]!;

  // ---- cash, issuance and shares -------------------------------------------------------------
  let fcf = cfo.map((v, k) => v - capex[k]!);
  const burnOf = (f: number[]): number => f.slice(L - 3).reduce((acc, v) => acc + Math.max(0, -v), 0) / 4;
  let burnAvg = burnOf(fcf);
  if (a === 'struggler' && burnAvg > (0.01 * revTtm) / 4) {
    cashMode = 'burn';
    runwayMonths = clamp(rng.logNormal(20, 0.7), 3, 90);
    issuePolicy = 'raises';
  }
  if (cashMode === 'burn' && burnAvg > 0) {
    cashL = Math.min((runwayMonths / 3) * burnAvg, 1.3 * M);
  }
  cashL = Math.max(cashL, 0.5e6);
  if (debtL < 0) {
    // Convertible notes or venture debt sized off the cash pile, outstanding through the window.
    debtL = cashL * rng.uniform(0.15, 0.6);
    for (let k = 0; k < K; k++) debt[k] = debtL;
    computeFlows();
    for (let k = 0; k < K; k++) ni[k] = ni[k]! + special[k]!;
    fcf = cfo.map((v, k) => v - capex[k]!);
    burnAvg = burnOf(fcf);
  }

  const S = z();
  const pxMid = cal.map((_, k) => inp.priceOn(mid(k)));
  const sbcDil = a === 'biotech' || a === 'growth_burner' || c.sector === 'Information Technology' ? rng.uniform(0.003, 0.01) : rng.uniform(0.0005, 0.003);
  const disc = rng.uniform(0.05, 0.15);
  S[L] = Math.round(plan.sharesNow / (issuePolicy === 'atm' ? 1 + rng.uniform(0.005, 0.03) : 1 + rng.uniform(0, 0.003)));
  cash[L] = cashL;

  // Planned raises for companies that do not burn: REIT-like ATMs, utilities, one-offs.
  if (cashMode === 'target' && issuePolicy === 'occasional') {
    const n = rng.int(1, 3);
    for (let i = 0; i < n; i++) iss[rng.int(1, L)] = M * rng.uniform(0.03, 0.12);
  }
  let arC = 0;
  let laterRaise = L + 10; // the most recent raise found so far, walking backwards
  for (let k = L; k >= 1; k--) {
    const newShares = (iq: number): number => iq / (pxMid[k]! * (1 - disc));
    if (cashMode === 'burn') {
      const burnQ = Math.max(-fcf[k]!, 0.25 * burnAvg, 0.2e6);
      const pre = cash[k]! - fcf[k]! - (debt[k]! - (debt[k - 1] ?? debt[k]!));
      let raise = 0;
      if (issuePolicy === 'atm') {
        raise = Math.max(0, -fcf[k]!) * rng.uniform(0.3, 1.0);
      } else if (
        laterRaise - k >= 4 &&
        // A company raises when its cash would otherwise have been thin — measured in
        // quarters of burn and against what the market valued it at then.
        pre > Math.max(burnQ * (a === 'growth_burner' ? rng.uniform(16, 28) : rng.uniform(9, 18)), pxMid[k]! * S[k]! * rng.uniform(0.3, 0.6))
      ) {
        raise = pre - burnQ * rng.uniform(3, 7);
      }
      const floorC = Math.max(0.5 * burnQ, 0.3e6);
      // At-the-market programmes sell every quarter whatever the balance; a follow-on
      // cannot raise more than the cash it leaves behind.
      raise = issuePolicy === 'atm' ? Math.max(raise, 0.1 * burnQ) : Math.max(0, Math.min(raise, pre - floorC));
      // Deal sizes are bounded by what the market absorbs: a follow-on adds at most ~30 %
      // to the share count, an ATM programme ~10 % a quarter. Leftover cash simply means the
      // company held more of it earlier.
      // Over the whole window dilution stays within ~15× (reverse splits are not modelled).
      const cap = S[k]! < S[L]! / 15 ? 0 : (issuePolicy === 'atm' ? 0.1 : 0.3) * S[k]!;
      if (newShares(raise) > cap) raise = cap * pxMid[k]! * (1 - disc);
      if (raise > 0) laterRaise = k;
      iss[k] = raise;
      cash[k - 1] = Math.max(pre - raise, floorC);
    } else {
      arC = 0.6 * arC + 0.15 * rng.normal();
      const base = a === 'biotech' ? cashL : cashL * Math.pow(Math.max(rev[k - 1]!, 1) / Math.max(rev[L]!, 1), 0.6);
      cash[k - 1] = Math.max(base * Math.exp(arC), 0.2e6);
    }
    const bb = buybackRate > 0 ? (S[k]! * buybackRate) / 4 : 0;
    S[k - 1] = Math.max(Math.round(S[k]! - newShares(iss[k]!) - S[k]! * sbcDil + bb), Math.round(0.3 * S[k]!));
  }

  // ---- debt split, investments ------------------------------------------------------------------
  const stiShare = rng.chance(a === 'biotech' ? 0.65 : a === 'growth_burner' ? 0.55 : a === 'fortress' ? 0.35 : 0.1) ? rng.uniform(0.2, 0.7) : 0;
  for (let k = 0; k < K; k++) {
    const liquid = cash[k]!;
    sti[k] = liquid * stiShare * (stiShare > 0 ? rng.uniform(0.85, 1.15) : 0);
    cash[k] = liquid - Math.min(sti[k]!, liquid * 0.9);
    sti[k] = liquid - cash[k]!;
    stb[k] = hasStb ? (rng.chance(0.35) ? 0 : debt[k]! * rng.uniform(0.03, 0.2)) : 0;
    ltd[k] = debt[k]! - stb[k]!;
    ltdCur[k] = ltd[k]! * clamp(curShare * rng.uniform(0.7, 1.3), 0, 0.95);
  }

  // ---- balance sheet --------------------------------------------------------------------------
  const annual = (k: number): number => (a === 'biotech' ? opexL * 4 : 4 * rev[k]!);
  const E = z();
  const RE = z();
  const assets = z();
  const liab = z();
  const ac = z();
  const lc = z();
  const divQ = (k: number): number => (plan.dividendYield / 4) * pxMid[k]! * S[k]!;
  if (pb !== null) {
    E[L] = M / pb;
    for (let k = L; k >= 1; k--) {
      const bbValue = buybackRate > 0 ? ((S[k]! * buybackRate) / 4) * pxMid[k]! : 0;
      // Retained earnings beyond ~4 % of book a quarter are taken as paid out (specials,
      // buybacks not modelled), so high-ROE companies do not run into negative early equity.
      const retained = ni[k]! + iss[k]! + sbc[k]! - divQ(k) - bbValue;
      E[k - 1] = E[k]! - Math.min(retained, 0.04 * Math.abs(E[k]!));
    }
  }
  const startLoss = Math.max(0, -ni[0]!) * 4;
  RE[0] = pb !== null ? E[0]! * (a === 'zombie' ? rng.uniform(-0.8, 0.4) : rng.uniform(0.3, 1.1)) : -(startLoss * rng.uniform(2, 7) + M * rng.uniform(0.05, 0.3));
  for (let k = 1; k < K; k++) RE[k] = RE[k - 1]! + ni[k]! - divQ(k);
  for (let k = 0; k < K; k++) {
    const caOther = (a === 'biotech' ? 0.3 * opexL : caRatio * annual(k)) * rng.uniform(0.9, 1.1);
    const payables = (a === 'biotech' ? 0.5 * opexL : clRatio * annual(k)) * rng.uniform(0.9, 1.1);
    let other = olRatio * annual(k);
    const l0 = payables + ltd[k]! + stb[k]!;
    if (pb !== null) {
      let A = l0 + other + E[k]!;
      const minNca = 0.15 * annual(k) + 0.02 * Math.abs(A);
      const nca = A - cash[k]! - sti[k]! - caOther;
      if (nca < minNca) {
        other += minNca - nca;
        A = l0 + other + E[k]!;
      }
      assets[k] = A;
    } else {
      const nca = ncaRatio * (a === 'biotech' ? 0.15 * opexL * 4 : annual(k));
      assets[k] = cash[k]! + sti[k]! + caOther + nca;
      E[k] = assets[k]! - l0 - other;
    }
    liab[k] = l0 + other;
    ac[k] = cash[k]! + sti[k]! + caOther;
    lc[k] = payables + ltdCur[k]! + stb[k]!;
  }

  // ---- tag profile ------------------------------------------------------------------------------
  const hasDebt = debt.some((d) => d > 0);
  let debtStyle: DebtStyle;
  if (!hasDebt) debtStyle = rng.chance(0.7) ? 'zero' : 'none';
  else {
    const convertibleOk = (a === 'growth_burner' || a === 'biotech' || a === 'walking_dead' || a === 'struggler') && M < 3e9;
    const x = rng.next();
    debtStyle = convertibleOk && x < 0.35 ? 'convertible' : x < 0.65 ? 'total' : x < 0.8 ? 'total_with_parts' : 'split';
  }
  const profile: TagProfile = {
    revenueTag: revTtm > 0 ? (rng.chance(a === 'biotech' ? 0.4 : 0.2) ? 'Revenues' : 'RevenueFromContractWithCustomerExcludingAssessedTax') : null,
    hasGrossProfit: gm !== null && revTtm > 0 && rng.chance(0.85),
    hasOperatingIncome: true,
    daTag: rng.chance(0.65) ? 'DepreciationDepletionAndAmortization' : 'DepreciationAndAmortization',
    hasInterest: hasDebt,
    interestSwitchFy: hasDebt && rng.chance(0.2) ? rng.int(2022, 2026) : null,
    debtStyle,
    hasShortTermBorrowings: hasStb && debtStyle !== 'convertible',
    hasShortTermInvestments: stiShare > 0,
    hasIssuance: iss.some((v) => v > 0),
    hasLadder: hasDebt && rng.chance(0.6),
    isClassified: true,
    hasPublicFloat: rng.chance(0.85),
  };
  if (!profile.hasShortTermBorrowings) {
    for (let k = 0; k < K; k++) {
      ltd[k] = ltd[k]! + stb[k]!;
      stb[k] = 0;
    }
  }

  const quarters = assemble(inp, {
    rev, gp, ebit, da, interest, ni, cfo, capex, iss, cash, sti, ltd, ltdCur, stb, assets, ac, liab, lc, E, RE, S,
  }, rng);
  return { quarters, profile, ladder: makeLadder(rng, debtStyle === 'convertible') };
}
