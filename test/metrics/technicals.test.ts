import { describe, expect, it } from 'vitest';
import { boxBreakout, ema, macd, pctBelowHigh, rsi, sma, trailingReturn, volumeRatio } from '../../main/core/metrics/technicals.ts';

describe('technicals', () => {
  it('simple moving average is NaN until it has n values', () => {
    const s = sma([1, 2, 3, 4, 5], 3);
    expect(s.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(s.slice(2)).toEqual([2, 3, 4]);
  });

  it('EMA is seeded with the SMA and then smooths with 2/(n+1)', () => {
    const e = ema([2, 4, 6, 8], 3);
    expect(e[2]).toBe(4);
    expect(e[3]).toBeCloseTo(0.5 * 8 + 0.5 * 4);
  });

  it('RSI(14) uses Wilder smoothing: the textbook example gives 70.53 then 66.32', () => {
    // StockCharts' worked example; its table rounds intermediate averages to 2 decimals,
    // so exact arithmetic agrees to within a tenth.
    const closes = [44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.0, 46.03, 46.41, 46.22, 45.64];
    const r = rsi(closes, 14);
    expect(Math.abs((r[14] as number) - 70.53)).toBeLessThan(0.1);
    expect(Math.abs((r[15] as number) - 66.32)).toBeLessThan(0.1);
    expect(Number.isNaN(r[13])).toBe(true);
  });

  it('RSI is 100 when a series only rises', () => {
    const up = Array.from({ length: 30 }, (_, i) => 10 + i);
    expect(rsi(up)[29]).toBe(100);
  });

  it('MACD histogram is the line minus its signal', () => {
    const xs = Array.from({ length: 60 }, (_, i) => 100 + Math.sin(i / 5) * 10);
    const m = macd(xs);
    const i = 59;
    expect(m.histogram[i]).toBeCloseTo((m.macd[i] as number) - (m.signal[i] as number));
    expect(Number.isNaN(m.signal[30] as number)).toBe(true); // 26 + 9 − 1 bars needed
    expect(Number.isFinite(m.signal[33] as number)).toBe(true);
  });

  it('returns, distance from the high and volume ratio', () => {
    expect(trailingReturn([10, 11, 12], 2)).toBeCloseTo(0.2);
    expect(trailingReturn([10], 2)).toBeNull();
    expect(pctBelowHigh([10, 20, 15], [9, 18, 15])).toBeCloseTo(0.25);
    const vol = [...Array.from({ length: 50 }, () => 100), 300];
    expect(volumeRatio(vol)).toBe(3);
  });

  it('calls a close above a tight 20-day box on heavy volume a breakout, and nothing else', () => {
    const n = 80;
    const bars = (lastClose: number, lastVolume: number, wobble = 1) => ({
      dates: Array.from({ length: n }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`),
      high: Array.from({ length: n }, (_, i) => (i === n - 1 ? lastClose : 100 + wobble)),
      low: Array.from({ length: n }, () => 100 - wobble),
      close: Array.from({ length: n }, (_, i) => (i === n - 1 ? lastClose : 100)),
      volume: Array.from({ length: n }, (_, i) => (i === n - 1 ? lastVolume : 1000)),
    });
    expect(boxBreakout(bars(105, 2000))).toBe(true); // box 99–101, close 105 on 2× volume
    expect(boxBreakout(bars(105, 1200))).toBe(false); // volume too light
    expect(boxBreakout(bars(100.5, 3000))).toBe(false); // still inside the box
    expect(boxBreakout(bars(130, 3000, 20))).toBe(false); // 80–120 is a 50 % range, not a box
    expect(boxBreakout({ ...bars(105, 2000), close: [1, 2] })).toBeNull();
  });
});
