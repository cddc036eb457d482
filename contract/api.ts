/**
 * The one typed API contract. Both shells — Electron IPC and the loopback HTTP server —
 * carry exactly these methods; `main/core/api/handlers.ts` implements them once.
 *
 * Every input is `unknown` until its schema here has parsed it. Outputs are plain JSON.
 */
import { z } from 'zod';
import { API_METHODS, type ApiMethod, type ApiResult } from './methods.ts';
import type { MetricId, MetricValue } from './metrics.ts';
import { MetricIdSchema, ScreenSpecSchema } from './screen.ts';
import { SETTING_KEYS, type SettingKey } from './settings.ts';

export const TickerSchema = z
  .string()
  .trim()
  .min(1)
  .max(16)
  // Letters and digits, inner dots, dashes, slashes or spaces (BRK.B, BF-B), an optional
  // leading caret for index series (^DEMO); never a path-like '..'.
  .regex(/^\^?[A-Za-z0-9](?:[A-Za-z0-9.\-\/ ]*[A-Za-z0-9])?$/, 'a ticker is letters and digits with inner . - / or space')
  .refine((s) => !s.includes('..'), 'a ticker has no ".."');
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

const Empty = z.union([z.object({}).strict(), z.undefined(), z.null()]).transform(() => ({}));

/** Describes one method: its input schema, and (as a phantom type) its output. */
function method<I extends z.ZodType>(input: I) {
  return { returns: <O>() => ({ input, output: undefined as unknown as O }) };
}

// ---- output types ----------------------------------------------------------------

export interface UniverseInfo {
  /** `demo`: the embedded fictional universe; `real`: imported real files. */
  kind: 'demo' | 'real';
  /** Shown wherever its numbers are, e.g. "Demo universe — fictional companies". */
  label: string;
  isFictional: boolean;
  fund: string;
  /** Holdings snapshot date, YYYY-MM-DD. */
  asOf: string;
  constituents: number;
  /** Last trading day in the price table. */
  pricesThrough: string | null;
}

export interface JobStatus {
  id: string;
  kind: 'build-demo' | 'import' | 'refresh' | 'recompute';
  state: 'running' | 'done' | 'failed' | 'cancelled';
  phase: string;
  done: number;
  total: number;
  message?: string;
  startedAt: string;
  finishedAt?: string;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  shell: 'electron' | 'web' | 'cli';
  universe: UniverseInfo | null;
  job: JobStatus | null;
}

/** Column-oriented grid data: `columns[id][i]` belongs to `keys[i]`. */
export interface GridData {
  universe: UniverseInfo;
  keys: string[];
  tickers: string[];
  names: string[];
  sectors: string[];
  columns: Partial<Record<MetricId, MetricValue[]>>;
}

export interface ScreenResult {
  /** Keys of matching rows, in universe order. */
  keys: string[];
  total: number;
}

export interface CompanyDetail {
  key: string;
  ticker: string;
  name: string;
  sector: string;
  cik: number | null;
  isFictional: boolean;
  metrics: Record<MetricId, MetricValue>;
}

/** One reported fact behind a metric: where the number came from. */
export interface FactRef {
  concept?: string;
  taxonomy: string;
  tag: string;
  unit: string;
  start: string | null;
  end: string;
  val: number;
  accn: string;
  form: string | null;
  filed: string;
  /** The value's sign was flipped to fit the concept (a net-interest tag). */
  negated?: boolean;
}

/** How one metric of one row was computed, down to the facts. */
export interface Explanation {
  key: string;
  metric: MetricId;
  value: MetricValue;
  formula: string | null;
  parts: Record<string, number | string | null>;
  facts: FactRef[];
  note: string | null;
  asOf: string | null;
  filed: string | null;
}

/** Daily bars, column-oriented (a few thousand rows cross the boundary cheaply). */
export interface PriceSeries {
  ticker: string;
  dates: string[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: (number | null)[];
  /** Where the series came from (file name and detected layout). */
  source: string | null;
}

export interface RefreshPlanInfo {
  id: string;
  counts: Record<string, number>;
  universe: { fund: string; asOf: string | null; constituents: number; withoutCik: number };
  notes: string[];
  needsContactEmail: boolean;
  hasContactEmail: boolean;
}

export const RefreshInputSchema = z
  .object({
    dryRun: z.boolean().optional(),
    funds: z.array(z.enum(['IWM', 'IWC'])).max(2).optional(),
    asOfDate: IsoDateSchema.optional(),
    tickers: z.array(TickerSchema).max(50).optional(),
  })
  .strict();

const SettingKeySchema = z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]]);

// ---- the contract ------------------------------------------------------------------

export const API = {
  'app:info': method(Empty).returns<AppInfo>(),
  'universe:build-demo': method(Empty).returns<{ started: boolean; job: JobStatus | null }>(),
  'grid:rows': method(z.object({ columns: z.array(MetricIdSchema).max(80) }).strict()).returns<GridData>(),
  'screen:run': method(ScreenSpecSchema).returns<ScreenResult>(),
  'company:get': method(z.object({ key: TickerSchema }).strict()).returns<CompanyDetail>(),
  'metric:explain': method(z.object({ key: TickerSchema, metric: MetricIdSchema }).strict()).returns<Explanation>(),
  'prices:get': method(
    z.object({ ticker: TickerSchema, from: IsoDateSchema.optional(), to: IsoDateSchema.optional() }).strict(),
  ).returns<PriceSeries>(),
  /** All settings with their current values (defaults where unset). */
  'settings:get': method(Empty).returns<Record<SettingKey, unknown>>(),
  /** Set one setting; the value is validated by that setting's schema. */
  'settings:set': method(z.object({ key: SettingKeySchema, value: z.unknown() }).strict()).returns<{ key: SettingKey; value: unknown }>(),
  /** Plan (dryRun) or start an online refresh; progress arrives through `app:info`'s job. */
  'refresh:start': method(RefreshInputSchema).returns<{ started: boolean; job: JobStatus | null; plan: RefreshPlanInfo }>(),
  'refresh:cancel': method(Empty).returns<{ cancelled: boolean }>(),
} satisfies Record<ApiMethod, { input: z.ZodType; output: unknown }>;

// Compile-time check that the method list in methods.ts names exactly the keys above.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _methodsAgree: Same<keyof typeof API, ApiMethod> = true;
void _methodsAgree;

export type Api = typeof API;
export type ApiInput<K extends ApiMethod> = z.input<Api[K]['input']>;
export type ApiParsed<K extends ApiMethod> = z.output<Api[K]['input']>;
export type ApiOutput<K extends ApiMethod> = Api[K]['output'];

/** What the renderer calls, whichever shell carries it. */
export type FortressApi = { [K in ApiMethod]: (input: ApiInput<K>) => Promise<ApiResult<ApiOutput<K>>> };

export { API_METHODS };
export type { ApiMethod, ApiResult };
