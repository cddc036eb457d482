import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../main/core/db/sqlite.ts';
import { importCompanyFactsZip } from '../../main/core/import/companyfacts-zip.ts';
import { importCompanyFacts } from '../../main/core/import/loaders.ts';
import { ImportError, PartialImportError } from '../../main/core/import/types.ts';
import { REPO_ROOT, dumpTables, fixture, importErrorOf, openTempMarketDb, tempDir } from './helpers.ts';
import { FACTS_PER_COPY, syntheticCik, syntheticEntryName, syntheticFactsJson } from './synthetic-facts.ts';
import { writeZip, type ZipInput } from './zip-writer.ts';

const ZIP_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'zip');
const INFOZIP = path.join(ZIP_FIXTURES, 'companyfacts_infozip.zip');
const PYTHON_ZIP64 = path.join(ZIP_FIXTURES, 'companyfacts_python_stream_zip64.zip');

interface LogRow {
  source: string;
  finished_at: string | null;
  ok: number | null;
  rows: number;
  message: string;
}

function logRows(db: Db): LogRow[] {
  return db.prepare('SELECT source, finished_at, ok, rows, message FROM import_log ORDER BY id').all() as LogRow[];
}

function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

/** Five synthetic companies (43 facts each); entry `bad` (if given) has a null value in its 4th Assets fact. */
function fiveCompanies(opts: { bad?: number } = {}): { file: string; entries: ZipInput[] } {
  const entries: ZipInput[] = [];
  for (let i = 0; i < 5; i++) {
    let text = syntheticFactsJson(i);
    if (i === opts.bad) {
      const doc = JSON.parse(text) as { facts: Record<string, Record<string, { units: Record<string, { val: unknown }[]> }>> };
      doc.facts['us-gaap']!['Assets']!.units['USD']![3]!.val = null;
      text = JSON.stringify(doc);
    }
    entries.push({ name: syntheticEntryName(i), data: Buffer.from(text), method: i % 2 === 0 ? 8 : 0 });
  }
  const file = path.join(tempDir('facts-zip'), 'companyfacts.zip');
  writeZip(file, entries);
  return { file, entries };
}

const BAD_FIELD = 'facts.us-gaap.Assets.units.USD[3].val';

/** LPA (an IFRS filer in several currencies) is reported in warnings; set those aside here. */
function withoutIfrsNotes<T extends { warnings: string[] }>(r: T): T {
  return { ...r, warnings: r.warnings.filter((w) => !/reports in ifrs-full|stored in their own currency/.test(w)) };
}

describe('importCompanyFacts reads a .zip in one transaction', () => {
  it('stores exactly what importing the same JSON files from a folder stores', () => {
    const dir = tempDir('facts-src');
    fs.copyFileSync(fixture('CIK0001640147_SNOW_trimmed.json'), path.join(dir, 'CIK0001640147.json'));
    fs.copyFileSync(fixture('CIK0001997711_LPA_trimmed.json'), path.join(dir, 'CIK0001997711.json'));
    const fromFolder = openTempMarketDb();
    const fromZip = openTempMarketDb();
    expect(withoutIfrsNotes(importCompanyFacts(fromFolder, dir))).toEqual({ companies: 2, facts: 43 + 45, warnings: [] });
    expect(withoutIfrsNotes(importCompanyFacts(fromZip, INFOZIP))).toEqual({ companies: 2, facts: 43 + 45, warnings: [] });
    const omit = { skipTables: ['import_log'], omitColumns: ['imported_at', 'source_file'] };
    expect(dumpTables(fromZip, omit)).toBe(dumpTables(fromFolder, omit));
    expect(fromZip.prepare('SELECT cik, source_file FROM company ORDER BY cik').raw().all()).toEqual([
      [1640147, 'companyfacts_infozip.zip:CIK0001640147.json'],
      [1997711, 'companyfacts_infozip.zip:CIK0001997711.json'],
    ]);
  });

  it('treats a folder whose name ends in .zip as a folder', () => {
    const dir = path.join(tempDir('facts-src'), 'unpacked.zip');
    fs.mkdirSync(dir);
    fs.copyFileSync(fixture('CIK0001640147_SNOW_trimmed.json'), path.join(dir, 'CIK0001640147.json'));
    expect(importCompanyFacts(openTempMarketDb(), dir)).toEqual({ companies: 1, facts: 43, warnings: [] });
  });

  it('skips a non-JSON entry with a warning', () => {
    const db = openTempMarketDb();
    const r = importCompanyFacts(db, PYTHON_ZIP64);
    expect(withoutIfrsNotes(r)).toEqual({ companies: 2, facts: 88, warnings: [`${PYTHON_ZIP64}, entry README.txt: not a JSON file; skipped`] });
  });

  it('rolls the whole archive back when one entry is bad, naming the archive, the entry and the JSON path', () => {
    const db = openTempMarketDb();
    importCompanyFacts(db, INFOZIP);
    const before = dumpTables(db, { skipTables: ['import_log'] });
    const { file } = fiveCompanies({ bad: 3 });
    const e = importErrorOf(() => importCompanyFacts(db, file));
    expect(e.message).toBe(`${file}, entry ${syntheticEntryName(3)}, field "${BAD_FIELD}": expected a number, found null`);
    expect([e.file, e.entry, e.field]).toEqual([file, syntheticEntryName(3), BAD_FIELD]);
    expect(dumpTables(db, { skipTables: ['import_log'] })).toBe(before);
    const logs = logRows(db).map((l) => [l.ok, l.message]);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toEqual([1, expect.stringMatching(/^2 companies, 88 facts/)]);
    expect(logs[1]).toEqual([0, e.message]);
  });

  it('names the entry whose JSON is cut off, with its line', () => {
    const file = path.join(tempDir('facts-zip'), 'companyfacts.zip');
    writeZip(file, [{ name: 'CIK0001640147.json', data: fs.readFileSync(fixture('CIK0001640147_SNOW_trimmed.json')).subarray(0, 5000) }]);
    const e = importErrorOf(() => importCompanyFacts(openTempMarketDb(), file));
    // `head -c 5000 CIK0001640147_SNOW_trimmed.json | wc -l` → 146 newlines: the cut is on line 147.
    expect([e.entry, e.line]).toEqual(['CIK0001640147.json', 147]);
    expect(e.reason).toMatch(/^is not valid JSON: .* \(the file looks truncated\)$/);
  });
});

describe('importCompanyFactsZip streams the archive and commits entry by entry', () => {
  it('stores every entry, reports progress per entry and closes its log row as a success', async () => {
    const db = openTempMarketDb();
    const { file } = fiveCompanies();
    const progress: [number, number, string][] = [];
    const inFlight: string[] = [];
    const r = await importCompanyFactsZip(db, file, {
      onProgress: (done, total, entry) => {
        progress.push([done, total, entry]);
        // What a crash at this point would leave: the log row says how far the import got.
        inFlight.push((logRows(db)[0] as LogRow).message);
      },
    });
    expect(r).toEqual({ entries: 5, skipped: 0, companies: 5, facts: 5 * FACTS_PER_COPY, warnings: [], logId: 1 });
    expect(progress.map((p) => p[0])).toEqual([1, 2, 3, 4, 5]);
    expect(progress[4]).toEqual([5, 5, syntheticEntryName(4)]);
    expect(inFlight[1]).toBe(`in progress: 2 of 5 entries stored, the last ${syntheticEntryName(1)}`);
    expect(count(db, 'SELECT COUNT(*) AS n FROM fact')).toBe(215);
    expect(db.prepare('SELECT cik, name, source_file FROM company WHERE cik = ?').get(syntheticCik(4))).toEqual({
      cik: 9_000_000_004,
      name: 'SYNTHETIC 4 (FROM SNOWFLAKE INC.)',
      source_file: `companyfacts.zip:${syntheticEntryName(4)}`,
    });
    const log = logRows(db);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ source: file, ok: 1, rows: 215, message: '5 companies, 215 facts from 5 entries' });
    expect(log[0]?.finished_at).not.toBeNull();
  });

  it('keeps the entries before a bad one, says so in the error and the log, and stores nothing after it', async () => {
    const db = openTempMarketDb();
    const { file } = fiveCompanies({ bad: 2 });
    const e = await importCompanyFactsZip(db, file).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(PartialImportError);
    const p = e as PartialImportError;
    expect([p.stored, p.total, p.lastStored, p.entry, p.field]).toEqual([2, 5, syntheticEntryName(1), syntheticEntryName(2), BAD_FIELD]);
    expect(p.message).toBe(
      `${file}, entry ${syntheticEntryName(2)}, field "${BAD_FIELD}": expected a number, found null; ` +
        `partial import: 2 of 5 entries stored, through ${syntheticEntryName(1)}; the rest are as they were (re-run, or resume after ${syntheticEntryName(1)})`,
    );
    expect(db.prepare('SELECT cik FROM company ORDER BY cik').raw().all()).toEqual([[syntheticCik(0)], [syntheticCik(1)]]);
    expect(count(db, 'SELECT COUNT(*) AS n FROM fact')).toBe(2 * FACTS_PER_COPY);
    expect(logRows(db).map((l) => [l.ok, l.rows, l.message])).toEqual([[0, 86, p.message]]);
  });

  it('resumes after a named entry, skipping the ones before it', async () => {
    const db = openTempMarketDb();
    const { file } = fiveCompanies();
    const r = await importCompanyFactsZip(db, file, { resumeAfter: syntheticEntryName(2) });
    expect([r.entries, r.skipped, r.companies, r.facts]).toEqual([5, 3, 2, 86]);
    expect(db.prepare('SELECT cik FROM company ORDER BY cik').raw().all()).toEqual([[syntheticCik(3)], [syntheticCik(4)]]);
    expect(logRows(db)[0]?.message).toBe(`2 companies, 86 facts from 2 entries (resuming after ${syntheticEntryName(2)}, 3 skipped)`);
    const e = await importCompanyFactsZip(db, file, { resumeAfter: 'CIK0000000000.json' }).catch((err: unknown) => err);
    expect((e as ImportError).message).toBe(`${file}, field "resumeAfter": has no entry "CIK0000000000.json" to resume after`);
    expect(logRows(db).at(-1)).toMatchObject({ ok: 0, message: (e as Error).message });
  });

  it('stops when cancelled, keeping what was committed and saying it was cancelled', async () => {
    const db = openTempMarketDb();
    const { file } = fiveCompanies();
    const ac = new AbortController();
    const e = await importCompanyFactsZip(db, file, { signal: ac.signal, onProgress: (done) => done === 2 && ac.abort() }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(PartialImportError);
    expect((e as PartialImportError).message).toBe(
      `${file}, entry ${syntheticEntryName(2)}: cancelled; partial import: 2 of 5 entries stored, through ${syntheticEntryName(1)}; the rest are as they were (re-run, or resume after ${syntheticEntryName(1)})`,
    );
    expect(((e as Error).cause as Error).name).toBe('AbortError');
    expect(count(db, 'SELECT COUNT(*) AS n FROM company')).toBe(2);
    expect(logRows(db)[0]).toMatchObject({ ok: 0, rows: 86 });
  });

  it('throws the plain error, and stores nothing, when the first entry is bad', async () => {
    const db = openTempMarketDb();
    const { file } = fiveCompanies({ bad: 0 });
    const e = await importCompanyFactsZip(db, file).catch((err: unknown) => err);
    expect(e).not.toBeInstanceOf(PartialImportError);
    expect((e as ImportError).entry).toBe(syntheticEntryName(0));
    expect(count(db, 'SELECT COUNT(*) AS n FROM company')).toBe(0);
    expect(logRows(db).map((l) => l.ok)).toEqual([0]);
  });

  it('warns when an entry holds another CIK than its name says, and stores it under the CIK inside', async () => {
    const db = openTempMarketDb();
    const file = path.join(tempDir('facts-zip'), 'companyfacts.zip');
    writeZip(file, [{ name: 'CIK0000000001.json', data: Buffer.from(syntheticFactsJson(7)) }]);
    const r = await importCompanyFactsZip(db, file);
    expect(r.warnings).toEqual([
      `${file}, entry CIK0000000001.json: holds the facts of CIK ${syntheticCik(7)} (SYNTHETIC 7 (FROM SNOWFLAKE INC.)), not the CIK its name says; stored under ${syntheticCik(7)}`,
    ]);
  });

  it('refuses an archive that cannot be opened, logging the failure', async () => {
    const db = openTempMarketDb();
    const e = await importCompanyFactsZip(db, '/nonexistent/companyfacts.zip').catch((err: unknown) => err);
    expect((e as ImportError).reason).toMatch(/^cannot be read: ENOENT/);
    expect(logRows(db)).toMatchObject([{ ok: 0, source: '/nonexistent/companyfacts.zip' }]);
  });
});

/*
 * SLOW (~15 s on 2 cores: ~7 s to write the archive, ~6 s to import it). Builds a ~200 MB
 * companyfacts-style archive (2,150 synthetic entries, one in seven stored, the rest
 * deflated; see synthetic-facts.ts for why the entries are padded with random text) and
 * imports it in a child process, whose peak RSS is the importer's alone.
 */
describe('importCompanyFactsZip memory [slow: ~200 MB archive, child process]', () => {
  it('imports a ~200 MB archive with a peak RSS under 500 MB that does not grow with the archive', () => {
    const dir = tempDir('facts-zip-big');
    const zip = path.join(dir, 'companyfacts.zip');
    const ENTRIES = 2150;
    const COPIES = 6;
    function* entries(): Generator<ZipInput> {
      for (let i = 0; i < ENTRIES; i++) {
        yield { name: syntheticEntryName(i), data: Buffer.from(syntheticFactsJson(i, { copies: COPIES, padBytes: 12_000 })), method: i % 7 === 3 ? 0 : 8, level: 1 };
      }
    }
    const t0 = performance.now();
    const { bytes, entries: written } = writeZip(zip, entries());
    const writeSeconds = (performance.now() - t0) / 1000;
    const inflated = written.reduce((a, e) => a + e.size, 0);
    expect(bytes).toBeGreaterThan(190e6);
    expect(bytes).toBeLessThan(230e6);

    const child = path.join(REPO_ROOT, 'test', 'import', 'zip-import-child.ts');
    const out = execFileSync(process.execPath, [child, zip, path.join(dir, 'market.db')], { encoding: 'utf8', cwd: REPO_ROOT });
    const m = JSON.parse(out.trim()) as {
      maxRssBytes: number;
      startupRss: number;
      sampledPeakRss: number;
      seconds: number;
      result: { entries: number; companies: number; facts: number; warnings: number };
    };
    const MB = 1024 * 1024;
    console.info(
      `[memory test] archive ${(bytes / MB).toFixed(0)} MiB (${(inflated / MB).toFixed(0)} MiB inflated, ${ENTRIES} entries) written in ${writeSeconds.toFixed(1)} s; ` +
        `import ${m.seconds.toFixed(1)} s; peak RSS ${(m.maxRssBytes / MB).toFixed(0)} MiB (start-up ${(m.startupRss / MB).toFixed(0)} MiB)`,
    );
    expect(m.result).toEqual({ entries: ENTRIES, companies: ENTRIES, facts: ENTRIES * COPIES * FACTS_PER_COPY, warnings: 0 });
    expect(m.maxRssBytes).toBeLessThan(500 * MB);
    // Holding the archive (or all of its entries) would add at least its size; streaming
    // adds one entry plus SQLite's page cache (64 MiB, set in db/sqlite.ts).
    expect(m.maxRssBytes - m.startupRss).toBeLessThan(bytes / 2 + 64 * MB);
  });
});
