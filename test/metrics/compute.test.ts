import { describe, expect, it } from 'vitest';
import { FactSet, type StoredFact } from '../../main/core/facts/fact-set.ts';
import { computeMetrics, totalDebtAt, type MetricInputs } from '../../main/core/metrics/compute.ts';

const fact = (tag: string, start: string | null, end: string, val: number, filed: string, unit = 'USD', taxonomy = 'us-gaap'): StoredFact => ({
  taxonomy,
  tag,
  unit,
  start,
  end,
  val,
  accn: `0000000000-${filed.slice(2, 4)}-${filed.slice(5, 7)}${filed.slice(8)}`,
  fy: null,
  fp: null,
  form: start && end.endsWith('12-31') ? '10-K' : '10-Q',
  filed,
});

/**
 * A small leveraged industrial, December year end, as of its Q3 2025 10-Q:
 * quarters (EBIT, D&A, interest, CFO, capex) Q4'24 … Q3'25.
 */
function leveragedIndustrial(): StoredFact[] {
  const f: StoredFact[] = [];
  const fy = (tag: string, v: number) => f.push(fact(tag, '2024-01-01', '2024-12-31', v, '2025-02-25'));
  const ytd9m24 = (tag: string, v: number) => f.push(fact(tag, '2024-01-01', '2024-09-30', v, '2024-11-06'));
  const ytd25 = (tag: string, vs: [number, number, number]) => {
    f.push(fact(tag, '2025-01-01', '2025-03-31', vs[0], '2025-05-07'));
    f.push(fact(tag, '2025-01-01', '2025-06-30', vs[1], '2025-08-06'));
    f.push(fact(tag, '2025-01-01', '2025-09-30', vs[2], '2025-11-05'));
  };
  // Income statement: FY24 and YTD figures; TTM = FY24 − 9M24 + 9M25.
  fy('OperatingIncomeLoss', 100);
  ytd9m24('OperatingIncomeLoss', 70);
  ytd25('OperatingIncomeLoss', [20, 45, 80]); // TTM EBIT = 100 − 70 + 80 = 110
  fy('DepreciationDepletionAndAmortization', 40);
  ytd9m24('DepreciationDepletionAndAmortization', 30);
  ytd25('DepreciationDepletionAndAmortization', [10, 20, 30]); // TTM D&A = 40
  fy('InterestExpense', 44);
  ytd9m24('InterestExpense', 33);
  ytd25('InterestExpense', [11, 22, 33]); // TTM = 44
  fy('NetIncomeLoss', 30);
  ytd9m24('NetIncomeLoss', 20);
  ytd25('NetIncomeLoss', [-5, 0, 4]); // TTM = 14
  fy('NetCashProvidedByUsedInOperatingActivities', 90);
  ytd9m24('NetCashProvidedByUsedInOperatingActivities', 60);
  ytd25('NetCashProvidedByUsedInOperatingActivities', [-10, 20, 55]); // quarters Q4 30, Q1 −10, Q2 30, Q3 35 → TTM 85
  fy('PaymentsToAcquirePropertyPlantAndEquipment', 40);
  ytd9m24('PaymentsToAcquirePropertyPlantAndEquipment', 30);
  ytd25('PaymentsToAcquirePropertyPlantAndEquipment', [10, 20, 30]); // quarters 10 each → TTM 40
  // Balance sheet at 2025-09-30: debt only as noncurrent + current parts, plus a revolver draw.
  const bs = (tag: string, v: number) => f.push(fact(tag, null, '2025-09-30', v, '2025-11-05'));
  bs('LongTermDebtNoncurrent', 560);
  bs('LongTermDebtCurrent', 40);
  bs('ShortTermBorrowings', 25);
  bs('CashAndCashEquivalentsAtCarryingValue', 75);
  bs('Assets', 1500);
  bs('StockholdersEquity', 400);
  f.push(fact('EntityCommonStockSharesOutstanding', null, '2025-10-31', 50_000_000, '2025-11-05', 'shares', 'dei'));
  return f;
}

const inputs = (facts: StoredFact[], over: Partial<MetricInputs> = {}): MetricInputs => ({
  facts: new FactSet(facts),
  isFinancial: false,
  bars: null,
  benchmark: null,
  holdingsPrice: 12,
  holdingsDate: '2025-11-20',
  indexWeight: 0.05,
  ...over,
});

describe('computeMetrics on a leveraged industrial', () => {
  const { values: v, provenance } = computeMetrics(inputs(leveragedIndustrial()));

  it('derives trailing-twelve-month flows from year-to-date filings', () => {
    expect(v.ebit_ttm).toBe(110);
    expect(v.ebitda_ttm).toBe(150);
    expect(v.interest_expense_ttm).toBe(44);
    expect(v.net_income_ttm).toBe(14);
    expect(v.cfo_ttm).toBe(85);
    expect(v.fcf_ttm).toBe(45);
  });

  it('adds current and noncurrent long-term debt and short-term borrowings, and says so', () => {
    expect(v.total_debt).toBe(625);
    expect(v.net_debt).toBe(550);
    expect(provenance.total_debt?.parts?.method).toBe('noncurrent + current long-term debt + short-term borrowings');
    expect(v.net_debt_to_ebitda).toBeCloseTo(550 / 150);
    expect(v.interest_coverage).toBeCloseTo(110 / 44);
  });

  it('averages burn over four quarters even when only one burned', () => {
    // FCF quarters: 30−10=20, −10−10=−20, 30−10=20, 35−10=25 → burn = 20/4 = 5 per quarter
    expect(v.quarterly_burn).toBe(5);
    expect(v.runway_months).toBe((3 * 75) / 5);
  });

  it('values the company from price and dei shares outstanding', () => {
    expect(v.price).toBe(12);
    expect(v.market_cap).toBe(600_000_000);
    expect(v.is_profitable).toBe(true);
    expect(v.as_of).toBe('2025-09-30');
    expect(v.filed).toBe('2025-11-05');
  });

  it('keeps a fact trail for every flow it reports', () => {
    const tags = provenance.ebit_ttm?.facts?.map((f) => `${f.tag} ${f.start}..${f.end}`);
    expect(tags).toContain('OperatingIncomeLoss 2025-01-01..2025-09-30');
  });
});

describe('computeMetrics edge states', () => {
  it('gives banks n/a for leverage, coverage and runway', () => {
    const { values: v } = computeMetrics(inputs(leveragedIndustrial(), { isFinancial: true }));
    expect(v.net_debt_to_ebitda).toBe('n/a_financial');
    expect(v.interest_coverage).toBe('n/a_financial');
    expect(v.runway_months).toBe('n/a_financial');
    expect(v.classification).toBe('financial');
  });

  it('reports missing debt as missing, not zero', () => {
    const noDebt = leveragedIndustrial().filter((f) => !/Debt|Borrowings/.test(f.tag));
    const { values: v } = computeMetrics(inputs(noDebt));
    expect(v.total_debt).toBeNull();
    expect(v.net_debt).toBeNull();
    expect(v.net_debt_to_ebitda).toBeNull();
  });

  it('prefers a total debt tag to its parts for the same date, never both', () => {
    const facts = [...leveragedIndustrial(), fact('LongTermDebt', null, '2025-09-30', 600, '2025-11-05')];
    const d = totalDebtAt(new FactSet(facts), '2025-09-30');
    expect(d?.val).toBe(625); // 600 total LTD + 25 short-term borrowings
    expect(d?.facts.map((f) => f.tag)).toEqual(['LongTermDebt', 'ShortTermBorrowings']);
  });

  it('has no interest state when neither interest expense nor debt is reported', () => {
    const facts = leveragedIndustrial().filter((f) => f.tag !== 'InterestExpense' && !/Debt|Borrowings/.test(f.tag));
    expect(computeMetrics(inputs(facts)).values.interest_coverage).toBe('no_interest');
  });

  it('leaves coverage missing, not "no interest", for a borrower that tagged no interest', () => {
    const facts = leveragedIndustrial().filter((f) => f.tag !== 'InterestExpense');
    const r = computeMetrics(inputs(facts));
    expect(r.values.interest_coverage).toBeNull();
    expect(r.provenance.interest_coverage?.note).toMatch(/carries debt but tagged no interest/);
  });

  it('falls back to net interest, sign flipped, and says coverage is overstated', () => {
    const facts = leveragedIndustrial().map((f) => (f.tag === 'InterestExpense' ? { ...f, tag: 'InterestIncomeExpenseNonoperatingNet', val: -f.val } : f));
    const r = computeMetrics(inputs(facts));
    expect(r.values.interest_expense_ttm).toBe(44);
    expect(r.values.interest_coverage).toBeCloseTo(110 / 44);
    expect(r.provenance.interest_coverage?.note).toMatch(/net of interest income/);
  });
});
