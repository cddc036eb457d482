/**
 * Client-side indicators over a close series. Pure, O(n), no allocation per step beyond
 * the output array.
 */

/**
 * Simple moving average; `null` until `period` closes exist.
 * @example sma([1, 2, 3, 4], 2) // [null, 1.5, 2.5, 3.5]
 */
export function sma(close: readonly number[], period: number): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(close.length).fill(null);
  let sum = 0;
  for (let i = 0; i < close.length; i++) {
    sum += close[i] ?? 0;
    if (i >= period) sum -= close[i - period] ?? 0;
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}

/** Index of the first date ≥ `months` before the last date (dates are sorted YYYY-MM-DD). */
export function startIndexForMonths(dates: readonly string[], months: number): number {
  const last = dates[dates.length - 1];
  if (last === undefined) return 0;
  const [y, m, d] = last.split('-').map(Number) as [number, number, number];
  const start = new Date(Date.UTC(y, m - 1 - months, d)).toISOString().slice(0, 10);
  let lo = 0;
  let hi = dates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] ?? '') < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
