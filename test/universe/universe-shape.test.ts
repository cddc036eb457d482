import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_AS_OF,
  DEMO_SECTOR_COUNTS,
  demoCompanies,
  generateCompany,
  type DemoCompany,
  type DemoTruth,
  type GeneratedCompany,
} from '../../main/core/universe/index.ts';

interface Row {
  c: DemoCompany;
  t: DemoTruth;
  g: Pick<GeneratedCompany, 'profile' | 'restatement' | 'filings' | 'quarters'>;
}

let rows: Row[] = [];

beforeAll(() => {
  // The whole universe, generated in memory once (no files): ~10 s on two cores.
  rows = demoCompanies().map((c) => {
    const g = generateCompany(c);
    return { c, t: g.truth, g: { profile: g.profile, restatement: g.restatement, filings: g.filings, quarters: g.quarters } };
  });
});

const share = (xs: Row[], f: (r: Row) => boolean): number => xs.filter(f).length / xs.length;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const nonFinancial = (): Row[] => rows.filter((r) => r.c.sector !== 'Financials');

describe('the demo universe as a whole', () => {
  it('has exactly the May 2026 IWM sector mix, 1,924 companies', () => {
    expect(DEMO_SECTOR_COUNTS).toEqual({
      Financials: 408,
      'Health Care': 400,
      Industrials: 260,
      'Information Technology': 207,
      'Consumer Discretionary': 195,
      Energy: 105,
      'Real Estate': 98,
      Materials: 83,
      Communication: 77,
      'Consumer Staples': 60,
      Utilities: 31,
    });
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.c.sector] = (counts[r.c.sector] ?? 0) + 1;
    expect(counts).toEqual(DEMO_SECTOR_COUNTS);
    expect(rows).toHaveLength(1924);
  });

  it('has 40–46 % of companies unprofitable over the trailing twelve months', () => {
    const unprofitable = share(rows, (r) => r.t.is_profitable === false);
    expect(unprofitable).toBeGreaterThanOrEqual(0.4);
    expect(unprofitable).toBeLessThanOrEqual(0.46);
    for (const r of rows) expect(r.t.is_profitable, r.c.ticker).toBe((r.t.net_income_ttm as number) > 0);
  });

  it('keeps the archetype quotas: banks ~60 % of Financials, clinical-stage biotech ~half of Health Care', () => {
    const fin = rows.filter((r) => r.c.sector === 'Financials');
    const hc = rows.filter((r) => r.c.sector === 'Health Care');
    expect(share(fin, (r) => r.c.archetype === 'bank')).toBeCloseTo(0.6, 2);
    expect(share(hc, (r) => r.c.archetype === 'biotech')).toBeCloseTo(0.5, 2);
    for (const a of ['fortress', 'leveraged', 'zombie', 'walking_dead', 'growth_burner', 'reit', 'insurer'] as const) {
      expect(rows.some((r) => r.c.archetype === a), a).toBe(true);
    }
  });

  it('has a believable share of burners inside the going-concern year (runway < 12 months)', () => {
    const burners = share(rows, (r) => (num(r.t.runway_months) ?? Infinity) < 12);
    expect(burners).toBeGreaterThan(0.04);
    expect(burners).toBeLessThan(0.15);
    const bio = rows.filter((r) => r.c.archetype === 'biotech');
    const bioShort = share(bio, (r) => (num(r.t.runway_months) ?? Infinity) < 12);
    expect(bioShort).toBeGreaterThan(0.12);
    expect(bioShort).toBeLessThan(0.4);
    const runways = bio.map((r) => num(r.t.runway_months)).filter((x): x is number => x !== null);
    expect(Math.min(...runways)).toBeGreaterThanOrEqual(2.5);
    expect(Math.max(...runways)).toBeGreaterThan(40);
  });

  it('has a believable share of net-cash companies and of net debt / EBITDA above 5×', () => {
    const nf = nonFinancial();
    const netCash = share(nf, (r) => r.t.net_debt_to_ebitda === 'net_cash');
    expect(netCash).toBeGreaterThan(0.2);
    expect(netCash).toBeLessThan(0.45);
    const above5 = share(nf, (r) => (num(r.t.net_debt_to_ebitda) ?? 0) > 5);
    expect(above5).toBeGreaterThan(0.05);
    expect(above5).toBeLessThan(0.22);
    // Every state shows up, including missing debt (no debt tag at all).
    for (const s of ['NM', null] as const) expect(nf.some((r) => r.t.net_debt_to_ebitda === s), String(s)).toBe(true);
    expect(nf.some((r) => r.t.interest_coverage === 'no_interest')).toBe(true);
    expect(rows.filter((r) => r.c.sector === 'Financials').every((r) => r.t.net_debt_to_ebitda === 'n/a_financial' && r.t.runway_months === 'n/a_financial')).toBe(true);
  });

  it('spreads market caps log-normally from $30M to $15B around a ~$0.9B median, at believable prices', () => {
    const caps = rows.map((r) => r.t.market_cap as number).sort((a, b) => a - b);
    expect(caps[0]).toBeGreaterThanOrEqual(29.5e6);
    expect(caps[caps.length - 1]).toBeLessThanOrEqual(15.1e9);
    const median = caps[Math.floor(caps.length / 2)]!;
    expect(median).toBeGreaterThan(0.6e9);
    expect(median).toBeLessThan(1.3e9);
    // Fat right tail: the top decile is far above the median.
    expect(caps[Math.floor(caps.length * 0.9)]! / median).toBeGreaterThan(3);
    const prices = rows.map((r) => r.t.price as number);
    expect(share(rows, (r) => (r.t.price as number) >= 1 && (r.t.price as number) <= 400)).toBeGreaterThan(0.95);
    expect(Math.max(...prices)).toBeLessThanOrEqual(400);
    expect(Math.min(...prices)).toBeGreaterThan(0);
    for (const r of rows) expect(r.t.market_cap).toBe((r.t.price as number) * (r.t.shares_outstanding as number));
  });

  it('uses mostly December fiscal years, some March/June/September, and a few 52/53-week calendars', () => {
    const months = rows.map((r) => r.c.fiscalYearEndMonth);
    expect(months.filter((m) => m === 12).length / months.length).toBeGreaterThan(0.7);
    for (const m of [3, 6, 9]) expect(months.filter((x) => x === m).length, `month ${m}`).toBeGreaterThan(20);
    expect(rows.filter((r) => r.c.is5253Week).length).toBeGreaterThan(20);
  });

  it('has at least five fiscal years of 10-Ks per company, nothing filed after the as-of date, and a few late filers', () => {
    for (const r of rows) {
      const tenKs = r.g.filings.filter((f) => f.form === '10-K');
      expect(tenKs.length, r.c.ticker).toBeGreaterThanOrEqual(5);
      expect(r.g.filings.every((f) => f.filed <= DEMO_AS_OF)).toBe(true);
    }
    const late = rows.filter((r) => r.c.isLateFiler);
    expect(late.length / rows.length).toBeCloseTo(0.04, 2);
    // A late filer's newest period is a quarter older than an on-time peer's.
    const onTimeDec = rows.find((r) => !r.c.isLateFiler && r.c.fiscalYearEndMonth === 12 && !r.c.is5253Week)!;
    const lateDec = late.find((r) => r.c.fiscalYearEndMonth === 12 && !r.c.is5253Week)!;
    expect(onTimeDec.t.as_of).toBe('2026-09-30');
    expect(lateDec.t.as_of).toBe('2026-06-30');
  });

  it('restates one prior-year value for about 3 % of companies, in a later 10-K', () => {
    const restated = rows.filter((r) => r.g.restatement !== null);
    expect(restated.length / rows.length).toBeGreaterThan(0.02);
    expect(restated.length / rows.length).toBeLessThan(0.04);
    for (const r of restated) expect(r.g.restatement!.restated).not.toBe(r.g.restatement!.original);
  });

  it('exercises the tag variants the importer must resolve', () => {
    const p = rows.map((r) => r.g.profile);
    expect(p.filter((x) => x.revenueTag === 'Revenues').length).toBeGreaterThan(100);
    expect(p.filter((x) => x.revenueTag === null).length).toBeGreaterThan(50);
    expect(p.filter((x) => x.interestSwitchFy !== null).length).toBeGreaterThan(50);
    expect(p.filter((x) => x.daTag === 'DepreciationAndAmortization').length).toBeGreaterThan(200);
    for (const s of ['total', 'total_with_parts', 'split', 'convertible', 'zero', 'none'] as const) {
      expect(p.filter((x) => x.debtStyle === s).length, s).toBeGreaterThan(30);
    }
    const debtFree = p.filter((x) => x.debtStyle === 'zero' || x.debtStyle === 'none');
    expect(debtFree.filter((x) => x.debtStyle === 'zero').length / debtFree.length).toBeCloseTo(0.7, 1);
    const withDebt = p.filter((x) => x.debtStyle !== 'zero' && x.debtStyle !== 'none');
    expect(withDebt.filter((x) => x.hasLadder).length / withDebt.length).toBeCloseTo(0.6, 1);
    // Banks report no operating income, so EBIT (and EBITDA) is missing, not zero.
    for (const r of rows.filter((x) => x.c.archetype === 'bank')) {
      expect(r.t.ebit_ttm).toBeNull();
      expect(r.t.interest_expense_ttm as number).toBeGreaterThan(0);
    }
  });
});

describe('archetypes keep their promises', () => {
  it('fortresses: net cash or net debt < 3× EBITDA, positive FCF, coverage ≥ 3× or no interest', () => {
    for (const r of rows.filter((x) => x.c.archetype === 'fortress')) {
      const nd = r.t.net_debt_to_ebitda;
      // A debt-free company that tags no debt at all has no net debt (missing, not zero).
      const debtUntagged = nd === null && r.t.total_debt === null;
      expect(nd === 'net_cash' || (num(nd) ?? Infinity) < 3 || debtUntagged, `${r.c.ticker} nd ${String(nd)}`).toBe(true);
      expect(r.t.fcf_ttm as number).toBeGreaterThan(0);
      const cov = r.t.interest_coverage;
      expect(cov === 'no_interest' || (num(cov) ?? 0) >= 3, `${r.c.ticker} coverage ${String(cov)}`).toBe(true);
    }
  });

  it('zombies: EBIT below interest in each of the last three fiscal years and TTM, and at least ten years old', () => {
    for (const r of rows.filter((x) => x.c.archetype === 'zombie')) {
      expect(num(r.t.interest_coverage)!, r.c.ticker).toBeLessThan(1);
      const q = r.g.quarters;
      const lastFy = [...q].reverse().find((x) => x.fq === 4)!.fy;
      for (let fy = lastFy - 2; fy <= lastFy; fy++) {
        const inFy = q.filter((x) => x.fy === fy);
        const ebit = inFy.reduce((s, x) => s + x.ebit, 0);
        const interest = inFy.reduce((s, x) => s + x.interest, 0);
        expect(ebit, `${r.c.ticker} FY${fy}`).toBeLessThan(interest);
      }
      expect(r.c.firstFiled <= '2016-11-20').toBe(true);
    }
  });

  it('walking dead: leverage above 5× or negative EBITDA with debt, negative FCF, and issuing shares', () => {
    for (const r of rows.filter((x) => x.c.archetype === 'walking_dead')) {
      const nd = r.t.net_debt_to_ebitda;
      const heavy = (num(nd) ?? 0) > 5 || (nd === 'NM' && (r.t.total_debt as number) > 0) || nd === 'net_cash';
      expect(heavy, `${r.c.ticker} nd ${String(nd)}`).toBe(true);
      expect(r.t.fcf_ttm as number).toBeLessThan(0);
      const last4 = r.g.quarters.slice(-4);
      expect(last4.reduce((s, x) => s + x.issuance, 0), r.c.ticker).toBeGreaterThan(0);
    }
    // Almost all of them are leveraged in the thesis' sense (a few burn through cash
    // faster than they borrow and show net cash for a while).
    const wd = rows.filter((x) => x.c.archetype === 'walking_dead');
    expect(share(wd, (r) => (num(r.t.net_debt_to_ebitda) ?? 0) > 5 || r.t.net_debt_to_ebitda === 'NM')).toBeGreaterThan(0.9);
  });

  it('clinical-stage biotechs burn cash and most report no revenue at all', () => {
    const bio = rows.filter((x) => x.c.archetype === 'biotech' && !x.c.isProfitable);
    expect(bio.every((r) => (r.t.fcf_ttm as number) < 0 && (r.t.net_income_ttm as number) < 0)).toBe(true);
    expect(share(bio, (r) => r.t.revenue_ttm === null)).toBeGreaterThan(0.4);
  });
});
