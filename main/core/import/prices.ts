/**
 * Daily price CSV → `PriceFile`.
 *
 * Policy:
 * - The layout is detected from the header and columns are found by name, never by
 *   position: yfinance writes `Date,Close,High,Low,Open,Volume`, Yahoo's download
 *   `Date,Open,High,Low,Close,Adj Close,Volume`, Stooq `Date,Open,High,Low,Close,Volume`,
 *   Alpha Vantage `timestamp,open,high,low,close,[adjusted_close,]volume,…` newest first.
 * - Bars come out ascending, one per date. A file in reverse order is reversed; a file in
 *   no order is sorted with a warning.
 * - Refused (ImportError naming line and field): an HTML page or a JSON message (Alpha
 *   Vantage's rate-limit note) served as CSV, a file
 *   without Open/High/Low (close-only series cannot be drawn as candles and would fake
 *   zero-range bars), a non-number, a price ≤ 0, High < Low, negative volume, and two rows
 *   for one date with different values.
 * - Tolerated with a warning naming the line: `null` rows (Yahoo writes them for
 *   holidays/halts) are skipped; an exact duplicate row is dropped.
 * - Values are stored as the file has them: no split or dividend adjustment happens here.
 *   `Adj Close` is kept alongside when the file has it.
 * - A time after the date (` 00:00:00`, `T00:00:00-05:00`) is dropped: bars are daily.
 * - A trailing intraday bar: a download made during the session ends with a bar for
 *   today that is not final (its close is the last trade so far, its volume partial).
 *   When the caller says when the data was fetched (`asOf`), the last bar is dropped with
 *   a warning naming file, line and date if its session had not settled by then:
 *   `asOf` as an instant means "fetched at" and a session settles at 17:00 New York time
 *   (the 16:00 close plus an hour for late prints and consolidated volume; early-close
 *   days are covered by the same margin); `asOf` as a YYYY-MM-DD date means "this day may
 *   be unfinished", and a last bar dated on or after it is dropped. Only the last bar is
 *   ever dropped: earlier dates cannot be in progress. The rule is US-market time: the
 *   app's universe is the Russell 2000. Nothing is dropped when `asOf` is not given; the
 *   loader decides what to pass (see `importPrices`).
 */
import path from 'node:path';
import { isBlankRecord, looksLikeHtml, readCsv, stripBom } from './csv.ts';
import { ImportError, type PriceBar, type PriceFile, type PriceLayout } from './types.ts';

type PriceColumn = 'date' | 'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume';

const HEADER_NAMES: Readonly<Record<string, PriceColumn>> = {
  date: 'date',
  timestamp: 'date',
  datetime: 'date',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  'adj close': 'adjClose',
  adj_close: 'adjClose',
  adjclose: 'adjClose',
  adjusted_close: 'adjClose',
  'adjusted close': 'adjClose',
  volume: 'volume',
};

// Only what may follow the date: a time, optionally with fraction and zone.
const TIME_SUFFIX = /^[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

interface Header {
  line: number;
  width: number;
  /** Column index per field, -1 when absent. */
  at: Record<PriceColumn, number>;
  /** The header cell as the file spells it, for error messages. */
  label: Record<PriceColumn, string>;
}

/**
 * When the data was fetched (an instant) or the trading day that may be unfinished
 * (`YYYY-MM-DD`). See the module header.
 */
export type IntradayAsOf = Date | string;

/**
 * Parses one daily price CSV. `file` is used only in errors and warnings. With `asOf`, a
 * last bar that may be intraday is dropped with a warning.
 *
 * @example
 * // Saved at 14:30 New York time on 2024-03-08: that day's bar is not final.
 * parsePriceCsv(text, 'AIR.csv', { asOf: new Date('2024-03-08T19:30:00Z') }).warnings;
 * // ['AIR.csv, line 31: the last bar (2024-03-08) may be intraday: the data was fetched at 2024-03-08T19:30:00.000Z, before that session settled (17:00 New York time); row dropped']
 */
export function parsePriceCsv(text: string, file: string, opts: { asOf?: IntradayAsOf | undefined } = {}): PriceFile {
  text = stripBom(text);
  if (looksLikeHtml(text)) throw new ImportError(file, 'looks like an HTML page, not a price CSV (an error or bot-check page saved as CSV?)', { line: 1 });
  const head = text.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    // Alpha Vantage answers a throttled or bad request with HTTP 200 and a JSON note.
    const shown = head.slice(0, 160).replace(/\s+/g, ' ');
    throw new ImportError(file, `looks like a JSON response, not a price CSV (an API error or rate-limit message?): ${shown}${head.length > 160 ? '…' : ''}`, { line: 1 });
  }

  let header: Header | null = null;
  const bars: PriceBar[] = [];
  const lines: number[] = [];
  const warnings: string[] = [];

  readCsv(text, file, (fields, line) => {
    if (isBlankRecord(fields)) return;
    if (header === null) {
      header = readHeader(fields, line, file);
      return;
    }
    const h: Header = header;
    if (fields.length !== h.width) {
      throw new ImportError(file, `has ${fields.length} fields where the header (line ${h.line}) has ${h.width}`, { line });
    }
    const bar = readBar(fields, line, h, file, warnings);
    if (bar !== null) {
      bars.push(bar);
      lines.push(line);
    }
  });

  if (header === null) throw new ImportError(file, 'is empty: no header and no price rows');
  const h = header as Header;
  if (bars.length === 0) {
    throw new ImportError(file, warnings.length > 0 ? `has no usable price rows (all ${warnings.length} rows are null)` : 'has a header but no price rows');
  }
  const ordered = order(bars, lines, file, warnings);
  if (opts.asOf !== undefined) dropUnfinishedLast(ordered, file, opts.asOf, warnings);
  return { layout: layoutOf(h), bars: ordered.bars, warnings };
}

/**
 * 17:00 New York time on `date`, as epoch ms: 16:00 close plus an hour's margin. US
 * daylight time (since 2007) runs from the second Sunday of March to the first Sunday of
 * November; 17:00 is far from the 02:00 switch, so the day's offset is the offset at noon.
 */
export function sessionSettledAt(date: string): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const nthSunday = (month: number, n: number): number => {
    const firstDow = new Date(Date.UTC(y, month - 1, 1)).getUTCDay();
    return 1 + ((7 - firstDow) % 7) + (n - 1) * 7;
  };
  const dstStart = nthSunday(3, 2);
  const dstEnd = nthSunday(11, 1);
  const isDst = (m > 3 && m < 11) || (m === 3 && d >= dstStart) || (m === 11 && d < dstEnd);
  const utcOffsetHours = isDst ? 4 : 5;
  return Date.UTC(y, m - 1, d, 17 + utcOffsetHours, 0, 0);
}

function dropUnfinishedLast(ordered: { bars: PriceBar[]; lines: number[] }, file: string, asOf: IntradayAsOf, warnings: string[]): void {
  const last = ordered.bars.at(-1);
  const line = ordered.lines.at(-1);
  if (last === undefined || line === undefined) return;
  let why: string | null = null;
  if (typeof asOf === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new ImportError(file, `the as-of date "${asOf}" is not YYYY-MM-DD`, { field: 'asOf' });
    if (last.date >= asOf) why = `it is dated on or after the as-of day ${asOf}`;
  } else {
    const t = asOf.getTime();
    if (!Number.isFinite(t)) throw new ImportError(file, 'the as-of time is not a valid date', { field: 'asOf' });
    if (t < sessionSettledAt(last.date)) why = `the data was fetched at ${asOf.toISOString()}, before that session settled (17:00 New York time)`;
  }
  if (why === null) return;
  ordered.bars.pop();
  ordered.lines.pop();
  warnings.push(`${file}, line ${line}: the last bar (${last.date}) may be intraday: ${why}; row dropped`);
}

function readHeader(fields: string[], line: number, file: string): Header {
  const at: Record<PriceColumn, number> = { date: -1, open: -1, high: -1, low: -1, close: -1, adjClose: -1, volume: -1 };
  const label: Record<PriceColumn, string> = { date: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', adjClose: 'Adj Close', volume: 'Volume' };
  fields.forEach((raw, i) => {
    const name = raw.trim();
    const col = HEADER_NAMES[name.toLowerCase()];
    if (col !== undefined && at[col] === -1) {
      at[col] = i;
      label[col] = name;
    }
  });
  const shown = fields.join(',').slice(0, 80);
  if (at.date === -1) {
    const startsWithDate = /^\d{4}-?\d{2}-?\d{2}/.test((fields[0] ?? '').trim());
    throw new ImportError(
      file,
      startsWithDate
        ? `has no header: the first line is already data ("${shown}"); expected a header such as Date,Open,High,Low,Close,Volume`
        : `the first line ("${shown}") is not a price header: it has no Date or timestamp column`,
      { line },
    );
  }
  if (at.close === -1) throw new ImportError(file, `the header ("${shown}") has no Close column`, { line, field: 'Close' });
  const missing = (['open', 'high', 'low'] as const).filter((c) => at[c] === -1).map((c) => label[c]);
  if (missing.length > 0) {
    const why = missing.length === 3 ? 'this layout is close-only and cannot be drawn as candles' : 'a daily bar needs Open, High, Low and Close';
    throw new ImportError(file, `the header ("${shown}") has no ${missing.join('/')} column: ${why}`, { line, field: missing[0] });
  }
  return { line, width: fields.length, at, label };
}

function layoutOf(h: Header): PriceLayout {
  if (h.label.date.toLowerCase() === 'timestamp') return 'alphavantage';
  if (h.at.adjClose !== -1) return 'yahoo';
  if (h.at.close < h.at.open) return 'yfinance';
  return 'stooq';
}

function isMissing(s: string): boolean {
  return s === '' || s === 'null' || s === 'NaN' || s === 'nan' || s === 'N/A';
}

/** One row → a bar, `null` for a null row (warned), ImportError for a bad one. */
function readBar(fields: string[], line: number, h: Header, file: string, warnings: string[]): PriceBar | null {
  const date = readDate((fields[h.at.date] as string).trim(), line, h.label.date, file);
  const o = (fields[h.at.open] as string).trim();
  const hi = (fields[h.at.high] as string).trim();
  const lo = (fields[h.at.low] as string).trim();
  const c = (fields[h.at.close] as string).trim();
  if (isMissing(o) || isMissing(hi) || isMissing(lo) || isMissing(c)) {
    warnings.push(`${file}, line ${line}: no prices for ${date} ("${fields.join(',')}"); row skipped`);
    return null;
  }
  const open = positive(o, line, h.label.open, file);
  const high = positive(hi, line, h.label.high, file);
  const low = positive(lo, line, h.label.low, file);
  const close = positive(c, line, h.label.close, file);
  if (high < low) throw new ImportError(file, `High ${hi} is below Low ${lo}`, { line, field: h.label.high });
  let adjClose: number | null = null;
  if (h.at.adjClose !== -1) {
    const a = (fields[h.at.adjClose] as string).trim();
    adjClose = isMissing(a) ? null : positive(a, line, h.label.adjClose, file);
  }
  let volume: number | null = null;
  if (h.at.volume !== -1) {
    const v = (fields[h.at.volume] as string).trim();
    if (!isMissing(v)) {
      volume = decimal(v);
      if (!Number.isFinite(volume)) throw new ImportError(file, `"${v}" is not a number`, { line, field: h.label.volume });
      if (volume < 0) throw new ImportError(file, `volume ${v} is negative`, { line, field: h.label.volume });
    }
  }
  return { date, open, high, low, close, adjClose, volume };
}

function positive(s: string, line: number, field: string, file: string): number {
  const n = decimal(s);
  if (!Number.isFinite(n)) throw new ImportError(file, `"${s}" is not a number`, { line, field });
  if (n <= 0) throw new ImportError(file, `${field} ${s} is not a positive price`, { line, field });
  return n;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * `Number(s)` for plain decimals, about twice as fast: price files are millions of them and
 * string-to-number was the largest cost of an import. Exact, not approximate: when the
 * digits form an integer m ≤ 2^53 and there are at most 22 decimals, m and 10^k are both
 * exact doubles and one IEEE division rounds correctly (Clinger's fast path). Anything
 * else (exponents, signs other than a leading '-', more digits) goes to `Number`.
 *
 * @example decimal('17.812500') === 17.8125; decimal('74800.0') === 74800; decimal('1e3') === 1000
 */
export function decimal(s: string): number {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const negative = i === 1;
  let m = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0) {
      decimals = 0;
    } else {
      return Number(s);
    }
  }
  // m only grows, so if it ends ≤ 2^53 every step was exact.
  if (digits === 0 || m > Number.MAX_SAFE_INTEGER || decimals > 22) return n === 0 ? NaN : Number(s);
  const v = decimals > 0 ? m / (POW10[decimals] as number) : m;
  return negative ? -v : v;
}

function readDate(s: string, line: number, field: string, file: string): string {
  // Char arithmetic, not slices: this runs once per row of multi-million-row imports.
  if (s.length >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
    const m = digit(s, 5) * 10 + digit(s, 6);
    const d = digit(s, 8) * 10 + digit(s, 9);
    // digit() is NaN for a non-digit, and every comparison with NaN is false.
    if (y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) && (s.length === 10 || TIME_SUFFIX.test(s.slice(10)))) {
      return s.length === 10 ? s : s.slice(0, 10);
    }
  }
  throw new ImportError(file, `"${s}" is not a YYYY-MM-DD date`, { line, field });
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

function daysIn(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/**
 * Ascending, one bar per date; exact duplicates dropped with a warning, conflicting ones
 * refused. Returns each kept bar's source line alongside.
 */
function order(bars: PriceBar[], lines: number[], file: string, warnings: string[]): { bars: PriceBar[]; lines: number[] } {
  const n = bars.length;
  if (n > 1 && (bars[0] as PriceBar).date > (bars[n - 1] as PriceBar).date) {
    bars.reverse(); // Alpha Vantage: newest first.
    lines.reverse();
  }
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if ((bars[i] as PriceBar).date < (bars[i - 1] as PriceBar).date) {
      sorted = false;
      break;
    }
  }
  let idx: number[] | null = null;
  if (!sorted) {
    warnings.push(`${file}: rows are not in date order; sorted by date`);
    idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => {
      const da = (bars[a] as PriceBar).date;
      const db = (bars[b] as PriceBar).date;
      return da < db ? -1 : da > db ? 1 : (lines[a] as number) - (lines[b] as number);
    });
  }
  const out: PriceBar[] = [];
  const outLines: number[] = [];
  let prev: PriceBar | null = null;
  let prevLine = 0;
  for (let k = 0; k < n; k++) {
    const i = idx === null ? k : (idx[k] as number);
    const bar = bars[i] as PriceBar;
    const line = lines[i] as number;
    if (prev !== null && bar.date === prev.date) {
      const [first, second] = prevLine < line ? [prevLine, line] : [line, prevLine];
      if (sameBar(bar, prev)) {
        warnings.push(`${file}, line ${second}: repeats line ${first} (${bar.date}) exactly; dropped`);
        continue;
      }
      throw new ImportError(file, `lines ${first} and ${second} both have date ${bar.date} with different values`, { line: second, field: 'Date' });
    }
    out.push(bar);
    outLines.push(line);
    prev = bar;
    prevLine = line;
  }
  return { bars: out, lines: outLines };
}

function sameBar(a: PriceBar, b: PriceBar): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.adjClose === b.adjClose && a.volume === b.volume;
}

/**
 * The ticker a price file is named after: the part before the first `_`, without the
 * extension (and without Stooq's `.us` market suffix), upper-cased; `null` when the name
 * does not look like a ticker.
 *
 * @example
 * tickerFromFileName('/data/AIR.csv');                         // 'AIR'
 * tickerFromFileName('IWM_daily_yfinance_2026-08-21.csv');     // 'IWM'
 * tickerFromFileName('brk-b.us.txt');                          // 'BRK-B'
 * tickerFromFileName('^DEMO.csv');                             // '^DEMO'
 */
export function tickerFromFileName(file: string): string | null {
  let base = path.basename(file).replace(/\.(csv|txt)$/i, '');
  base = base.split('_')[0] as string;
  base = base.replace(/\.us$/i, '');
  // A leading caret is Yahoo's index prefix (the demo benchmark is ^DEMO).
  return /^[A-Za-z0-9^][A-Za-z0-9.^-]{0,9}$/.test(base) ? base.toUpperCase() : null;
}
