/**
 * Test helpers for the demo-universe generator: a tiny RFC 4180 CSV reader (the tests
 * must not depend on the importers, which are written concurrently), the location of the
 * real reference files, and a temp-dir helper.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Repository root (…/main); the shared real data sits beside it in ../shared. */
export const REPO_ROOT = path.resolve(here, '../..');
export const REAL_DIR = path.resolve(REPO_ROOT, '../shared/data/real');
export const REAL_TICKERS_FILE = path.join(REAL_DIR, 'sec/company_tickers.json');
export const HAS_REAL = fs.existsSync(REAL_TICKERS_FILE);
export const SKIP_REAL_REASON = `real reference data not found at ${REAL_TICKERS_FILE}; skipping the checks against real files`;

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fortress-${prefix}-`));
}

/**
 * Parse CSV text into records of fields. Quoted fields may hold commas, doubled quotes and
 * newlines. Returns each record with the 1-based line it starts on.
 *
 * @example parseCsv('a,"b,c"\n"d\ne",f') // [{line:1, fields:['a','b,c']}, {line:2, fields:['d\ne','f']}]
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let start = 1;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
    } else if (ch === '\n') {
      fields.push(field);
      out.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
      atFieldStart = true;
    } else {
      field += ch;
      atFieldStart = false;
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ line: start, fields });
  }
  return out;
}

/** "1,532,594,919.50" → 1532594919.5 */
export function num(s: string): number {
  return Number(s.replace(/,/g, ''));
}

/** Lower-case words of a name with punctuation removed. */
export function words(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}
