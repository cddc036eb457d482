/**
 * The Data & settings panel's pure parts: what each classification threshold means, how a
 * server-side validation message reads next to its field, and how long a refresh plan
 * takes at the rates the core keeps to.
 */
import type { RefreshPlanInfo } from '../../../contract/api.ts';
import { SETTINGS, type SettingKey } from '../../../contract/settings.ts';

export type ThresholdKey = Extract<SettingKey, `classify.${string}`>;

export interface ThresholdDef {
  key: ThresholdKey;
  /** The class the rule decides. */
  cls: 'fortress' | 'walking_dead' | 'burner' | 'zombie';
  label: string;
  unit: string;
  /** The rule as METRICS.md words it, with `X` for the threshold. */
  rule: string;
}

/** In the order the classifier applies them (zombie first, then walking dead, fortress, burner). */
export const THRESHOLDS: readonly ThresholdDef[] = [
  {
    key: 'classify.fortress_max_leverage',
    cls: 'fortress',
    label: 'Max net debt / EBITDA',
    unit: '×',
    rule: 'Fortress: net debt / EBITDA < X (or net cash), FCF TTM > 0, coverage test below',
  },
  {
    key: 'classify.fortress_min_coverage',
    cls: 'fortress',
    label: 'Min interest coverage',
    unit: '×',
    rule: 'Fortress: interest coverage ≥ X (or no interest expense)',
  },
  {
    key: 'classify.walking_dead_min_leverage',
    cls: 'walking_dead',
    label: 'Min net debt / EBITDA',
    unit: '×',
    rule: 'Walking dead: net debt / EBITDA > X (or NM with debt), FCF TTM < 0, issuing shares',
  },
  {
    key: 'classify.burner_max_runway_months',
    cls: 'burner',
    label: 'Max cash runway',
    unit: 'months',
    rule: 'Burner: cash runway < X months',
  },
  {
    key: 'classify.zombie_min_age_years',
    cls: 'zombie',
    label: 'Min age',
    unit: 'years',
    rule: 'Zombie: coverage < 1× in each of the last three fiscal years, and ≥ X years since the first SEC filing (an age proxy)',
  },
];

/** The classes the classifier assigns, in the order the panel lists their counts. */
export const CLASSES = ['fortress', 'neutral', 'burner', 'walking_dead', 'zombie', 'financial'] as const;
export type ClassId = (typeof CLASSES)[number];

/** The default a setting falls back to (METRICS.md's numbers for the thresholds). */
export function defaultOf<K extends SettingKey>(key: K): unknown {
  return SETTINGS[key].parse(undefined);
}

export const THRESHOLD_DEFAULTS: Readonly<Record<ThresholdKey, number>> = Object.fromEntries(
  THRESHOLDS.map((t) => [t.key, defaultOf(t.key) as number]),
) as Record<ThresholdKey, number>;

/** A threshold as typed: `undefined` for blank, `NaN` for text that is not a finite number. */
export function parseThreshold(text: string): number | undefined {
  const t = text.trim().replace(',', '.').replace(/\s*(×|x|months?|years?|yrs?)$/i, '');
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** A number as an input shows it: no trailing zeros, no exponent for ordinary values. */
export function showNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/**
 * The core words a refused setting as `key: message` (the key is the field the message sits
 * under already) and zod says "Invalid email address"; the field wants just the reason.
 */
export function fieldMessage(key: SettingKey, message: string): string {
  const m = message.startsWith(`${key}: `) ? message.slice(key.length + 2) : message;
  return m.charAt(0).toUpperCase() + m.slice(1);
}

// ---- refresh plan arithmetic ---------------------------------------------------------------

/**
 * Request rates the core's token buckets keep to (main/core/refresh/rate-limit.ts): SEC's
 * fair-access limit of 10 requests/s, 2/s for iShares and the price endpoint. SEC and price
 * requests run side by side; the index items (holdings, ticker map) go first.
 */
export const SEC_PER_SEC = 10;
export const ISHARES_PER_SEC = 2;
export const PRICES_PER_SEC = 2;

/** Plan item kinds, in the order the job fetches them. */
export const PLAN_KINDS: readonly { kind: string; label: string; service: 'ishares' | 'sec' | 'prices' }[] = [
  { kind: 'holdings', label: 'Fund holdings', service: 'ishares' },
  { kind: 'tickers', label: 'SEC ticker map', service: 'sec' },
  { kind: 'facts', label: 'SEC company facts', service: 'sec' },
  { kind: 'submissions', label: 'SEC submissions', service: 'sec' },
  { kind: 'prices', label: 'Daily prices', service: 'prices' },
];

export interface PlanEstimate {
  total: number;
  secRequests: number;
  priceRequests: number;
  /** Lower bound at the rate limits, seconds (real runs add latency and retries). */
  seconds: number;
}

export function estimatePlan(plan: RefreshPlanInfo): PlanEstimate {
  const c = (k: string) => plan.counts[k] ?? 0;
  const secRequests = plan.counts['secRequests'] ?? c('tickers') + c('facts') + c('submissions');
  const priceRequests = c('prices');
  const index = c('holdings') / ISHARES_PER_SEC + c('tickers') / SEC_PER_SEC;
  const company = Math.max((c('facts') + c('submissions')) / SEC_PER_SEC, priceRequests / PRICES_PER_SEC);
  return { total: plan.counts['total'] ?? 0, secRequests, priceRequests, seconds: index + company };
}

/**
 * When no real holdings of the fund are stored yet (the demo), the per-company items are
 * planned only after the holdings download: about two SEC requests (facts, submissions) and
 * one price request per constituent. `constituents` is a size to quote, e.g. the loaded universe's.
 */
export function perCompanyGuess(constituents: number, withPrices: boolean): PlanEstimate {
  const sec = 2 * constituents;
  const prices = withPrices ? constituents : 0;
  return { total: sec + prices, secRequests: sec, priceRequests: prices, seconds: Math.max(sec / SEC_PER_SEC, prices / PRICES_PER_SEC) };
}

/** "≈ 7 min", "≈ 40 s", "≈ 1 h 05 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export const count = (n: number) => n.toLocaleString('en-US');
