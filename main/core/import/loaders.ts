/**
 * Loaders: parsed records → market database.
 *
 * Policy:
 * - One call, one transaction. A call either stores everything it was given or nothing:
 *   a bad file anywhere in a folder rolls the whole call back, and the error names that
 *   file. better-sqlite3 transactions are synchronous, so nothing here awaits.
 *   This rests on SQLite's rollback journal: on a connection set to `journal_mode = OFF`
 *   (the demo build's scratch file, discarded on any error) a failed call can leave
 *   partial rows behind. One loader is outside this file and this rule on purpose:
 *   `importCompanyFactsZip` (companyfacts-zip.ts) streams SEC's 1.4 GB bulk archive and
 *   commits entry by entry; `importCompanyFacts` on a `.zip` keeps the one-transaction rule.
 * - Transactions start IMMEDIATE: the write lock is taken up front, so a concurrent
 *   writer (the CLI and the app sharing a data directory) waits on busy_timeout instead
 *   of failing half-way with SQLITE_BUSY on lock upgrade.
 * - Re-importing is idempotent: a holdings snapshot replaces the one with the same
 *   (fund, as_of); a company's facts are replaced wholesale (delete + insert by CIK);
 *   prices are upserted by (ticker, date), so a newer file extends a series; a
 *   company's SEC profile is overwritten and its first filing date only moves earlier.
 * - Shared machinery (statement cache, multi-row inserts, the logged transaction, the
 *   company-facts writer) is in `store.ts`.
 * - Every call writes one `import_log` row. A success row commits with the data; a
 *   failure row is written after the rollback in its own small transaction (otherwise
 *   the rollback would erase it), and a failure to log never hides the import error.
 * - Speed: the demo universe (~1.9k companies, ~1.4M facts, ~2.8M bars) is loaded
 *   through these functions on first run, one file per call. Rows go in as multi-row
 *   INSERTs of up to 64 rows (store.ts) (per-statement overhead, not SQLite's b-tree,
 *   dominated single-row inserts), and statements are cached per connection (a 64-row
 *   INSERT takes ~0.1 ms to prepare, which 3,800 one-file calls would pay again and again).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/sqlite.ts';
import { readCompanyFactsFile } from './companyfacts.ts';
import { isZipPath, readCompanyFactsZipSync } from './companyfacts-zip.ts';
import { parseHoldingsCsv } from './holdings.ts';
import { parsePriceCsv, tickerFromFileName, type IntradayAsOf } from './prices.ts';
import { CompanyFactsWriter, cached, filesOf, insertRows, now, runLogged, summarizeWarnings, type ProgressFn } from './store.ts';
import { isSubmissionsPageName, readSubmissionsFile, readSubmissionsPageFile } from './submissions.ts';
import { readCompanyTickersFile } from './tickers.ts';
import { ImportError, type SubmissionsFile } from './types.ts';

export type { ImportKind, ProgressFn } from './store.ts';

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
 * Stores SEC company facts from one JSON file, a folder of them, or a zip archive of them
 * (SEC's bulk `companyfacts.zip`), in one transaction. Each company's facts are replaced
 * (so importing a file twice equals importing it once) and its `company` row upserted;
 * `first_filed` and the SEC profile (from submissions) are left alone. A fact repeated
 * within a file (same tag, unit, period and filing) is stored once: an exact repeat
 * silently, a conflicting one keeping the first value, with a warning.
 *
 * A `.zip` is read entry by entry (never whole; one entry in memory at a time) and, like
 * everything here, all or nothing: a damaged entry rolls the whole archive back and the
 * error names the archive and the entry. This is synchronous and holds the write lock
 * throughout; for SEC's 1.4 GB nightly file prefer `importCompanyFactsZip`, which streams,
 * reports progress, can be cancelled and commits entry by entry (see its module header).
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
      const writer = new CompanyFactsWriter(db, { isFictional: opts.isFictional });
      if (isZipPath(target)) {
        readCompanyFactsZipSync(target, writer.warnings, (parsed, entry, i, total) => {
          writer.write(parsed, `${target}, entry ${entry}`, 'entry', `${path.basename(target)}:${entry}`);
          opts.onProgress?.(i + 1, total);
        });
      } else {
        const files = filesOf(target, '.json');
        for (let i = 0; i < files.length; i++) {
          const file = files[i] as string;
          current = file;
          writer.write(readCompanyFactsFile(file), file, 'file', path.basename(file));
          opts.onProgress?.(i + 1, files.length);
        }
      }
      return { companies: writer.companies, facts: writer.facts, warnings: writer.warnings };
    },
  );
}

// ---- prices ----------------------------------------------------------------------------

/**
 * Upserts daily bars from one CSV or a folder of CSVs, in one transaction. The ticker is
 * the file name's (`AIR.csv`, `IWM_daily_yfinance_….csv`) unless `ticker` is given (single
 * file only). A bar already stored for a date is overwritten by the newer file's values.
 * `price_series` records the latest file's layout and name and the series' full range.
 *
 * Trailing intraday bar (`intraday`, default `'auto'`): a file's last bar is dropped, with
 * a warning naming file, line and date, when its session had not settled (17:00 New York
 * time) by the time the data was fetched. The fetch time is `asOf` when the caller knows
 * it (a downloader passes the response time, or a YYYY-MM-DD day it knows to be
 * unfinished), else the file's modification time. So a file saved during the session
 * loses its unfinished last bar, and one saved after the close, or copied later, keeps
 * it; the dropped day comes back with the next file, since bars are upserted by date.
 * Generated (`isFictional`) data is never checked unless `asOf` is given: it was not
 * fetched from a market. `'keep'` turns the check off.
 */
export function importPrices(
  db: Db,
  target: string,
  opts: {
    ticker?: string;
    isFictional?: boolean;
    onProgress?: ProgressFn;
    intraday?: 'auto' | 'keep';
    asOf?: IntradayAsOf;
  } = {},
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
        const check = opts.intraday !== 'keep' && (opts.asOf !== undefined || !opts.isFictional);
        const asOf = check ? (opts.asOf ?? fs.statSync(file).mtime) : undefined;
        const parsed = parsePriceCsv(fs.readFileSync(file, 'utf8'), file, { asOf });
        for (const w of parsed.warnings) warnings.push(w);
        if (parsed.bars.length === 0) {
          warnings.push(`${file}: no bars left once the intraday bar was dropped; nothing stored for ${ticker}`);
          opts.onProgress?.(i + 1, files.length);
          continue;
        }
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

// ---- submissions -------------------------------------------------------------------------

/**
 * How far `first_filed` can be trusted: `filings` — every filing date was read;
 * `page-index` — older pages were not read and their earliest date is the one the page
 * index (`filings.files[].filingFrom`) states; `upper-bound` — older pages were not read
 * and the index gives no date, so the true first filing is earlier than stored.
 */
export type FirstFiledBasis = 'filings' | 'page-index' | 'upper-bound';

export interface SubmissionsImportResult {
  companies: number;
  /** Companies that had no `company` row (no facts imported yet) and were created. */
  created: number;
  /** Ticker → CIK rows written to `ticker_map`. */
  tickers: number;
  /** Per company, in file order: the first filing date this import found and its basis. */
  firstFiled: { cik: number; date: string | null; basis: FirstFiledBasis }[];
  /** Unread older pages, reassigned tickers, …, each naming its file. */
  warnings: string[];
}

/**
 * Stores SEC submissions from one `CIK##########.json` or a folder of them, in one
 * transaction: the `company` profile (entity type, SIC, fiscal year end, submissions file)
 * and `first_filed`, creating the company row when its facts are not imported yet, and
 * `ticker_map` rows for the tickers the file lists.
 *
 * - First filing date: the earliest `filingDate` in `filings.recent` and in the older
 *   pages that `filings.files` lists. A page found next to the main file (by the name the
 *   index gives, `CIK##########-submissions-001.json`) is read; for one that is not, the
 *   index's own `filingFrom` is used and a warning says the page was not read; where the
 *   index has no date either, the stored date is only an upper bound and the warning says
 *   so. `first_filed` only ever moves earlier: re-importing a main file without its pages
 *   does not undo what the pages established.
 * - In a folder, page files are read through their main file, not as companies; a page
 *   no main file lists is reported.
 * - Name: a company created here takes the submissions name; an existing row keeps its
 *   name (the company-facts import owns it).
 * - Tickers: written with the company name as title and the file name as source. A
 *   ticker that `ticker_map` gave to another CIK is moved to this one, with a warning
 *   naming both (SEC reassigns tickers; the later import wins).
 */
export function importSubmissions(db: Db, target: string, opts: { isFictional?: boolean; onProgress?: ProgressFn } = {}): SubmissionsImportResult {
  let current = target;
  return runLogged(
    db,
    'submissions',
    path.resolve(target),
    () => current,
    (r) => ({ rows: r.companies, message: summarizeWarnings(`${r.companies} companies (${r.created} new), ${r.tickers} tickers`, r.warnings) }),
    () => {
      const all = filesOf(target, '.json');
      const pageFiles = new Set(all.filter((f) => isSubmissionsPageName(path.basename(f))));
      const files = all.filter((f) => !pageFiles.has(f));
      if (files.length === 0) throw new ImportError(target, 'holds only older filing pages (…-submissions-001.json), no main CIK##########.json file');
      const exists = cached(db, 'SELECT 1 AS one FROM company WHERE cik = ?');
      const upsertCompany = cached(
        db,
        `INSERT INTO company (cik, name, is_fictional, first_filed, sic, sic_description, fiscal_year_end, entity_type, submissions_file, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (cik) DO UPDATE SET
           first_filed = CASE WHEN excluded.first_filed IS NOT NULL AND (company.first_filed IS NULL OR excluded.first_filed < company.first_filed)
                              THEN excluded.first_filed ELSE company.first_filed END,
           sic = excluded.sic, sic_description = excluded.sic_description, fiscal_year_end = excluded.fiscal_year_end,
           entity_type = excluded.entity_type, submissions_file = excluded.submissions_file`,
      );
      const tickerOwner = cached(db, 'SELECT cik, source FROM ticker_map WHERE ticker = ?');
      const upsertTicker = cached(
        db,
        `INSERT INTO ticker_map (ticker, cik, title, source) VALUES (?, ?, ?, ?)
         ON CONFLICT (ticker) DO UPDATE SET cik = excluded.cik, title = excluded.title, source = excluded.source`,
      );
      const isFictional = opts.isFictional ? 1 : 0;
      const importedAt = now();
      const warnings: string[] = [];
      const firstFiled: SubmissionsImportResult['firstFiled'] = [];
      const pagesUsed = new Set<string>();
      const seen = new Map<number, string>();
      let created = 0;
      let tickers = 0;
      for (let i = 0; i < files.length; i++) {
        const file = files[i] as string;
        current = file;
        const parsed = readSubmissionsFile(file);
        const earlier = seen.get(parsed.cik);
        if (earlier !== undefined) warnings.push(`${file}: CIK ${parsed.cik} was also in ${earlier}; this file's profile replaces that one`);
        seen.set(parsed.cik, file);
        const first = firstFiledOf(parsed, file, warnings, (page) => {
          pagesUsed.add(page);
          current = page;
        });
        current = file;
        firstFiled.push({ cik: parsed.cik, date: first.date, basis: first.basis });
        if (exists.get(parsed.cik) === undefined) created++;
        upsertCompany.run(
          parsed.cik,
          parsed.name,
          isFictional,
          first.date,
          parsed.sic,
          parsed.sicDescription,
          parsed.fiscalYearEnd,
          parsed.entityType,
          path.basename(file),
          importedAt,
        );
        for (const ticker of parsed.tickers) {
          const owner = tickerOwner.get(ticker) as { cik: number; source: string | null } | undefined;
          if (owner !== undefined && owner.cik !== parsed.cik) {
            warnings.push(`${file}: ticker ${ticker} was mapped to CIK ${owner.cik} (from ${owner.source ?? 'an unknown source'}); now CIK ${parsed.cik} (${parsed.name})`);
          }
          upsertTicker.run(ticker, parsed.cik, parsed.name, path.basename(file));
          tickers++;
        }
        opts.onProgress?.(i + 1, files.length);
      }
      for (const page of pageFiles) {
        if (!pagesUsed.has(page)) warnings.push(`${page}: an older filings page that no main submissions file in ${target} lists; not read`);
      }
      return { companies: seen.size, created, tickers, firstFiled, warnings };
    },
  );
}

/** The earliest filing date of one submissions file, reading the older pages found beside it. */
function firstFiledOf(
  parsed: SubmissionsFile,
  file: string,
  warnings: string[],
  onPage: (page: string) => void,
): { date: string | null; basis: FirstFiledBasis } {
  let date = parsed.recentEarliest;
  const earliest = (d: string | null) => {
    if (d !== null && (date === null || d < date)) date = d;
  };
  const unread: string[] = [];
  let basis: FirstFiledBasis = 'filings';
  for (const page of parsed.pages) {
    const pageFile = path.join(path.dirname(file), page.name);
    if (!fs.existsSync(pageFile)) {
      unread.push(page.name);
      if (page.filingFrom === null) basis = 'upper-bound';
      else if (basis === 'filings') basis = 'page-index';
      earliest(page.filingFrom);
      continue;
    }
    onPage(pageFile);
    const read = readSubmissionsPageFile(pageFile);
    earliest(read.earliest);
    if (page.filingCount !== null && page.filingCount !== read.count) {
      warnings.push(`${pageFile}: lists ${read.count} filings where ${path.basename(file)} says ${page.filingCount}`);
    }
  }
  if (unread.length > 0) {
    const pages = `${unread.length} older filings page(s) (${unread.join(', ')}) not found next to it and not read`;
    const recent = `the ${parsed.recentCount} recent filings go back to ${parsed.recentEarliest ?? 'no date'}`;
    warnings.push(
      basis === 'upper-bound'
        ? `${file}: ${pages}; first filing date ${date ?? 'unknown'} is only an upper bound (${recent})`
        : `${file}: ${pages}; first filing date ${date ?? 'unknown'} is the page index's filingFrom, not read from the filings (${recent})`,
    );
  }
  return { date, basis };
}
