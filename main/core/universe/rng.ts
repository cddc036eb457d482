/**
 * Seeded randomness for the fictional demo universe.
 *
 * Policy: everything the generator produces is a pure function of (seed, labels). There is
 * no `Math.random`, no clock and no I/O here. Each company and each concern (identity,
 * fundamentals, prices) draws from its own stream, derived by hashing the seed with
 * labels, so generating one company never depends on how many others were generated
 * before it — which is what lets `writeDemoUniverse` stream one company at a time and
 * `generateCompany` rebuild any single company on its own.
 */

/**
 * 32-bit string hash (cyrb53's mixing, truncated). Stable across platforms and Node
 * versions because it only uses Math.imul and integer ops.
 *
 * @example hash32('demo|42') === hash32('demo|42') // always
 */
export function hash32(s: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/**
 * A small, fast PRNG (sfc32, from PractRand) with the distributions the generator needs.
 * Not cryptographic — it only has to be reproducible and well mixed.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...labels: (string | number)[]) {
    const key = labels.join('|');
    this.a = hash32(key, 1);
    this.b = hash32(key, 2);
    this.c = hash32(key, 3);
    this.d = hash32(key, 4) | 1;
    // sfc32 needs a few rounds before similar keys decorrelate.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller; the second value is discarded to keep streams simple). */
  normal(): number {
    let u = this.next();
    while (u <= 1e-12) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** exp(N(mu, sigma)) — sizes, multiples and other strictly positive, skewed quantities. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /**
   * Student-t with 4 degrees of freedom, rescaled to unit variance. Daily returns are
   * fat-tailed; ν = 4 gives kurtosis like real small-cap stocks without infinite moments
   * that a lower ν would bring. χ²₄ = −2 ln(u₁u₂) avoids a gamma sampler.
   */
  studentT4(): number {
    let u = this.next() * this.next();
    while (u <= 1e-300) u = this.next() * this.next();
    const chi2 = -2 * Math.log(u);
    return (this.normal() / Math.sqrt(chi2 / 4)) * Math.SQRT1_2;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index drawn with probability proportional to `weights`. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }
}

/** Clamp helper used throughout the models. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Split `total` into integer counts proportional to `weights` (largest remainder), so
 * quotas such as "60 % of Financials are banks" come out exact and identical for every
 * seed rather than drifting with sampling noise.
 *
 * @example apportion(10, [1, 1, 1]) // [4, 3, 3]
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map((x) => Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((p, q) => q.r - p.r || p.i - q.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[(order[k] as { i: number }).i]! += 1;
  return out;
}
