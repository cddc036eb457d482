/**
 * The API implemented once, for both shells. Each handler receives input already parsed
 * by its schema in `contract/api.ts` and returns plain JSON. Only what a view needs
 * crosses the boundary: the grid asks for its visible columns, a screen returns keys.
 */
import type { ApiParsed, ApiOutput, AppInfo, CompanyDetail, Explanation, GridData, JobStatus, PriceSeries, UniverseInfo } from '../../../contract/api.ts';
import type { ApiMethod } from '../../../contract/methods.ts';
import { METRIC_IDS, type MetricId, type MetricValue } from '../../../contract/metrics.ts';
import type { Db } from '../db/sqlite.ts';
import { explainMetric, type MetricGrid } from '../market/metrics-store.ts';
import { barsForTicker, companyRow, priceSource } from '../market/queries.ts';
import { runScreen } from '../screen/engine.ts';
import type { ClassifyThresholds } from '../metrics/compute.ts';
import { SETTING_KEYS, type SettingKey } from '../../../contract/settings.ts';
import { getSetting, setSetting, SETTINGS } from '../user/settings.ts';
import { ApiFailure } from './errors.ts';

export interface CoreContext {
  readonly version: string;
  readonly dataDir: string;
  readonly shell: AppInfo['shell'];
  market(): Db;
  user(): Db;
  universe(): UniverseInfo | null;
  grid(): MetricGrid | null;
  job(): JobStatus | null;
  startDemoBuild(): { started: boolean; job: JobStatus | null };
  startRefresh(input: ApiParsed<'refresh:start'>): ApiOutput<'refresh:start'>;
  cancelRefresh(): { cancelled: boolean };
  /** Recompute metrics in the background (after a classification threshold changed). */
  recompute(): void;
  thresholds(): ClassifyThresholds;
}

export type Handlers = { [K in ApiMethod]: (ctx: CoreContext, input: ApiParsed<K>) => ApiOutput<K> | Promise<ApiOutput<K>> };

function requireGrid(ctx: CoreContext): { grid: MetricGrid; universe: UniverseInfo } {
  const grid = ctx.grid();
  const universe = ctx.universe();
  if (!grid || !universe) {
    const job = ctx.job();
    throw new ApiFailure('not_found', job?.state === 'running' ? 'the universe is still being built' : 'no universe loaded: build the demo universe or import a holdings file');
  }
  return { grid, universe };
}

export const handlers: Handlers = {
  'app:info': (ctx) => ({ version: ctx.version, dataDir: ctx.dataDir, shell: ctx.shell, universe: ctx.universe(), job: ctx.job() }),

  'universe:build-demo': (ctx) => ctx.startDemoBuild(),

  'grid:rows': (ctx, input): GridData => {
    const { grid, universe } = requireGrid(ctx);
    const columns: Partial<Record<MetricId, MetricValue[]>> = {};
    for (const id of input.columns) columns[id] = grid.columns.get(id) ?? [];
    return { universe, keys: grid.keys, tickers: grid.tickers, names: grid.names, sectors: grid.sectors, columns };
  },

  'screen:run': (ctx, spec) => {
    const { grid } = requireGrid(ctx);
    const out = runScreen(grid, spec);
    return { keys: out.rows.map((i) => grid.keys[i] as string), total: out.total };
  },

  'company:get': (ctx, { key }): CompanyDetail => {
    const { grid, universe } = requireGrid(ctx);
    const i = grid.index.get(key);
    if (i === undefined) throw new ApiFailure('not_found', `${key} is not in the current universe`);
    const metrics = Object.fromEntries(METRIC_IDS.map((id) => [id, grid.columns.get(id)?.[i] ?? null])) as Record<MetricId, MetricValue>;
    const cik = grid.ciks[i] ?? null;
    const company = cik !== null ? companyRow(ctx.market(), cik) : null;
    return {
      key,
      ticker: grid.tickers[i] as string,
      name: grid.names[i] as string,
      sector: grid.sectors[i] as string,
      cik,
      isFictional: universe.isFictional || company?.is_fictional === 1,
      metrics,
    };
  },

  'metric:explain': (ctx, { key, metric }): Explanation => {
    const { grid } = requireGrid(ctx);
    const i = grid.index.get(key);
    if (i === undefined) throw new ApiFailure('not_found', `${key} is not in the current universe`);
    const e = explainMetric(ctx.market(), key, metric, ctx.thresholds());
    if (!e) throw new ApiFailure('not_found', `${key} is not in the current universe`);
    const p = e.provenance;
    return {
      key,
      metric,
      value: e.value,
      formula: p?.formula ?? null,
      parts: p?.parts ?? {},
      facts: p?.facts ?? [],
      note: p?.note ?? null,
      asOf: (grid.columns.get('as_of')?.[i] as string | null) ?? null,
      filed: (grid.columns.get('filed')?.[i] as string | null) ?? null,
    };
  },

  'settings:get': (ctx) => Object.fromEntries(SETTING_KEYS.map((k) => [k, getSetting(ctx.user(), k)])) as Record<SettingKey, unknown>,

  'settings:set': (ctx, { key, value }) => {
    const parsed = SETTINGS[key].safeParse(value);
    if (!parsed.success) throw new ApiFailure('bad_input', `${key}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
    const stored = setSetting(ctx.user(), key, parsed.data as never);
    if (key.startsWith('classify.')) ctx.recompute();
    return { key, value: stored };
  },

  'refresh:start': (ctx, input) => {
    try {
      return ctx.startRefresh(input);
    } catch (e) {
      if (e instanceof RangeError) throw new ApiFailure('bad_input', e.message);
      throw e;
    }
  },

  'refresh:cancel': (ctx) => ctx.cancelRefresh(),

  'prices:get': (ctx, { ticker, from, to }): PriceSeries => {
    const bars = barsForTicker(ctx.market(), ticker, from, to);
    if (!bars) throw new ApiFailure('not_found', `no daily prices for ${ticker}`);
    return { ticker, dates: bars.dates, open: bars.open, high: bars.high, low: bars.low, close: bars.close, volume: bars.volume, source: priceSource(ctx.market(), ticker) };
  },
};
