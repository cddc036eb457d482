/**
 * Metric rules met in the real SEC company facts (test/real/hand-checked.test.ts), each
 * reproduced on a small synthetic case. The company that showed it is named per test.
 */
import { describe, expect, it } from 'vitest';
import { FactSet, type StoredFact } from '../../main/core/facts/fact-set.ts';
import { computeMetrics, totalDebtAt, type MetricInputs } from '../../main/core/metrics/compute.ts';

const fact = (tag: string, start: string | null, end: string, val: number, filed: string, form = '10-Q', taxonomy = 'us-gaap'): StoredFact => ({
  taxonomy,
  tag,
  unit: 'USD',
  start,
  end,
  val,
  accn: `acc-${filed}-${form}`,
  fy: null,
  fp: null,
  form,
  filed,
});

/** A December filer as of its Q2 2025 10-Q: FY2024, H1 2024 and H1 2025 flows, a balance sheet. */
function company(over: { interest?: StoredFact[]; balanceSheet?: StoredFact[] } = {}): StoredFact[] {
  const flows: [string, number, number, number, number][] = [
    // tag, Q1'24 (YTD), H1'24, FY24, and the 2025 YTDs are Q1'25 / H1'25 below
    ['OperatingIncomeLoss', 20, 45, 100, 0],
    ['DepreciationDepletionAndAmortization', 10, 20, 40, 0],
    ['NetIncomeLoss', 5, 10, 30, 0],
    ['NetCashProvidedByUsedInOperatingActivities', 20, 40, 90, 0],
    ['PaymentsToAcquirePropertyPlantAndEquipment', 10, 20, 40, 0],
  ];
  const f: StoredFact[] = [];
  for (const [tag, q1, h1, fy] of flows) {
    f.push(fact(tag, '2024-01-01', '2024-03-31', q1, '2025-05-06'));
    f.push(fact(tag, '2024-01-01', '2024-06-30', h1, '2025-08-05'));
    f.push(fact(tag, '2024-01-01', '2024-09-30', h1 + (fy - h1) / 2, '2024-11-05'));
    f.push(fact(tag, '2024-01-01', '2024-12-31', fy, '2025-02-20', '10-K'));
    f.push(fact(tag, '2025-01-01', '2025-03-31', q1, '2025-05-06'));
    f.push(fact(tag, '2025-01-01', '2025-06-30', h1, '2025-08-05'));
  }
  f.push(...(over.interest ?? []));
  f.push(...(over.balanceSheet ?? [fact('Assets', null, '2025-06-30', 1000, '2025-08-05'), fact('CashAndCashEquivalentsAtCarryingValue', null, '2025-06-30', 50, '2025-08-05')]));
  return f;
}

const inputs = (facts: StoredFact[], over: Partial<MetricInputs> = {}): MetricInputs => ({
  facts: new FactSet(facts),
  isFinancial: false,
  bars: null,
  benchmark: null,
  holdingsPrice: null,
  holdingsDate: null,
  indexWeight: null,
  ...over,
});

const at = (tag: string, val: number, end = '2025-06-30') => fact(tag, null, end, val, '2025-08-05');

describe('total debt on patterns from real filers', () => {
  it('takes noncurrent long-term debt with DebtCurrent when no LongTermDebtCurrent is tagged (Intel)', () => {
    const fs = new FactSet([at('LongTermDebtNoncurrent', 44_026), at('DebtCurrent', 6_731), at('CommercialPaper', 2_000)]);
    const d = totalDebtAt(fs, '2025-06-30');
    expect(d?.val).toBe(50_757); // commercial paper is inside DebtCurrent: not added again
    expect(d?.facts.map((x) => x.tag)).toEqual(['LongTermDebtNoncurrent', 'DebtCurrent']);
    expect(d?.method).toBe('noncurrent long-term debt + current debt');
  });

  it('still takes the noncurrent part alone when no current portion is tagged at all', () => {
    const d = totalDebtAt(new FactSet([at('LongTermDebtNoncurrent', 500), at('ShortTermBorrowings', 20)]), '2025-06-30');
    expect(d).toMatchObject({ val: 520, method: 'noncurrent + current long-term debt + short-term borrowings' });
  });

  it('says leases are included when debt is tagged only with capital-lease obligations (Norwegian Cruise Line)', () => {
    const facts = company({ balanceSheet: [at('Assets', 1000), at('CashAndCashEquivalentsAtCarryingValue', 50), at('LongTermDebtAndCapitalLeaseObligations', 600), at('LongTermDebtAndCapitalLeaseObligationsCurrent', 40)] });
    const r = computeMetrics(inputs(facts));
    expect(r.values.total_debt).toBe(640);
    expect(r.provenance.total_debt?.note).toMatch(/Leases included/);
    const plain = computeMetrics(inputs(company({ balanceSheet: [at('Assets', 1000), at('LongTermDebt', 600)] })));
    expect(plain.provenance.total_debt?.note).toBe('Leases excluded.');
  });
});

describe('maturity ladder on patterns from real filers', () => {
  const ladder = (end: string, filed: string, form: string, next12: number, y2: number) => [
    fact('LongTermDebtMaturitiesRepaymentsOfPrincipalInNextTwelveMonths', null, end, next12, filed, form),
    fact('LongTermDebtMaturitiesRepaymentsOfPrincipalInYearTwo', null, end, y2, filed, form),
  ];

  it('reads the ladder at the latest fiscal year end, not a 10-Q "next twelve months" that means next fiscal year (Carnival, Synchrony)', () => {
    const facts = [
      ...company(),
      ...ladder('2024-12-31', '2025-02-20', '10-K', 5650, 3250),
      // The Q2 10-Q: remainder of 2025, then 2026 tagged as "InNextTwelveMonths", 2027 as year two.
      fact('LongTermDebtMaturitiesRepaymentsOfPrincipalRemainderOfFiscalYear', null, '2025-06-30', 2575, '2025-08-05'),
      ...ladder('2025-06-30', '2025-08-05', '10-Q', 3800, 4200),
    ];
    const r = computeMetrics(inputs(facts));
    expect(r.values.maturity_next_12m).toBe(5650);
    expect(r.values.maturity_year_2).toBe(3250);
    expect(r.values.due_2026).toBe(3250); // FY2024 ladder: year two = calendar 2026
    expect(r.provenance.maturity_next_12m?.parts?.fiscal_year_end).toBe('2024-12-31');
  });

  it('leaves the ladder missing when the last one tagged is older than the latest fiscal year end (Enphase)', () => {
    const r = computeMetrics(inputs([...company(), ...ladder('2017-12-31', '2018-02-20', '10-K', 3, 8)]));
    expect(r.values.maturity_next_12m).toBeNull();
    expect(r.values.maturity_year_2).toBeNull();
    expect(r.values.due_2026).toBeNull();
    expect(r.provenance.maturity_next_12m?.note).toMatch(/2017-12-31.*stale/);
  });
});

describe('interest on patterns from real filers', () => {
  const net = (vals: [number, number, number, number, number, number]) =>
    (['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31', '2025-03-31', '2025-06-30'] as const).map((end, i) =>
      fact('InterestIncomeExpenseNet', end.startsWith('2024') ? '2024-01-01' : '2025-01-01', end, vals[i] as number, i === 3 ? '2025-02-20' : '2025-08-05', i === 3 ? '10-K' : '10-Q'),
    );

  it('treats net interest income as unknown gross interest, not negative interest expense (Synchrony, Snowflake)', () => {
    // Net interest is income (+): flipped it would be a negative "expense" and read as "no interest".
    const withDebt = company({ interest: net([40, 80, 120, 160, 40, 80]), balanceSheet: [at('Assets', 1000), at('LongTermDebt', 300)] });
    const r = computeMetrics(inputs(withDebt));
    expect(r.values.interest_expense_ttm).toBeNull();
    expect(r.values.interest_coverage).toBeNull();
    expect(r.provenance.interest_coverage?.note).toMatch(/net interest income: gross interest expense is unknown/);
    // Without debt on the balance sheet, earning interest and paying none is "no interest".
    const noDebt = company({ interest: net([40, 80, 120, 160, 40, 80]) });
    expect(computeMetrics(inputs(noDebt)).values.interest_coverage).toBe('no_interest');
  });

  it('keeps net interest expense, sign flipped, when that is all a company tags (Delta)', () => {
    const r = computeMetrics(inputs(company({ interest: net([-5, -10, -15, -20, -5, -10]), balanceSheet: [at('Assets', 1000), at('LongTermDebt', 300)] })));
    expect(r.values.interest_expense_ttm).toBe(20); // FY 20 + H1'25 10 − H1'24 10
    expect(r.values.interest_coverage).toBeCloseTo(100 / 20);
    expect(r.provenance.interest_expense_ttm?.note).toMatch(/net interest/);
  });

  it('does not call a company without a us-gaap balance sheet "no interest" (Logistic Properties of the Americas)', () => {
    const ifrs = [fact('Revenue', '2024-01-01', '2024-12-31', 40, '2025-04-07', '20-F', 'ifrs-full'), fact('Borrowings', null, '2024-12-31', 300, '2025-04-07', '20-F', 'ifrs-full')];
    const r = computeMetrics(inputs(ifrs));
    expect(r.values.interest_coverage).toBeNull();
    expect(r.values.ebitda_coverage).toBeNull();
    expect(r.values.total_debt).toBeNull();
    expect(r.values.classification).toBeNull();
    expect(r.provenance.as_of?.note).toMatch(/ifrs-full, not us-gaap/);
  });
});
