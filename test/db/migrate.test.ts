import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKET_MIGRATIONS } from '../../main/core/db/market-schema.ts';
import { DatabaseFromFutureError, migrate, schemaVersion, type Migration } from '../../main/core/db/migrate.ts';
import { openDatabase } from '../../main/core/db/sqlite.ts';
import { USER_MIGRATIONS } from '../../main/core/db/user-schema.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-migrate-'));

describe('migrations', () => {
  it('bring a new market database to the newest version with WAL and foreign keys on', () => {
    const file = path.join(tmp(), 'market.db');
    const db = openDatabase(file, MARKET_MIGRATIONS);
    expect(schemaVersion(db)).toBe(MARKET_MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuse a database written by a newer Fortress', () => {
    const file = path.join(tmp(), 'user.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${USER_MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(file, USER_MIGRATIONS)).toThrow(DatabaseFromFutureError);
  });

  it('roll back every pending migration when one fails', () => {
    const db = new Database(':memory:');
    const bad: Migration[] = [
      { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'boom', up: (d) => d.exec('CREATE TABLE b (x); SELECT * FROM missing_table') },
    ];
    expect(() => migrate(db, bad)).toThrow(/missing_table/);
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").get()).toBeUndefined();
  });

  it('keep market data and user data in separate files', () => {
    const dir = tmp();
    const market = openDatabase(path.join(dir, 'market.db'), MARKET_MIGRATIONS);
    const user = openDatabase(path.join(dir, 'user.db'), USER_MIGRATIONS);
    const tables = (db: Database.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables(market)).not.toContain('watchlist');
    expect(tables(user)).toEqual(expect.arrayContaining(['watchlist', 'watchlist_item', 'note', 'annotation', 'saved_screen', 'setting']));
    expect(tables(user)).not.toContain('fact');
    market.close();
    user.close();
  });

  it('serve one ticker\'s prices and one company\'s facts by primary-key range scans', () => {
    const db = openDatabase(':memory:', MARKET_MIGRATIONS);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT * FROM price WHERE ticker = 'X' AND date >= '2020-01-01' ORDER BY date")).toMatch(/SEARCH price USING PRIMARY KEY \(ticker=\? AND date>\?\)/);
    expect(plan('SELECT * FROM fact WHERE cik = 1')).toMatch(/SEARCH fact USING PRIMARY KEY \(cik=\?\)/);
    db.close();
  });
});
