/**
 * Daily OHLCV for one fictional company.
 *
 * Policy: invented and deterministic. Returns are a common market factor (so the
 * cap-weighted benchmark looks like a small-cap index), a sector factor and a fat-tailed
 * (Student-t) idiosyncratic part whose size depends on archetype and market cap; filing
 * days and, for biotechs, trial read-outs bring overnight gaps. The path is scaled so the
 * last close is exactly the price the holdings file shows. Prices are rounded the way
 * Yahoo shows them (2 decimals, 4 below $1) and OHLC stays consistent after rounding.
 */
import { toDay } from './calendar.ts';
import type { Archetype, DemoCompany } from './companies.ts';
import type { MarketBackdrop } from './macro.ts';
import { Rng, clamp } from './rng.ts';

export interface PricePath {
  dates: string[];
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  adjClose: Float64Array;
  /** Absolute daily return in units of the stock's own daily volatility (drives volume). */
  surprise: Float64Array;
  isZeroVolume: Uint8Array;
  isEventDay: Uint8Array;
  /** Daily volatility of the stock (fraction). */
  dailyVol: number;
}

/** Daily idiosyncratic volatility by archetype (before the size adjustment). */
const IDIO_VOL: Readonly<Record<Archetype, number>> = {
  bank: 0.013,
  insurer: 0.014,
  capital_markets: 0.021,
  reit: 0.015,
  biotech: 0.042,
  growth_burner: 0.032,
  fortress: 0.018,
  steady: 0.016,
  leveraged: 0.022,
  struggler: 0.027,
  zombie: 0.026,
  walking_dead: 0.045,
};

/** Annual drift by archetype: value is destroyed where cash burns and debt compounds. */
const DRIFT: Readonly<Record<Archetype, number>> = {
  bank: 0.02,
  insurer: 0.04,
  capital_markets: 0.02,
  reit: 0.0,
  biotech: -0.06,
  growth_burner: -0.04,
  fortress: 0.05,
  steady: 0.03,
  leveraged: 0.02,
  struggler: -0.06,
  zombie: -0.1,
  walking_dead: -0.32,
};

/** Mean reversion of the idiosyncratic price level: a half-life of about 1.3 years. */
const OU_THETA = Math.LN2 / 330;

export function roundPrice(p: number): number {
  // Yahoo and most vendors quote sub-dollar stocks to 4 decimals.
  return p >= 1 ? Math.round(p * 100) / 100 : Math.max(0.0001, Math.round(p * 10000) / 10000);
}

export interface PriceInputs {
  company: DemoCompany;
  /** Last close, already rounded (2 decimals even below $1 so the holdings price equals it). */
  lastClose: number;
  marketCap: number;
  /** Filing dates (ISO) within the price window: the market reacts the next session. */
  filingDates: readonly string[];
  dividendYield: number;
}

export function simulatePrices(inp: PriceInputs, bd: MarketBackdrop, rng: Rng): PricePath {
  const { company, lastClose, marketCap } = inp;
  const a = company.archetype;
  const dates = bd.dates;
  const n = dates.length;
  const sector = bd.sector.get(company.sector) as Float64Array;

  // Small caps are jumpier: idiosyncratic vol scales ~ size^-0.15 around $1B.
  const sizeAdj = clamp(Math.pow(marketCap / 1e9, -0.15), 0.6, 1.9);
  const idio = IDIO_VOL[a] * sizeAdj * rng.logNormal(1, 0.2);
  const beta = a === 'bank' || a === 'reit' || company.sector === 'Utilities' ? rng.uniform(0.55, 1.0) : rng.uniform(0.8, 1.5);
  const sectorBeta = rng.uniform(0.6, 1.3);
  const drift = DRIFT[a] + rng.normal() * 0.08;
  const dailyVol = Math.sqrt((beta * 0.0125) ** 2 + idio ** 2);

  const eventDays = new Uint8Array(n);
  const dayIndex = bd.indexOfDay;
  for (const f of inp.filingDates) {
    // The first session after the filing (filings land after the close, as results do).
    let d = toDay(f) + 1;
    for (let g = 0; g < 6 && !dayIndex.has(d); g++) d++;
    const t = dayIndex.get(d);
    if (t !== undefined && t > 0) eventDays[t] = 1;
  }
  // Biotech read-outs: one to three binary events over the window.
  if (a === 'biotech') {
    const k = rng.int(1, 3);
    for (let i = 0; i < k; i++) eventDays[rng.int(20, n - 2)] = 2;
  }

  // Names this small sometimes go a whole session without a trade.
  const pZero = marketCap < 80e6 ? 0.012 : marketCap < 250e6 ? 0.003 : 0;
  const isZero = new Uint8Array(n);
  const logRet = new Float64Array(n);
  const gapRet = new Float64Array(n);
  let carry = 0;
  let idioLevel = 0;
  for (let t = 1; t < n; t++) {
    const vm = bd.volMult[t] as number;
    const common = beta * (bd.market[t] as number) + sectorBeta * (sector[t] as number);
    let shock = idio * Math.sqrt(vm) * rng.studentT4();
    let gapShock = 0;
    if (eventDays[t] === 1) {
      gapShock = 2.2 * idio * rng.studentT4();
    } else if (eventDays[t] === 2) {
      gapShock = rng.chance(0.45) ? rng.uniform(0.25, 0.9) : -rng.uniform(0.3, 1.4);
    } else if (rng.chance(0.004)) {
      gapShock = 3 * idio * rng.normal();
    }
    shock += gapShock;
    // The company-specific level is an Ornstein–Uhlenbeck process around the archetype
    // drift: daily moves keep their full size, but six years of them do not compound into
    // 100× dispersion — which would let a few 2021 giants (today's fallen small caps)
    // dominate the cap-weighted benchmark's early years.
    const before = idioLevel;
    idioLevel = idioLevel * (1 - OU_THETA) + shock;
    let r = common + drift / 252 + (idioLevel - before);
    let gap = 0.3 * (r - gapShock) + gapShock + 0.25 * dailyVol * rng.normal();
    if (t < n - 1 && pZero > 0 && rng.chance(pZero)) {
      isZero[t] = 1;
      carry += r;
      continue;
    }
    logRet[t] = r + carry;
    gapRet[t] = gap + carry;
    carry = 0;
  }

  // Cumulative log price relative to the last day.
  const lp = new Float64Array(n);
  for (let t = 1; t < n; t++) lp[t] = (lp[t - 1] as number) + (logRet[t] as number);
  const last = lp[n - 1] as number;
  // A collapse of more than ~60× over six years would need reverse splits the demo does not
  // model; flatten the trend instead.
  let maxUp = 0;
  let maxDown = 0;
  for (let t = 0; t < n; t++) {
    maxUp = Math.max(maxUp, (lp[t] as number) - last);
    maxDown = Math.min(maxDown, (lp[t] as number) - last);
  }
  const limitUp = Math.log(60);
  const limitDown = Math.log(Math.max(0.05, lastClose / 40) / lastClose);
  const sUp = maxUp > limitUp ? limitUp / maxUp : 1;
  const sDown = maxDown < limitDown ? limitDown / maxDown : 1;

  const close = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const surprise = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const rel = (lp[t] as number) - last;
    close[t] = lastClose * Math.exp(rel * (rel > 0 ? sUp : sDown));
  }
  for (let t = 0; t < n; t++) {
    const c = close[t] as number;
    if (t === 0) {
      open[t] = c * Math.exp(0.3 * dailyVol * rng.normal());
    } else if (isZero[t]) {
      close[t] = close[t - 1] as number;
      open[t] = high[t] = low[t] = close[t] as number;
      continue;
    } else {
      const prev = close[t - 1] as number;
      const ret = Math.log(c / prev);
      const g = clamp(gapRet[t] as number, -Math.abs(ret) - 0.5 * dailyVol, Math.abs(ret) + 0.5 * dailyVol);
      open[t] = prev * Math.exp(g);
      surprise[t] = Math.abs(ret) / dailyVol;
    }
    const o = open[t] as number;
    high[t] = Math.max(o, c) * Math.exp(Math.abs(0.45 * dailyVol * rng.normal()));
    low[t] = Math.min(o, c) * Math.exp(-Math.abs(0.45 * dailyVol * rng.normal()));
  }

  // Round like a quote vendor, then restore High ≥ max(O, C) and Low ≤ min(O, C).
  for (let t = 0; t < n; t++) {
    const o = roundPrice(open[t] as number);
    const c = t === n - 1 ? lastClose : roundPrice(close[t] as number);
    const h = Math.max(roundPrice(high[t] as number), o, c);
    const l = Math.min(roundPrice(low[t] as number), o, c);
    open[t] = o;
    close[t] = c;
    high[t] = h;
    low[t] = l;
  }

  // Adjusted close: quarterly dividends folded back into earlier prices, as Yahoo does.
  const adjClose = new Float64Array(n);
  let factor = 1;
  const exDay = rng.int(3, 12);
  for (let t = n - 1; t >= 0; t--) {
    adjClose[t] = (close[t] as number) * factor;
    if (inp.dividendYield > 0 && t > 0) {
      const d = dates[t] as string;
      const m = +d.slice(5, 7);
      const prevM = +(dates[t - 1] as string).slice(5, 7);
      // Ex-date: the exDay-th session of Feb/May/Aug/Nov, approximated by the first
      // session on or after that calendar day.
      if (m % 3 === 2 && +d.slice(8, 10) >= exDay && (+(dates[t - 1] as string).slice(8, 10) < exDay || prevM !== m)) {
        const prevClose = close[t - 1] as number;
        const div = (inp.dividendYield / 4) * prevClose;
        factor *= 1 - div / prevClose;
      }
    }
  }
  return { dates, open, high, low, close, adjClose, surprise, isZeroVolume: isZero, isEventDay: eventDays, dailyVol };
}

/**
 * Daily share volume from turnover. `sharesOn(t)` is the share count in effect on day t.
 * Turnover (fraction of shares traded a day) is higher for small, volatile and
 * cash-burning names, and spikes on big moves and event days.
 */
export function simulateVolume(path: PricePath, company: DemoCompany, marketCap: number, sharesOn: (t: number) => number, rng: Rng): Float64Array {
  const n = path.dates.length;
  const a = company.archetype;
  const base =
    (a === 'biotech' || a === 'walking_dead' ? 0.014 : a === 'growth_burner' ? 0.011 : a === 'bank' || a === 'insurer' ? 0.0045 : 0.007) *
    clamp(Math.pow(marketCap / 1e9, -0.1), 0.7, 1.6) *
    rng.logNormal(1, 0.35);
  const vol = new Float64Array(n);
  let ar = 0;
  for (let t = 0; t < n; t++) {
    if (path.isZeroVolume[t]) continue;
    ar = 0.8 * ar + 0.3 * rng.normal();
    const spike = 1 + 0.9 * Math.min(path.surprise[t] as number, 8) + (path.isEventDay[t] ? 1.5 : 0);
    vol[t] = Math.max(100, Math.round(sharesOn(t) * base * Math.exp(ar - 0.25) * spike));
  }
  return vol;
}
