/**
 * What every loader shares: cached statements, multi-row inserts, the logged transaction
 * and the company-facts writer. The policy these implement is stated in `loaders.ts`
 * (one call, one transaction; idempotent re-imports; one `import_log` row per call) and,
 * for the bulk archive, in `companyfacts-zip.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Db } from '../db/sqlite.ts';
import { ImportError, type CompanyFactsFile, type Fact } from './types.ts';

export type ImportKind = 'holdings' | 'companyfacts' | 'prices' | 'tickers' | 'submissions';
export type ProgressFn = (done: number, total: number) => void;

// Measured on a demo-sized load: 32, 64 and 128 rows are within noise of each other and
// ~35 % faster than single-row INSERTs; 512 is slower. 64 × 14 columns is far below
// SQLite's 32,766 bound-parameter limit.
const ROWS_PER_STATEMENT = 64;

// Keeps import_log readable: a folder of null-ridden files could produce thousands.
const LOGGED_WARNINGS = 20;

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A statement prepared once per connection (SQLite re-prepares it itself after a schema change). */
export function cached(db: Db, sql: string): Database.Statement {
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
export function insertRows<T>(
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

export function now(): string {
  return new Date().toISOString();
}

export const INSERT_LOG = 'INSERT INTO import_log (kind, source, started_at, finished_at, ok, rows, message) VALUES (?, ?, ?, ?, ?, ?, ?)';

/**
 * Runs `write` in one IMMEDIATE transaction together with its success log row; on failure,
 * logs the failure after the rollback and rethrows (as an ImportError naming the file when
 * the cause was I/O or SQLite). `current()` says which file was being handled.
 */
export function runLogged<T>(
  db: Db,
  kind: ImportKind,
  source: string,
  current: () => string,
  summarize: (result: T) => { rows: number; message: string },
  write: () => T,
): T {
  const startedAt = now();
  const insertLog = cached(db, INSERT_LOG);
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

export function asImportError(e: unknown, file: string): Error {
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
export function filesOf(target: string, ext: string): string[] {
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

export function summarizeWarnings(head: string, warnings: string[]): string {
  if (warnings.length === 0) return head;
  const shown = warnings.slice(0, LOGGED_WARNINGS).join('\n');
  const more = warnings.length > LOGGED_WARNINGS ? `\n… and ${warnings.length - LOGGED_WARNINGS} more` : '';
  return `${head}; ${warnings.length} warning(s):\n${shown}${more}`;
}

/**
 * Writes parsed company facts, one company at a time, inside whatever transaction the
 * caller holds. Each company's facts are replaced (so importing a file twice equals
 * importing it once) and its `company` row upserted; `first_filed` and the SEC profile
 * (from submissions) are left alone. A fact repeated within a company (same tag, unit,
 * period and filing) is stored once: an exact repeat silently, a conflicting one keeping
 * the first value, with a warning. A CIK met twice in one import keeps the later facts,
 * with a warning.
 */
export class CompanyFactsWriter {
  readonly warnings: string[] = [];
  facts = 0;
  private readonly db: Db;
  private readonly isFictional: number;
  private readonly importedAt: string;
  private readonly whereOfCik = new Map<number, string>();

  constructor(db: Db, opts: { isFictional?: boolean | undefined; importedAt?: string } = {}) {
    this.db = db;
    this.isFictional = opts.isFictional ? 1 : 0;
    this.importedAt = opts.importedAt ?? now();
  }

  get companies(): number {
    return this.whereOfCik.size;
  }

  /**
   * Stores one company. `where` names the source in warnings (a path, or `zip, entry X`);
   * `noun` is how a warning refers to it ("file", "entry"); `sourceFile` is what
   * `company.source_file` records. Returns the number of facts stored.
   */
  write(parsed: CompanyFactsFile, where: string, noun: string, sourceFile: string): number {
    const db = this.db;
    const { cik } = parsed;
    const earlier = this.whereOfCik.get(cik);
    if (earlier !== undefined) {
      this.warnings.push(`${where}: CIK ${cik} was also in ${earlier}; this ${noun}'s facts replace those`);
      this.facts -= (cached(db, 'SELECT COUNT(*) AS n FROM fact WHERE cik = ?').get(cik) as { n: number }).n;
    }
    this.whereOfCik.set(cik, where);
    cached(db, 'DELETE FROM fact WHERE cik = ?').run(cik);
    const storedVal = cached(db, 'SELECT val FROM fact WHERE cik = ? AND taxonomy = ? AND tag = ? AND unit = ? AND end = ? AND start = ? AND accn = ?');
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
            this.warnings.push(
              `${where}: ${f.taxonomy}:${f.tag} [${f.unit}] ${start || 'instant'}..${f.end} in filing ${f.accn} appears twice (${kept.val} and ${f.val}); kept the first`,
            );
          }
        }
        identical += dropped - conflicting;
        stored -= dropped;
      },
    );
    if (identical > 0) this.warnings.push(`${where}: ${identical} exact duplicate fact(s) stored once`);
    this.facts += stored;
    const taxonomy = parsed.taxonomies.includes('ifrs-full') ? 'ifrs-full' : 'us-gaap';
    if (taxonomy === 'ifrs-full' && !parsed.taxonomies.includes('us-gaap')) {
      // Stored as reported, not mapped: IFRS concepts differ from us-gaap's, so Fortress's
      // metrics stay missing for this company rather than guessed.
      this.warnings.push(`${where}: ${parsed.entityName} (CIK ${cik}) reports in ifrs-full, not us-gaap: its facts are stored, its metrics will be missing`);
    }
    const nonUsd = new Set<string>();
    for (const f of parsed.facts) if (/^[A-Z]{3}$/.test(f.unit) && f.unit !== 'USD') nonUsd.add(f.unit);
    if (nonUsd.size > 0) this.warnings.push(`${where}: amounts in ${[...nonUsd].sort().join(', ')} are stored in their own currency and never mixed with USD`);
    cached(
      db,
      `INSERT INTO company (cik, name, taxonomy, is_fictional, source_file, imported_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (cik) DO UPDATE SET name = excluded.name, taxonomy = excluded.taxonomy,
         is_fictional = excluded.is_fictional, source_file = excluded.source_file, imported_at = excluded.imported_at`,
    ).run(cik, parsed.entityName, taxonomy, this.isFictional, sourceFile, this.importedAt);
    return stored;
  }
}
