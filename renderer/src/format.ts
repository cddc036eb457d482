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
      // Past 1,000 % (a tiny base) a decimal is noise and the digits need grouping.
      return signed(v < 0, a >= 10 ? `${groupedInt.format(a * 100)}%` : `${(a * 100).toFixed(1)}%`);
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

/** Shown while a column the analyst just switched on is on its way: not data, so not `—`. */
export const LOADING = '…';

export const CLASS_LABEL: Readonly<Record<string, string>> = {
  fortress: 'Fortress',
  zombie: 'Zombie',
  walking_dead: 'Walking dead',
  burner: 'Burner',
  financial: 'Financial',
  neutral: 'Neutral',
};

/** The compact on-screen reading of a value. `undefined` is "not loaded yet", `null` is missing. */
export function formatMetric(id: MetricId, v: MetricValue | undefined): string {
  if (v === undefined) return LOADING;
  if (v === null) return MISSING;
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v === 'string') return id === 'classification' ? (CLASS_LABEL[v] ?? v) : (STATE_SHORT[v] ?? v);
  if (!Number.isFinite(v)) return MISSING;
  return formatNumber(METRICS[id].format, v);
}

/** The exact value alone (no label): full precision, units spelled out. */
export function exactValue(id: MetricId, v: MetricValue | undefined): string {
  const def = METRICS[id];
  if (v === undefined) return 'loading';
  if (v === null) return 'missing (not reported)';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return id === 'classification' ? (CLASS_LABEL[v] ?? v) : (STATE_LONG[v] ?? v);
  switch (def.format) {
    case 'usd':
      return `${v < 0 ? MINUS : ''}$${money.format(Math.abs(v))}`;
    case 'usd_per_share':
      return `${v < 0 ? MINUS : ''}$${grouped.format(Math.abs(v))}`;
    case 'ratio':
      return `${grouped.format(v)}×`;
    case 'pct':
      return `${grouped.format(v * 100)}%`;
    case 'pct_points':
      return `${grouped.format(v)}%`;
    case 'months':
      return `${grouped.format(v)} months`;
    case 'shares':
      return `${groupedInt.format(v)} shares`;
    default:
      return grouped.format(v);
  }
}

/** The exact reading, for tooltips: full precision, units spelled out. */
export function exactMetric(id: MetricId, v: MetricValue | undefined): string {
  return `${METRICS[id].label}: ${exactValue(id, v)}`;
}

/**
 * Visual tone of a value. `muted` for missing and states; `bad` for readings the thesis
 * treats as distress (thresholds from METRICS.md); `good` is used sparingly (the classification tag, a day's gain).
 */
export type Tone = 'muted' | 'bad' | 'good' | 'plain';

/** Classification chips: the thesis's healthy end in green, its distress tails in red. */
const CLASS_TONE: Readonly<Record<string, Tone>> = {
  fortress: 'good',
  zombie: 'bad',
  walking_dead: 'bad',
  burner: 'bad',
};

export function toneOf(id: MetricId, v: MetricValue | undefined): Tone {
  if (v === null || v === undefined) return 'muted';
  if (id === 'classification' && typeof v === 'string') return CLASS_TONE[v] ?? 'muted';
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

// ---- staleness -----------------------------------------------------------------------

/** METRICS.md: fundamentals are stale when nothing was filed in the 15 months before the universe date. */
export const STALE_MONTHS = 15;

/** The filed-date cut-off for `asOf` (YYYY-MM-DD): a latest filing before it is stale. */
export function staleCutoff(asOf: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1 - STALE_MONTHS, Number(m[3]))).toISOString().slice(0, 10);
}

/**
 * Whether a company's latest filing is too old to trust its fundamentals. A company with
 * no filing at all is not "stale" — its metrics are simply missing (`—`).
 *
 * @example isStale('2025-03-01', '2026-11-20') === true // cut-off 2025-08-20
 */
export function isStale(filed: MetricValue | undefined, asOf: string | null | undefined): boolean {
  if (typeof filed !== 'string' || !asOf) return false;
  const cut = staleCutoff(asOf);
  return cut !== null && filed < cut;
}

export function staleReason(filed: string, asOf: string): string {
  return `Stale: the latest filing (${filed}) is more than ${STALE_MONTHS} months before the universe date ${asOf}; these fundamentals may be out of date.`;
}

// ---- reported facts and intermediate values (the explainer) -----------------------------

/**
 * A reported fact's value at full precision: the filer's own number, grouped, with its
 * unit — `$1,628,640,000`, `346,514,729 sh`, `$1.27/sh`.
 */
export function formatFactValue(val: number, unit: string): string {
  const sign = val < 0 ? MINUS : '';
  const a = Math.abs(val);
  const u = unit.toLowerCase();
  if (u === 'usd') return `${sign}$${money.format(a)}`;
  if (u === 'usd/shares' || u === 'usd-per-shares') return `${sign}$${grouped.format(a)}/sh`;
  if (u === 'shares') return `${sign}${grouped.format(a)} sh`;
  if (u === 'pure') return `${sign}${grouped.format(a)}`;
  return `${sign}${grouped.format(a)} ${unit}`;
}

/** Full precision for an intermediate value whose unit is not known. */
export function formatExactNumber(v: number): string {
  return (v < 0 ? MINUS : '') + grouped.format(Math.abs(v));
}
