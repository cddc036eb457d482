/**
 * Planning a refresh: what would be fetched, from the database as it is now.
 *
 * Policy:
 * - Two phases. First the index: the fund holdings (which define the universe) and SEC's
 *   ticker map (which gives each constituent its CIK). Then, per company of the universe:
 *   SEC company facts, SEC submissions (profile and first filing date, the age proxy) and
 *   daily prices, plus the fund's own prices as the benchmark.
 * - The per-company items of a plan come from the universe the database holds *now*; the
 *   job re-derives them once the new holdings are stored. A dry run says so in `notes`.
 * - Only a real (non-fictional) snapshot of the requested fund defines the universe: the
 *   demo's invented CIKs must never be sent to SEC.
 * - The plan id hashes the request, the endpoints and the price template, not the item
 *   list: it is what "the same plan" means when a stopped run is resumed, and it stays the
 *   same when the universe is re-derived.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/sqlite.ts';
import { getMeta, universeRows } from '../market/queries.ts';
import { getSetting } from '../user/settings.ts';
import {
  DEFAULT_ENDPOINTS,
  cikId,
  companyFactsUrl,
  holdingsUrl,
  isFundId,
  priceTemplateProblem,
  priceUrl,
  submissionsUrl,
  tickersUrl,
  type FundId,
  type RefreshEndpoints,
} from './endpoints.ts';
import type { HttpPolicy, RetryEvent } from './http.ts';
import type { TokenBucket } from './rate-limit.ts';

export type ItemKind = 'holdings' | 'tickers' | 'facts' | 'submissions' | 'prices';
export type Service = 'ishares' | 'sec' | 'prices';

export interface RefreshItem {
  /** Stable id within a plan: `holdings:IWM`, `tickers`, `facts:CIK0001640147`, `prices:AIR`. */
  key: string;
  kind: ItemKind;
  service: Service;
  url: string;
  fund?: FundId;
  cik?: number;
  ticker?: string;
}

export interface RefreshRequest {
  /** Funds whose holdings are fetched; the first defines the universe. Default: the current universe's fund if it is one of ours, else IWM. */
  funds?: FundId[];
  /** iShares as-of date, YYYY-MM-DD. Default: the latest list. */
  asOfDate?: string | null;
  /** Only these tickers' company data (e.g. one company page). Default: the whole universe. */
  tickers?: string[] | null;
  /** Item kinds to fetch; all default to true. */
  include?: Partial<Record<ItemKind, boolean>>;
}

export interface NormalizedRequest {
  funds: FundId[];
  asOfDate: string | null;
  tickers: string[] | null;
  include: Record<ItemKind, boolean>;
}

export interface RefreshPlan {
  /** Hash of request, endpoints and price template: what "the same plan" means for resuming. */
  id: string;
  request: NormalizedRequest;
  endpoints: RefreshEndpoints;
  priceUrlTemplate: string | null;
  /** Holdings and the ticker map: fetched first. */
  indexItems: RefreshItem[];
  /** Per company, from the universe the database holds now (re-derived once the index is stored). */
  companyItems: RefreshItem[];
  counts: Record<ItemKind, number> & { total: number; secRequests: number };
  universe: { fund: FundId; asOf: string | null; constituents: number; withoutCik: number };
  /** Human-readable caveats (no price endpoint set, universe not downloaded yet, …). */
  notes: string[];
  needsContactEmail: boolean;
}

export interface RefreshHttpOptions {
  policy?: Partial<HttpPolicy>;
  /** Default: the process-wide SEC bucket (10/s) and 2/s buckets for iShares and prices. */
  limiters?: { sec?: TokenBucket; ishares?: TokenBucket; prices?: TokenBucket };
  /** Workers per queue. SEC default 4, prices default 2. */
  concurrency?: { sec?: number; prices?: number };
  fetch?: typeof fetch;
  random?: () => number;
  onRetry?: (e: RetryEvent) => void;
}

export interface RefreshContext {
  dataDir: string;
  market: Db;
  /** App version, sent in the User-Agent. */
  version: string;
  /** The `sec.contact_email` setting. */
  contactEmail: string | null;
  /** The `prices.url_template` setting. */
  priceUrlTemplate: string | null;
  endpoints?: Partial<RefreshEndpoints>;
  http?: RefreshHttpOptions;
  /** Default `recomputeMetricsSync`; the app may pass `recomputeMetricsAsync`. */
  recompute?: (db: Db) => number | Promise<number>;
  /** How long an unfinished run stays resumable. Default 3 days. */
  resumeWindowMs?: number;
}

const ALL_KINDS: readonly ItemKind[] = ['holdings', 'tickers', 'facts', 'submissions', 'prices'];

// ---- context ---------------------------------------------------------------------------

/** A context reading the contact e-mail and price endpoint from the user's settings. */
export function refreshContextFromSettings(opts: Omit<RefreshContext, 'contactEmail' | 'priceUrlTemplate'> & { user: Db }): RefreshContext {
  const { user, ...rest } = opts;
  return { ...rest, contactEmail: getSetting(user, 'sec.contact_email'), priceUrlTemplate: getSetting(user, 'prices.url_template') };
}

function endpointsOf(ctx: RefreshContext): RefreshEndpoints {
  return { ...DEFAULT_ENDPOINTS, ...ctx.endpoints };
}

// ---- planning --------------------------------------------------------------------------

function normalizeRequest(db: Db, r: RefreshRequest): NormalizedRequest {
  const universeFund = getMeta(db, 'universe_fund');
  const funds = r.funds && r.funds.length > 0 ? [...new Set(r.funds)] : [universeFund !== null && isFundId(universeFund) ? universeFund : 'IWM'];
  for (const f of funds) if (!isFundId(f)) throw new RangeError(`unknown fund "${String(f)}"; known: IWM, IWC`);
  const asOfDate = r.asOfDate ?? null;
  if (asOfDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(asOfDate)) throw new RangeError(`as-of date must be YYYY-MM-DD, got "${asOfDate}"`);
  const tickers = r.tickers ? [...new Set(r.tickers.map((t) => t.trim().toUpperCase()).filter((t) => t !== ''))] : null;
  const include = Object.fromEntries(ALL_KINDS.map((k) => [k, r.include?.[k] ?? true])) as Record<ItemKind, boolean>;
  return { funds, asOfDate, tickers, include };
}

function planId(request: NormalizedRequest, endpoints: RefreshEndpoints, template: string | null): string {
  return createHash('sha256').update(JSON.stringify({ v: 1, request, endpoints, template })).digest('hex').slice(0, 16);
}

function indexItemsOf(req: NormalizedRequest, endpoints: RefreshEndpoints): RefreshItem[] {
  const items: RefreshItem[] = [];
  if (req.include.holdings) {
    for (const fund of req.funds) items.push({ key: `holdings:${fund}`, kind: 'holdings', service: 'ishares', url: holdingsUrl(endpoints, fund, req.asOfDate), fund });
  }
  if (req.include.tickers) items.push({ key: 'tickers', kind: 'tickers', service: 'sec', url: tickersUrl(endpoints) });
  return items;
}

export interface CompanyDerivation {
  items: RefreshItem[];
  universe: RefreshPlan['universe'];
  notes: string[];
}

/** Per-company items from what the database holds now. */
export function deriveCompanyItems(db: Db, req: NormalizedRequest, endpoints: RefreshEndpoints, template: string | null): CompanyDerivation {
  const fund = req.funds[0] as FundId;
  const notes: string[] = [];
  let rows: { ticker: string; cik: number | null }[];
  let asOf: string | null = null;
  if (req.tickers) {
    const cikOf = db.prepare('SELECT cik FROM ticker_map WHERE ticker = ?');
    rows = req.tickers.map((ticker) => ({ ticker, cik: (cikOf.get(ticker) as { cik: number } | undefined)?.cik ?? null }));
  } else {
    // Only a real snapshot of the requested fund: the demo's fictional CIKs must never be sent to SEC.
    const snap = db.prepare('SELECT id, as_of FROM holdings_snapshot WHERE fund = ? AND is_fictional = 0 ORDER BY as_of DESC LIMIT 1').get(fund) as
      | { id: number; as_of: string }
      | undefined;
    if (snap) {
      asOf = snap.as_of;
      rows = universeRows(db, snap.id).map((r) => ({ ticker: r.ticker, cik: r.cik }));
    } else {
      rows = [];
      notes.push(`no ${fund} holdings are stored yet: the per-company items are planned once the holdings are downloaded`);
    }
  }
  const withoutCik = rows.filter((r) => r.cik === null).map((r) => r.ticker);
  if (withoutCik.length > 0 && (req.include.facts || req.include.submissions)) {
    const shown = withoutCik.slice(0, 8).join(', ') + (withoutCik.length > 8 ? `, … (${withoutCik.length - 8} more)` : '');
    notes.push(`${withoutCik.length} ticker(s) have no CIK in the SEC ticker map, so no SEC data is fetched for them: ${shown}`);
  }
  const templateProblem = req.include.prices ? priceTemplateProblem(template) : null;
  if (templateProblem) notes.push(`prices are skipped: ${templateProblem}`);

  const items: RefreshItem[] = [];
  const ciks = new Set<number>();
  const tickers = new Set<string>();
  const addPrices = (ticker: string) => {
    if (!req.include.prices || templateProblem || tickers.has(ticker)) return;
    tickers.add(ticker);
    items.push({ key: `prices:${ticker}`, kind: 'prices', service: 'prices', url: priceUrl(template as string, ticker), ticker });
  };
  for (const { ticker, cik } of rows) {
    if (cik !== null && !ciks.has(cik)) {
      ciks.add(cik); // share classes (GOOG/GOOGL) share a CIK: fetch it once
      if (req.include.facts) items.push({ key: `facts:${cikId(cik)}`, kind: 'facts', service: 'sec', url: companyFactsUrl(endpoints, cik), cik, ticker });
      if (req.include.submissions) items.push({ key: `submissions:${cikId(cik)}`, kind: 'submissions', service: 'sec', url: submissionsUrl(endpoints, cik), cik, ticker });
    }
    addPrices(ticker);
  }
  // The fund's own prices are the benchmark the technical metrics compare against.
  addPrices(fund);
  return { items, universe: { fund, asOf, constituents: rows.length, withoutCik: withoutCik.length }, notes };
}

function countItems(items: readonly RefreshItem[]): RefreshPlan['counts'] {
  const counts = { holdings: 0, tickers: 0, facts: 0, submissions: 0, prices: 0, total: items.length, secRequests: 0 };
  for (const i of items) {
    counts[i.kind]++;
    if (i.service === 'sec') counts.secRequests++;
  }
  return counts;
}

/**
 * What a refresh would fetch, from the database as it is now. Throws RangeError on a bad
 * request (unknown fund, malformed date).
 */
export function planRefresh(ctx: RefreshContext, request: RefreshRequest = {}): RefreshPlan {
  const endpoints = endpointsOf(ctx);
  const req = normalizeRequest(ctx.market, request);
  const indexItems = indexItemsOf(req, endpoints);
  const company = deriveCompanyItems(ctx.market, req, endpoints, ctx.priceUrlTemplate);
  const notes = [...company.notes];
  if (req.include.holdings && req.tickers === null && company.universe.asOf !== null) {
    notes.push(`per-company items are from the stored ${company.universe.fund} holdings as of ${company.universe.asOf}; they are re-derived after the new holdings are stored`);
  }
  return {
    id: planId(req, endpoints, ctx.priceUrlTemplate),
    request: req,
    endpoints,
    priceUrlTemplate: ctx.priceUrlTemplate,
    indexItems,
    companyItems: company.items,
    counts: countItems([...indexItems, ...company.items]),
    universe: company.universe,
    notes,
    needsContactEmail: req.include.tickers || req.include.facts || req.include.submissions,
  };
}

/** A JSON-friendly view of a plan for a dry run: counts, notes and every URL. */
export function planSummary(plan: RefreshPlan): { id: string; counts: RefreshPlan['counts']; universe: RefreshPlan['universe']; notes: string[]; urls: string[] } {
  return { id: plan.id, counts: plan.counts, universe: plan.universe, notes: plan.notes, urls: [...plan.indexItems, ...plan.companyItems].map((i) => i.url) };
}
