/**
 * Opening SQLite databases. One policy for every file Fortress owns:
 * - WAL: readers (the UI) never wait for a writer (an import), and a crash mid-import
 *   rolls back cleanly.
 * - foreign_keys ON: SQLite leaves them off by default; our schemas rely on them.
 * - synchronous NORMAL: in WAL mode this is durable across application crashes and only
 *   risks the last transactions on power loss; market data can be re-imported and user
 *   data is written in small transactions.
 * - busy_timeout: a CLI import and the app may share a data directory.
 */
import Database from 'better-sqlite3';
import { migrate, type Migration } from './migrate.ts';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Log statements slower than this many ms (0 disables). */
  slowMs?: number;
}

export function openDatabase(file: string, migrations: readonly Migration[], opts: OpenOptions = {}): Db {
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  try {
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // 64 MiB page cache: a full-universe metric load touches ~20 MB.
    db.pragma('cache_size = -65536');
    if (!opts.readonly) migrate(db, migrations, file);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
