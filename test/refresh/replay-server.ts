/**
 * A loopback stand-in for iShares, SEC and a price endpoint, for the refresh tests.
 *
 * Policy:
 * - Listens on 127.0.0.1, port 0, only. Serves real files — the committed excerpts in
 *   `test/fixtures/real/` or the full files in `../shared/data/real/` — byte for byte under
 *   the real URL paths (`/us/products/239710/…/1467271812596.ajax?…`,
 *   `/files/company_tickers.json`, `/api/xbrl/companyfacts/CIK##########.json`,
 *   `/submissions/CIK##########.json`) plus `/prices/{TICKER}.csv` for the configurable
 *   price endpoint. Anything else is a 404, as SEC answers for a company without facts.
 * - Misbehaves on purpose, per rule: a status (429 with Retry-After, 5xx, 403), a stall
 *   before the headers or mid-body, an HTML bot-check page with 200, a truncated body
 *   (complete HTTP, cut document), a dropped connection, a gzip-encoded body, another
 *   URL's file (the wrong company or fund). A rule
 *   matches a path and applies to its next `times` requests.
 * - Records every request (arrival time on this server's monotonic clock, path, headers)
 *   so tests assert the User-Agent, the rate and what was or was not refetched.
 * - Bounded: past `maxRequests` it answers 599 and flags `overLimit`; it closes itself after
 *   `lifetimeMs`; `close()` drops every connection and pending timer.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { RefreshEndpoints } from '../../main/core/refresh/endpoints.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'real');
/** The full real files beside the repository (FORTRESS_REAL_DATA overrides). */
export const REAL = path.resolve(REPO_ROOT, process.env['FORTRESS_REAL_DATA'] ?? path.join('..', 'shared', 'data', 'real'));
export const HAS_REAL = fs.existsSync(path.join(REAL, 'PROVENANCE.md'));
export const SKIP_REAL_REASON = `skipped: full real files not found at ${REAL} (the fixture-based refresh tests still run)`;

/** What the server can serve, by what the URL asks for. */
export interface ReplayFiles {
  /** Per fund, its holdings files by as-of date (YYYY-MM-DD). */
  holdings: Record<string, Record<string, string>>;
  tickers: string | null;
  /** CIK → company-facts JSON. */
  facts: Record<number, string>;
  /** CIK → submissions JSON. */
  submissions: Record<number, string>;
  /** Ticker → price CSV. */
  prices: Record<string, string>;
}

/** The committed excerpts: always present. */
export function fixtureFiles(): ReplayFiles {
  const f = (name: string) => path.join(FIXTURES, name);
  return {
    holdings: {
      IWM: { '2025-05-13': f('IWM_holdings_2025-05-13_excerpt.csv'), '2026-05-05': f('IWM_holdings_2026-05-05_excerpt.csv') },
      IWC: { '2026-01-20': f('IWC_holdings_2026-01-20_excerpt.csv') },
    },
    tickers: f('company_tickers_excerpt.json'),
    facts: { 1640147: f('CIK0001640147_SNOW_trimmed.json'), 1997711: f('CIK0001997711_LPA_trimmed.json') },
    submissions: {},
    prices: { AIR: f('AIR_tail30.csv'), IWM: f('IWM_daily_yfinance_2026-08-21_head30.csv') },
  };
}

/** The full real files, or null when they are absent. */
export function realFiles(): ReplayFiles | null {
  if (!HAS_REAL) return null;
  const holdings: ReplayFiles['holdings'] = {};
  for (const name of fs.readdirSync(path.join(REAL, 'ishares'))) {
    const m = /^(IW[MC])_holdings_(\d{4}-\d{2}-\d{2})\.csv$/.exec(name);
    if (m) (holdings[m[1] as string] ??= {})[m[2] as string] = path.join(REAL, 'ishares', name);
  }
  const byCik = (dir: string): Record<number, string> => {
    const out: Record<number, string> = {};
    for (const name of fs.readdirSync(dir)) {
      const m = /^CIK(\d{10})_/.exec(name);
      if (m) out[Number(m[1])] = path.join(dir, name);
    }
    return out;
  };
  const prices: Record<string, string> = {};
  const small = path.join(REAL, 'prices', 'smallcaps_yahoo_2024-03-08');
  for (const name of fs.readdirSync(small)) if (name.endsWith('.csv')) prices[name.slice(0, -4)] = path.join(small, name);
  prices['IWM'] = path.join(REAL, 'prices', 'etf', 'IWM_daily_yfinance_2026-08-21.csv');
  return {
    holdings,
    tickers: path.join(REAL, 'sec', 'company_tickers.json'),
    facts: byCik(path.join(REAL, 'sec', 'companyfacts')),
    submissions: byCik(path.join(REAL, 'sec', 'submissions')),
    prices,
  };
}

export type Misbehaviour =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** No headers for `ms`, then the real response. */
  | { kind: 'stall'; ms: number }
  /** Headers and half the body, then nothing for `ms`, then the rest. */
  | { kind: 'stall-body'; ms: number }
  /** A bot-check page with HTTP 200. */
  | { kind: 'html' }
  /** The first `keep` bytes (default: half) as a complete response: a cut document. */
  | { kind: 'truncate'; keep?: number }
  /** Promises the full length, sends half, drops the connection. */
  | { kind: 'reset' }
  /** `Content-Encoding: gzip`. */
  | { kind: 'gzip' }
  /** Gzip bytes without `Content-Encoding` (a .gz file served as is). */
  | { kind: 'gzip-file' }
  /** What another URL (path with query) serves: a mixed-up cache or a redirect gone wrong. */
  | { kind: 'other'; url: string };

export interface Rule {
  /** Matched against the path with its query string. */
  path: string | RegExp;
  /** How many matching requests it applies to (default: all). */
  times?: number;
  do: Misbehaviour;
}

export interface RecordedRequest {
  /** Arrival, ms on `performance.now()`. */
  at: number;
  method: string;
  /** Path with query string. */
  url: string;
  pathname: string;
  headers: http.IncomingHttpHeaders;
}

export const BOT_CHECK_PAGE =
  '<!DOCTYPE html>\n<html lang="en"><head><title>Just a moment...</title></head>\n<body><h1>Checking your browser before accessing the site.</h1><p>Please enable JavaScript and cookies to continue.</p></body></html>\n';

const HOLDINGS_PATH = /^\/us\/products\/(\d+)\/([a-z0-9-]+)\/1467271812596\.ajax$/;
const PRODUCT_FUND: Record<string, string> = { '239710/ishares-russell-2000-etf': 'IWM', '239716/ishares-microcap-etf': 'IWC' };

interface Served {
  body: Buffer;
  contentType: string;
}

export class ReplayServer {
  readonly requests: RecordedRequest[] = [];
  overLimit = false;
  baseUrl = '';
  private readonly files: ReplayFiles;
  private readonly maxRequests: number;
  private readonly server: http.Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  private rules: { rule: Rule; left: number }[] = [];

  private constructor(files: ReplayFiles, maxRequests: number) {
    this.files = files;
    this.maxRequests = maxRequests;
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  static async start(files: ReplayFiles, opts: { maxRequests?: number; lifetimeMs?: number } = {}): Promise<ReplayServer> {
    const s = new ReplayServer(files, opts.maxRequests ?? 400);
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    const { port } = s.server.address() as AddressInfo;
    s.baseUrl = `http://127.0.0.1:${port}`;
    // A forgotten server must not outlive the test file.
    s.later(opts.lifetimeMs ?? 60_000, () => void s.close()).unref();
    return s;
  }

  /** All three services on this server. */
  endpoints(): RefreshEndpoints {
    return { ishares: this.baseUrl, secWww: this.baseUrl, secData: this.baseUrl };
  }

  priceTemplate(): string {
    return `${this.baseUrl}/prices/{ticker}.csv`;
  }

  rule(rule: Rule): this {
    this.rules.push({ rule, left: rule.times ?? Infinity });
    return this;
  }

  clearRules(): void {
    this.rules = [];
  }

  /** Requests whose path (with query) matches. */
  matching(p: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => (typeof p === 'string' ? r.url.startsWith(p) : p.test(r.url)));
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server.closeAllConnections();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private resolve(url: URL): Served | null {
    const p = url.pathname;
    const csv = 'text/csv; charset=utf-8';
    const json = 'application/json';
    const read = (file: string | undefined, contentType: string): Served | null => (file && fs.existsSync(file) ? { body: fs.readFileSync(file), contentType } : null);
    const h = HOLDINGS_PATH.exec(p);
    if (h) {
      const fund = PRODUCT_FUND[`${h[1]}/${h[2]}`];
      const q = url.searchParams;
      if (!fund || q.get('fileType') !== 'csv' || q.get('dataType') !== 'fund' || q.get('fileName') !== `${fund}_holdings`) return null;
      const byDate = this.files.holdings[fund] ?? {};
      const asOf = q.get('asOfDate');
      const date = asOf ? `${asOf.slice(0, 4)}-${asOf.slice(4, 6)}-${asOf.slice(6, 8)}` : Object.keys(byDate).sort().at(-1);
      return read(date ? byDate[date] : undefined, csv);
    }
    if (p === '/files/company_tickers.json') return read(this.files.tickers ?? undefined, json);
    const facts = /^\/api\/xbrl\/companyfacts\/CIK(\d{10})\.json$/.exec(p);
    if (facts) return read(this.files.facts[Number(facts[1])], json);
    const subs = /^\/submissions\/CIK(\d{10})\.json$/.exec(p);
    if (subs) return read(this.files.submissions[Number(subs[1])], json);
    const price = /^\/prices\/([^/]+)\.csv$/.exec(p);
    if (price) return read(this.files.prices[decodeURIComponent(price[1] as string)], csv);
    return null;
  }

  private takeRule(url: string): Misbehaviour | null {
    for (const r of this.rules) {
      const hit = typeof r.rule.path === 'string' ? url.startsWith(r.rule.path) : r.rule.path.test(url);
      if (hit && r.left > 0) {
        r.left--;
        return r.rule.do;
      }
    }
    return null;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const at = performance.now();
    const url = new URL(req.url ?? '/', this.baseUrl);
    this.requests.push({ at, method: req.method ?? '', url: `${url.pathname}${url.search}`, pathname: url.pathname, headers: req.headers });
    res.on('error', () => undefined); // the client may hang up on purpose (timeouts, cancel)
    if (this.requests.length > this.maxRequests) {
      this.overLimit = true;
      res.writeHead(599, { 'Content-Type': 'text/plain' }).end('replay server: request limit reached');
      return;
    }
    const served = this.resolve(url);
    const misbehaviour = this.takeRule(`${url.pathname}${url.search}`);
    const notFound = () => res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no such file: ${url.pathname}`);
    const serve = (s: Served) => res.writeHead(200, { 'Content-Type': s.contentType, 'Content-Length': s.body.length }).end(s.body);

    if (misbehaviour === null) return void (served ? serve(served) : notFound());
    switch (misbehaviour.kind) {
      case 'status': {
        const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'text/html' };
        if (misbehaviour.retryAfter !== undefined) headers['Retry-After'] = misbehaviour.retryAfter;
        res.writeHead(misbehaviour.status, headers).end(misbehaviour.body ?? `<html><body><h1>Error ${misbehaviour.status}</h1></body></html>`);
        return;
      }
      case 'stall':
        this.later(misbehaviour.ms, () => (served ? serve(served) : notFound()));
        return;
      case 'stall-body': {
        if (!served) return void notFound();
        const half = Math.floor(served.body.length / 2);
        res.writeHead(200, { 'Content-Type': served.contentType, 'Content-Length': served.body.length });
        res.write(served.body.subarray(0, half));
        this.later(misbehaviour.ms, () => res.end(served.body.subarray(half)));
        return;
      }
      case 'html':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(BOT_CHECK_PAGE);
        return;
      case 'truncate': {
        if (!served) return void notFound();
        const keep = misbehaviour.keep ?? Math.floor(served.body.length / 2);
        serve({ ...served, body: served.body.subarray(0, keep) });
        return;
      }
      case 'reset': {
        if (!served) return void notFound();
        res.writeHead(200, { 'Content-Type': served.contentType, 'Content-Length': served.body.length });
        res.write(served.body.subarray(0, Math.floor(served.body.length / 2)), () => res.destroy());
        return;
      }
      case 'gzip': {
        if (!served) return void notFound();
        const body = gzipSync(served.body);
        res.writeHead(200, { 'Content-Type': served.contentType, 'Content-Encoding': 'gzip', 'Content-Length': body.length }).end(body);
        return;
      }
      case 'gzip-file': {
        if (!served) return void notFound();
        const body = gzipSync(served.body);
        res.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': body.length }).end(body);
        return;
      }
      case 'other': {
        const other = this.resolve(new URL(misbehaviour.url, this.baseUrl));
        return void (other ? serve(other) : notFound());
      }
    }
  }
}

/**
 * A fetch that refuses any host but 127.0.0.1: a test can never reach the real services,
 * even through a default endpoint someone forgot to override.
 */
export const loopbackFetch: typeof fetch = (input, init) => {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const host = new URL(href).hostname;
  if (host !== '127.0.0.1') return Promise.reject(new Error(`test fetch refused a non-loopback host: ${href}`));
  return fetch(input, init);
};
