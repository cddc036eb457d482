/**
 * Numbered, append-only migrations tracked in `PRAGMA user_version`.
 *
 * Migration N moves a database from version N−1 to N. All pending migrations run in one
 * transaction: either the database reaches the newest version or it is left untouched.
 * A database whose version is newer than this code knows is refused rather than
 * silently misread (an older Fortress opening a newer user's files).
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

export class DatabaseFromFutureError extends Error {
  readonly file: string;
  readonly found: number;
  readonly known: number;
  constructor(file: string, found: number, known: number) {
    super(`${file}: database schema version ${found} is newer than this Fortress understands (${known}); update Fortress`);
    this.name = 'DatabaseFromFutureError';
    this.file = file;
    this.found = found;
    this.known = known;
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database.Database, migrations: readonly Migration[], file = db.name): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list is not numbered 1..n: ${m.name} has version ${m.version} at position ${i + 1}`);
  });
  const known = migrations.length;
  const current = schemaVersion(db);
  if (current > known) throw new DatabaseFromFutureError(file, current, known);
  if (current === known) return current;
  db.transaction(() => {
    for (const m of migrations.slice(current)) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return known;
}
