/**
 * One fictional company, end to end: plan → filing calendar → prices → statements →
 * company facts → truth.
 *
 * Policy: a pure function of (company identity, seed). Each stage draws from its own
 * seeded stream, so changing how one stage consumes randomness never reshuffles another,
 * and any single company can be regenerated without the rest of the universe.
 */
import { DEFAULT_SEED, FUND_SHARE_OF_OUTSTANDING } from './constants.ts';
import { toDay } from './calendar.ts';
import type { DemoCompany } from './companies.ts';
import { buildCompanyFacts, companyQuarters, fillCoverShares, scheduleFilings, type CompanyFactsJson, type Filing, type Restatement } from './filings.ts';
import { marketBackdrop } from './macro.ts';
import { buildEconomics, drawPlan, type Plan, type Quarter, type TagProfile } from './model.ts';
import { simulatePrices, simulateVolume } from './prices.ts';
import { Rng } from './rng.ts';
import { computeTruth, type DemoTruth } from './truth.ts';

export interface DemoBars {
  dates: readonly string[];
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  adjClose: Float64Array;
  volume: Float64Array;
}

export interface GeneratedCompany {
  company: DemoCompany;
  plan: Plan;
  profile: TagProfile;
  /** Quarterly model, FY2019 Q1 … latest filed quarter. */
  quarters: Quarter[];
  /** Filings filed on or before DEMO_AS_OF. */
  filings: Filing[];
  restatement: Restatement | null;
  facts: CompanyFactsJson;
  factCount: number;
  bars: DemoBars;
  /** Shares outstanding in effect on each bar's date (for cap weights). */
  dailyShares: Float64Array;
  /** The holdings row: price = last close, quantity = the fund's fixed share of shares outstanding. */
  holding: { price: number; sharesOutstanding: number; marketCap: number; quantity: number };
  truth: DemoTruth;
}

export function generateCompany(c: DemoCompany, seed: number = DEFAULT_SEED): GeneratedCompany {
  const stream = (label: string): Rng => new Rng(label, seed, c.cik);
  const plan = drawPlan(c, stream('plan'));
  const allQuarters = companyQuarters(c);
  const filings = scheduleFilings(c, plan, allQuarters, stream('filings'));
  const L = filings[filings.length - 1]!.q;
  const cal = allQuarters.slice(0, L + 1);

  const bd = marketBackdrop(seed);
  const path = simulatePrices(
    { company: c, lastClose: plan.price, marketCap: plan.marketCap, filingDates: filings.map((f) => f.filed), dividendYield: plan.dividendYield },
    bd,
    stream('prices'),
  );
  const dayNums = bd.dayNums;
  const indexOn = (iso: string): number => {
    const d = toDay(iso);
    let lo = 0;
    let hi = dayNums.length - 1;
    if (d < dayNums[0]!) return -1;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (dayNums[m]! <= d) lo = m;
      else hi = m - 1;
    }
    return lo;
  };
  const priceOn = (iso: string): number => {
    const t = indexOn(iso);
    return path.close[Math.max(0, t)]!;
  };

  const econ = buildEconomics({ company: c, plan, quarters: cal, priceOn }, stream('model'));
  const quarters = econ.quarters;
  fillCoverShares(filings, quarters, plan);
  const { json, factCount, restatement } = buildCompanyFacts(
    { company: c, plan, quarters, filings, profile: econ.profile, ladder: econ.ladder, priceOn },
    stream('facts'),
  );

  // Shares in effect each day: quarter-end counts interpolated, then the latest cover count.
  const n = path.dates.length;
  const dailyShares = new Float64Array(n);
  const knots: [number, number][] = quarters.map((q) => [toDay(q.end), q.sharesEnd]);
  const last = filings[filings.length - 1]!;
  knots.push([Math.max(toDay(last.coverDate), knots[knots.length - 1]![0] + 1), plan.sharesNow]);
  let j = 0;
  for (let t = 0; t < n; t++) {
    const d = dayNums[t]!;
    while (j + 1 < knots.length && knots[j + 1]![0] <= d) j++;
    const [d0, s0] = knots[j]!;
    const next = knots[j + 1];
    if (d < d0 || !next) dailyShares[t] = d < d0 ? s0 : plan.sharesNow;
    else dailyShares[t] = Math.round(s0 + ((next[1] - s0) * (d - d0)) / (next[0] - d0));
  }
  const volume = simulateVolume(path, c, plan.marketCap, (t) => dailyShares[t]!, stream('volume'));

  const truth = computeTruth({ company: c, plan, quarters, filings, profile: econ.profile, restatement, lastClose: plan.price });
  return {
    company: c,
    plan,
    profile: econ.profile,
    quarters,
    filings,
    restatement,
    facts: json,
    factCount,
    bars: { dates: path.dates, open: path.open, high: path.high, low: path.low, close: path.close, adjClose: path.adjClose, volume },
    dailyShares,
    holding: {
      price: plan.price,
      sharesOutstanding: plan.sharesNow,
      marketCap: plan.price * plan.sharesNow,
      quantity: Math.round(plan.sharesNow * FUND_SHARE_OF_OUTSTANDING),
    },
    truth,
  };
}
