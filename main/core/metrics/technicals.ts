/**
 * Technical indicators on daily bars (METRICS.md, "Technicals"). Pure functions over
 * arrays in ascending date order; positions without enough history are NaN.
 */

export interface Bars {
  dates: string[];
  high: number[];
  low: number[];
  close: number[];
  volume: (number | null)[];
}

/** Simple moving average of the last `n` values at each position. */
export function sma(xs: readonly number[], n: number): number[] {
  const out = new Array<number>(xs.length).fill(NaN);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    sum += xs[i] as number;
    if (i >= n) sum -= xs[i - n] as number;
    if (i >= n - 1) out[i] = sum / n;
  }
  return out;
}

/** Exponential moving average with α = 2/(n+1), seeded with the SMA of the first n values. */
export function ema(xs: readonly number[], n: number): number[] {
  const out = new Array<number>(xs.length).fill(NaN);
  if (xs.length < n) return out;
  const alpha = 2 / (n + 1);
  let prev = 0;
  for (let i = 0; i < n; i++) prev += xs[i] as number;
  prev /= n;
  out[n - 1] = prev;
  for (let i = n; i < xs.length; i++) {
    prev = alpha * (xs[i] as number) + (1 - alpha) * prev;
    out[i] = prev;
  }
  return out;
}

/**
 * RSI with Wilder's smoothing (α = 1/n): the first average gain/loss is the simple mean
 * of the first n changes, then avg = (prev·(n−1) + current)/n.
 */
export function rsi(close: readonly number[], n = 14): number[] {
  const out = new Array<number>(close.length).fill(NaN);
  if (close.length <= n) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= n; i++) {
    const ch = (close[i] as number) - (close[i - 1] as number);
    if (ch > 0) gain += ch;
    else loss -= ch;
  }
  gain /= n;
  loss /= n;
  const value = () => (loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss));
  out[n] = value();
  for (let i = n + 1; i < close.length; i++) {
    const ch = (close[i] as number) - (close[i - 1] as number);
    gain = (gain * (n - 1) + Math.max(ch, 0)) / n;
    loss = (loss * (n - 1) + Math.max(-ch, 0)) / n;
    out[i] = value();
  }
  return out;
}

/** MACD line (EMA12 − EMA26), signal (EMA9 of MACD) and histogram. */
export function macd(close: readonly number[], fast = 12, slow = 26, signalN = 9): { macd: number[]; signal: number[]; histogram: number[] } {
  const f = ema(close, fast);
  const s = ema(close, slow);
  const line = close.map((_, i) => (f[i] as number) - (s[i] as number));
  const firstValid = line.findIndex((v) => Number.isFinite(v));
  const signal = new Array<number>(close.length).fill(NaN);
  if (firstValid >= 0) {
    const tail = ema(line.slice(firstValid), signalN);
    tail.forEach((v, i) => (signal[firstValid + i] = v));
  }
  return { macd: line, signal, histogram: line.map((v, i) => v - (signal[i] as number)) };
}

/** Return over `n` bars ending at the last bar: close[t]/close[t−n] − 1. */
export function trailingReturn(close: readonly number[], n: number): number | null {
  const t = close.length - 1;
  if (t - n < 0) return null;
  const base = close[t - n] as number;
  return base > 0 ? (close[t] as number) / base - 1 : null;
}

/** Year-to-date return: last close over the last close of the previous calendar year. */
export function returnYtd(dates: readonly string[], close: readonly number[]): number | null {
  const t = close.length - 1;
  if (t < 1) return null;
  const year = (dates[t] as string).slice(0, 4);
  for (let i = t; i >= 0; i--) {
    if ((dates[i] as string).slice(0, 4) < year) {
      const base = close[i] as number;
      return base > 0 ? (close[t] as number) / base - 1 : null;
    }
  }
  return null;
}

/** 1 − close / highest high of the last 252 bars (0 at a new high). */
export function pctBelowHigh(high: readonly number[], close: readonly number[], n = 252): number | null {
  const t = close.length - 1;
  if (t < 0) return null;
  let hi = -Infinity;
  for (let i = Math.max(0, t - n + 1); i <= t; i++) hi = Math.max(hi, high[i] as number);
  return hi > 0 ? Math.max(0, 1 - (close[t] as number) / hi) : null;
}

/** Today's volume over the average of the previous 50 days' volume. */
export function volumeRatio(volume: readonly (number | null)[], n = 50): number | null {
  const t = volume.length - 1;
  if (t < n) return null;
  let sum = 0;
  for (let i = t - n; i < t; i++) {
    const v = volume[i];
    if (v === null || v === undefined) return null;
    sum += v;
  }
  const today = volume[t];
  if (today === null || today === undefined || sum <= 0) return null;
  return today / (sum / n);
}

/**
 * 3-month (63-bar) change of the ratio close / benchmark close, aligning dates. Only
 * dates present in both series count.
 */
const benchIndex = new WeakMap<Bars, Map<string, number>>();

export function relativeStrengthChange(a: Bars, bench: Bars, n = 63): number | null {
  let benchByDate = benchIndex.get(bench);
  if (!benchByDate) {
    benchByDate = new Map<string, number>();
    for (let i = 0; i < bench.dates.length; i++) benchByDate.set(bench.dates[i] as string, bench.close[i] as number);
    benchIndex.set(bench, benchByDate);
  }
  const ratio: number[] = [];
  // Only the last n+1 aligned points matter; walk back from the end.
  for (let i = Math.max(0, a.dates.length - n - 40); i < a.dates.length; i++) {
    const b = benchByDate.get(a.dates[i] as string);
    if (b !== undefined && b > 0) ratio.push((a.close[i] as number) / b);
  }
  return trailingReturn(ratio, n);
}

/**
 * Box breakout (METRICS.md): the box is the highest high and lowest low of the `n` bars
 * before today; it counts as a box only when its range is at most `maxRange` of its
 * bottom. A breakout is today's close above the top on volume above `k` × the 50-day
 * average. Null when there is not enough history or volume to judge.
 *
 * @example boxBreakout(bars) === true // a tight 20-day range, then a close above it on 2× volume
 */
export function boxBreakout(b: Bars, n = 20, maxRange = 0.15, k = 1.5): boolean | null {
  const t = b.close.length - 1;
  if (t < Math.max(n, 50)) return null;
  let hi = -Infinity;
  let lo = Infinity;
  for (let i = t - n; i < t; i++) {
    hi = Math.max(hi, b.high[i] as number);
    lo = Math.min(lo, b.low[i] as number);
  }
  if (!(lo > 0)) return null;
  const isBox = (hi - lo) / lo <= maxRange;
  const vr = volumeRatio(b.volume);
  if (vr === null) return null;
  return isBox && (b.close[t] as number) > hi && vr > k;
}
