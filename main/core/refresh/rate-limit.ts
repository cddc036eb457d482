/**
 * A token bucket that callers wait on before each HTTP attempt.
 *
 * Policy:
 * - One bucket per remote service, shared by every request to it (SEC's www and data
 *   hosts count against one limit, so they share `secLimiter()`). Each attempt takes a
 *   token, retries included: the server counts attempts, not logical requests.
 * - Tokens are reserved at call time, in call order, and may go negative: a caller that
 *   finds the bucket empty is told how long until its own token exists and sleeps that
 *   long. Reservation makes the order FIFO without a queue and keeps concurrent callers
 *   from all waking on the same token.
 * - The default burst is 1 token, i.e. evenly spaced requests. A larger burst would let
 *   `burst + rate` requests land in one second, and SEC's limit ("10 requests per
 *   second") is stated per second, not on average.
 * - A caller that gives up (AbortSignal) while waiting does not hand its token back: the
 *   slot stays unused, which can only make the observed rate lower, never higher.
 * - Sleeping re-checks the clock, because a Node timer may fire a millisecond early.
 */

export interface TokenBucketOptions {
  /** Tokens added per second (the sustained request rate). */
  ratePerSec: number;
  /** Most tokens the bucket holds (requests allowed back to back). Default 1. */
  burst?: number;
  /** Monotonic clock in ms; injectable for tests. */
  now?: () => number;
}

export class TokenBucket {
  readonly ratePerSec: number;
  readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private last: number;

  constructor(opts: TokenBucketOptions) {
    if (!(opts.ratePerSec > 0) || !Number.isFinite(opts.ratePerSec)) throw new RangeError(`ratePerSec must be a positive number, got ${opts.ratePerSec}`);
    const burst = opts.burst ?? 1;
    if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError(`burst must be at least 1, got ${burst}`);
    this.ratePerSec = opts.ratePerSec;
    this.burst = burst;
    this.now = opts.now ?? (() => performance.now());
    this.tokens = burst;
    this.last = this.now();
  }

  /** Reserves one token and returns how many ms the caller must wait before using it. */
  reserve(): number {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.ratePerSec) / 1000);
    this.last = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.ratePerSec;
  }

  /** Resolves when the caller may send one request; rejects with the signal's reason on abort. */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const wait = this.reserve();
    if (wait > 0) await sleepUntil(this.now() + wait, this.now, signal);
  }
}

/**
 * Sleeps `ms` milliseconds; rejects with `signal.reason` as soon as the signal aborts.
 * Shared by the limiter and the retry backoff.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function sleepUntil(deadline: number, now: () => number, signal?: AbortSignal): Promise<void> {
  // Timers round to whole ms and can fire early; loop until the clock agrees.
  for (let left = deadline - now(); left > 0; left = deadline - now()) await sleep(Math.ceil(left), signal);
}

/** SEC: "current max request rate: 10 requests/second" (fair-access policy). */
export const SEC_RATE_PER_SEC = 10;
/** iShares publishes no limit; one holdings file per fund is all a refresh needs. */
export const ISHARES_RATE_PER_SEC = 2;
/** Free price endpoints throttle hard (Yahoo answers 429 quickly); stay well under. */
export const PRICES_RATE_PER_SEC = 2;

let sharedSec: TokenBucket | null = null;

/**
 * The process-wide SEC bucket (10/s, burst 1). Every SEC request in this process — a CLI
 * refresh, the app's job, a future single-company refresh — must go through this one
 * bucket, or two callers together could exceed the limit and get the IP blocked.
 */
export function secLimiter(): TokenBucket {
  sharedSec ??= new TokenBucket({ ratePerSec: SEC_RATE_PER_SEC, burst: 1 });
  return sharedSec;
}
