/**
 * The shared backdrop of the fictional demo universe: a policy-rate path that drives
 * interest costs and deposit costs, and the daily market and sector factors that make the
 * cap-weighted benchmark move like a small-cap index.
 *
 * Policy: a plausible, smoothed backdrop — not a record of real markets. The rate path
 * follows the broad 2019–2025 shape (near zero in 2021, ~5 % in 2023–24, easing after)
 * so debt costs look right; the market factor is simulated from the seed with scripted
 * regimes (a 2022 drawdown, a spring-2025 shock), never copied from a real index.
 */
import { DEMO_AS_OF, DEMO_PRICES_FROM } from './constants.ts';
import { toDay, tradingDays } from './calendar.ts';
import { Rng } from './rng.ts';

/** Policy rate knots (date, % per year), linearly interpolated. */
const RATE_KNOTS: readonly [string, number][] = [
  ['2018-10-01', 2.4],
  ['2019-07-01', 2.4],
  ['2019-12-31', 1.55],
  ['2020-04-01', 0.08],
  ['2022-02-28', 0.08],
  ['2022-06-30', 1.6],
  ['2022-09-30', 3.1],
  ['2022-12-31', 4.3],
  ['2023-03-31', 4.8],
  ['2023-07-31', 5.33],
  ['2024-08-31', 5.33],
  ['2024-12-31', 4.4],
  ['2025-08-31', 4.33],
  ['2025-12-31', 3.65],
  ['2026-06-30', 3.4],
  ['2027-06-30', 3.4],
];
const KNOT_DAYS = RATE_KNOTS.map(([d, r]) => [toDay(d), r / 100] as const);

/** Policy rate (fraction per year) on a date. */
export function policyRate(iso: string): number {
  const d = toDay(iso);
  const first = KNOT_DAYS[0] as readonly [number, number];
  if (d <= first[0]) return first[1];
  for (let i = 1; i < KNOT_DAYS.length; i++) {
    const [d1, r1] = KNOT_DAYS[i] as readonly [number, number];
    const [d0, r0] = KNOT_DAYS[i - 1] as readonly [number, number];
    if (d <= d1) return r0 + ((r1 - r0) * (d - d0)) / (d1 - d0);
  }
  return (KNOT_DAYS[KNOT_DAYS.length - 1] as readonly [number, number])[1];
}

/**
 * Market regimes: (start date, annualised log drift, volatility multiplier). Within each
 * regime the simulated noise is de-meaned, so the regime's total move is exactly its
 * drift × length and the index keeps this shape on every seed — a 2021 rally, a 2022 bear
 * market, a 2023 bank scare, a 2025 spring shock — while daily returns stay random.
 */
const REGIMES: readonly [string, number, number][] = [
  ['2021-01-01', 0.55, 1.2],
  ['2021-03-16', 0.02, 1.0],
  ['2021-11-09', -0.55, 1.35],
  ['2022-06-17', 0.8, 1.3],
  ['2022-08-17', -0.75, 1.35],
  ['2022-10-14', 0.45, 1.2],
  ['2023-02-03', -1.1, 1.6],
  ['2023-03-16', 0.2, 1.05],
  ['2023-08-01', -0.7, 1.15],
  ['2023-10-30', 1.3, 1.2],
  ['2024-01-01', 0.05, 1.0],
  ['2024-07-01', 0.45, 1.15],
  ['2024-11-26', -0.45, 1.0],
  ['2025-02-20', -1.5, 2.0],
  ['2025-04-09', 0.95, 1.4],
  ['2025-07-15', 0.22, 0.95],
  ['2026-03-02', -0.6, 1.25],
  ['2026-04-15', 0.3, 1.0],
];

/** Annual sector drifts layered on the market (energy's 2021–22 boom, rate-sensitive REITs). */
const SECTOR_DRIFT: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  Energy: { 2021: 0.45, 2022: 0.35, 2023: -0.05, 2024: -0.08, 2025: -0.06, 2026: 0.02 },
  'Real Estate': { 2022: -0.12, 2023: -0.06, 2024: 0.03 },
  Utilities: { 2022: 0.08, 2023: -0.05 },
  Financials: { 2023: -0.08, 2024: 0.08 },
  'Health Care': { 2021: -0.1, 2022: -0.1, 2024: -0.03 },
  'Information Technology': { 2021: 0.05, 2022: -0.12, 2023: 0.1, 2024: 0.06 },
};

const MARKET_DAILY_VOL = 0.0115;
const SECTOR_DAILY_VOL = 0.0055;

export interface MarketBackdrop {
  dates: string[];
  /** `dates` as day numbers, and the reverse lookup: shared by every company. */
  dayNums: Int32Array;
  indexOfDay: ReadonlyMap<number, number>;
  /** Market log-return per day (index 0 is 0). */
  market: Float64Array;
  /** Market volatility multiplier per day (vol clusters). */
  volMult: Float64Array;
  sector: ReadonlyMap<string, Float64Array>;
}

const backdropCache = new Map<number, MarketBackdrop>();

/** Daily factors for a seed; shared by every company of the universe. */
export function marketBackdrop(seed: number): MarketBackdrop {
  const hit = backdropCache.get(seed);
  if (hit) return hit;
  const dates = tradingDays(DEMO_PRICES_FROM, DEMO_AS_OF);
  const n = dates.length;
  const rng = new Rng('market', seed);
  const market = new Float64Array(n);
  const volMult = new Float64Array(n);
  let logVol = 0;
  const regimeOf = new Int32Array(n);
  let regime = 0;
  for (let t = 0; t < n; t++) {
    const d = dates[t] as string;
    while (regime + 1 < REGIMES.length && d >= (REGIMES[regime + 1] as [string, number, number])[0]) regime++;
    regimeOf[t] = regime;
    // Log-volatility AR(1): calm and stormy weeks, not white noise. The −0.12 centres the
    // multiplier's mean near 1 (its log has a stationary s.d. of about 0.5).
    logVol = 0.97 * logVol + 0.12 * rng.normal();
    volMult[t] = (REGIMES[regime] as [string, number, number])[2] * Math.exp(logVol - 0.12);
    if (t > 0) market[t] = MARKET_DAILY_VOL * (volMult[t] as number) * rng.studentT4();
  }
  // De-mean the noise within each regime and lay the scripted drift on top.
  for (let start = 1; start < n; ) {
    let end = start;
    while (end + 1 < n && regimeOf[end + 1] === regimeOf[start]) end++;
    let sum = 0;
    for (let t = start; t <= end; t++) sum += market[t] as number;
    const adj = sum / (end - start + 1);
    const drift = (REGIMES[regimeOf[start] as number] as [string, number, number])[1] / 252;
    for (let t = start; t <= end; t++) market[t] = (market[t] as number) - adj + drift;
    start = end + 1;
  }
  const sector = new Map<string, Float64Array>();
  for (const s of ['Financials', 'Health Care', 'Industrials', 'Information Technology', 'Consumer Discretionary', 'Energy', 'Real Estate', 'Materials', 'Communication', 'Consumer Staples', 'Utilities']) {
    const r = new Rng('sector', seed, s);
    const arr = new Float64Array(n);
    const drifts = SECTOR_DRIFT[s] ?? {};
    const vol = s === 'Energy' ? 1.8 * SECTOR_DAILY_VOL : s === 'Utilities' ? 0.8 * SECTOR_DAILY_VOL : SECTOR_DAILY_VOL;
    for (let t = 1; t < n; t++) {
      const y = +(dates[t] as string).slice(0, 4);
      arr[t] = (drifts[y] ?? 0) / 252 + vol * (volMult[t] as number) * r.normal();
    }
    sector.set(s, arr);
  }
  const dayNums = Int32Array.from(dates, toDay);
  const indexOfDay = new Map<number, number>();
  dayNums.forEach((d, i) => indexOfDay.set(d, i));
  const out = { dates, dayNums, indexOfDay, market, volMult, sector };
  backdropCache.set(seed, out);
  return out;
}
