import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fiscalYearQuarters, isTradingDay, toDay, tradingDays, usDate } from '../../main/core/universe/calendar.ts';
import { HAS_REAL, REAL_DIR } from './helpers.ts';

describe('the demo trading calendar', () => {
  it('closes on NYSE holidays, including the observed ones and the 2025 day of mourning', () => {
    for (const d of ['2021-01-01', '2021-04-02', '2021-12-24', '2022-06-20', '2023-01-02', '2024-03-29', '2025-01-09', '2025-07-04', '2026-11-26', '2026-12-25']) {
      expect(isTradingDay(toDay(d)), d).toBe(false);
    }
    // New Year's Day 2022 fell on a Saturday: NYSE stayed open on Friday 31 December.
    for (const d of ['2021-12-31', '2021-06-18', '2026-11-20']) expect(isTradingDay(toDay(d)), d).toBe(true);
  });

  it.skipIf(!HAS_REAL)('matches the trading days of a real IWM price file, 2021 to August 2026', () => {
    const real = fs
      .readFileSync(path.join(REAL_DIR, 'prices/etf/IWM_daily_yfinance_2026-08-21.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.slice(0, 10))
      .filter((d) => d >= '2021-01-01');
    expect(tradingDays('2021-01-01', '2026-08-21')).toEqual(real);
  });

  it('formats dates the iShares way', () => {
    expect(usDate('2026-11-20')).toBe('Nov 20, 2026');
    expect(usDate('2021-01-04')).toBe('Jan 04, 2021');
  });

  it('builds calendar-month and 52/53-week fiscal quarters', () => {
    expect(fiscalYearQuarters(2027, 3, false).map((q) => [q.start, q.end])).toEqual([
      ['2026-04-01', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
      ['2027-01-01', '2027-03-31'],
    ]);
    const w = fiscalYearQuarters(2025, 12, true);
    expect(w.map((q) => q.end)).toEqual(['2025-03-29', '2025-06-28', '2025-09-27', '2025-12-27']);
    // 13-week quarters; a 53-week year puts the extra week in Q4.
    expect(fiscalYearQuarters(2025, 12, true).every((q) => (toDay(q.end) - toDay(q.start) + 1) % 7 === 0)).toBe(true);
    const fy2022 = fiscalYearQuarters(2022, 12, true);
    expect(toDay(fy2022[3]!.end) - toDay(fy2022[3]!.start) + 1).toBe(98);
  });
});
