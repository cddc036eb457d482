/**
 * The generator's truth comes from its internal quarterly model. This test recomputes the
 * same metrics from the companyfacts JSON it writes, with a small reader written only
 * from METRICS.md / DATA-SOURCES.md (newest filing wins, quarters derived from
 * year-to-date facts, tag tiers resolved per period) — so the facts and the truth are
 * checked against each other without depending on the real importers.
 */
import { describe, expect, it } from 'vitest';
import type { MetricId, MetricValue } from '../../contract/metrics.ts';
import { demoCompanies, generateCompany, type CompanyFactsJson, type DemoTruth } from '../../main/core/universe/index.ts';

type Fact = { start?: string; end: string; val: number; filed: string };

const DAY = 86_400_000;
const days = (a: string, b: string): number => Math.round((Date.parse(b) - Date.parse(a)) / DAY) + 1;

/** Newest filing per (start, end), per tag. */
function latestByPeriod(facts: CompanyFactsJson, tag: string): Map<string, Fact> {
  const t = facts.facts['us-gaap'][tag] ?? facts.facts.dei[tag];
  const out = new Map<string, Fact>();
  if (!t) return out;
  for (const list of Object.values(t.units)) {
    for (const f of list as Fact[]) {
      const k = `${f.start ?? ''}|${f.end}`;
      const cur = out.get(k);
      if (!cur || f.filed > cur.filed) out.set(k, f);
    }
  }
  return out;
}

/** A concept resolved tier by tier: the first tag with a value for the period wins. */
function concept(facts: CompanyFactsJson, tiers: string[]): { get(start: string | undefined, end: string): number | undefined; periods(): { start?: string; end: string }[] } {
  const maps = tiers.map((t) => latestByPeriod(facts, t));
  return {
    get(start, end) {
      for (const m of maps) {
        const f = m.get(`${start ?? ''}|${end}`);
        if (f) return f.val;
      }
      return undefined;
    },
    periods() {
      const seen = new Map<string, { start?: string; end: string }>();
      for (const m of maps) for (const f of m.values()) seen.set(`${f.start ?? ''}|${f.end}`, f.start === undefined ? { end: f.end } : { start: f.start, end: f.end });
      return [...seen.values()];
    },
  };
}

/** Quarter value ending at `end`: a ~3-month fact, or YTD minus the previous YTD of the same year. */
function quarter(c: ReturnType<typeof concept>, end: string): number | undefined {
  const ps = c.periods().filter((p) => p.start !== undefined && p.end === end);
  const q = ps.find((p) => days(p.start!, p.end) <= 100);
  if (q) return c.get(q.start, q.end);
  const ytd = ps.sort((a, b) => (a.start! < b.start! ? -1 : 1))[0];
  if (!ytd) return undefined;
  const prior = c
    .periods()
    .filter((p) => p.start === ytd.start && p.end < end)
    .sort((a, b) => (a.end < b.end ? 1 : -1))[0];
  const total = c.get(ytd.start, ytd.end)!;
  return prior ? total - c.get(prior.start, prior.end)! : total;
}

function derive(facts: CompanyFactsJson, isFinancial: boolean): DemoTruth {
  const ni = concept(facts, ['NetIncomeLoss']);
  const ends = [...new Set(ni.periods().map((p) => p.end))].sort();
  const last4 = ends.slice(-4);
  const asOf = last4[3]!;
  const ttm = (c: ReturnType<typeof concept>): number | null => {
    if (c.periods().length === 0) return null;
    let s = 0;
    for (const e of last4) {
      const v = quarter(c, e);
      if (v === undefined) return null;
      s += v;
    }
    return s;
  };
  const instant = (tags: string[]): number | null => {
    const v = concept(facts, tags).get(undefined, asOf);
    return v === undefined ? null : v;
  };
  const revenue = ttm(concept(facts, ['RevenueFromContractWithCustomerExcludingAssessedTax', 'Revenues']));
  const netIncome = ttm(ni)!;
  const ebit = ttm(concept(facts, ['OperatingIncomeLoss']));
  const da = ttm(concept(facts, ['DepreciationDepletionAndAmortization', 'DepreciationAndAmortization']));
  const ebitda = ebit === null || da === null ? null : ebit + da;
  const interest = ttm(concept(facts, ['InterestExpense', 'InterestExpenseNonoperating']));
  const cfo = concept(facts, ['NetCashProvidedByUsedInOperatingActivities']);
  const capex = concept(facts, ['PaymentsToAcquirePropertyPlantAndEquipment']);
  let fcf = 0;
  let burn = 0;
  for (const e of last4) {
    const f = quarter(cfo, e)! - Math.abs(quarter(capex, e)!);
    fcf += f;
    burn += Math.max(0, -f) / 4;
  }
  // Total debt: the total tag if present for the date, else its parts, else instruments.
  let ltd = instant(['LongTermDebt']);
  if (ltd === null) {
    const nc = instant(['LongTermDebtNoncurrent']);
    const cur = instant(['LongTermDebtCurrent']);
    ltd = nc === null && cur === null ? instant(['ConvertibleNotesPayable']) : (nc ?? 0) + (cur ?? 0);
  }
  const stb = instant(['ShortTermBorrowings']);
  const totalDebt = ltd === null && stb === null ? null : (ltd ?? 0) + (stb ?? 0);
  const cash = (instant(['CashAndCashEquivalentsAtCarryingValue']) ?? 0) + (instant(['ShortTermInvestments']) ?? 0);
  const netDebt = totalDebt === null ? null : totalDebt - cash;
  const dei = [...latestByPeriod(facts, 'EntityCommonStockSharesOutstanding').values()].sort((a, b) => (a.end < b.end ? -1 : 1));
  return {
    shares_outstanding: dei[dei.length - 1]!.val,
    total_debt: totalDebt,
    cash_and_st_investments: cash,
    net_debt: netDebt,
    ebit_ttm: ebit,
    ebitda_ttm: ebitda,
    interest_expense_ttm: interest,
    net_debt_to_ebitda: isFinancial ? 'n/a_financial' : netDebt === null || ebitda === null ? null : netDebt < 0 ? 'net_cash' : ebitda <= 0 ? 'NM' : netDebt / ebitda,
    interest_coverage: isFinancial ? 'n/a_financial' : interest === null || interest <= 0 ? 'no_interest' : ebit === null ? null : ebit / interest,
    fcf_ttm: fcf,
    quarterly_burn: burn,
    runway_months: isFinancial ? 'n/a_financial' : burn === 0 ? 'not_burning' : (3 * cash) / burn,
    revenue_ttm: revenue,
    net_income_ttm: netIncome,
    is_profitable: netIncome > 0,
    as_of: asOf,
  };
}

function same(a: MetricValue | undefined, b: MetricValue | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return a === b;
}

describe('the written company facts', () => {
  it('imply exactly the truth the generator computed from its own model', () => {
    const mismatches: string[] = [];
    const cs = demoCompanies().filter((_, i) => i % 3 === 0);
    // Make sure the awkward cases are in the sample.
    const extra = demoCompanies().filter((c) => c.hasRestatement || c.isLateFiler || c.is5253Week);
    let checked = 0;
    for (const c of [...new Set([...cs, ...extra])]) {
      const g = generateCompany(c);
      const facts = JSON.parse(JSON.stringify(g.facts)) as CompanyFactsJson;
      const mine = derive(facts, c.sector === 'Financials');
      for (const [id, v] of Object.entries(mine) as [MetricId, MetricValue][]) {
        checked++;
        if (!same(g.truth[id], v)) mismatches.push(`${c.ticker} (${c.archetype}, ${g.profile.debtStyle}) ${id}: truth ${String(g.truth[id])}, facts ${String(v)}`);
      }
    }
    expect(checked).toBeGreaterThan(700 * 15);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('restate a prior year in a later 10-K: same period, different value, newer filing', () => {
    const c = demoCompanies().find((x) => x.hasRestatement)!;
    const g = generateCompany(c);
    const r = g.restatement!;
    const tag = r.tag === 'revenue' ? g.profile.revenueTag! : 'NetCashProvidedByUsedInOperatingActivities';
    const list = Object.values(g.facts.facts['us-gaap'][tag]!.units)[0]!;
    const fy = list.filter((f) => f.fp === 'FY' && f.start !== undefined && f.val === r.restated);
    expect(fy).toHaveLength(1);
    const original = list.filter((f) => f.start === fy[0]!.start && f.end === fy[0]!.end && f.val === r.original);
    expect(original.length).toBeGreaterThan(0);
    expect(original.every((f) => f.filed < fy[0]!.filed)).toBe(true);
  });

  it('carry maturity ladders in 10-Ks that sum to the long-term debt at that fiscal year end', () => {
    const LADDER = ['InNextTwelveMonths', 'InYearTwo', 'InYearThree', 'InYearFour', 'InYearFive', 'AfterYearFive'].map((s) => `LongTermDebtMaturitiesRepaymentsOfPrincipal${s}`);
    let ladders = 0;
    for (const c of demoCompanies().filter((_, i) => i % 10 === 0)) {
      const g = generateCompany(c);
      const ug = g.facts.facts['us-gaap'];
      if (!ug[LADDER[0]!]) continue;
      for (const first of ug[LADDER[0]!]!.units.USD!) {
        expect(first.form).toBe('10-K');
        const sum = LADDER.reduce((s, t) => s + ug[t]!.units.USD!.find((f) => f.end === first.end && f.accn === first.accn)!.val, 0);
        const debtAt = (tag: string): number | undefined => ug[tag]?.units.USD!.find((f) => f.end === first.end && f.accn === first.accn)?.val;
        const total = debtAt('LongTermDebt') ?? debtAt('ConvertibleNotesPayable') ?? (debtAt('LongTermDebtNoncurrent') ?? 0) + (debtAt('LongTermDebtCurrent') ?? 0);
        expect(sum, `${c.ticker} ${first.end}`).toBe(total);
        ladders++;
      }
    }
    expect(ladders).toBeGreaterThan(200);
  });

  it('put cash-flow items in 10-Qs only as year-to-date durations, income items as both', () => {
    const g = generateCompany(demoCompanies()[0]!);
    const cfo = g.facts.facts['us-gaap'].NetCashProvidedByUsedInOperatingActivities!.units.USD!;
    const ni = g.facts.facts['us-gaap'].NetIncomeLoss!.units.USD!;
    const q2q3 = (l: typeof cfo) => l.filter((f) => f.form === '10-Q' && (f.fp === 'Q2' || f.fp === 'Q3'));
    expect(q2q3(cfo).every((f) => days(f.start!, f.end) > 150)).toBe(true);
    const niDur = q2q3(ni).map((f) => days(f.start!, f.end) <= 100);
    expect(niDur.filter(Boolean).length).toBe(niDur.filter((x) => !x).length);
    // A 10-K carries the prior fiscal year as a comparative under the new fy.
    const k = ni.filter((f) => f.form === '10-K');
    const byAccn = new Map<string, typeof k>();
    for (const f of k) byAccn.set(f.accn, [...(byAccn.get(f.accn) ?? []), f]);
    for (const list of byAccn.values()) {
      expect(list).toHaveLength(2);
      expect(new Set(list.map((f) => f.fy)).size).toBe(1);
    }
  });
});
