/**
 * Shared by the importer tests: where the fixtures and the full real files are, temp
 * databases, and table dumps for "nothing changed" assertions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { MARKET_MIGRATIONS } from '../../main/core/db/market-schema.ts';
import { openDatabase, type Db } from '../../main/core/db/sqlite.ts';
import { ImportError } from '../../main/core/import/types.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'real');
/** The full real files live beside the repository, in `../shared/data/real` (FORTRESS_REAL_DATA overrides). */
export const REAL = path.resolve(REPO_ROOT, process.env['FORTRESS_REAL_DATA'] ?? path.join('..', 'shared', 'data', 'real'));
export const HAS_REAL = fs.existsSync(path.join(REAL, 'PROVENANCE.md'));
export const SKIP_REAL_REASON = `skipped: full real files not found at ${REAL} (the fixture tests still run)`;
if (!HAS_REAL) console.warn(`[fortress tests] ${SKIP_REAL_REASON}`);

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export function readFixture(name: string): string {
  return fs.readFileSync(fixture(name), 'utf8');
}

const made: string[] = [];
// Registered when a test file first imports this module, so it runs after that file.
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the OS temp dir, removed after the test file. */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fortress-${label}-`));
  made.push(dir);
  return dir;
}

export function openTempMarketDb(dir = tempDir('db')): Db {
  return openDatabase(path.join(dir, 'market.db'), MARKET_MIGRATIONS);
}

/**
 * Every row of every table, ordered by all columns, as one JSON string. `omitColumns`
 * names columns that legitimately differ between runs (timestamps).
 */
export function dumpTables(db: Db, opts: { skipTables?: string[]; omitColumns?: string[] } = {}): string {
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
  )
    .map((t) => t.name)
    .filter((t) => !(opts.skipTables ?? []).includes(t));
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const cols = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[])
      .map((c) => c.name)
      .filter((c) => !(opts.omitColumns ?? []).includes(c));
    const list = cols.map((c) => `"${c}"`).join(', ');
    out[t] = db.prepare(`SELECT ${list} FROM "${t}" ORDER BY ${list}`).raw().all();
  }
  return JSON.stringify(out);
}

/** Runs `fn`, expecting an ImportError; returns it for closer assertions. */
export function importErrorOf(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw new Error(`expected an ImportError, got ${String(e)}`);
  }
  throw new Error('expected an ImportError, but nothing was thrown');
}
