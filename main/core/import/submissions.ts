/**
 * SEC submissions (`data.sec.gov/submissions/CIK##########.json`) → `SubmissionsFile`.
 *
 * Policy:
 * - Kept: the company profile (name, entity type, SIC, fiscal year end), its tickers with
 *   their exchanges, and the filing dates needed for the age proxy (`company.first_filed`,
 *   the zombie rule's "how long has this company been filing"). Addresses, former names
 *   and the per-filing columns other than `filingDate` are not needed and not read.
 * - `filings.recent` holds at most ~1,000 filings. Older filings are in pages listed in
 *   `filings.files` (`CIK##########-submissions-001.json`, same columns as `recent`, at
 *   the top level). Each page entry also states `filingFrom`/`filingTo`. Whether the
 *   earliest date is exact or not is the loader's business (it knows where pages are);
 *   the parser reports what the file says.
 * - Page names are used to open files next to the main file, so a name that is not a
 *   plain file name (a path, `..`) is refused rather than followed.
 * - Strict, like the company-facts parser: a malformed value is refused with the file
 *   and its JSON path (`filings.recent.filingDate[17]`), not skipped. Empty strings, which
 *   SEC writes for "none" (`"sic": ""`, `"fiscalYearEnd": ""`), are read as null.
 * - SEC writes `cik` and `sic` as strings of digits; numbers are accepted too.
 */
import fs from 'node:fs';
import { parseJsonText } from './companyfacts.ts';
import { ImportError, type SubmissionsFile, type SubmissionsPage, type SubmissionsPageFile } from './types.ts';

const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
const MMDD = /^(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/;
// A plain file name: no directory part, no `..`.
const PAGE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.json$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** Validates one submissions document. `file` is used only in errors. */
export function parseSubmissions(json: unknown, file: string): SubmissionsFile {
  const fail = (field: string, reason: string): never => {
    throw new ImportError(file, reason, { field });
  };
  if (!isObject(json)) return fail('(root)', `expected an SEC submissions object, found ${Array.isArray(json) ? 'an array' : shown(json)}`);

  const cik = readCik(json['cik'], fail);
  const name = json['name'];
  if (typeof name !== 'string' || name.trim() === '') return fail('name', `expected the company name, found ${shown(name)}`);

  const sic = optionalString(json['sic'], 'sic', fail);
  if (sic !== null && !/^\d{1,4}$/.test(sic)) fail('sic', `expected a SIC code of up to 4 digits, found ${shown(json['sic'])}`);
  const fiscalYearEnd = optionalString(json['fiscalYearEnd'], 'fiscalYearEnd', fail);
  if (fiscalYearEnd !== null && !MMDD.test(fiscalYearEnd)) fail('fiscalYearEnd', `expected a month and day as MMDD (e.g. "1231"), found ${shown(fiscalYearEnd)}`);

  const rawTickers = json['tickers'] ?? [];
  if (!Array.isArray(rawTickers)) return fail('tickers', `expected a list of tickers, found ${shown(rawTickers)}`);
  const rawExchanges = json['exchanges'] ?? [];
  if (!Array.isArray(rawExchanges)) return fail('exchanges', `expected a list of exchanges, found ${shown(rawExchanges)}`);
  const tickers: string[] = [];
  const exchanges: (string | null)[] = [];
  rawTickers.forEach((t, i) => {
    if (typeof t !== 'string' || t.trim() === '') fail(`tickers[${i}]`, `expected a ticker, found ${shown(t)}`);
    tickers.push((t as string).trim().toUpperCase());
    const x = rawExchanges[i];
    exchanges.push(typeof x === 'string' && x.trim() !== '' ? x.trim() : null);
  });

  const filings = json['filings'];
  if (!isObject(filings)) return fail('filings', `expected an object with "recent" filings, found ${shown(filings)}`);
  const recent = filings['recent'];
  if (!isObject(recent)) return fail('filings.recent', `expected the recent filings (columns of equal length), found ${shown(recent)}`);
  const recentDates = readFilingDates(recent, 'filings.recent', fail);

  const rawPages = filings['files'] ?? [];
  if (!Array.isArray(rawPages)) return fail('filings.files', `expected a list of older filing pages, found ${shown(rawPages)}`);
  const pages: SubmissionsPage[] = rawPages.map((p, i) => {
    const at = `filings.files[${i}]`;
    if (!isObject(p)) return fail(at, `expected {name, filingCount, filingFrom, filingTo}, found ${shown(p)}`);
    const pageName = p['name'];
    if (typeof pageName !== 'string' || !PAGE_NAME.test(pageName) || pageName.includes('..')) {
      return fail(`${at}.name`, `expected a plain JSON file name such as "CIK0001318605-submissions-001.json", found ${shown(pageName)}`);
    }
    const count = p['filingCount'];
    if (count !== undefined && count !== null && !(Number.isSafeInteger(count) && (count as number) >= 0)) {
      fail(`${at}.filingCount`, `expected a count of filings, found ${shown(count)}`);
    }
    return {
      name: pageName,
      filingCount: typeof count === 'number' ? count : null,
      filingFrom: optionalDate(p['filingFrom'], `${at}.filingFrom`, fail),
      filingTo: optionalDate(p['filingTo'], `${at}.filingTo`, fail),
    };
  });

  return {
    cik,
    name: name.trim(),
    entityType: optionalString(json['entityType'], 'entityType', fail),
    sic: sic === null ? null : Number(sic),
    sicDescription: optionalString(json['sicDescription'], 'sicDescription', fail),
    fiscalYearEnd,
    tickers,
    exchanges,
    recentCount: recentDates.count,
    recentEarliest: recentDates.earliest,
    pages,
  };
}

/** Validates one older filings page (`CIK##########-submissions-001.json`). */
export function parseSubmissionsPage(json: unknown, file: string): SubmissionsPageFile {
  const fail = (field: string, reason: string): never => {
    throw new ImportError(file, reason, { field });
  };
  if (!isObject(json)) return fail('(root)', `expected an SEC filings page (columns such as filingDate), found ${Array.isArray(json) ? 'an array' : shown(json)}`);
  return readFilingDates(json, '', fail);
}

/** `filingDate` of a columnar filings object: every entry must be a date. */
function readFilingDates(columns: Record<string, unknown>, at: string, fail: (field: string, reason: string) => never): SubmissionsPageFile {
  const field = at ? `${at}.filingDate` : 'filingDate';
  const dates = columns['filingDate'];
  if (!Array.isArray(dates)) return fail(field, `expected a list of filing dates, found ${shown(dates)}`);
  let earliest: string | null = null;
  for (let i = 0; i < dates.length; i++) {
    const d: unknown = dates[i];
    if (typeof d !== 'string' || !DATE.test(d)) return fail(`${field}[${i}]`, `expected a YYYY-MM-DD date, found ${shown(d)}`);
    if (earliest === null || d < earliest) earliest = d;
  }
  return { count: dates.length, earliest };
}

function readCik(v: unknown, fail: (field: string, reason: string) => never): number {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v < 1e10) return v;
  if (typeof v === 'string') {
    const m = /^(?:CIK)?0*(\d{1,10})$/i.exec(v.trim());
    if (m && Number(m[1]) > 0) return Number(m[1]);
  }
  return fail('cik', `expected a CIK (a number or a string of up to 10 digits), found ${shown(v)}`);
}

function optionalString(v: unknown, field: string, fail: (field: string, reason: string) => never): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return fail(field, `expected a string, found ${shown(v)}`);
  const s = v.trim();
  return s === '' ? null : s;
}

function optionalDate(v: unknown, field: string, fail: (field: string, reason: string) => never): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !DATE.test(v)) return fail(field, `expected a YYYY-MM-DD date, found ${shown(v)}`);
  return v;
}

export function readSubmissionsFile(file: string): SubmissionsFile {
  return parseSubmissions(parseJsonText(fs.readFileSync(file, 'utf8'), file, 'an SEC submissions JSON'), file);
}

export function readSubmissionsPageFile(file: string): SubmissionsPageFile {
  return parseSubmissionsPage(parseJsonText(fs.readFileSync(file, 'utf8'), file, 'an SEC filings page JSON'), file);
}

/** True for an older-filings page's file name (`CIK0001318605-submissions-001.json`). */
export function isSubmissionsPageName(name: string): boolean {
  return /-submissions-\d+\.json$/i.test(name);
}
