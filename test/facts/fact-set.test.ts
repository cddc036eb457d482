import { describe, expect, it } from 'vitest';
import { FactSet, type StoredFact } from '../../main/core/facts/fact-set.ts';

/** A fact in the companyfacts shape; `start` null for instants. */
function f(tag: string, start: string | null, end: string, val: number, filed: string, accn = `acc-${filed}`, form = '10-Q'): StoredFact {
  return { taxonomy: 'us-gaap', tag, unit: 'USD', start, end, val, accn, fy: null, fp: null, form, filed };
}

// A December filer's cash flow from operations as real 10-Qs report it: year-to-date only.
const cfo = [
  f('NetCashProvidedByUsedInOperatingActivities', '2024-01-01', '2024-12-31', 400, '2025-02-20', 'k24', '10-K'),
  f('NetCashProvidedByUsedInOperatingActivities', '2024-01-01', '2024-09-30', 270, '2024-11-05', 'q324'),
  f('NetCashProvidedByUsedInOperatingActivities', '2025-01-01', '2025-03-31', 90, '2025-05-06', 'q125'),
  f('NetCashProvidedByUsedInOperatingActivities', '2025-01-01', '2025-06-30', 150, '2025-08-05', 'q225'),
  f('NetCashProvidedByUsedInOperatingActivities', '2025-01-01', '2025-09-30', 260, '2025-11-04', 'q325'),
];

describe('FactSet', () => {
  it('derives quarters from year-to-date cash flows, Q4 as the year minus nine months', () => {
    const q = new FactSet(cfo).quarters('cfo');
    expect(q.get('2024-12-31')?.val).toBe(130); // 400 − 270
    expect(q.get('2024-12-31')?.how).toBe('ytd_difference');
    expect(q.get('2025-03-31')?.val).toBe(90);
    expect(q.get('2025-06-30')?.val).toBe(60); // 150 − 90
    expect(q.get('2025-09-30')?.val).toBe(110); // 260 − 150
  });

  it('sums the last four contiguous quarters for a trailing twelve months', () => {
    const ttm = new FactSet(cfo).ttm('cfo', '2025-09-30');
    // Q4'24 130 + Q1 90 + Q2 60 + Q3 110 = FY24 400 + YTD25 260 − YTD24 270
    expect(ttm?.val).toBe(390);
    expect(ttm?.how).toBe('sum_of_quarters');
    expect(ttm?.start).toBe('2024-10-01');
  });

  it('uses the reported fiscal year when the period ends on a fiscal year end', () => {
    expect(new FactSet(cfo).ttm('cfo', '2024-12-31')).toMatchObject({ val: 400, how: 'reported' });
  });

  it('falls back to year + YTD − prior YTD when a quarter cannot be isolated', () => {
    const gappy = cfo.filter((x) => x.end !== '2025-06-30');
    expect(new FactSet(gappy).ttm('cfo', '2025-09-30')).toMatchObject({ val: 400 + 260 - 270, how: 'year_plus_ytd' });
  });

  it('returns null for a trailing twelve months it cannot complete, never a partial sum', () => {
    const noPriorYtd = cfo.filter((x) => x.end !== '2025-06-30' && x.end !== '2024-09-30');
    expect(new FactSet(noPriorYtd).ttm('cfo', '2025-09-30')).toBeNull();
  });

  it('keeps the newest filing of a period in the latest view and the first in the first view', () => {
    const facts = [
      f('Revenues', '2024-01-01', '2024-12-31', 1000, '2025-02-20', 'k24', '10-K'),
      f('Revenues', '2024-01-01', '2024-12-31', 950, '2026-02-19', 'k25', '10-K'), // restated comparative
    ];
    expect(new FactSet(facts).fiscalYears('revenue')[0]?.val).toBe(950);
    expect(new FactSet(facts, { kind: 'first' }).fiscalYears('revenue')[0]?.val).toBe(1000);
    expect(new FactSet(facts, { kind: 'as_of', date: '2025-12-31' }).fiscalYears('revenue')[0]?.val).toBe(1000);
    expect(new FactSet(facts, { kind: 'as_of', date: '2025-01-31' }).fiscalYears('revenue')).toEqual([]);
  });

  it('resolves a concept tier by tier per period when a company switches tags', () => {
    const facts = [
      f('InterestExpense', '2023-01-01', '2023-12-31', 50, '2024-02-20', 'k23', '10-K'),
      f('InterestExpenseNonoperating', '2024-01-01', '2024-12-31', 70, '2025-02-20', 'k24', '10-K'),
      f('InterestExpenseNonoperating', '2023-01-01', '2023-12-31', 51, '2025-02-20', 'k24', '10-K'),
    ];
    const years = new FactSet(facts).fiscalYears('interest_expense');
    expect(years.map((y) => [y.end, y.val, y.facts[0]?.tag])).toEqual([
      ['2024-12-31', 70, 'InterestExpenseNonoperating'],
      ['2023-12-31', 50, 'InterestExpense'], // the higher tier wins where both report a period
    ]);
  });

  it('finds the latest reported period and the date it was first filed', () => {
    expect(new FactSet(cfo).latestPeriod()).toEqual({ end: '2025-09-30', filed: '2025-11-04' });
    expect(new FactSet([]).latestPeriod()).toBeNull();
  });

  it('tells instants from durations', () => {
    const facts = [f('Assets', null, '2025-09-30', 5000, '2025-11-04'), f('Assets', null, '2024-12-31', 4800, '2025-02-20')];
    const fs = new FactSet(facts);
    expect(fs.latestInstant('assets')?.val).toBe(5000);
    expect(fs.latestInstant('assets', '2025-06-30')?.val).toBe(4800);
    expect(fs.durations('assets')).toEqual([]);
  });
});
