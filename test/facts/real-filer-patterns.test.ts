/**
 * Tag patterns met in the real SEC company facts (test/real/hand-checked.test.ts), each
 * reproduced on a small synthetic case. The company that showed it is named per test.
 */
import { describe, expect, it } from 'vitest';
import { FactSet, type StoredFact } from '../../main/core/facts/fact-set.ts';

function f(tag: string, start: string | null, end: string, val: number, filed: string, taxonomy = 'us-gaap'): StoredFact {
  return { taxonomy, tag, unit: 'USD', start, end, val, accn: `acc-${filed}`, fy: null, fp: null, form: start && end.endsWith('12-31') ? '10-K' : '10-Q', filed };
}

describe('FactSet on patterns from real filers', () => {
  it('never mixes gross and net interest tiers in one quarter or TTM (Norwegian Cruise Line)', () => {
    // A small gross component tagged in the 10-Qs only (no fiscal-year figure), and the income
    // statement's net interest expense tagged everywhere. Q4 = FY(net) − 9M(gross) would be nonsense.
    const facts = [
      f('InterestExpenseNonoperating', '2024-01-01', '2024-09-30', 48, '2024-11-07'),
      f('InterestExpenseNonoperating', '2024-07-01', '2024-09-30', 15, '2024-11-07'),
      f('InterestExpenseNonoperating', '2025-01-01', '2025-03-31', 14, '2025-05-05'),
      f('InterestExpenseNonoperating', '2025-04-01', '2025-06-30', 11, '2025-08-04'),
      f('InterestIncomeExpenseNonoperatingNet', '2024-01-01', '2024-09-30', -571, '2024-11-07'),
      f('InterestIncomeExpenseNonoperatingNet', '2024-07-01', '2024-09-30', -175, '2024-11-07'),
      f('InterestIncomeExpenseNonoperatingNet', '2024-01-01', '2024-12-31', -747, '2025-02-27'),
      f('InterestIncomeExpenseNonoperatingNet', '2025-01-01', '2025-03-31', -218, '2025-05-05'),
      f('InterestIncomeExpenseNonoperatingNet', '2025-04-01', '2025-06-30', -237, '2025-08-04'),
    ];
    const ttm = new FactSet(facts).ttm('interest_expense', '2025-06-30');
    // Net, sign flipped: 175 + (747 − 571) + 218 + 237
    expect(ttm?.val).toBe(806);
    expect(new Set(ttm?.facts.map((x) => x.tag))).toEqual(new Set(['InterestIncomeExpenseNonoperatingNet']));
    expect(ttm?.facts.every((x) => x.negated)).toBe(true);
  });

  it('prefers a quarter derived within the first tier to a lower tier\'s reported quarter (Edison International)', () => {
    // DepreciationDepletionAndAmortization (tier 1) is YTD-only; DepreciationAndAmortization
    // (tier 2, a narrower figure) has a reported Q3 from an older 10-Q.
    const facts = [
      f('DepreciationDepletionAndAmortization', '2024-01-01', '2024-06-30', 1454, '2025-07-31'),
      f('DepreciationDepletionAndAmortization', '2024-01-01', '2024-09-30', 2183, '2024-10-29'),
      f('DepreciationDepletionAndAmortization', '2024-01-01', '2024-12-31', 2939, '2025-02-27'),
      f('DepreciationDepletionAndAmortization', '2025-01-01', '2025-03-31', 742, '2025-04-29'),
      f('DepreciationDepletionAndAmortization', '2025-01-01', '2025-06-30', 1568, '2025-07-31'),
      f('DepreciationAndAmortization', '2024-07-01', '2024-09-30', 710, '2024-10-29'),
    ];
    const fs = new FactSet(facts);
    const q3 = fs.quarters('depreciation_amortization').get('2024-09-30');
    expect(q3).toMatchObject({ val: 2183 - 1454, how: 'ytd_difference' });
    expect(q3?.facts.map((x) => x.tag)).toEqual(['DepreciationDepletionAndAmortization', 'DepreciationDepletionAndAmortization']);
    expect(fs.ttm('depreciation_amortization', '2025-06-30')?.val).toBe(2939 + 1568 - 1454); // 3,053
  });

  it('still derives a quarter across tiers when a company switched tags between YTD figures (Caesars)', () => {
    const facts = [
      f('InterestExpenseNonoperating', '2024-01-01', '2024-09-30', 1837, '2024-10-29'),
      f('InterestExpense', '2024-01-01', '2024-12-31', 2438, '2025-02-25'),
    ];
    const q4 = new FactSet(facts).quarters('interest_expense').get('2024-12-31');
    expect(q4).toMatchObject({ val: 601, how: 'ytd_difference' });
    expect(q4?.facts.map((x) => x.tag)).toEqual(['InterestExpense', 'InterestExpenseNonoperating']);
  });

  it('rebuilds an untagged half-year as nine months minus the third quarter (Snowflake)', () => {
    // Interest on zero-coupon converts: Q1 0, no half-year fact, nine months and Q3 689.
    const facts = [
      f('InterestExpenseNonoperating', '2024-02-01', '2024-04-30', 0, '2025-05-30'),
      f('InterestExpenseNonoperating', '2024-02-01', '2024-10-31', 689, '2024-11-27'),
      f('InterestExpenseNonoperating', '2024-08-01', '2024-10-31', 689, '2024-11-27'),
      f('InterestExpenseNonoperating', '2024-02-01', '2025-01-31', 2759, '2025-03-21'),
      f('InterestExpenseNonoperating', '2025-02-01', '2025-04-30', 2071, '2025-05-30'),
    ];
    const fs = new FactSet(facts);
    const q2 = fs.quarters('interest_expense').get('2024-07-31');
    expect(q2).toMatchObject({ val: 0, start: '2024-05-01', how: 'ytd_difference' });
    // Q2 = 9M − Q3 − Q1: the first fact added, the rest subtracted.
    expect(q2?.facts.map((x) => `${x.start}..${x.end}`)).toEqual(['2024-02-01..2024-10-31', '2024-08-01..2024-10-31', '2024-02-01..2024-04-30']);
    const ttm = fs.ttm('interest_expense', '2025-04-30');
    expect(ttm).toMatchObject({ val: 0 + 689 + (2759 - 689) + 2071, how: 'sum_of_quarters', start: '2024-05-01' });
  });

  it('falls back to operating cash flow from continuing operations where the total is untagged (Caesars)', () => {
    const facts = [
      f('NetCashProvidedByUsedInOperatingActivities', '2024-01-01', '2024-06-30', 534, '2025-07-29'),
      f('NetCashProvidedByUsedInOperatingActivities', '2024-01-01', '2024-09-30', 766, '2024-10-29'),
      f('NetCashProvidedByUsedInOperatingActivitiesContinuingOperations', '2024-01-01', '2024-12-31', 1075, '2025-02-25'),
      f('NetCashProvidedByUsedInOperatingActivities', '2025-01-01', '2025-03-31', 218, '2025-04-29'),
      f('NetCashProvidedByUsedInOperatingActivities', '2025-01-01', '2025-06-30', 680, '2025-07-29'),
    ];
    const ttm = new FactSet(facts).ttm('cfo', '2025-06-30');
    expect(ttm?.val).toBe(1075 + 680 - 534);
    expect(ttm?.facts.map((x) => x.tag)).toContain('NetCashProvidedByUsedInOperatingActivitiesContinuingOperations');
  });

  it('finds the latest fiscal year end of a 52/53-week filer (Intel)', () => {
    const facts = [
      f('NetIncomeLoss', '2023-12-31', '2024-12-28', -18756, '2025-01-31'),
      f('NetIncomeLoss', '2024-12-29', '2025-06-28', -3709, '2025-07-24'),
    ];
    expect(new FactSet(facts).latestFiscalYearEnd()).toBe('2024-12-28');
    expect(new FactSet([]).latestFiscalYearEnd()).toBeNull();
  });

  it('tells an IFRS filer from a us-gaap filer (Logistic Properties of the Americas)', () => {
    const ifrs = new FactSet([f('Revenue', '2024-01-01', '2024-12-31', 40, '2025-04-07', 'ifrs-full'), f('EntityCommonStockSharesOutstanding', null, '2025-03-31', 31, '2025-04-07', 'dei')]);
    expect(ifrs.taxonomies()).toEqual(['dei', 'ifrs-full']);
    expect(ifrs.hasOnlyForeignTaxonomy()).toBe(true);
    expect(new FactSet([f('Revenues', '2024-01-01', '2024-12-31', 40, '2025-02-01')]).hasOnlyForeignTaxonomy()).toBe(false);
    expect(new FactSet([]).hasOnlyForeignTaxonomy()).toBe(false);
  });
});
