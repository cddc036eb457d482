/**
 * How metric values read on screen. One place, so the grid, the company header and any
 * future export agree: missing is `—`, states are short words (never numbers), money is
 * compact with 3 significant figures, and every figure has an exact reading for tooltips.
 */
import { METRICS, STATES, isState, type MetricFormat, type MetricId, type MetricValue } from '../../contract/metrics.ts';

export const MISSING = '—';
/** U+2212: same width as digits in tabular fonts, unlike the hyphen. */
const MINUS = '−';

const STATE_SHORT: Record<string, string> = {
  [STATES.NM]: 'NM',
  [STATES.NET_CASH]: 'net cash',
  [STATES.NO_INTEREST]: 'no int.',
  [STATES.NOT_BURNING]: 'not burning',
  [STATES.NA_FINANCIAL]: 'n/a fin.',
};

const STATE_LONG: Record<string, string> = {
  [STATES.NM]: 'NM — not meaningful (denominator zero or negative)',
  [STATES.NET_CASH]: 'Net cash — cash exceeds debt',
  [STATES.NO_INTEREST]: 'No interest expense',
  [STATES.NOT_BURNING]: 'Not burning — free cash flow is not negative',
  [STATES.NA_FINANCIAL]: 'n/a (financial) — not meaningful for a bank or insurer',
};

const SUFFIXES: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** 3 significant figures: 1.23, 45.6, 789. */
function sig3(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function signed(neg: boolean, s: string): string {
  return neg ? MINUS + s : s;
}

/** $1.23B, $456M, $12.3K, −$4.5M. */
export function formatUsd(v: number): string {
  const a = Math.abs(v);
  for (const [div, suf] of SUFFIXES) {
    // 0.9995 rather than 1: values that round up (999.6K) read $1.00M, not $1000K.
    if (a >= div * 0.9995) return signed(v < 0, `$${sig3(a / div)}${suf}`);
  }
  return signed(v < 0, `$${a.toFixed(0)}`);
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
/** Reported money is whole dollars (or cents, for per-share figures); more digits would be float noise. */
const money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const groupedInt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function formatNumber(fmt: MetricFormat, v: number): string {
  const a = Math.abs(v);
  switch (fmt) {
    case 'usd':
      return formatUsd(v);
    case 'usd_per_share':
      return signed(v < 0, `$${a < 1 ? a.toFixed(3) : a.toFixed(2)}`);
    case 'shares':
      return signed(v < 0, formatUsd(a).slice(1));
    case 'ratio':
      return signed(v < 0, `${a >= 100 ? groupedInt.format(a) : a.toFixed(1)}×`);
    case 'pct':
      return signed(v < 0, `${(a * 100).toFixed(1)}%`);
    case 'pct_points':
      return signed(v < 0, `${a < 0.01 && a > 0 ? a.toFixed(3) : a.toFixed(2)}%`);
    case 'months':
      return signed(v < 0, `${a >= 100 ? a.toFixed(0) : a.toFixed(1)} mo`);
    case 'score':
      return v.toFixed(0);
    case 'number':
      return signed(v < 0, a.toFixed(2));
    default:
      return grouped.format(v);
  }
}

/** The compact on-screen reading of a value. */
export function formatMetric(id: MetricId, v: MetricValue | undefined): string {
  if (v === null || v === undefined) return MISSING;
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v === 'string') return STATE_SHORT[v] ?? v;
  if (!Number.isFinite(v)) return MISSING;
  return formatNumber(METRICS[id].format, v);
}

/** The exact reading, for tooltips: full precision, units spelled out. */
export function exactMetric(id: MetricId, v: MetricValue | undefined): string {
  const def = METRICS[id];
  if (v === null || v === undefined) return `${def.label}: missing (not reported)`;
  if (typeof v === 'boolean') return `${def.label}: ${v ? 'yes' : 'no'}`;
  if (typeof v === 'string') return `${def.label}: ${STATE_LONG[v] ?? v}`;
  switch (def.format) {
    case 'usd':
      return `${def.label}: ${v < 0 ? MINUS : ''}$${money.format(Math.abs(v))}`;
    case 'usd_per_share':
      return `${def.label}: ${v < 0 ? MINUS : ''}$${grouped.format(Math.abs(v))}`;
    case 'ratio':
      return `${def.label}: ${grouped.format(v)}×`;
    case 'pct':
      return `${def.label}: ${grouped.format(v * 100)}%`;
    case 'pct_points':
      return `${def.label}: ${grouped.format(v)}%`;
    case 'months':
      return `${def.label}: ${grouped.format(v)} months`;
    default:
      return `${def.label}: ${grouped.format(v)}`;
  }
}

/**
 * Visual tone of a value. `muted` for missing and states; `bad` for readings the thesis
 * treats as distress (thresholds from METRICS.md); `good` is used sparingly (the classification tag, a day's gain).
 */
export type Tone = 'muted' | 'bad' | 'good' | 'plain';

export function toneOf(id: MetricId, v: MetricValue | undefined): Tone {
  if (v === null || v === undefined) return 'muted';
  // A column of green ticks is noise; the exception (✗, not profitable) is what carries meaning.
  if (typeof v === 'boolean') return v ? 'plain' : 'bad';
  if (typeof v === 'string') return isState(v) ? 'muted' : 'plain';
  switch (id) {
    // > 5× is the "walking dead" line in the 2026 thesis.
    case 'net_debt_to_ebitda':
      return v > 5 ? 'bad' : 'plain';
    // < 1× cannot pay interest from operating profit (the OECD/BIS zombie test).
    case 'interest_coverage':
    case 'ebitda_coverage':
      return v < 1 ? 'bad' : 'plain';
    // < 12 months matches the auditor's going-concern horizon.
    case 'runway_months':
      return v < 12 ? 'bad' : 'plain';
    case 'altman_z2':
      return v < 1.1 ? 'bad' : 'plain';
    default:
      // Negative is distress only where higher is better: negative net debt is net cash.
      return v < 0 && METRICS[id].better !== 'low' ? 'bad' : 'plain';
  }
}
