import { describe, expect, it } from 'vitest';
import { coverage, netDebtToEbitda, quarterlyBurn, ratioOrNM, runwayMonths } from '../../main/core/metrics/ratios.ts';

describe('ratio rules', () => {
  it('net debt / EBITDA is a number, net cash, NM, missing or n/a', () => {
    expect(netDebtToEbitda(300, 100, false)).toBe(3);
    expect(netDebtToEbitda(-1, 100, false)).toBe('net_cash');
    expect(netDebtToEbitda(-1, -100, false)).toBe('net_cash');
    expect(netDebtToEbitda(300, 0, false)).toBe('NM');
    expect(netDebtToEbitda(300, -5, false)).toBe('NM');
    expect(netDebtToEbitda(null, 100, false)).toBeNull();
    expect(netDebtToEbitda(300, null, false)).toBeNull();
    expect(netDebtToEbitda(300, 100, true)).toBe('n/a_financial');
  });

  it('coverage with no interest expense is its own state, not infinity', () => {
    expect(coverage(30, 10, false)).toBe(3);
    expect(coverage(-30, 10, false)).toBe(-3);
    expect(coverage(30, null, false)).toBe('no_interest');
    expect(coverage(30, 0, false)).toBe('no_interest');
    expect(coverage(null, 10, false)).toBeNull();
    expect(coverage(30, 10, true)).toBe('n/a_financial');
  });

  it('quarterly burn averages only the burning quarters over four', () => {
    expect(quarterlyBurn([-40, -20, 10, -20])).toBe(20);
    expect(quarterlyBurn([5, 6, 7, 8])).toBe(0);
    expect(quarterlyBurn(null)).toBeNull();
  });

  it('runway is three months per quarter of burn; a company that does not burn is not burning', () => {
    expect(runwayMonths(120, 30, false)).toBe(12);
    expect(runwayMonths(120, 0, false)).toBe('not_burning');
    expect(runwayMonths(null, 30, false)).toBeNull();
    expect(runwayMonths(120, null, false)).toBeNull();
  });

  it('a non-positive denominator is NM', () => {
    expect(ratioOrNM(1, 0)).toBe('NM');
    expect(ratioOrNM(1, -2)).toBe('NM');
    expect(ratioOrNM(1, 4)).toBe(0.25);
  });
});
