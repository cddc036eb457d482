/**
 * iShares "Download holdings" CSV → `HoldingsFile`.
 *
 * Policy:
 * - The header row is found by its content (a record with `Ticker` and `Asset Class`
 *   cells), never by position: iShares has changed the preamble before and the IWC file
 *   separates it with an empty line where IWM uses a non-breaking space.
 * - Columns are found by name; column 8 is `Quantity` (IWM) or `Shares` (IWC).
 * - Every asset class is kept, in file order; deciding what counts as a constituent
 *   (`Equity`) is the universe query's job, not the parser's.
 * - `-` or an empty cell is "none" (null), never 0. A price of 0 is "no market" (null):
 *   delisted, vesting or unlisted lines carry 0.00 and must not look like a $0 stock.
 * - Data ends at the first blank record; what follows is BlackRock's legal footer.
 * - Anything unreadable is refused with file, line and column named; nothing is guessed.
 */
import path from 'node:path';
import { isBlankRecord, looksLikeHtml, readCsv, stripBom } from './csv.ts';
import { ImportError, type HoldingRow, type HoldingsFile } from './types.ts';

/** Fund names as the first preamble line spells them → fund ticker. */
const KNOWN_FUNDS: Readonly<Record<string, string>> = {
  'ishares russell 2000 etf': 'IWM',
  'ishares micro-cap etf': 'IWC',
  'ishares russell 2000 value etf': 'IWN',
  'ishares russell 2000 growth etf': 'IWO',
  'ishares core s&p small-cap etf': 'IJR',
};

type Column = keyof Omit<HoldingRow, 'line'>;

/** Header cell (lower case) → field. `required` columns must be present. */
const COLUMNS: ReadonlyArray<{ names: readonly string[]; key: Column; label: string; required: boolean }> = [
  { names: ['ticker'], key: 'ticker', label: 'Ticker', required: true },
  { names: ['name'], key: 'name', label: 'Name', required: true },
  { names: ['sector'], key: 'sector', label: 'Sector', required: false },
  { names: ['asset class'], key: 'assetClass', label: 'Asset Class', required: true },
  { names: ['market value'], key: 'marketValue', label: 'Market Value', required: true },
  { names: ['weight (%)'], key: 'weightPct', label: 'Weight (%)', required: true },
  { names: ['notional value'], key: 'notional', label: 'Notional Value', required: false },
  { names: ['quantity', 'shares'], key: 'quantity', label: 'Quantity', required: true },
  { names: ['price'], key: 'price', label: 'Price', required: true },
  { names: ['location'], key: 'location', label: 'Location', required: false },
  { names: ['exchange'], key: 'exchange', label: 'Exchange', required: false },
  { names: ['currency'], key: 'currency', label: 'Currency', required: false },
];

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

// Either grouped by thousands ("1,532,594,919.50") or plain ("-71618.22", "1.5e3" is refused).
const NUMBER = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[-+]?\.\d+$/;

/**
 * Parses one iShares holdings export. `file` is used for the fund ticker (`IWM_holdings…csv`)
 * and in every error message.
 */
export function parseHoldingsCsv(text: string, file: string): HoldingsFile {
  text = stripBom(text);
  if (looksLikeHtml(text)) throw new ImportError(file, 'looks like an HTML page, not an iShares holdings CSV', { line: 1 });

  // Filled in by the visitor below; an object (not `let`s) so the compiler sees the writes.
  const found: {
    fundName: string | null;
    asOf: { value: string; line: number } | null;
    sharesOutstanding: number | null;
    header: { line: number; index: Map<Column, number>; width: number } | null;
  } = { fundName: null, asOf: null, sharesOutstanding: null, header: null };
  const rows: HoldingRow[] = [];

  readCsv(text, file, (fields, line) => {
    const header = found.header;
    if (header === null) {
      if (isBlankRecord(fields)) return;
      const lowered = fields.map((f) => f.trim().toLowerCase());
      if (lowered.includes('ticker') && lowered.includes('asset class')) {
        found.header = { line, index: mapHeader(lowered, file, line), width: fields.length };
        return;
      }
      const first = (fields[0] ?? '').trim();
      found.fundName ??= first;
      const key = first.toLowerCase();
      if (key === 'fund holdings as of') found.asOf = { value: (fields[1] ?? '').trim(), line };
      else if (key === 'shares outstanding') found.sharesOutstanding = parseNumber(fields[1] ?? '', file, line, 'Shares Outstanding');
      return;
    }
    if (isBlankRecord(fields)) return false;
    if (fields.length !== header.width) {
      throw new ImportError(file, `has ${fields.length} fields where the header (line ${header.line}) has ${header.width}`, { line });
    }
    rows.push(parseRow(fields, line, header.index, file));
  });

  if (found.header === null) {
    throw new ImportError(file, 'no header row found (expected a line with "Ticker,Name,Sector,Asset Class,…"); is this an iShares holdings CSV?');
  }
  if (rows.length === 0) throw new ImportError(file, `no holdings rows after the header on line ${found.header.line}`);
  if (found.asOf === null) throw new ImportError(file, 'the preamble has no "Fund Holdings as of" line', { field: 'Fund Holdings as of' });
  const asOf = parseFundDate(found.asOf.value, file, found.asOf.line);
  const name = found.fundName ?? '';
  const sharesOutstanding = found.sharesOutstanding;

  return { fund: fundTicker(name, file), fundName: name, asOf, sharesOutstanding, rows };
}

function mapHeader(lowered: string[], file: string, line: number): Map<Column, number> {
  const index = new Map<Column, number>();
  for (const col of COLUMNS) {
    const at = lowered.findIndex((h) => col.names.includes(h));
    if (at === -1) {
      if (col.required) {
        const wanted = col.key === 'quantity' ? '"Quantity" or "Shares"' : `"${col.label}"`;
        throw new ImportError(file, `the header has no ${wanted} column`, { line, field: col.label });
      }
      continue;
    }
    index.set(col.key, at);
  }
  return index;
}

function parseRow(fields: string[], line: number, index: Map<Column, number>, file: string): HoldingRow {
  const text = (key: Column): string | null => {
    const at = index.get(key);
    if (at === undefined) return null;
    const v = (fields[at] as string).trim();
    return v === '' || v === '-' ? null : v;
  };
  const num = (key: Column, label: string): number | null => {
    const at = index.get(key);
    return at === undefined ? null : parseNumber(fields[at] as string, file, line, label);
  };
  const name = text('name');
  if (name === null) throw new ImportError(file, 'the holding has no name', { line, field: 'Name' });
  const assetClass = text('assetClass');
  if (assetClass === null) throw new ImportError(file, 'the holding has no asset class', { line, field: 'Asset Class' });
  const price = num('price', 'Price');
  return {
    line,
    ticker: text('ticker'),
    name,
    sector: text('sector'),
    assetClass,
    marketValue: num('marketValue', 'Market Value'),
    weightPct: num('weightPct', 'Weight (%)'),
    notional: num('notional', 'Notional Value'),
    quantity: num('quantity', 'Quantity'),
    price: price === 0 ? null : price,
    location: text('location'),
    exchange: text('exchange'),
    currency: text('currency'),
  };
}

function parseNumber(raw: string, file: string, line: number, field: string): number | null {
  const s = raw.trim();
  if (s === '' || s === '-') return null;
  if (!NUMBER.test(s)) throw new ImportError(file, `"${raw}" is not a number`, { line, field });
  return Number(s.replaceAll(',', ''));
}

/** `May 05, 2026` (iShares) or `2026-05-05` → `2026-05-05`. */
function parseFundDate(raw: string, file: string, line: number): string {
  const field = 'Fund Holdings as of';
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const us = /^([A-Za-z]{3})[A-Za-z]*\.? +(\d{1,2}), *(\d{4})$/.exec(raw);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (us) {
    const month = MONTHS[(us[1] as string).toLowerCase()];
    if (month === undefined) throw new ImportError(file, `"${raw}" has no month name I know`, { line, field });
    [y, m, d] = [Number(us[3]), month, Number(us[2])];
  } else {
    throw new ImportError(file, `"${raw}" is not a date like "May 05, 2026"`, { line, field });
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new ImportError(file, `"${raw}" is not a calendar date`, { line, field });
  }
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The fund ticker, from the fund name (authoritative: it is inside the file) or the file
 * name prefix (`IWM_holdings.csv`, `DEMO_holdings_2026-05-05.csv`). A file whose name and
 * content disagree is refused rather than filed under the wrong fund.
 */
function fundTicker(fundName: string, file: string): string | null {
  const byName = KNOWN_FUNDS[fundName.trim().toLowerCase()] ?? null;
  const m = /^([A-Za-z0-9]{1,10})_holdings/i.exec(path.basename(file));
  const byFile = m ? (m[1] as string).toUpperCase() : null;
  if (byName !== null && byFile !== null && byName !== byFile) {
    throw new ImportError(file, `the file name says fund ${byFile} but the file is for "${fundName}" (${byName})`, { line: 1 });
  }
  return byName ?? byFile;
}
