/**
 * The online refresh job: plan what to fetch, then fetch and store it item by item.
 *
 * Policy:
 * - Runs a plan (`plan.ts`) in its two phases: the index items one by one, then the
 *   per-company items of the universe as the database holds it *after* the index phase.
 *   Older SEC filing pages are not fetched, so `first_filed` rests on the page index
 *   (`filings.files[].filingFrom`) for long filers.
 * - Every item is validated by the real parser before anything is written (`sources.ts`),
 *   then stored by the file loaders in one transaction of its own. A failed item is
 *   recorded with its error and the run goes on. Fatal, and the run stops: no SEC contact
 *   e-mail (checked before any request), an HTTP 403 from SEC (the IP is blocked; more
 *   requests would only extend the block), a storage error (disk full, read-only or
 *   damaged database) and another refresh holding the lock.
 * - Resumable: progress is kept in `<dataDir>/refresh-state.json` (see `state.ts`). A run
 *   of the same plan (same request, endpoints and price template: the plan id) that finds
 *   an unfinished state for it skips the items already stored. Failed items are retried.
 *   A finished state, a state older than `resumeWindowMs`, or `fresh: true` starts over.
 * - Cancellable: the AbortSignal stops the in-flight requests, the limiter waits and the
 *   backoff sleeps. A download that completes after the signal is discarded unwritten; a
 *   transaction that started always completes (they are synchronous), so the database is
 *   never left half-written. The state file records `cancelled` and the first item not done.
 * - SEC requests and price requests run as two queues side by side, each with its own
 *   rate limiter and a few workers, so a slow price endpoint does not idle the SEC budget.
 * - Metrics are recomputed once, at the end, when anything was written. A cancelled run
 *   skips it for promptness and leaves `metricsStale` in the state; the next run recomputes
 *   even if it then writes nothing.
 * - `dryRun` returns the plan (URLs and counts) without a request, a lock or a state write.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/sqlite.ts';
import { importCompanyFacts, importHoldingsFile, importPrices, importSubmissions, importTickers } from '../import/loaders.ts';
import { ImportError } from '../import/types.ts';
import { recomputeMetricsSync } from '../market/metrics-store.ts';
import { currentSnapshot, getMeta, setMeta } from '../market/queries.ts';
import { cikId, type FundId, type RefreshEndpoints } from './endpoints.ts';
import { ContactEmailMissingError, HttpClient, HttpError, plainUserAgent, secUserAgent } from './http.ts';
import { deriveCompanyItems, type ItemKind, type RefreshContext, type RefreshItem, type RefreshPlan, type Service } from './plan.ts';
import { ISHARES_RATE_PER_SEC, PRICES_RATE_PER_SEC, TokenBucket, secLimiter } from './rate-limit.ts';
import { fetchCompanyFacts, fetchHoldings, fetchPrices, fetchSubmissions, fetchTickerMap, SourceError } from './sources.ts';
import { RefreshBusyError, acquireLock, readState, statePath, writeFileAtomic, writeState, type RefreshState } from './state.ts';

export {
  planRefresh,
  planSummary,
  refreshContextFromSettings,
  type ItemKind,
  type NormalizedRequest,
  type RefreshContext,
  type RefreshHttpOptions,
  type RefreshItem,
  type RefreshPlan,
  type RefreshRequest,
  type Service,
} from './plan.ts';

export interface RefreshProgress {
  /** JobStatus-compatible. */
  phase: string;
  done: number;
  total: number;
  failed: number;
  /** The item just finished, when there is one. */
  item?: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: RefreshProgress) => void;
  /** Return the plan without any request. */
  dryRun?: boolean;
  /** Ignore an unfinished state of the same plan. */
  fresh?: boolean;
}

export interface ItemFailure {
  key: string;
  url: string;
  kind: 'http' | 'invalid' | 'error';
  /** HTTP status, when the failure was one. */
  status: number | null;
  message: string;
}

export type FatalKind = 'config' | 'blocked' | 'busy' | 'storage';

export interface RefreshResult {
  status: 'done' | 'cancelled' | 'failed' | 'dry-run';
  plan: RefreshPlan;
  /** Items in the run, once the universe was known. */
  total: number;
  /** Items stored, this run or an earlier run of the same plan. */
  done: number;
  /** Of `done`: stored by an earlier run and skipped now. */
  resumed: number;
  failures: ItemFailure[];
  fatal: { kind: FatalKind; message: string } | null;
  /** When stopped early: the first item not done. */
  stoppedAt: string | null;
  /** Rows recomputed, or null when metrics were not recomputed. */
  metricsRecomputed: number | null;
  stateFile: string;
}

const DEFAULT_RESUME_WINDOW_MS = 3 * 24 * 3600 * 1000;
// A few requests in flight keep a 10/s budget busy over ~100–300 ms round trips.
const DEFAULT_SEC_WORKERS = 4;
const DEFAULT_PRICE_WORKERS = 2;
const TMP_DIR = 'refresh-tmp';
/** Where fetched SEC submissions are kept (the loader reads older pages from beside them). */
export const SUBMISSIONS_DIR = path.join('sec', 'submissions');

// Per-company kinds share one phase: their queues run side by side, so a per-kind label
// would flicker. `RefreshProgress.item` names the item.
const PHASE: Record<ItemKind, string> = {
  holdings: 'Downloading fund holdings',
  tickers: 'Downloading the SEC ticker map',
  facts: 'Downloading company data (facts, filings, prices)',
  submissions: 'Downloading company data (facts, filings, prices)',
  prices: 'Downloading company data (facts, filings, prices)',
};

// ---- running ---------------------------------------------------------------------------

const STORAGE_CODES = /^(SQLITE_(FULL|CORRUPT|NOTADB|READONLY|IOERR|CANTOPEN)|ENOSPC|EROFS|EDQUOT|EACCES|EPERM)/;

/** Disk full, read-only or damaged storage: every further item would fail the same way. */
function isStorageError(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x instanceof Error && depth < 3; x = x.cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && STORAGE_CODES.test(code)) return true;
  }
  return false;
}

function describeFailure(item: RefreshItem, e: unknown): ItemFailure {
  if (e instanceof HttpError) return { key: item.key, url: item.url, kind: 'http', status: e.status, message: e.message };
  if (e instanceof ImportError || e instanceof SourceError) return { key: item.key, url: item.url, kind: 'invalid', status: null, message: e.message };
  return { key: item.key, url: item.url, kind: 'error', status: null, message: e instanceof Error ? e.message : String(e) };
}

function dryRunResult(ctx: RefreshContext, plan: RefreshPlan): RefreshResult {
  return {
    status: 'dry-run',
    plan,
    total: plan.counts.total,
    done: 0,
    resumed: 0,
    failures: [],
    fatal: null,
    stoppedAt: null,
    metricsRecomputed: null,
    stateFile: statePath(ctx.dataDir),
  };
}

/**
 * Fetches and stores every item of `plan`. Never throws for a failed item or a fatal stop:
 * the result says what happened (`status`, `failures`, `fatal`). Rejects only on a
 * programming error.
 */
export async function runRefresh(ctx: RefreshContext, plan: RefreshPlan, opts: RunOptions = {}): Promise<RefreshResult> {
  if (opts.dryRun) return dryRunResult(ctx, plan);
  const base = dryRunResult(ctx, plan);
  const stopWith = (kind: FatalKind, message: string): RefreshResult => ({ ...base, status: 'failed', done: 0, fatal: { kind, message } });

  // Preconditions, before any request or any state change.
  let secClient: HttpClient | null = null;
  const http = ctx.http ?? {};
  const common = { policy: http.policy, fetch: http.fetch, random: http.random, onRetry: http.onRetry };
  if (plan.needsContactEmail) {
    try {
      secClient = new HttpClient({ ...common, userAgent: secUserAgent(ctx.version, ctx.contactEmail), limiter: http.limiters?.sec ?? secLimiter() });
    } catch (e) {
      if (e instanceof ContactEmailMissingError) return stopWith('config', e.message);
      throw e;
    }
  }
  const isharesClient = new HttpClient({ ...common, userAgent: plainUserAgent(ctx.version), limiter: http.limiters?.ishares ?? new TokenBucket({ ratePerSec: ISHARES_RATE_PER_SEC }) });
  const pricesClient = new HttpClient({ ...common, userAgent: plainUserAgent(ctx.version), limiter: http.limiters?.prices ?? new TokenBucket({ ratePerSec: PRICES_RATE_PER_SEC }) });
  const clientFor = (s: Service): HttpClient => (s === 'sec' ? (secClient as HttpClient) : s === 'ishares' ? isharesClient : pricesClient);

  let release: () => void;
  try {
    release = acquireLock(ctx.dataDir);
  } catch (e) {
    if (e instanceof RefreshBusyError) return stopWith('busy', e.message);
    throw e;
  }

  try {
    return await new Run(ctx, plan, opts, clientFor).execute();
  } finally {
    release();
  }
}

/** One execution of a plan: its state, counters and stop signal. */
class Run {
  private readonly ctx: RefreshContext;
  private readonly plan: RefreshPlan;
  private readonly opts: RunOptions;
  private readonly clientFor: (s: Service) => HttpClient;
  private readonly db: Db;
  private readonly endpoints: RefreshEndpoints;
  private readonly tmp: string;
  /** Aborted on a fatal error; combined with the caller's signal. */
  private readonly halt = new AbortController();
  private readonly signal: AbortSignal;
  private state: RefreshState;
  private companyItems: RefreshItem[];
  private failures = new Map<string, ItemFailure>();
  private fatal: { kind: FatalKind; message: string } | null = null;
  private written = 0;
  private resumed = 0;
  private processed = 0;
  private phase = 'Starting';

  constructor(ctx: RefreshContext, plan: RefreshPlan, opts: RunOptions, clientFor: (s: Service) => HttpClient) {
    this.ctx = ctx;
    this.plan = plan;
    this.opts = opts;
    this.clientFor = clientFor;
    this.db = ctx.market;
    this.endpoints = plan.endpoints;
    this.tmp = path.join(ctx.dataDir, TMP_DIR);
    this.signal = opts.signal ? AbortSignal.any([opts.signal, this.halt.signal]) : this.halt.signal;
    this.companyItems = plan.companyItems;
    this.state = this.initialState();
  }

  private initialState(): RefreshState {
    const now = new Date().toISOString();
    const prev = readState(this.ctx.dataDir);
    const window = this.ctx.resumeWindowMs ?? DEFAULT_RESUME_WINDOW_MS;
    const resumable =
      prev !== null && !this.opts.fresh && prev.planId === this.plan.id && prev.status !== 'done' && Date.now() - Date.parse(prev.startedAt) <= window;
    return {
      version: 1,
      planId: this.plan.id,
      status: 'running',
      startedAt: resumable ? prev.startedAt : now,
      updatedAt: now,
      finishedAt: null,
      total: this.plan.counts.total,
      done: resumable ? prev.done : {},
      failed: resumable ? prev.failed : {},
      stoppedAt: null,
      fatal: null,
      // Stale metrics stay stale whatever plan runs next.
      metricsStale: prev?.metricsStale ?? false,
    };
  }

  private save(): void {
    this.state.updatedAt = new Date().toISOString();
    writeState(this.ctx.dataDir, this.state);
  }

  private allItems(): RefreshItem[] {
    return [...this.plan.indexItems, ...this.companyItems];
  }

  private report(item?: string): void {
    this.opts.onProgress?.({ phase: this.phase, done: this.processed, total: this.state.total, failed: this.failures.size, ...(item ? { item } : {}) });
  }

  async execute(): Promise<RefreshResult> {
    fs.rmSync(this.tmp, { recursive: true, force: true }); // leftovers of a crashed run
    fs.mkdirSync(this.tmp, { recursive: true });
    this.save();
    try {
      for (const item of this.plan.indexItems) {
        if (this.signal.aborted) break;
        await this.process(item);
      }
      if (!this.signal.aborted) {
        // The universe may have changed with the holdings just stored.
        this.companyItems = deriveCompanyItems(this.db, this.plan.request, this.endpoints, this.plan.priceUrlTemplate).items;
        this.state.total = this.plan.indexItems.length + this.companyItems.length;
        this.save();
        const sec = this.companyItems.filter((i) => i.service === 'sec');
        const prices = this.companyItems.filter((i) => i.service === 'prices');
        const workers = this.ctx.http?.concurrency ?? {};
        await Promise.all([this.pool(sec, workers.sec ?? DEFAULT_SEC_WORKERS), this.pool(prices, workers.prices ?? DEFAULT_PRICE_WORKERS)]);
      }
    } finally {
      fs.rmSync(this.tmp, { recursive: true, force: true });
    }
    return this.finish();
  }

  private async pool(items: readonly RefreshItem[], workers: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (!this.signal.aborted && next < items.length) await this.process(items[next++] as RefreshItem);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
  }

  /** Fetches and stores one item. Records, never throws (except on a programming error). */
  private async process(item: RefreshItem): Promise<void> {
    if (this.state.done[item.key] !== undefined) {
      this.resumed++;
      this.processed++;
      this.report(item.key);
      return;
    }
    this.phase = PHASE[item.kind];
    try {
      await this.fetchAndStore(item);
      this.written++;
      this.state.done[item.key] = new Date().toISOString();
      delete this.state.failed[item.key];
      this.failures.delete(item.key);
    } catch (e) {
      if (this.signal.aborted) return; // cancelled or halted: not a failure of this item
      const fatal = this.fatalOf(item, e);
      if (fatal) {
        this.fatal = fatal;
        this.halt.abort(new Error(fatal.message));
      }
      const failure = describeFailure(item, e);
      this.failures.set(item.key, failure);
      this.state.failed[item.key] = { url: item.url, error: failure.message, at: new Date().toISOString() };
    }
    this.processed++;
    this.save();
    this.report(item.key);
  }

  private fatalOf(item: RefreshItem, e: unknown): { kind: FatalKind; message: string } | null {
    if (item.service === 'sec' && e instanceof HttpError && e.status === 403) {
      return {
        kind: 'blocked',
        message:
          `SEC refused ${item.url} with HTTP 403: the IP is blocked (too many requests, or a User-Agent SEC does not accept). ` +
          `SEC lifts a block after about 10 minutes; run the refresh again then and it resumes where it stopped.`,
      };
    }
    if (isStorageError(e)) return { kind: 'storage', message: `cannot store data: ${e instanceof Error ? e.message : String(e)}` };
    return null;
  }

  /** Throws the cancel reason if the run was stopped while a download was in flight. */
  private checkpoint(): void {
    this.signal.throwIfAborted();
  }

  private tempFile(name: string, body: Buffer): string {
    const file = path.join(this.tmp, name);
    fs.writeFileSync(file, body);
    return file;
  }

  private async fetchAndStore(item: RefreshItem): Promise<void> {
    const client = this.clientFor(item.service);
    const db = this.db;
    switch (item.kind) {
      case 'holdings': {
        const fund = item.fund as FundId;
        const f = await fetchHoldings(client, this.endpoints, fund, this.plan.request.asOfDate, this.signal);
        this.checkpoint();
        const wasFictional = currentSnapshot(db)?.is_fictional === 1;
        const file = this.tempFile(`${fund}_holdings_${f.parsed.asOf}.csv`, f.body);
        try {
          importHoldingsFile(db, file);
        } finally {
          fs.rmSync(file, { force: true });
        }
        if (fund === this.plan.request.funds[0]) {
          // As `import-holdings` does: the downloaded fund becomes the universe. Leaving a
          // fictional demo universe also leaves its fictional benchmark behind.
          setMeta(db, 'universe_fund', fund);
          if (wasFictional || getMeta(db, 'benchmark_ticker') === null) setMeta(db, 'benchmark_ticker', fund);
        }
        return;
      }
      case 'tickers': {
        const f = await fetchTickerMap(client, this.endpoints, this.signal);
        this.checkpoint();
        const file = this.tempFile('company_tickers.json', f.body);
        try {
          importTickers(db, file);
        } finally {
          fs.rmSync(file, { force: true });
        }
        return;
      }
      case 'facts': {
        const cik = item.cik as number;
        const f = await fetchCompanyFacts(client, this.endpoints, cik, this.signal);
        this.checkpoint();
        const file = this.tempFile(`${cikId(cik)}.json`, f.body);
        try {
          importCompanyFacts(db, file);
        } finally {
          fs.rmSync(file, { force: true });
        }
        return;
      }
      case 'submissions': {
        const cik = item.cik as number;
        const f = await fetchSubmissions(client, this.endpoints, cik, this.signal);
        this.checkpoint();
        // Kept (not a temp file): the loader looks for older filing pages next to it, so a
        // later page download completes the first-filing date without refetching this.
        const dir = path.join(this.ctx.dataDir, SUBMISSIONS_DIR);
        fs.mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${cikId(cik)}.json`);
        writeFileAtomic(file, f.body);
        importSubmissions(db, file);
        return;
      }
      case 'prices': {
        const ticker = item.ticker as string;
        const f = await fetchPrices(client, this.plan.priceUrlTemplate as string, ticker, this.signal);
        this.checkpoint();
        const file = this.tempFile(`${ticker.replace(/[^A-Za-z0-9-]/g, '_')}.csv`, f.body);
        try {
          importPrices(db, file, { ticker });
        } finally {
          fs.rmSync(file, { force: true });
        }
        return;
      }
    }
  }

  private async finish(): Promise<RefreshResult> {
    const cancelled = this.fatal === null && this.signal.aborted;
    const status: RefreshResult['status'] = this.fatal ? 'failed' : cancelled ? 'cancelled' : 'done';
    const all = this.allItems();
    const stoppedAt = status === 'done' ? null : (all.find((i) => this.state.done[i.key] === undefined)?.key ?? null);
    let metricsRecomputed: number | null = null;
    const mustRecompute = this.written > 0 || this.state.metricsStale;
    if (mustRecompute) {
      // Saved first: if the recompute throws or the process dies in it, the next run knows.
      this.state.metricsStale = true;
      this.save();
    }
    if (mustRecompute && !cancelled) {
      this.phase = 'Recomputing metrics';
      this.report();
      metricsRecomputed = await (this.ctx.recompute ?? recomputeMetricsSync)(this.db);
      this.state.metricsStale = false;
    }
    const now = new Date().toISOString();
    Object.assign(this.state, { status, stoppedAt, fatal: this.fatal?.message ?? null, finishedAt: now });
    this.save();
    this.phase = status === 'done' ? 'Done' : status === 'cancelled' ? 'Cancelled' : 'Failed';
    this.report();
    const done = all.filter((i) => this.state.done[i.key] !== undefined).length;
    return {
      status,
      plan: this.plan,
      total: this.state.total,
      done,
      resumed: this.resumed,
      failures: [...this.failures.values()],
      fatal: this.fatal,
      stoppedAt,
      metricsRecomputed,
      stateFile: statePath(this.ctx.dataDir),
    };
  }
}
