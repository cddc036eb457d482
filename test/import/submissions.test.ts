import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../main/core/db/sqlite.ts';
import { importCompanyFacts, importSubmissions, importTickers } from '../../main/core/import/loaders.ts';
import { parseSubmissions, parseSubmissionsPage, readSubmissionsFile } from '../../main/core/import/submissions.ts';
import { HAS_REAL, REAL, SKIP_REAL_REASON, dumpTables, fixture, importErrorOf, openTempMarketDb, readFixture, tempDir } from './helpers.ts';

const TSLA = 'CIK0001318605_TSLA_submissions_trimmed.json';
const PAGE = 'CIK0001318605-submissions-001.json';

type Json = Record<string, unknown> & { filings: { recent: Record<string, unknown[]>; files: Record<string, unknown>[] } };

function tslaJson(): Json {
  return JSON.parse(readFixture(TSLA)) as Json;
}

/** A folder holding `files` (name → JSON value or text). */
function folderWith(files: Record<string, unknown>): string {
  const dir = tempDir('subs');
  for (const [name, v] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof v === 'string' ? v : JSON.stringify(v));
  return dir;
}

/**
 * An older filings page in SEC's layout (the columns of `filings.recent` at the top
 * level). Synthetic: no real page file is available; its dates are chosen to fall inside
 * the range the real index states for Tesla's page 001 (2005-02-17 … 2013-12-10).
 */
function page(dates: string[]): Record<string, unknown[]> {
  return { accessionNumber: dates.map((_, i) => `0001318605-00-${String(i).padStart(6, '0')}`), filingDate: dates, form: dates.map(() => 'D') };
}

function company(db: Db, cik: number): Record<string, unknown> | undefined {
  return db
    .prepare('SELECT cik, name, taxonomy, first_filed, sic, sic_description, fiscal_year_end, entity_type, submissions_file FROM company WHERE cik = ?')
    .get(cik) as Record<string, unknown> | undefined;
}

describe('parseSubmissions on the real Tesla submissions (trimmed, minified as SEC serves it)', () => {
  it('reads the profile, tickers, the recent filings and the older page index', () => {
    const s = readSubmissionsFile(fixture(TSLA));
    expect(s).toEqual({
      cik: 1318605,
      name: 'Tesla, Inc.',
      entityType: 'operating',
      sic: 3711,
      sicDescription: 'Motor Vehicles & Passenger Car Bodies',
      fiscalYearEnd: '1231',
      tickers: ['TSLA'],
      exchanges: ['Nasdaq'],
      recentCount: 6,
      recentEarliest: '2013-12-11',
      pages: [{ name: PAGE, filingCount: 347, filingFrom: '2005-02-17', filingTo: '2013-12-10' }],
    });
  });

  it('reads SEC\'s empty strings as none, and a numeric cik and sic', () => {
    const json = tslaJson();
    Object.assign(json, { cik: 1318605, sic: '', sicDescription: '', fiscalYearEnd: '', entityType: '', tickers: [], exchanges: [] });
    json.filings.files = [];
    expect(parseSubmissions(json, 'x.json')).toMatchObject({ cik: 1318605, sic: null, sicDescription: null, fiscalYearEnd: null, entityType: null, tickers: [], pages: [] });
    json['sic'] = 6022;
    expect(parseSubmissions(json, 'x.json').sic).toBe(6022);
  });

  it('refuses malformed values with the file and the JSON path', () => {
    const cases: [(j: Json) => void, string][] = [
      [(j) => (j.filings.recent['filingDate']![4] = '2013-13-11'), 'x.json, field "filings.recent.filingDate[4]": expected a YYYY-MM-DD date, found "2013-13-11"'],
      [(j) => (j.filings.files[0]!['name'] = '../../secrets.json'), 'x.json, field "filings.files[0].name": expected a plain JSON file name such as "CIK0001318605-submissions-001.json", found "../../secrets.json"'],
      [(j) => (j.filings.files[0]!['filingFrom'] = 20050217), 'x.json, field "filings.files[0].filingFrom": expected a YYYY-MM-DD date, found 20050217'],
      [(j) => (j['sic'] = 'n/a'), 'x.json, field "sic": expected a SIC code of up to 4 digits, found "n/a"'],
      [(j) => (j['fiscalYearEnd'] = '1331'), 'x.json, field "fiscalYearEnd": expected a month and day as MMDD (e.g. "1231"), found "1331"'],
      [(j) => delete j['cik'], 'x.json, field "cik": expected a CIK (a number or a string of up to 10 digits), found nothing'],
      [(j) => (j['tickers'] = ['TSLA', null]), 'x.json, field "tickers[1]": expected a ticker, found null'],
      [(j) => delete (j.filings as Record<string, unknown>)['recent'], 'x.json, field "filings.recent": expected the recent filings (columns of equal length), found nothing'],
    ];
    for (const [spoil, message] of cases) {
      const json = tslaJson();
      spoil(json);
      expect(importErrorOf(() => parseSubmissions(json, 'x.json')).message).toBe(message);
    }
    expect(importErrorOf(() => parseSubmissionsPage([], 'p.json')).message).toBe('p.json, field "(root)": expected an SEC filings page (columns such as filingDate), found an array');
  });
});

describe('importSubmissions', () => {
  it('creates the company when it has no facts yet, maps its ticker, and takes the first filing date from the page index', () => {
    const db = openTempMarketDb();
    const file = fixture(TSLA);
    const r = importSubmissions(db, file);
    const warning = `${file}: 1 older filings page(s) (${PAGE}) not found next to it and not read; first filing date 2005-02-17 is the page index's filingFrom, not read from the filings (the 6 recent filings go back to 2013-12-11)`;
    expect(r).toEqual({ companies: 1, created: 1, tickers: 1, firstFiled: [{ cik: 1318605, date: '2005-02-17', basis: 'page-index' }], warnings: [warning] });
    expect(company(db, 1318605)).toEqual({
      cik: 1318605,
      name: 'Tesla, Inc.',
      taxonomy: null,
      first_filed: '2005-02-17',
      sic: 3711,
      sic_description: 'Motor Vehicles & Passenger Car Bodies',
      fiscal_year_end: '1231',
      entity_type: 'operating',
      submissions_file: TSLA,
    });
    expect(db.prepare("SELECT * FROM ticker_map WHERE ticker = 'TSLA'").get()).toEqual({ ticker: 'TSLA', cik: 1318605, title: 'Tesla, Inc.', source: TSLA });
    expect(db.prepare('SELECT kind, ok, rows, message FROM import_log').get()).toEqual({ kind: 'submissions', ok: 1, rows: 1, message: `1 companies (1 new), 1 tickers; 1 warning(s):\n${warning}` });
  });

  it('reads an older page found next to the file, and reports a page whose count disagrees with the index', () => {
    const db = openTempMarketDb();
    const dir = folderWith({ 'CIK0001318605.json': readFixture(TSLA), [PAGE]: page(['2013-12-10', '2009-06-01', '2005-02-17']) });
    const r = importSubmissions(db, dir);
    expect(r.firstFiled).toEqual([{ cik: 1318605, date: '2005-02-17', basis: 'filings' }]);
    expect(r.warnings).toEqual([`${path.join(dir, PAGE)}: lists 3 filings where CIK0001318605.json says 347`]);
  });

  it('stores only an upper bound, and says so, when a page is missing and the index gives no date', () => {
    const db = openTempMarketDb();
    const json = tslaJson();
    delete json.filings.files[0]!['filingFrom'];
    const dir = folderWith({ 'CIK0001318605.json': json });
    const r = importSubmissions(db, dir);
    expect(r.firstFiled).toEqual([{ cik: 1318605, date: '2013-12-11', basis: 'upper-bound' }]);
    expect(r.warnings).toEqual([
      `${path.join(dir, 'CIK0001318605.json')}: 1 older filings page(s) (${PAGE}) not found next to it and not read; first filing date 2013-12-11 is only an upper bound (the 6 recent filings go back to 2013-12-11)`,
    ]);
    expect(company(db, 1318605)?.['first_filed']).toBe('2013-12-11');
  });

  it('never moves first_filed later: a re-import without the pages keeps the date the pages gave', () => {
    const db = openTempMarketDb();
    const withPage = folderWith({ 'CIK0001318605.json': readFixture(TSLA), [PAGE]: page(['2010-01-04', '2004-12-30']) });
    importSubmissions(db, withPage);
    expect(company(db, 1318605)?.['first_filed']).toBe('2004-12-30');
    const json = tslaJson();
    delete json.filings.files[0]!['filingFrom'];
    importSubmissions(db, folderWith({ 'CIK0001318605.json': json }));
    expect(company(db, 1318605)?.['first_filed']).toBe('2004-12-30');
  });

  it('adds the profile to a company whose facts were imported, keeping its name and taxonomy, and facts re-imports keep the profile', () => {
    const db = openTempMarketDb();
    const facts = folderWith({ 'CIK0001318605.json': { ...JSON.parse(readFixture('CIK0001640147_SNOW_trimmed.json')), cik: 1318605, entityName: 'TESLA INC (from facts)' } });
    importCompanyFacts(db, facts);
    const r = importSubmissions(db, fixture(TSLA));
    expect(r.created).toBe(0);
    importCompanyFacts(db, facts);
    expect(company(db, 1318605)).toMatchObject({ name: 'TESLA INC (from facts)', taxonomy: 'us-gaap', first_filed: '2005-02-17', sic: 3711, fiscal_year_end: '1231' });
  });

  it('moves a ticker the map gave to another CIK, with a warning naming both', () => {
    const db = openTempMarketDb();
    importTickers(db, fixture('company_tickers_excerpt.json'));
    // The excerpt maps TSLA to Tesla (1318605); pretend an older list gave it to CIK 1.
    db.prepare("UPDATE ticker_map SET cik = 1 WHERE ticker = 'TSLA'").run();
    const r = importSubmissions(db, fixture(TSLA));
    expect(r.warnings.at(-1)).toBe(`${fixture(TSLA)}: ticker TSLA was mapped to CIK 1 (from company_tickers_excerpt.json); now CIK 1318605 (Tesla, Inc.)`);
    expect(db.prepare("SELECT cik FROM ticker_map WHERE ticker = 'TSLA'").get()).toEqual({ cik: 1318605 });
  });

  it('reads pages in a folder through their main file, and reports a page no main file lists', () => {
    const db = openTempMarketDb();
    const dir = folderWith({
      'CIK0001318605.json': readFixture(TSLA),
      [PAGE]: page(['2005-02-17']),
      'CIK0000000042-submissions-001.json': page(['2001-01-02']),
    });
    const r = importSubmissions(db, dir);
    expect([r.companies, r.firstFiled]).toEqual([1, [{ cik: 1318605, date: '2005-02-17', basis: 'filings' }]]);
    expect(r.warnings).toEqual([
      `${path.join(dir, PAGE)}: lists 1 filings where CIK0001318605.json says 347`,
      `${path.join(dir, 'CIK0000000042-submissions-001.json')}: an older filings page that no main submissions file in ${dir} lists; not read`,
    ]);
  });

  it('rolls back the whole folder when one file is bad, naming the file and field', () => {
    const db = openTempMarketDb();
    importSubmissions(db, fixture(TSLA));
    const before = dumpTables(db, { skipTables: ['import_log'] });
    const bad = tslaJson();
    bad['cik'] = '0000000099';
    bad.filings.recent['filingDate']![2] = null;
    const dir = folderWith({ 'CIK0001318605.json': readFixture(TSLA), 'CIK0000000099.json': bad });
    const e = importErrorOf(() => importSubmissions(db, dir));
    expect(e.message).toBe(`${path.join(dir, 'CIK0000000099.json')}, field "filings.recent.filingDate[2]": expected a YYYY-MM-DD date, found null`);
    expect(dumpTables(db, { skipTables: ['import_log'] })).toBe(before);
  });

  it('names a bad older page as the file at fault', () => {
    const dir = folderWith({ 'CIK0001318605.json': readFixture(TSLA), [PAGE]: '{"filingDate": ["2005-02-17", "17 Feb 2005"]}' });
    const e = importErrorOf(() => importSubmissions(openTempMarketDb(), dir));
    expect(e.message).toBe(`${path.join(dir, PAGE)}, field "filingDate[1]": expected a YYYY-MM-DD date, found "17 Feb 2005"`);
  });
});

describe.skipIf(!HAS_REAL)(`importSubmissions on the full real Tesla file (${HAS_REAL ? REAL : SKIP_REAL_REASON})`, () => {
  it('reads all 1,001 recent filings (pretty-printed) and takes 2005-02-17 from the index of the unread page', () => {
    const file = path.join(REAL, 'sec', 'submissions', 'CIK0001318605_TSLA_company_submission.json');
    const s = readSubmissionsFile(file);
    expect([s.recentCount, s.recentEarliest, s.pages]).toEqual([1001, '2013-12-11', [{ name: PAGE, filingCount: 347, filingFrom: '2005-02-17', filingTo: '2013-12-10' }]]);
    const db = openTempMarketDb();
    expect(importSubmissions(db, file).firstFiled).toEqual([{ cik: 1318605, date: '2005-02-17', basis: 'page-index' }]);
    expect(company(db, 1318605)).toMatchObject({ first_filed: '2005-02-17', sic: 3711, entity_type: 'operating' });
  });
});
