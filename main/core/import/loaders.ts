/**
 * Loaders: parsed records → market database.
 *
 * Policy:
 * - One call, one transaction. A call either stores everything it was given or nothing:
 *   a bad file anywhere in a folder rolls the whole call back, and the error names that
 *   file. better-sqlite3 transactions are synchronous, so nothing here awaits.
 *   This rests on SQLite's rollback journal: on a connection set to `journal_mode = OFF`
 *   (the demo build's scratch file, discarded on any error) a failed call can leave
 *   partial rows behind.
 * - Transactions start IMMEDIATE: the write lock is taken up front, so a concurrent
 *   writer (the CLI and the app sharing a data directory) waits on busy_timeout instead
 *   of failing half-way with SQLITE_BUSY on lock upgrade.
 * - Re-importing is idempotent: a holdings snapshot replaces the one with the same
 *   (fund, as_of); a company's facts are replaced wholesale (delete + insert by CIK);
 *   prices are upserted by (ticker, date), so a newer file extends a series.
 * - Every call writes one `import_log` row. A success row commits with the data; a
 *   failure row is written after the rollback in its own small transaction (otherwise
 *   the rollback would erase it), and a failure to log never hides the import error.
 * - Speed: the demo universe (~1.9k companies, ~1.4M facts, ~2.8M bars) is loaded
 *   through these functions on first run, one file per call. Rows go in as multi-row
 *   INSERTs of up to ROWS_PER_STATEMENT rows (per-statement overhead, not SQLite's b-tree,
 *   dominated single-row inserts), and statements are cached per connection (a 64-row
 *   INSERT takes ~0.1 ms to prepare, which 3,800 one-file calls would pay again and again).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Db } from '../db/sqlite.ts';
import { readCompanyFactsFile } from './companyfacts.ts';
import { parseHoldingsCsv } from './holdings.ts';
import { parsePriceCsv, tickerFromFileName } from './prices.ts';
import { readCompanyTickersFile } from './tickers.ts';
import { ImportError, type Fact } from './types.ts';

export type ImportKind = 'holdings' | 'companyfacts' | 'prices' | 'tickers';
export type ProgressFn = (done: number, total: number) => void;

export interface HoldingsImportResult {
  snapshotId: number;
  fund: string;
  asOf: string;
  /** Rows of every asset class stored for the snapshot. */
  rows: number;
}

export interface FactsImportResult {
  companies: number;
  facts: number;
  /** Duplicate facts and repeated CIKs, each naming its file. */
  warnings: string[];
}

export interface PricesImportResult {
  series: number;
  bars: number;
  warnings: string[];
}

// Measured on a demo-sized load: 32, 64 and 128 rows are within noise of each other and
// ~35 % faster than single-row INSERTs; 512 is slower. 64 × 14 columns is far below
// SQLite's 32,766 bound-parameter limit.
const ROWS_PER_STATEMENT = 64;

// Keeps import_log readable: a folder of null-ridden files could produce thousands.
const LOGGED_WARNINGS = 20;

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A statement prepared once per connection (SQLite re-prepares it itself after a schema change). */
function cached(db: Db, sql: string): Database.Statement {
  let byText = statementCache.get(db);
  if (byText === undefined) {
    byText = new Map();
    statementCache.set(db, byText);
  }
  let stmt = byText.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    byText.set(sql, stmt);
  }
  return stmt;
}

/**
 * Inserts `rows` with multi-row statements `${head} VALUES (?,…),(?,…)… ${tail}`.
 * `fill` writes one row's `width` values into `out` at `at`. `onShort(from, to, changed)`
 * is called when a statement changed fewer rows than it carried (ON CONFLICT DO NOTHING).
 */
function insertRows<T>(
  db: Db,
  head: string,
  tail: string,
  width: number,
  rows: readonly T[],
  fill: (row: T, out: unknown[], at: number) => void,
  onShort?: (from: number, to: number, changed: number) => void,
): void {
  const tuple = `(${new Array(width).fill('?').join(', ')})`;
  const statementFor = (k: number) => cached(db, `${head} VALUES ${new Array(k).fill(tuple).join(', ')} ${tail}`);
  let fullStatement: Database.Statement | null = null;
  const full = new Array<unknown>(width * ROWS_PER_STATEMENT);
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const to = Math.min(from + ROWS_PER_STATEMENT, rows.length);
    const k = to - from;
    const params = k === ROWS_PER_STATEMENT ? full : new Array<unknown>(width * k);
    for (let i = from, at = 0; i < to; i++, at += width) fill(rows[i] as T, params, at);
    const stmt = k === ROWS_PER_STATEMENT ? (fullStatement ??= statementFor(k)) : statementFor(k);
    const changed = stmt.run(params).changes;
    if (changed < k && onShort) onShort(from, to, changed);
  }
}

function now(): string {
  return new Date().toISOString();
}

/**
 * Runs `write` in one IMMEDIATE transaction together with its success log row; on failure,
 * logs the failure after the rollback and rethrows (as an ImportError naming the file when
 * the cause was I/O or SQLite). `current()` says which file was being handled.
 */
function runLogged<T>(
  db: Db,
  kind: ImportKind,
  source: string,
  current: () => string,
  summarize: (result: T) => { rows: number; message: string },
  write: () => T,
): T {
  const startedAt = now();
  const insertLog = cached(db, 'INSERT INTO import_log (kind, source, started_at, finished_at, ok, rows, message) VALUES (?, ?, ?, ?, ?, ?, ?)');
  try {
    return db
      .transaction(() => {
        const result = write();
        const { rows, message } = summarize(result);
        insertLog.run(kind, source, startedAt, now(), 1, rows, message);
        return result;
      })
      .immediate();
  } catch (e) {
    const error = asImportError(e, current());
    try {
      db.transaction(() => {
        insertLog.run(kind, source, startedAt, now(), 0, 0, error.message);
      }).immediate();
    } catch {
      // The database may be the problem (full disk, read-only); the import error matters more.
    }
    throw error;
  }
}

function asImportError(e: unknown, file: string): Error {
  if (e instanceof ImportError) return e;
  // I/O (ENOENT, EACCES) and SQLite (SQLITE_CONSTRAINT…) errors carry a code: name the file.
  if (e instanceof Error && typeof (e as { code?: unknown }).code === 'string') {
    const wrapped = new ImportError(file, e.message);
    wrapped.cause = e;
    return wrapped;
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** The files an import covers: the file itself, or a folder's files with `ext`, sorted by name. */
function filesOf(target: string, ext: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    throw new ImportError(target, `cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!stat.isDirectory()) return [target];
  const files = fs
    .readdirSync(target, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.toLowerCase().endsWith(ext))
    .map((d) => d.name)
    .sort()
    .map((name) => path.join(target, name));
  if (files.length === 0) throw new ImportError(target, `is a folder with no ${ext} files`);
  return files;
}

function summarizeWarnings(head: string, warnings: string[]): string {
  if (warnings.length === 0) return head;
  const shown = warnings.slice(0, LOGGED_WARNINGS).join('\n');
  const more = warnings.length > LOGGED_WARNINGS ? `\n… and ${warnings.length - LOGGED_WARNINGS} more` : '';
  return `${head}; ${warnings.length} warning(s):\n${shown}${more}`;
}

// ---- holdings ----------------------------------------------------------------------

/**
 * Stores one iShares holdings CSV as a snapshot, replacing any snapshot with the same
 * (fund, as_of). All asset classes are stored; the universe query keeps `Equity`.
 */
export function importHoldingsFile(db: Db, file: string, opts: { isFictional?: boolean } = {}): HoldingsImportResult {
  return runLogged(
    db,
    'holdings',
    path.resolve(file),
    () => file,
    (r) => ({ rows: r.rows, message: `${r.fund} as of ${r.asOf}: ${r.rows} rows` }),
    () => {
      // Read and parsed inside the logged call so a refusal is logged too; nothing has
      // been written yet when the parser throws.
      const bytes = fs.readFileSync(file);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const parsed = parseHoldingsCsv(bytes.toString('utf8'), file);
      if (parsed.fund === null) {
        throw new ImportError(
          file,
          `cannot tell which fund this is: "${parsed.fundName}" is not a fund I know, and the file name does not start with FUND_holdings (e.g. IWM_holdings.csv)`,
        );
      }
      const fund = parsed.fund;
      // Explicit child delete: correct even on a connection opened without foreign_keys.
      cached(db, 'DELETE FROM holding WHERE snapshot_id IN (SELECT id FROM holdings_snapshot WHERE fund = ? AND as_of = ?)').run(fund, parsed.asOf);
      cached(db, 'DELETE FROM holdings_snapshot WHERE fund = ? AND as_of = ?').run(fund, parsed.asOf);
      const snapshotId = Number(
        cached(
          db,
          `INSERT INTO holdings_snapshot (fund, fund_name, as_of, shares_outstanding, is_fictional, source_file, sha256, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(fund, parsed.fundName, parsed.asOf, parsed.sharesOutstanding, opts.isFictional ? 1 : 0, path.basename(file), sha256, now())
          .lastInsertRowid,
      );
      insertRows(
        db,
        'INSERT INTO holding (snapshot_id, line, ticker, name, sector, asset_class, market_value, weight_pct, notional, quantity, price, location, exchange, currency)',
        '',
        14,
        parsed.rows,
        (r, out, at) => {
          out[at] = snapshotId;
          out[at + 1] = r.line;
          out[at + 2] = r.ticker;
          out[at + 3] = r.name;
          out[at + 4] = r.sector;
          out[at + 5] = r.assetClass;
          out[at + 6] = r.marketValue;
          out[at + 7] = r.weightPct;
          out[at + 8] = r.notional;
          out[at + 9] = r.quantity;
          out[at + 10] = r.price;
          out[at + 11] = r.location;
          out[at + 12] = r.exchange;
          out[at + 13] = r.currency;
        },
      );
      return { snapshotId, fund, asOf: parsed.asOf, rows: parsed.rows.length };
    },
  );
}

// ---- company facts -------------------------------------------------------------------

/**
 * Stores SEC company facts from one JSON file or a folder of them, in one transaction.
 * Each company's facts are replaced (so importing a file twice equals importing it once)
 * and its `company` row upserted; `first_filed` (from submissions) is left alone.
 * A fact repeated within a file (same tag, unit, period and filing) is stored once: an
 * exact repeat silently, a conflicting one keeping the first value, with a warning.
 */
export function importCompanyFacts(
  db: Db,
  target: string,
  opts: { isFictional?: boolean; onProgress?: ProgressFn } = {},
): FactsImportResult {
  let current = target;
  return runLogged(
    db,
    'companyfacts',
    path.resolve(target),
    () => current,
    (r) => ({ rows: r.facts, message: summarizeWarnings(`${r.companies} companies, ${r.facts} facts`, r.warnings) }),
    () => {
      const files = filesOf(target, '.json');
      const deleteFacts = cached(db, 'DELETE FROM fact WHERE cik = ?');
      const countFacts = cached(db, 'SELECT COUNT(*) AS n FROM fact WHERE cik = ?');
      const storedVal = cached(
        db,
        'SELECT val FROM fact WHERE cik = ? AND taxonomy = ? AND tag = ? AND unit = ? AND end = ? AND start = ? AND accn = ?',
      );
      const upsertCompany = cached(
        db,
        `INSERT INTO company (cik, name, taxonomy, is_fictional, source_file, imported_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (cik) DO UPDATE SET name = excluded.name, taxonomy = excluded.taxonomy,
           is_fictional = excluded.is_fictional, source_file = excluded.source_file, imported_at = excluded.imported_at`,
      );
      const isFictional = opts.isFictional ? 1 : 0;
      const importedAt = now();
      const warnings: string[] = [];
      const fileOfCik = new Map<number, string>();
      let facts = 0;
      for (let i = 0; i < files.length; i++) {
        const file = files[i] as string;
        current = file;
        const parsed = readCompanyFactsFile(file);
        const { cik } = parsed;
        const earlier = fileOfCik.get(cik);
        if (earlier !== undefined) {
          warnings.push(`${file}: CIK ${cik} was also in ${earlier}; this file's facts replace those`);
          facts -= (countFacts.get(cik) as { n: number }).n;
        }
        fileOfCik.set(cik, file);
        deleteFacts.run(cik);
        let stored = parsed.facts.length;
        let identical = 0;
        insertRows(
          db,
          'INSERT INTO fact (cik, taxonomy, tag, unit, start, end, accn, val, fy, fp, form, filed, frame)',
          'ON CONFLICT DO NOTHING',
          13,
          parsed.facts,
          (f, out, at) => {
            out[at] = cik;
            out[at + 1] = f.taxonomy;
            out[at + 2] = f.tag;
            out[at + 3] = f.unit;
            out[at + 4] = f.start ?? ''; // '' for instants: the primary key has no NULLs
            out[at + 5] = f.end;
            out[at + 6] = f.accn;
            out[at + 7] = f.val;
            out[at + 8] = f.fy;
            out[at + 9] = f.fp;
            out[at + 10] = f.form;
            out[at + 11] = f.filed;
            out[at + 12] = f.frame;
          },
          (from, to, changed) => {
            // Rare path: some rows repeated a stored key. A row whose stored value differs
            // from its own was certainly dropped; the rest of the shortfall were exact repeats.
            const dropped = to - from - changed;
            let conflicting = 0;
            for (let j = from; j < to; j++) {
              const f = parsed.facts[j] as Fact;
              const start = f.start ?? '';
              const kept = storedVal.get(cik, f.taxonomy, f.tag, f.unit, f.end, start, f.accn) as { val: number };
              if (kept.val !== f.val) {
                conflicting++;
                warnings.push(
                  `${file}: ${f.taxonomy}:${f.tag} [${f.unit}] ${start || 'instant'}..${f.end} in filing ${f.accn} appears twice (${kept.val} and ${f.val}); kept the first`,
                );
              }
            }
            identical += dropped - conflicting;
            stored -= dropped;
          },
        );
        if (identical > 0) warnings.push(`${file}: ${identical} exact duplicate fact(s) stored once`);
        facts += stored;
        const taxonomy = parsed.taxonomies.includes('ifrs-full') ? 'ifrs-full' : 'us-gaap';
        upsertCompany.run(cik, parsed.entityName, taxonomy, isFictional, path.basename(file), importedAt);
        opts.onProgress?.(i + 1, files.length);
      }
      return { companies: fileOfCik.size, facts, warnings };
    },
  );
}

// ---- prices ----------------------------------------------------------------------------

/**
 * Upserts daily bars from one CSV or a folder of CSVs, in one transaction. The ticker is
 * the file name's (`AIR.csv`, `IWM_daily_yfinance_….csv`) unless `ticker` is given (single
 * file only). A bar already stored for a date is overwritten by the newer file's values.
 * `price_series` records the latest file's layout and name and the series' full range.
 */
export function importPrices(
  db: Db,
  target: string,
  opts: { ticker?: string; isFictional?: boolean; onProgress?: ProgressFn } = {},
): PricesImportResult {
  let current = target;
  return runLogged(
    db,
    'prices',
    path.resolve(target),
    () => current,
    (r) => ({ rows: r.bars, message: summarizeWarnings(`${r.series} series, ${r.bars} bars`, r.warnings) }),
    () => {
      const files = filesOf(target, '.csv');
      if (opts.ticker !== undefined && files.length > 1) {
        throw new ImportError(target, 'a ticker can only be given for a single file, not a folder');
      }
      const range = cached(db, 'SELECT MIN(date) AS first, MAX(date) AS last, COUNT(*) AS n FROM price WHERE ticker = ?');
      const upsertSeries = cached(
        db,
        `INSERT INTO price_series (ticker, layout, source_file, first_date, last_date, rows, is_fictional, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ticker) DO UPDATE SET layout = excluded.layout, source_file = excluded.source_file,
           first_date = excluded.first_date, last_date = excluded.last_date, rows = excluded.rows,
           is_fictional = excluded.is_fictional, imported_at = excluded.imported_at`,
      );
      const isFictional = opts.isFictional ? 1 : 0;
      const importedAt = now();
      const warnings: string[] = [];
      const tickers = new Set<string>();
      let bars = 0;
      for (let i = 0; i < files.length; i++) {
        const file = files[i] as string;
        current = file;
        const ticker = opts.ticker !== undefined ? opts.ticker.trim().toUpperCase() : tickerFromFileName(file);
        if (!ticker) {
          throw new ImportError(file, 'cannot tell the ticker from the file name (expected TICKER.csv or TICKER_….csv); give the ticker explicitly');
        }
        if (!/^[A-Z0-9.^\-/]{1,16}$/.test(ticker)) {
          throw new ImportError(file, `"${ticker}" is not a ticker (letters, digits, caret, dot, dash or slash)`, { field: 'ticker' });
        }
        const parsed = parsePriceCsv(fs.readFileSync(file, 'utf8'), file);
        insertRows(
          db,
          'INSERT INTO price (ticker, date, open, high, low, close, adj_close, volume)',
          `ON CONFLICT (ticker, date) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
             close = excluded.close, adj_close = excluded.adj_close, volume = excluded.volume`,
          8,
          parsed.bars,
          (b, out, at) => {
            out[at] = ticker;
            out[at + 1] = b.date;
            out[at + 2] = b.open;
            out[at + 3] = b.high;
            out[at + 4] = b.low;
            out[at + 5] = b.close;
            out[at + 6] = b.adjClose;
            out[at + 7] = b.volume;
          },
        );
        const r = range.get(ticker) as { first: string; last: string; n: number };
        upsertSeries.run(ticker, parsed.layout, path.basename(file), r.first, r.last, r.n, isFictional, importedAt);
        for (const w of parsed.warnings) warnings.push(w);
        bars += parsed.bars.length;
        tickers.add(ticker);
        opts.onProgress?.(i + 1, files.length);
      }
      return { series: tickers.size, bars, warnings };
    },
  );
}

// ---- tickers -----------------------------------------------------------------------------

/**
 * Upserts SEC's ticker → CIK list into `ticker_map` (source = the file name). Tickers no
 * longer in the file are kept: a delisted name's history still needs its CIK.
 */
export function importTickers(db: Db, file: string): { entries: number } {
  return runLogged(
    db,
    'tickers',
    path.resolve(file),
    () => file,
    (r) => ({ rows: r.entries, message: `${r.entries} tickers` }),
    () => {
      const entries = readCompanyTickersFile(file);
      const source = path.basename(file);
      insertRows(
        db,
        'INSERT INTO ticker_map (ticker, cik, title, source)',
        'ON CONFLICT (ticker) DO UPDATE SET cik = excluded.cik, title = excluded.title, source = excluded.source',
        4,
        entries,
        (e, out, at) => {
          out[at] = e.ticker;
          out[at + 1] = e.cik;
          out[at + 2] = e.title;
          out[at + 3] = source;
        },
      );
      return { entries: entries.length };
    },
  );
}
