import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ContactEmailMissingError,
  DEFAULT_HTTP_POLICY,
  HttpClient,
  HttpError,
  backoffDelay,
  parseRetryAfter,
  plainUserAgent,
  secUserAgent,
  type RetryEvent,
} from '../../main/core/refresh/http.ts';
import { SEC_RATE_PER_SEC, TokenBucket, secLimiter } from '../../main/core/refresh/rate-limit.ts';
import { EMAIL, FAST_POLICY, VERSION, maxInWindow } from './helpers.ts';
import type { HttpPolicy } from '../../main/core/refresh/http.ts';
import { ReplayServer, fixtureFiles, loopbackFetch } from './replay-server.ts';

const TICKERS = '/files/company_tickers.json';
const SNOW_FACTS = '/api/xbrl/companyfacts/CIK0001640147.json';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start(fixtureFiles());
});
afterEach(() => {
  expect(server.overLimit).toBe(false);
  server.clearRules();
});
afterAll(async () => {
  await server.close();
});

function client(opts: { policy?: Partial<HttpPolicy>; limiter?: TokenBucket; onRetry?: (e: RetryEvent) => void; userAgent?: string } = {}): HttpClient {
  return new HttpClient({
    userAgent: opts.userAgent ?? secUserAgent(VERSION, EMAIL),
    limiter: opts.limiter ?? new TokenBucket({ ratePerSec: 1000 }),
    policy: { ...FAST_POLICY, ...opts.policy },
    fetch: loopbackFetch,
    ...(opts.onRetry ? { onRetry: opts.onRetry } : {}),
  });
}

const url = (p: string) => `${server.baseUrl}${p}`;
const requestsSince = (n: number, p: string) => server.requests.slice(n).filter((r) => r.url.startsWith(p));

describe('User-Agent', () => {
  it('is "Fortress/<version> <e-mail>" for SEC and goes out with Accept-Encoding gzip', async () => {
    const before = server.requests.length;
    await client().get(url(TICKERS));
    const [req] = requestsSince(before, TICKERS);
    expect(req?.headers['user-agent']).toBe(`Fortress/${VERSION} ${EMAIL}`);
    expect(req?.headers['accept-encoding']).toMatch(/\bgzip\b/);
  });

  it('cannot be built for SEC without a usable contact e-mail, and says how to set one', () => {
    for (const bad of [null, undefined, '', '   ', 'not-an-email', 'a@b', 'me@example.com\r\nX-Evil: 1']) {
      const e = (() => {
        try {
          secUserAgent(VERSION, bad);
        } catch (err) {
          return err;
        }
        return null;
      })();
      expect(e, String(bad)).toBeInstanceOf(ContactEmailMissingError);
      expect((e as Error).message).toContain('sec.contact_email');
    }
  });

  it('leaves the e-mail out for other hosts', () => {
    expect(plainUserAgent(VERSION)).toBe(`Fortress/${VERSION}`);
  });
});

describe('rate limit', () => {
  it('defaults to 10 requests per second for SEC, evenly spaced (burst 1), shared process-wide', () => {
    expect(SEC_RATE_PER_SEC).toBe(10);
    expect(secLimiter().ratePerSec).toBe(10);
    expect(secLimiter().burst).toBe(1);
    expect(secLimiter()).toBe(secLimiter());
  });

  it('keeps 21 concurrent requests through the default SEC limiter to ≤ 10 per second at the server', async () => {
    const before = server.requests.length;
    const c = client({ limiter: secLimiter() });
    await Promise.all(Array.from({ length: 21 }, () => c.get(url(TICKERS))));
    const times = requestsSince(before, TICKERS).map((r) => r.at);
    expect(times).toHaveLength(21);
    // 20 gaps of 100 ms: the run cannot be shorter than 2 s (11/s would take 1.82 s). The
    // margin covers arrival stamps delayed when a loaded CI machine stalls the event loop.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(2000 - 100);
    // No second holds more than 10, with the same allowance for a late arrival stamp.
    expect(maxInWindow(times, 1000 - 100)).toBeLessThanOrEqual(10);
  });

  it('hands out tokens in call order, burst first, then one per 1/rate', () => {
    let now = 0;
    const b = new TokenBucket({ ratePerSec: 10, burst: 3, now: () => now });
    expect([b.reserve(), b.reserve(), b.reserve()]).toEqual([0, 0, 0]);
    expect(b.reserve()).toBeCloseTo(100);
    expect(b.reserve()).toBeCloseTo(200);
    now = 1000; // 10 tokens' worth of time refills to the burst, not beyond
    expect([b.reserve(), b.reserve(), b.reserve()]).toEqual([0, 0, 0]);
    expect(b.reserve()).toBeCloseTo(100);
  });
});

describe('retries', () => {
  it('retries 500 then 503 with backoff, then succeeds', async () => {
    server.rule({ path: TICKERS, times: 1, do: { kind: 'status', status: 500 } }).rule({ path: TICKERS, times: 1, do: { kind: 'status', status: 503 } });
    const retries: RetryEvent[] = [];
    const before = server.requests.length;
    const res = await client({ onRetry: (e) => retries.push(e) }).get(url(TICKERS));
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(3);
    expect(requestsSince(before, TICKERS)).toHaveLength(3);
    expect(retries.map((r) => r.reason)).toEqual([expect.stringContaining('HTTP 500'), expect.stringContaining('HTTP 503')]);
    expect(JSON.parse(res.body.toString('utf8'))['0'].ticker).toBe('NVDA');
  });

  it('waits at least Retry-After on a 429', async () => {
    server.rule({ path: TICKERS, times: 1, do: { kind: 'status', status: 429, retryAfter: '1' } });
    const before = server.requests.length;
    const res = await client().get(url(TICKERS));
    expect(res.attempts).toBe(2);
    const [a, b] = requestsSince(before, TICKERS).map((r) => r.at) as [number, number];
    expect(b - a).toBeGreaterThanOrEqual(1000 - 5);
  });

  it('gives up at once when Retry-After is longer than it is willing to wait', async () => {
    server.rule({ path: TICKERS, times: 1, do: { kind: 'status', status: 429, retryAfter: '600' } });
    const before = server.requests.length;
    const e = await client().get(url(TICKERS)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).message).toMatch(/asks to wait 600 s/);
    expect(requestsSince(before, TICKERS)).toHaveLength(1);
  });

  it('never retries a 403 or a 404, and quotes the page in the error', async () => {
    server.rule({ path: TICKERS, times: 1, do: { kind: 'status', status: 403, body: '<html><body><h1>Request Rate Threshold Exceeded</h1></body></html>' } });
    const before = server.requests.length;
    const e = (await client().get(url(TICKERS)).catch((err: unknown) => err)) as HttpError;
    expect(e.status).toBe(403);
    expect(e.message).toContain('Request Rate Threshold Exceeded');
    const missing = (await client().get(url('/api/xbrl/companyfacts/CIK0000000001.json')).catch((err: unknown) => err)) as HttpError;
    expect(missing.status).toBe(404);
    expect(server.requests.length - before).toBe(2);
  });

  it('abandons a response slower than the timeout (before headers or mid-body) and retries it', async () => {
    for (const kind of ['stall', 'stall-body'] as const) {
      server.rule({ path: SNOW_FACTS, times: 1, do: { kind, ms: 3000 } });
      const started = performance.now();
      const res = await client({ policy: { timeoutMs: 250 } }).get(url(SNOW_FACTS));
      expect(res.attempts, kind).toBe(2);
      expect(performance.now() - started, kind).toBeLessThan(2000);
      expect(JSON.parse(res.body.toString('utf8')).cik).toBe(1640147);
    }
  });

  it('fails with a timeout once every attempt stalled', async () => {
    server.rule({ path: TICKERS, do: { kind: 'stall', ms: 3000 } });
    const e = (await client({ policy: { timeoutMs: 150, maxAttempts: 2 } }).get(url(TICKERS)).catch((err: unknown) => err)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.kind).toBe('timeout');
    expect(e.attempts).toBe(2);
  });

  it('retries a connection dropped mid-body', async () => {
    server.rule({ path: SNOW_FACTS, times: 1, do: { kind: 'reset' } });
    const res = await client().get(url(SNOW_FACTS));
    expect(res.attempts).toBe(2);
    expect(JSON.parse(res.body.toString('utf8')).cik).toBe(1640147);
  });

  it('backs off exponentially with equal jitter, capped', () => {
    const p = { backoffBaseMs: 1000, backoffMaxMs: 30_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, p, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, p, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(10, p, () => 1)).toBe(30_000);
    expect(DEFAULT_HTTP_POLICY.maxAttempts).toBeGreaterThan(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-05-05T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 05 May 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('bodies', () => {
  it('decodes a gzip-encoded response and a gzip file served without Content-Encoding', async () => {
    const plain = (await client().get(url(SNOW_FACTS))).body;
    for (const kind of ['gzip', 'gzip-file'] as const) {
      server.rule({ path: SNOW_FACTS, times: 1, do: { kind } });
      const res = await client().get(url(SNOW_FACTS));
      expect(res.body.equals(plain), kind).toBe(true);
    }
  });

  it('refuses a body larger than the cap', async () => {
    const e = (await client({ policy: { maxBodyBytes: 1000 } }).get(url(SNOW_FACTS)).catch((err: unknown) => err)) as HttpError;
    expect(e.kind).toBe('too_large');
  });
});

describe('cancellation', () => {
  it('stops a request in flight promptly with the signal reason', async () => {
    server.rule({ path: TICKERS, do: { kind: 'stall', ms: 5000 } });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const started = performance.now();
    const e = await client({ policy: { timeoutMs: 10_000 } }).get(url(TICKERS), { signal: ctrl.signal }).catch((err: unknown) => err);
    expect((e as Error).name).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stops a backoff sleep and a limiter wait promptly', async () => {
    server.rule({ path: TICKERS, do: { kind: 'status', status: 503 } });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const started = performance.now();
    const e = await client({ policy: { backoffBaseMs: 10_000, backoffMaxMs: 10_000 } }).get(url(TICKERS), { signal: ctrl.signal }).catch((err: unknown) => err);
    expect((e as Error).name).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(1000);

    const slow = new TokenBucket({ ratePerSec: 0.1 });
    slow.reserve(); // the next token is 10 s away
    const ctrl2 = new AbortController();
    setTimeout(() => ctrl2.abort(), 50);
    const e2 = await slow.take(ctrl2.signal).catch((err: unknown) => err);
    expect((e2 as Error).name).toBe('AbortError');
  });
});
