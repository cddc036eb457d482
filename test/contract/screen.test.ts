import { describe, expect, it } from 'vitest';
import { compareMetricValues, type MetricValue } from '../../contract/metrics.ts';
import { clausePasses, ScreenSpecSchema, simpleFiltersToSpec } from '../../contract/screen.ts';

describe('screen clauses', () => {
  const maxLev = { op: 'max', metric: 'net_debt_to_ebitda', value: 3 } as const;
  const minRunway = { op: 'min', metric: 'runway_months', value: 12 } as const;

  it('a leverage ceiling keeps numbers at or under it and net cash, and drops NM, missing and n/a', () => {
    expect(clausePasses(maxLev, 2.9)).toBe(true);
    expect(clausePasses(maxLev, 3)).toBe(true);
    expect(clausePasses(maxLev, 3.1)).toBe(false);
    expect(clausePasses(maxLev, 'net_cash')).toBe(true);
    expect(clausePasses(maxLev, 'NM')).toBe(false);
    expect(clausePasses({ ...maxLev, includeNM: true }, 'NM')).toBe(true);
    expect(clausePasses(maxLev, null)).toBe(false);
    expect(clausePasses(maxLev, 'n/a_financial')).toBe(false);
  });

  it('a runway floor keeps companies that do not burn', () => {
    expect(clausePasses(minRunway, 'not_burning')).toBe(true);
    expect(clausePasses(minRunway, 11.9)).toBe(false);
    expect(clausePasses(minRunway, 12)).toBe(true);
  });

  it('a coverage floor keeps companies with no interest to pay', () => {
    expect(clausePasses({ op: 'min', metric: 'interest_coverage', value: 3 }, 'no_interest')).toBe(true);
    expect(clausePasses({ op: 'min', metric: 'interest_coverage', value: 3 }, -2)).toBe(false);
  });

  it('parses the simple filters into clauses and refuses hostile specs', () => {
    const spec = simpleFiltersToSpec({ maxNetDebtToEbitda: 3, minRunwayMonths: 12, profitableOnly: true, sectors: ['Energy'] });
    expect(ScreenSpecSchema.parse(spec).filters).toHaveLength(3);
    expect(ScreenSpecSchema.safeParse({ filters: [{ op: 'max', metric: 'no_such_metric', value: 1 }] }).success).toBe(false);
    expect(ScreenSpecSchema.safeParse({ filters: [{ op: 'max', metric: 'pb', value: Number.NaN }] }).success).toBe(false);
    expect(ScreenSpecSchema.safeParse({ filters: [], sectors: [], extra: 1 }).success).toBe(false);
    expect(ScreenSpecSchema.safeParse({ filters: [{ op: 'max', metric: 'pb', value: '1; DROP TABLE' }] }).success).toBe(false);
  });
});

describe('column order', () => {
  const values: MetricValue[] = [2.5, null, 'NM', 'net_cash', 'n/a_financial', 0.4, 7];
  const sorted = (desc: boolean) => [...values].sort((a, b) => (desc ? -1 : 1) * compareMetricValues('net_debt_to_ebitda', a, b, desc));

  it('puts net cash first and NM after every number when sorting leverage ascending, then n/a, then missing', () => {
    expect(sorted(false)).toEqual(['net_cash', 0.4, 2.5, 7, 'NM', 'n/a_financial', null]);
  });

  it('keeps n/a and missing at the bottom when sorting descending', () => {
    expect(sorted(true)).toEqual(['NM', 7, 2.5, 0.4, 'net_cash', 'n/a_financial', null]);
  });

  it('sorts not burning above any finite runway', () => {
    const r = [5, 'not_burning', 40].sort((a, b) => compareMetricValues('runway_months', a, b));
    expect(r).toEqual([5, 40, 'not_burning']);
  });
});
