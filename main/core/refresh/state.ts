/**
 * The refresh job's memory between runs: `<dataDir>/refresh-state.json`, and a lock so two
 * processes (the app and the CLI share a data directory) never refresh at once.
 *
 * Policy:
 * - The state file is rewritten after every item, atomically: written to a temp file in
 *   the same directory, fsynced, then renamed over the old one. A crash leaves either the
 *   old or the new state, never half a file.
 * - An item is marked done only after its database transaction committed. A crash between
 *   the commit and the state write re-fetches that one item on resume, which is harmless:
 *   every loader is idempotent.
 * - A state file that does not parse or does not match the schema is ignored (the next run
 *   starts afresh) rather than trusted: resuming from a wrong list would silently skip data.
 * - The lock holds the owner's pid. A lock whose process is gone (a crash) is taken over; a
 *   live one is refused with a message naming the pid and the lock file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const STATE_FILE = 'refresh-state.json';
export const LOCK_FILE = 'refresh.lock';

const StateSchema = z.object({
  version: z.literal(1),
  planId: z.string(),
  status: z.enum(['running', 'cancelled', 'failed', 'done']),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Items known so far (the per-company list grows once the universe is known). */
  total: z.number().int().nonnegative(),
  /** Item key → when it was stored. */
  done: z.record(z.string(), z.string()),
  /** Item key → the last failure (cleared when a later attempt succeeds). */
  failed: z.record(z.string(), z.object({ url: z.string(), error: z.string(), at: z.string() })),
  /** When stopped early: the first item (in plan order) not done. */
  stoppedAt: z.string().nullable(),
  /** Why the run stopped, when it was a fatal error. */
  fatal: z.string().nullable(),
  /** Data was written but metrics were not recomputed (cancelled): the next run must. */
  metricsStale: z.boolean(),
});

export type RefreshState = z.infer<typeof StateSchema>;

export function statePath(dataDir: string): string {
  return path.join(dataDir, STATE_FILE);
}

export function readState(dataDir: string): RefreshState | null {
  let text: string;
  try {
    text = fs.readFileSync(statePath(dataDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = StateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes `content` to `file` so that readers see the old or the new content, never a mix. */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeState(dataDir: string, state: RefreshState): void {
  writeFileAtomic(statePath(dataDir), `${JSON.stringify(state, null, 1)}\n`);
}

/** Another refresh holds the lock. */
export class RefreshBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefreshBusyError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only, nothing is sent
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Takes the data directory's refresh lock; returns its release function. */
export function acquireLock(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeFileSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner: { pid?: unknown; since?: unknown } = {};
    try {
      owner = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof owner;
    } catch {
      // Unreadable lock: written by a process that died mid-write; treat as stale.
    }
    if (typeof owner.pid === 'number' && isAlive(owner.pid)) {
      throw new RefreshBusyError(
        `another refresh is running (pid ${owner.pid}, since ${String(owner.since)}); wait for it to finish, or delete ${file} if that process is not Fortress`,
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new RefreshBusyError(`could not take the refresh lock ${file}`);
}
