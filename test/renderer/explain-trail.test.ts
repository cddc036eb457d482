/**
 * The explainer's pure parts: which inputs of an explanation are metrics worth following to
 * their facts, and how stale fundamentals and reported facts read on screen.
 */
import { describe, expect, it } from 'vitest';
import type { Explanation } from '../../contract/api.ts';
import { agrees, inputLinks, partLabel, readPart } from '../../renderer/src/explain/trail.ts';
import { formatFactValue, formatMetric, isStale, staleCutoff } from '../../renderer/src/format.ts';

const explanation = (over: Partial<Explanation>): Explanation => ({
  key: 'DEMO',
  metric: 'net_debt_to_ebitda',
  value: 2,
  formula: null,
  parts: {},
  facts: [],
  note: null,
  asOf: '2026-09-30',
  filed: '2026-11-09',
  ...over,
});

describe('inputLinks', () => {
  it('follows parts named as metrics and the core’s short names for them', () => {
    const links = inputLinks(explanation({ parts: { net_debt: 10, ebitda: 5 } }));
    expect(links.map((l) => [l.part, l.metric, l.follow])).toEqual([
      ['net_debt', 'net_debt', true],
      ['ebitda', 'ebitda_ttm', true],
    ]);
  });

  it('never links a metric to itself (the raw cash inside cash & short-term investments)', () => {
    const links = inputLinks(explanation({ metric: 'cash_and_st_investments', parts: { cash: 1, short_term_investments: 2 } }));
    expect(links).toEqual([]);
  });

  it('falls back to the inputs the definition names when the core gives no parts', () => {
    expect(inputLinks(explanation({ metric: 'debt_to_equity' })).map((l) => l.metric)).toEqual(['total_debt']);
  });

  it('shows the classification’s inputs without following them to every fact', () => {
    const links = inputLinks(explanation({ metric: 'classification', parts: { years_coverage_below_1: 3, first_filed: null } }));
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((l) => !l.follow)).toBe(true);
  });
});

describe('agrees', () => {
  it('accepts float noise and rejects a different number', () => {
    expect(agrees(14041420000, 14041420000.000002)).toBe(true);
    expect(agrees(889466000, 653033000)).toBe(false);
  });
  it('lets a missing part match a missing or state value', () => {
    expect(agrees(null, null)).toBe(true);
    expect(agrees(null, 'NM')).toBe(true);
    expect(agrees(null, 3)).toBe(false);
  });
});

describe('reading parts', () => {
  it('labels snake_case parts in words, keeping acronyms', () => {
    expect(partLabel('roa_positive')).toBe('ROA positive');
    expect(partLabel('fcf_2026-09-30')).toBe('FCF 2026-09-30');
    expect(partLabel('x1')).toBe('X1');
  });
  it('reads Piotroski tests as pass/fail and dollar parts compactly with the exact amount', () => {
    expect(readPart('piotroski_f', 'roa_positive', 1, null).text).toBe('✓ pass');
    expect(readPart('piotroski_f', 'accruals', 0, null).text).toBe('✗ fail');
    expect(readPart('quarterly_burn', 'fcf_2026-09-30', -1234567, null)).toEqual({ text: '−$1.23M', exact: '−$1,234,567' });
  });
});

describe('stale fundamentals', () => {
  it('cuts off fifteen months before the universe date', () => {
    expect(staleCutoff('2026-11-20')).toBe('2025-08-20');
    expect(isStale('2025-08-19', '2026-11-20')).toBe(true);
    expect(isStale('2025-08-20', '2026-11-20')).toBe(false);
  });
  it('does not call a company with no filing at all stale', () => {
    expect(isStale(null, '2026-11-20')).toBe(false);
  });
});

describe('formatting', () => {
  it('prints reported facts at full precision with their unit', () => {
    expect(formatFactValue(1628640000, 'USD')).toBe('$1,628,640,000');
    expect(formatFactValue(-56000000, 'USD')).toBe('−$56,000,000');
    expect(formatFactValue(346514729, 'shares')).toBe('346,514,729 sh');
    expect(formatFactValue(1.27, 'USD/shares')).toBe('$1.27/sh');
  });
  it('tells a column still loading (…) from a missing value (—)', () => {
    expect(formatMetric('total_debt', undefined)).toBe('…');
    expect(formatMetric('total_debt', null)).toBe('—');
  });
  it('names classifications in words', () => {
    expect(formatMetric('classification', 'walking_dead')).toBe('Walking dead');
  });
  it('groups percentages past 1,000 %', () => {
    expect(formatMetric('revenue_growth_yoy', 12.345)).toBe('1,235%');
    expect(formatMetric('revenue_growth_yoy', 0.153)).toBe('15.3%');
  });
});
