/**
 * The one way Fortress talks to the network: GET a URL, politely, and return its bytes.
 *
 * Policy:
 * - Every attempt first takes a token from the caller's rate limiter (one bucket per
 *   remote service; SEC's is shared process-wide, ≤ 10 requests/s).
 * - Retries: 408, 429 and every 5xx, plus timeouts and dropped connections, are retried
 *   up to `maxAttempts` with exponential backoff and jitter (jitter so that several
 *   clients, or several workers of one client, do not retry in lock step). A
 *   `Retry-After` header is a floor on the wait; one longer than `maxRetryAfterMs` ends
 *   the retries at once instead of blocking a job for minutes. Other 4xx (403 blocked,
 *   404 no such filing) are answers, not glitches, and are never retried.
 * - A per-attempt timeout covers the whole exchange, headers and body, so a server that
 *   stalls mid-body cannot hang a job.
 * - Cancellation: the caller's AbortSignal stops the limiter wait, the request, the body
 *   read and the backoff sleep; the signal's reason is rethrown unchanged so callers can
 *   tell "cancelled" from "failed".
 * - `Accept-Encoding: gzip, deflate` is always sent (SEC asks for it). Node's fetch
 *   decodes a `Content-Encoding: gzip` body itself; a gzip *file* served without that
 *   header (magic bytes 1f 8b) is decoded here, so callers always get plain bytes.
 * - Bodies are capped (`maxBodyBytes`) while streaming: a misbehaving server cannot fill
 *   memory.
 * - User-Agent: SEC requires one naming the requester with a contact e-mail
 *   (`Fortress/<version> <email>`); `secUserAgent` refuses to build one without a valid
 *   address, so no SEC client can exist without it. Other hosts get `Fortress/<version>`
 *   only: the user's e-mail is none of their business.
 */
import { gunzipSync } from 'node:zlib';
import { sleep, type TokenBucket } from './rate-limit.ts';

export interface HttpPolicy {
  /** Per attempt, from sending the request to the last body byte. */
  timeoutMs: number;
  /** Attempts in total (1 = no retries). */
  maxAttempts: number;
  /** Backoff before retry n is about `backoffBaseMs * 2^(n-1)`, capped at `backoffMaxMs`. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A `Retry-After` longer than this ends the retries (SEC blocks for ~10 minutes). */
  maxRetryAfterMs: number;
  /** Largest body accepted, after decompression. */
  maxBodyBytes: number;
}

export const DEFAULT_HTTP_POLICY: Readonly<HttpPolicy> = Object.freeze({
  // The largest company-facts files are tens of MB; 60 s is generous on a slow line.
  timeoutMs: 60_000,
  maxAttempts: 5,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  maxRetryAfterMs: 120_000,
  // 4× the largest company-facts file seen; a holdings CSV is ~0.5 MB.
  maxBodyBytes: 200 * 1024 * 1024,
});

export type HttpErrorKind = 'status' | 'timeout' | 'network' | 'too_large';

/** A request that did not produce a usable 2xx response, after any retries. */
export class HttpError extends Error {
  readonly kind: HttpErrorKind;
  readonly url: string;
  /** HTTP status, or null when no response arrived. */
  readonly status: number | null;
  readonly attempts: number;
  readonly retryable: boolean;
  /** From `Retry-After`, when the server sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(init: { kind: HttpErrorKind; url: string; status?: number | null; attempts: number; retryable: boolean; retryAfterMs?: number | undefined; message: string }) {
    super(init.message);
    this.name = 'HttpError';
    this.kind = init.kind;
    this.url = init.url;
    this.status = init.status ?? null;
    this.attempts = init.attempts;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** No (valid) contact e-mail: SEC requests are refused before any is sent. */
export class ContactEmailMissingError extends Error {
  constructor(detail: string) {
    super(
      `${detail}. SEC requires every automated request to carry a contact e-mail in its User-Agent ` +
        `and blocks those that do not. Set the "sec.contact_email" setting (Settings → Data sources, ` +
        `or: fortress refresh --contact-email you@example.com) and try again.`,
    );
    this.name = 'ContactEmailMissingError';
  }
}

// No whitespace (so no CR/LF header injection) and nothing that would need quoting.
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** `Fortress/<version> <email>`, or ContactEmailMissingError. */
export function secUserAgent(version: string, contactEmail: string | null | undefined): string {
  const email = contactEmail?.trim() ?? '';
  if (email === '') throw new ContactEmailMissingError('No SEC contact e-mail is set');
  if (!EMAIL.test(email)) throw new ContactEmailMissingError(`"${email}" is not a usable contact e-mail`);
  return `${plainUserAgent(version)} ${email}`;
}

export function plainUserAgent(version: string): string {
  return `Fortress/${version}`;
}

/**
 * `Retry-After` as ms from `now`: delta-seconds (`120`) or an HTTP date. Null when absent
 * or unreadable (the backoff then applies alone).
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Wait before retry `attempt` (1 = the first retry): exponential, capped, with "equal
 * jitter" — half the step fixed, half random — so waits never collapse to zero.
 *
 * @example backoffDelay(3, { backoffBaseMs: 1000, backoffMaxMs: 30000 }, () => 0.5) // 3000
 */
export function backoffDelay(attempt: number, policy: Pick<HttpPolicy, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const step = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempt - 1));
  return step / 2 + random() * (step / 2);
}

export interface HttpResponse {
  /** Final URL (after redirects). */
  url: string;
  status: number;
  contentType: string;
  /** Decompressed body. */
  body: Buffer;
  /** Attempts it took (1 = first try). */
  attempts: number;
}

export interface RetryEvent {
  url: string;
  /** The attempt that failed. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface HttpClientOptions {
  userAgent: string;
  limiter: TokenBucket;
  policy?: Partial<HttpPolicy>;
  /** Injectable for tests (a loopback-only guard). */
  fetch?: typeof fetch;
  /** Jitter source; injectable for deterministic tests. */
  random?: () => number;
  onRetry?: (e: RetryEvent) => void;
}

const RETRYABLE_STATUS = (s: number) => s === 408 || s === 429 || s >= 500;
const GZIP_MAGIC = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
// Enough of an error page to explain a refusal ("Request Rate Threshold Exceeded").
const ERROR_SNIPPET_BYTES = 16 * 1024;

/** A failed attempt that may be retried. */
type Attempt = { ok: true; response: HttpResponse } | { ok: false; error: HttpError };

export class HttpClient {
  readonly userAgent: string;
  readonly policy: Readonly<HttpPolicy>;
  private readonly limiter: TokenBucket;
  private readonly fetchImpl: typeof fetch;
  private readonly random: () => number;
  private readonly onRetry: ((e: RetryEvent) => void) | undefined;

  constructor(opts: HttpClientOptions) {
    this.userAgent = opts.userAgent;
    this.limiter = opts.limiter;
    this.policy = Object.freeze({ ...DEFAULT_HTTP_POLICY, ...opts.policy });
    this.fetchImpl = opts.fetch ?? fetch;
    this.random = opts.random ?? Math.random;
    this.onRetry = opts.onRetry;
  }

  /**
   * GETs `url`, retrying per the policy. Resolves with a 2xx response; rejects with an
   * HttpError, or with `signal.reason` when cancelled.
   */
  async get(url: string, opts: { signal?: AbortSignal | undefined; accept?: string } = {}): Promise<HttpResponse> {
    const { signal } = opts;
    const max = Math.max(1, this.policy.maxAttempts);
    for (let attempt = 1; ; attempt++) {
      await this.limiter.take(signal);
      const outcome = await this.attempt(url, opts.accept ?? '*/*', attempt, signal);
      if (outcome.ok) return outcome.response;
      const { error } = outcome;
      if (!error.retryable || attempt >= max) throw error;
      let delay = backoffDelay(attempt, this.policy, this.random);
      if (error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > this.policy.maxRetryAfterMs) {
          throw new HttpError({
            kind: error.kind,
            url,
            status: error.status,
            attempts: attempt,
            retryable: false,
            retryAfterMs: error.retryAfterMs,
            message: `${error.message}; the server asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s (Retry-After), longer than the ${Math.round(this.policy.maxRetryAfterMs / 1000)} s Fortress waits — try again later`,
          });
        }
        delay = Math.max(delay, error.retryAfterMs);
      }
      this.onRetry?.({ url, attempt, delayMs: delay, reason: error.message });
      await sleep(delay, signal);
    }
  }

  private async attempt(url: string, accept: string, attempt: number, outer: AbortSignal | undefined): Promise<Attempt> {
    const timeout = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      timeout.abort(new Error('timeout'));
    }, this.policy.timeoutMs);
    const signal = outer ? AbortSignal.any([outer, timeout.signal]) : timeout.signal;
    const fail = (kind: HttpErrorKind, message: string, retryable: boolean, extra: { status?: number; retryAfterMs?: number | undefined } = {}): Attempt => ({
      ok: false,
      error: new HttpError({ kind, url, attempts: attempt, retryable, message, ...extra }),
    });
    try {
      const res = await this.fetchImpl(url, {
        method: 'GET',
        headers: { 'User-Agent': this.userAgent, 'Accept-Encoding': 'gzip, deflate', Accept: accept },
        redirect: 'follow',
        signal,
      });
      const contentType = res.headers.get('content-type') ?? '';
      if (res.status < 200 || res.status > 299) {
        const snippet = await readBody(res, ERROR_SNIPPET_BYTES, true).then(textSnippet, () => '');
        const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
        return fail('status', `${url}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${snippet ? ` — ${snippet}` : ''}`, RETRYABLE_STATUS(res.status), {
          status: res.status,
          retryAfterMs: retryAfter ?? undefined,
        });
      }
      let body = await readBody(res, this.policy.maxBodyBytes, false);
      if (body === null) {
        return fail('too_large', `${url}: the response is larger than ${Math.round(this.policy.maxBodyBytes / 1048576)} MB; refused`, false, { status: res.status });
      }
      if (GZIP_MAGIC(body)) {
        try {
          body = gunzipSync(body, { maxOutputLength: this.policy.maxBodyBytes });
        } catch (e) {
          return fail('network', `${url}: the gzip body could not be decompressed (${errorText(e)})`, true, { status: res.status });
        }
      }
      return { ok: true, response: { url: res.url || url, status: res.status, contentType, body, attempts: attempt } };
    } catch (e) {
      if (outer?.aborted) throw outer.reason;
      if (timedOut) return fail('timeout', `${url}: no complete response within ${Math.round(this.policy.timeoutMs / 100) / 10} s`, true);
      return fail('network', `${url}: ${errorText(e)}`, true);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Streams the body into one Buffer. Over `limit` bytes: null, or — for error pages, where
 * only the start matters — the first `limit` bytes.
 */
async function readBody(res: Response, limit: number, truncateOk: boolean): Promise<Buffer | null> {
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return truncateOk ? Buffer.concat(chunks).subarray(0, limit) : null;
      }
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks);
}

/** The readable text of an error page, tags stripped, one line, ≤ 160 characters. */
function textSnippet(body: Buffer | null): string {
  if (!body) return '';
  const text = body
    .toString('utf8')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNRESET, ECONNREFUSED, …). */
function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause ? [cause.code, cause.message].filter((x) => typeof x === 'string' && x !== '').join(' ') : '';
  return detail && !e.message.includes(detail) ? `${e.message} (${detail})` : e.message;
}
