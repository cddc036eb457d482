/**
 * The Electron-free application core: one object that owns a data directory's two
 * databases (market data, user data) and answers API calls. Both shells (Electron IPC,
 * loopback HTTP) and the CLI sit on top of it.
 *
 * Every call parses its input with the contract's schema and returns an `ApiResult`;
 * nothing thrown inside escapes as an exception.
 */
import fs from 'node:fs';
import { API, type AppInfo, type JobStatus, type UniverseInfo } from '../../contract/api.ts';
import type { ApiMethod, ApiResult } from '../../contract/methods.ts';
import { classifyError, fromZod } from './api/errors.ts';
import { handlers, type CoreContext } from './api/handlers.ts';
import { MARKET_MIGRATIONS } from './db/market-schema.ts';
import { openDatabase, type Db } from './db/sqlite.ts';
import { USER_MIGRATIONS } from './db/user-schema.ts';
import { buildDemoUniverse } from './demo/build.ts';
import { loadMetricGrid, recomputeMetricsAsync, type MetricGrid } from './market/metrics-store.ts';
import { planRefresh, refreshContextFromSettings, runRefresh } from './refresh/index.ts';
import { universeInfo } from './market/queries.ts';
import { dataPaths } from './paths.ts';
import { classifyThresholds } from './user/settings.ts';

export interface CoreOptions {
  dataDir: string;
  shell: AppInfo['shell'];
  version?: string;
  /** Start building the fictional demo universe when the data directory has no universe. */
  autoBuildDemo?: boolean;
  /** Demo size override (tests); the default is the full universe. */
  demoCount?: number;
}

export interface FortressCore {
  readonly dataDir: string;
  /** Parse `input` for `method` and run it; never throws — errors come back as data. */
  call(method: string, input: unknown): Promise<ApiResult<unknown>>;
  /** Resolves when a running background job (demo build) has finished. */
  idle(): Promise<void>;
  /** Forget cached market data (after an import by another process, or a swap). */
  invalidate(): void;
  close(): void;
}

const isMethod = (m: string): m is ApiMethod => Object.hasOwn(API, m);

export function openCore(opts: CoreOptions): FortressCore {
  const paths = dataPaths(opts.dataDir);
  fs.mkdirSync(paths.dir, { recursive: true });
  let market: Db | null = openDatabase(paths.marketDb, MARKET_MIGRATIONS);
  const user: Db = openDatabase(paths.userDb, USER_MIGRATIONS);
  let grid: MetricGrid | null = null;
  let universe: UniverseInfo | null | undefined;
  let job: JobStatus | null = null;
  let running: Promise<void> | null = null;
  let closed = false;

  const marketDb = (): Db => {
    if (!market) market = openDatabase(paths.marketDb, MARKET_MIGRATIONS);
    return market;
  };
  const invalidate = () => {
    grid = null;
    universe = undefined;
  };

  /**
   * Run one background job at a time: `job` reports its progress through `app:info`, and
   * its outcome is recorded on the same object; the cached grid is dropped when it ends.
   */
  let recomputeWanted = false;
  const track = (kind: JobStatus['kind'], phase: string, total: number, work: (j: JobStatus) => Promise<Partial<JobStatus> | void>): JobStatus => {
    const j: JobStatus = { id: `${kind}-${Date.now()}`, kind, state: 'running', phase, done: 0, total, startedAt: new Date().toISOString() };
    job = j;
    running = work(j)
      .then((outcome) => {
        Object.assign(j, { state: 'done', phase: 'Done', ...(outcome ?? {}), finishedAt: new Date().toISOString() });
      })
      .catch((e: unknown) => {
        Object.assign(j, { state: 'failed', phase: 'Failed', message: e instanceof Error ? e.message : String(e), finishedAt: new Date().toISOString() });
      })
      .finally(() => {
        invalidate();
        running = null;
        // A threshold changed while another job ran: reclassify with the newest settings.
        if (recomputeWanted && !closed) recompute();
      });
    return j;
  };

  const startDemoBuild = (): { started: boolean; job: JobStatus | null } => {
    if (job?.state === 'running') return { started: false, job };
    const j = track('build-demo', 'Starting', 1, (j) =>
      buildDemoUniverse(paths.dir, {
        ...(opts.demoCount !== undefined ? { count: opts.demoCount } : {}),
        thresholds: classifyThresholds(user),
        onProgress: (phase, done, total) => Object.assign(j, { phase, done, total }),
        beforeSwap: () => {
          market?.close();
          market = null;
          invalidate();
        },
      }).then(() => undefined),
    );
    return { started: true, job: j };
  };

  let refreshAbort: AbortController | null = null;
  const startRefresh: CoreContext['startRefresh'] = (input) => {
    const rctx = refreshContextFromSettings({ dataDir: paths.dir, market: marketDb(), user, version: opts.version ?? '0.1.0', recompute: (db) => recomputeMetricsAsync(db, { thresholds: classifyThresholds(user) }) });
    const plan = planRefresh(rctx, { ...(input.funds ? { funds: input.funds } : {}), asOfDate: input.asOfDate ?? null, tickers: input.tickers ?? null });
    const info = { id: plan.id, counts: plan.counts, universe: plan.universe, notes: plan.notes, needsContactEmail: plan.needsContactEmail, hasContactEmail: rctx.contactEmail !== null };
    if (input.dryRun || job?.state === 'running') return { started: false, job, plan: info };
    const abort = (refreshAbort = new AbortController());
    const j = track('refresh', 'Starting', plan.counts.total ?? 0, async (j) => {
      try {
        const r = await runRefresh(rctx, plan, { signal: abort.signal, onProgress: (p) => Object.assign(j, { phase: p.phase, done: p.done, total: p.total }) });
        const message = r.fatal?.message ?? (r.failures[0] ? `${r.failures.length} item(s) failed, e.g. ${r.failures[0].message}` : undefined);
        return {
          state: r.status === 'failed' ? 'failed' : r.status === 'cancelled' ? 'cancelled' : 'done',
          phase: r.status === 'cancelled' ? 'Cancelled' : r.status === 'failed' ? 'Failed' : 'Done',
          ...(message ? { message } : {}),
        };
      } finally {
        refreshAbort = null;
      }
    });
    return { started: true, job: j, plan: info };
  };

  /** After a threshold change: reclassify in the background, then drop the cached grid. */
  const recompute = () => {
    if (job?.state === 'running') {
      recomputeWanted = true;
      return;
    }
    recomputeWanted = false;
    track('recompute', 'Recomputing metrics', 1, (j) =>
      recomputeMetricsAsync(marketDb(), { thresholds: classifyThresholds(user), onProgress: (done, total) => Object.assign(j, { done, total }) }).then(() => undefined),
    );
  };

  const cancelRefresh = () => {
    const a = refreshAbort;
    a?.abort();
    return { cancelled: a !== null };
  };

  const ctx: CoreContext = {
    version: opts.version ?? '0.1.0',
    dataDir: paths.dir,
    shell: opts.shell,
    market: marketDb,
    user: () => user,
    universe: () => {
      if (job?.state === 'running' && !market) return null;
      if (universe === undefined) universe = universeInfo(marketDb());
      return universe;
    },
    grid: () => {
      if (!grid) grid = loadMetricGrid(marketDb());
      return grid;
    },
    job: () => job,
    startDemoBuild,
    startRefresh,
    cancelRefresh,
    recompute,
    thresholds: () => classifyThresholds(user),
  };

  if (opts.autoBuildDemo && ctx.universe() === null) startDemoBuild();

  return {
    dataDir: paths.dir,
    async call(method, input) {
      if (closed) return { ok: false, error: { kind: 'internal', message: 'Fortress is shutting down' } };
      if (!isMethod(method)) return { ok: false, error: { kind: 'not_found', message: `unknown API method: ${method}` } };
      const parsed = API[method].input.safeParse(input);
      if (!parsed.success) return { ok: false, error: fromZod(parsed.error) };
      try {
        const handler = handlers[method] as (c: CoreContext, i: unknown) => unknown;
        return { ok: true, value: await handler(ctx, parsed.data) };
      } catch (e) {
        return { ok: false, error: classifyError(e) };
      }
    },
    idle: async () => {
      while (running) await running;
    },
    invalidate,
    close() {
      closed = true;
      refreshAbort?.abort();
      market?.close();
      user.close();
    },
  };
}
