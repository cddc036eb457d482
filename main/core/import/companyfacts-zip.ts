/**
 * SEC's bulk company facts (`companyfacts.zip`, rebuilt nightly: ~1.4 GB, ~17k entries
 * named `CIK##########.json`, each a company-facts document) → the market database.
 *
 * Policy:
 * - Streamed with bounded memory: the central directory is read from the end of the
 *   archive with positioned reads; then, one entry at a time, its bytes are streamed
 *   through an inflater, parsed and validated (`parseCompanyFacts`, as strictly as a
 *   single file) and stored, and dropped before the next entry is read. Peak memory is
 *   one entry (text + parsed facts), not the archive: see the memory test in
 *   `test/import/companyfacts-zip.test.ts` for the measured figure.
 * - Commits entry by entry, not one transaction for the archive. A company is the unit
 *   that must be whole (its facts are replaced wholesale), and each entry is one company,
 *   so each entry is one IMMEDIATE transaction. Why not the whole archive at once:
 *   * an hour of parsing would be thrown away by one bad entry near the end, and the
 *     same bad entry would fail every retry: per-entry commits keep the work and
 *     `resumeAfter` continues after the last stored entry;
 *   * one transaction would hold the write lock for the whole import (the app's own
 *     writes would time out) and grow the WAL to the size of all the facts (~10 GB)
 *     before its first checkpoint; per-entry commits let the WAL checkpoint as usual;
 *   * a transaction cannot stay open across the awaits that streaming needs without
 *     letting other users of the connection write inside it.
 *   The cost is that a failed or cancelled import leaves a partial state: some companies
 *   refreshed, the rest as before, each company consistent. That state is never silent:
 *   the import's `import_log` row is written when the import starts (`ok` NULL), updated
 *   in the same transaction as every entry (so after a crash it still says how far the
 *   import got), and closed as `ok = 1` or as `ok = 0` with "partial import: k of n
 *   entries stored …". The error thrown is a `PartialImportError` carrying the same
 *   counts and the last stored entry. Re-importing is idempotent.
 * - A damaged entry (bad CRC, truncated data, invalid JSON, a fact that fails validation)
 *   stops the import at that entry; the error names the archive, the entry, and the line
 *   or JSON path and field. Entries that are not `.json` (a README) and directories are
 *   skipped with a warning. An entry whose name's CIK differs from the CIK inside is
 *   stored under the CIK inside, with a warning.
 * - `importCompanyFacts(db, 'companyfacts.zip')` (loaders.ts) reads the same archive
 *   synchronously in ONE transaction: all or nothing, for callers that want that and for
 *   archives small enough that a rollback costs little.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/sqlite.ts';
import { parseCompanyFacts, parseJsonText } from './companyfacts.ts';
import { CompanyFactsWriter, INSERT_LOG, cached, now, summarizeWarnings } from './store.ts';
import { ImportError, PartialImportError, type CompanyFactsFile } from './types.ts';
import { openZip, readZipEntry, readZipEntrySync, type ZipDirectory, type ZipEntry } from './zip.ts';

export interface ZipImportOptions {
  isFictional?: boolean;
  /** Called after each stored entry. */
  onProgress?: (done: number, total: number, entry: string) => void;
  /** Cancels between entries or during one; what was committed stays (a partial import). */
  signal?: AbortSignal;
  /** Skip the entries up to and including this one: resumes a partial import. */
  resumeAfter?: string;
  /** Refuse entries that inflate to more than this (default 512 MiB, near V8's string limit). */
  maxEntryBytes?: number;
}

export interface ZipImportResult {
  /** JSON entries in the archive. */
  entries: number;
  /** Entries skipped by `resumeAfter`. */
  skipped: number;
  /** Companies stored by this call (one per entry, unless a CIK repeats). */
  companies: number;
  facts: number;
  warnings: string[];
  /** The import_log row of this import. */
  logId: number;
}

/** A path to read as a zip archive: named `.zip` and not a folder (a missing file is left to the reader to report). */
export function isZipPath(target: string): boolean {
  if (!target.toLowerCase().endsWith('.zip')) return false;
  try {
    return !fs.statSync(target).isDirectory();
  } catch {
    return true;
  }
}

/** The JSON entries of an archive, in directory order; others are skipped with a warning. */
function jsonEntries(dir: ZipDirectory, warnings: string[]): ZipEntry[] {
  const out: ZipEntry[] = [];
  for (const e of dir.entries) {
    if (e.isDirectory) continue;
    if (!e.name.toLowerCase().endsWith('.json')) {
      warnings.push(`${dir.file}, entry ${e.name}: not a JSON file; skipped`);
      continue;
    }
    out.push(e);
  }
  if (out.length === 0) throw new ImportError(dir.file, `holds no .json entries (${dir.entries.length} entries in all): is this SEC's companyfacts.zip?`);
  return out;
}

/** Parses one entry's bytes; every error names the archive and the entry. */
function parseEntry(bytes: Buffer, zip: string, entry: string, warnings: string[]): CompanyFactsFile {
  let parsed: CompanyFactsFile;
  try {
    parsed = parseCompanyFacts(parseJsonText(bytes.toString('utf8'), zip, 'company-facts JSON'), zip);
  } catch (e) {
    if (e instanceof ImportError) throw new ImportError(zip, e.reason, { entry, line: e.line, field: e.field });
    throw e;
  }
  const m = /^(?:.*\/)?CIK(\d{10})\.json$/i.exec(entry);
  if (m && Number(m[1]) !== parsed.cik) {
    warnings.push(`${zip}, entry ${entry}: holds the facts of CIK ${parsed.cik} (${parsed.entityName}), not the CIK its name says; stored under ${parsed.cik}`);
  }
  return parsed;
}

/** Wraps an error met while handling `entry` so that it names the archive and the entry. */
function inEntry(e: unknown, zip: string, entry: string): unknown {
  if (e instanceof ImportError) return e.entry === undefined ? new ImportError(zip, e.reason, { entry, line: e.line, field: e.field }) : e;
  if (e instanceof Error && typeof (e as { code?: unknown }).code === 'string') {
    const wrapped = new ImportError(zip, e.message, { entry });
    wrapped.cause = e;
    return wrapped;
  }
  return e;
}

/**
 * Reads every JSON entry of a company-facts archive synchronously, one entry in memory at
 * a time, and hands each parsed company to `onEntry`. For `importCompanyFacts`, which
 * runs this inside its single transaction.
 */
export function readCompanyFactsZipSync(
  zip: string,
  warnings: string[],
  onEntry: (parsed: CompanyFactsFile, entry: string, index: number, total: number) => void,
  opts: { maxEntryBytes?: number } = {},
): void {
  const { fd, dir, close } = openZip(zip);
  try {
    const entries = jsonEntries(dir, warnings);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as ZipEntry;
      try {
        const bytes = readZipEntrySync(fd, dir, entry, opts.maxEntryBytes !== undefined ? { maxBytes: opts.maxEntryBytes } : {});
        onEntry(parseEntry(bytes, zip, entry.name, warnings), entry.name, i, entries.length);
      } catch (e) {
        throw inEntry(e, zip, entry.name);
      }
    }
  } finally {
    close();
  }
}

/**
 * Imports SEC's bulk `companyfacts.zip` entry by entry: streamed, bounded memory, one
 * transaction per entry, progress and cancellation (see the module header for why).
 *
 * @example
 * const ac = new AbortController();
 * const r = await importCompanyFactsZip(db, '/data/companyfacts.zip', {
 *   signal: ac.signal,
 *   onProgress: (done, total, entry) => console.error(`${done}/${total} ${entry}`),
 * });
 * // r = { entries: 17123, skipped: 0, companies: 17123, facts: 98_000_000, warnings: [], logId: 12 }
 * // After a PartialImportError e: importCompanyFactsZip(db, zip, { resumeAfter: e.lastStored ?? undefined })
 */
export async function importCompanyFactsZip(db: Db, zipPath: string, opts: ZipImportOptions = {}): Promise<ZipImportResult> {
  const source = path.resolve(zipPath);
  const startedAt = now();
  const insertLog = cached(db, INSERT_LOG);
  const updateLog = cached(db, 'UPDATE import_log SET finished_at = ?, ok = ?, rows = ?, message = ? WHERE id = ?');
  const writer = new CompanyFactsWriter(db, { isFictional: opts.isFictional, importedAt: startedAt });
  const warnings = writer.warnings;

  // A refusal before anything is stored (unreadable archive, bad resume point) is logged
  // as a plain failure, as the other loaders do.
  let zip: ReturnType<typeof openZip>;
  let entries: ZipEntry[];
  let skipped = 0;
  try {
    zip = openZip(zipPath);
    try {
      entries = jsonEntries(zip.dir, warnings);
      if (opts.resumeAfter !== undefined) {
        const at = entries.findIndex((e) => e.name === opts.resumeAfter);
        if (at === -1) throw new ImportError(zipPath, `has no entry "${opts.resumeAfter}" to resume after`, { field: 'resumeAfter' });
        skipped = at + 1;
      }
    } catch (e) {
      zip.close();
      throw e;
    }
  } catch (e) {
    try {
      insertLog.run('companyfacts', source, startedAt, now(), 0, 0, e instanceof Error ? e.message : String(e));
    } catch {
      // The import error matters more than the log.
    }
    throw e;
  }

  const total = entries.length;
  const todo = total - skipped;
  const resumed = skipped > 0 ? ` (resuming after ${opts.resumeAfter}, ${skipped} skipped)` : '';
  const logId = Number(insertLog.run('companyfacts', source, startedAt, null, null, 0, `started: 0 of ${todo} entries stored${resumed}`).lastInsertRowid);
  let stored = 0;
  let lastStored: string | null = null;
  // Facts of the committed entries: the writer's own count may include an entry whose
  // transaction then failed.
  let committedFacts = 0;
  const storeEntry = db.transaction((parsed: CompanyFactsFile, entry: ZipEntry) => {
    writer.write(parsed, `${zipPath}, entry ${entry.name}`, 'entry', `${path.basename(zipPath)}:${entry.name}`);
    updateLog.run(null, null, writer.facts, `in progress: ${stored + 1} of ${todo} entries stored${resumed}, the last ${entry.name}`, logId);
  });

  try {
    for (let i = skipped; i < total; i++) {
      const entry = entries[i] as ZipEntry;
      try {
        opts.signal?.throwIfAborted();
        const bytes = await readZipEntry(zip.fd, zip.dir, entry, {
          signal: opts.signal,
          ...(opts.maxEntryBytes !== undefined ? { maxBytes: opts.maxEntryBytes } : {}),
        });
        const parsed = parseEntry(bytes, zipPath, entry.name, warnings);
        storeEntry.immediate(parsed, entry);
      } catch (e) {
        throw inEntry(e, zipPath, entry.name);
      }
      stored++;
      lastStored = entry.name;
      committedFacts = writer.facts;
      opts.onProgress?.(stored, todo, entry.name);
    }
  } catch (e) {
    zip.close();
    // Whatever the abort reason (the default AbortError or a caller's own), it is a cancel.
    const isAbort = opts.signal?.aborted === true || (e as { name?: unknown } | null)?.name === 'AbortError';
    const at = entries[skipped + stored]?.name;
    const reason = isAbort ? 'cancelled' : e instanceof ImportError ? e.reason : e instanceof Error ? e.message : String(e);
    const kept =
      stored === 0
        ? `nothing stored${resumed}`
        : `partial import: ${stored} of ${todo} entries stored${resumed}, through ${lastStored}; the rest are as they were (re-run, or resume after ${lastStored})`;
    const error =
      stored === 0 && !isAbort
        ? e
        : new PartialImportError(zipPath, `${reason}; ${kept}`, { stored, total: todo, lastStored }, {
            entry: e instanceof ImportError ? e.entry : at,
            line: e instanceof ImportError ? e.line : undefined,
            field: e instanceof ImportError ? e.field : undefined,
          });
    if (error instanceof Error && error !== e) error.cause = e;
    try {
      updateLog.run(now(), 0, committedFacts, `${error instanceof Error ? error.message : String(error)}`, logId);
    } catch {
      // The database may be the problem; the import error matters more.
    }
    throw error;
  }
  zip.close();
  const result: ZipImportResult = { entries: total, skipped, companies: writer.companies, facts: writer.facts, warnings, logId };
  updateLog.run(now(), 1, writer.facts, summarizeWarnings(`${result.companies} companies, ${result.facts} facts from ${todo} entries${resumed}`, warnings), logId);
  return result;
}
