/**
 * Shared by the refresh tests: temp data directories, a refresh context wired to a replay
 * server, fast limiters and policies, and table dumps for "nothing was written" checks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { MARKET_MIGRATIONS } from '../../main/core/db/market-schema.ts';
import { openDatabase, type Db } from '../../main/core/db/sqlite.ts';
import type { RefreshContext } from '../../main/core/refresh/job.ts';
import { TokenBucket } from '../../main/core/refresh/rate-limit.ts';
import { loopbackFetch, type ReplayServer } from './replay-server.ts';

export const EMAIL = 'research@example.com';
export const VERSION = '0.1.0';

/** Retries that take milliseconds, not seconds; a timeout short enough to test stalls. */
export const FAST_POLICY = { timeoutMs: 400, maxAttempts: 4, backoffBaseMs: 10, backoffMaxMs: 40, maxRetryAfterMs: 5_000 };

const made: string[] = [];
const open: Db[] = [];
afterAll(() => {
  for (const db of open) if (db.open) db.close();
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fortress-refresh-${label}-`));
  made.push(dir);
  return dir;
}

export function openMarket(dataDir: string): Db {
  const db = openDatabase(path.join(dataDir, 'market.db'), MARKET_MIGRATIONS);
  open.push(db);
  return db;
}

/** Limiters fast enough for tests (the defaults are checked on their own). */
export function fastLimiters(secPerSec = 100): NonNullable<NonNullable<RefreshContext['http']>['limiters']> {
  return {
    sec: new TokenBucket({ ratePerSec: secPerSec }),
    ishares: new TokenBucket({ ratePerSec: 100 }),
    prices: new TokenBucket({ ratePerSec: 100 }),
  };
}

export function contextFor(server: ReplayServer, dataDir: string, overrides: Partial<RefreshContext> = {}): RefreshContext {
  return {
    dataDir,
    market: overrides.market ?? openMarket(dataDir),
    version: VERSION,
    contactEmail: EMAIL,
    priceUrlTemplate: server.priceTemplate(),
    endpoints: server.endpoints(),
    http: { policy: FAST_POLICY, limiters: fastLimiters(), fetch: loopbackFetch },
    ...overrides,
  };
}

/** Every row of every table as one JSON string (the state of the database, for equality). */
export function dumpTables(db: Db): string {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).raw(true).all();
  return JSON.stringify(out);
}

export function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

/**
 * The most arrival times found in any half-open window `[t, t + windowMs)`.
 *
 * @example maxInWindow([0, 100, 950, 1000], 1000) // 3 — [0, 1000) holds 0, 100, 950
 */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while ((t[i] as number) - (t[j] as number) >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
