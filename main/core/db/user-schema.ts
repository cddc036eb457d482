/**
 * User data: watchlists, notes, annotations, saved screens, settings. Its own file
 * (`user.db`): importers never receive a handle to it, so a data refresh cannot touch it.
 * Rows refer to securities by ticker (and CIK where known) as plain text — no foreign key
 * into market data, which may be rebuilt at any time.
 */
import type { Migration } from './migrate.ts';

export const USER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'user: watchlists, notes, annotations, saved screens, settings',
    up: (db) => {
      db.exec(`
        CREATE TABLE watchlist (
          id          INTEGER PRIMARY KEY,
          name        TEXT NOT NULL UNIQUE,
          created_at  TEXT NOT NULL,
          position    INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE watchlist_item (
          watchlist_id INTEGER NOT NULL REFERENCES watchlist (id) ON DELETE CASCADE,
          ticker       TEXT NOT NULL,
          cik          INTEGER,
          tags         TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
          added_at     TEXT NOT NULL,
          PRIMARY KEY (watchlist_id, ticker)
        ) WITHOUT ROWID;
        CREATE TABLE note (
          id          INTEGER PRIMARY KEY,
          ticker      TEXT NOT NULL,
          cik         INTEGER,
          body        TEXT NOT NULL,
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        );
        CREATE INDEX note_ticker ON note (ticker, created_at);
        CREATE TABLE annotation (
          id          INTEGER PRIMARY KEY,
          ticker      TEXT NOT NULL,
          kind        TEXT NOT NULL CHECK (kind IN ('hline', 'trendline', 'box', 'fib')),
          points      TEXT NOT NULL,                 -- JSON [{date, price}, …]
          style       TEXT NOT NULL DEFAULT '{}',
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        );
        CREATE INDEX annotation_ticker ON annotation (ticker);
        CREATE TABLE saved_screen (
          id          INTEGER PRIMARY KEY,
          name        TEXT NOT NULL UNIQUE,
          spec        TEXT NOT NULL,                 -- JSON ScreenSpec
          grid_state  TEXT,                          -- JSON ag-grid state (columns, sort)
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        );
        CREATE TABLE setting (
          key    TEXT PRIMARY KEY,
          value  TEXT NOT NULL                       -- JSON
        );
      `);
    },
  },
];
