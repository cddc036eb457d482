/**
 * Dates for the fictional demo universe: ISO day arithmetic, the NYSE trading calendar,
 * SEC business days and fiscal calendars (calendar-month and 52/53-week years).
 *
 * Policy: pure and deterministic — no clock, no time zones (every date is a UTC day
 * number), so the demo files are byte-identical on every machine. The holiday rules are
 * the published NYSE and federal ones; checked once against the trading days in a real
 * IWM price file for 2021–2026.
 */

const MS_PER_DAY = 86_400_000;

const dayCache = new Map<string, number>();
/** Days since 1970-01-01 for an ISO date (YYYY-MM-DD). Cached: the generator asks for the same few thousand dates millions of times. */
export function toDay(iso: string): number {
  let d = dayCache.get(iso);
  if (d === undefined) {
    d = Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / MS_PER_DAY);
    dayCache.set(iso, d);
  }
  return d;
}

const isoCache = new Map<number, string>();
/** ISO date for a day number; cached because writers format the same ~2,200 days millions of times. */
export function fromDay(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, s);
  }
  return s;
}

export function addDays(iso: string, n: number): string {
  return fromDay(toDay(iso) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function daysBetween(a: string, b: string): number {
  return toDay(b) - toDay(a);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** iShares style: "Nov 20, 2026". */
export function usDate(iso: string): string {
  return `${MONTHS[+iso.slice(5, 7) - 1]} ${iso.slice(8, 10)}, ${iso.slice(0, 4)}`;
}

function dayOf(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** n-th (1-based) given weekday of a month; n = -1 for the last one. */
function nthWeekday(y: number, m: number, wd: number, n: number): number {
  if (n > 0) {
    const first = dayOf(y, m, 1);
    return first + ((wd - weekday(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = dayOf(y, m + 1, 1) - 1;
  return last - ((weekday(last) - wd + 7) % 7);
}

/** Easter Sunday (anonymous Gregorian algorithm). */
function easter(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(y, month, day);
}

/** Saturday holidays move to Friday, Sunday ones to Monday. */
function observed(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day - 1 : wd === 0 ? day + 1 : day;
}

const nyseCache = new Map<number, Set<number>>();
/** NYSE full-day closures in a calendar year. */
export function nyseHolidays(y: number): Set<number> {
  let s = nyseCache.get(y);
  if (s) return s;
  s = new Set<number>();
  // New Year's Day on a Saturday is not observed on the Friday before (NYSE Rule 7.2):
  // that Friday closes the books for the year.
  const ny = dayOf(y, 1, 1);
  if (weekday(ny) !== 6) s.add(observed(ny));
  s.add(nthWeekday(y, 1, 1, 3)); // Martin Luther King Jr. Day
  s.add(nthWeekday(y, 2, 1, 3)); // Washington's Birthday
  s.add(easter(y) - 2); // Good Friday
  s.add(nthWeekday(y, 5, 1, -1)); // Memorial Day
  if (y >= 2022) s.add(observed(dayOf(y, 6, 19))); // Juneteenth, an NYSE holiday from 2022
  s.add(observed(dayOf(y, 7, 4)));
  s.add(nthWeekday(y, 9, 1, 1)); // Labor Day
  s.add(nthWeekday(y, 11, 4, 4)); // Thanksgiving
  s.add(observed(dayOf(y, 12, 25)));
  if (y === 2025) s.add(dayOf(2025, 1, 9)); // national day of mourning (President Carter)
  nyseCache.set(y, s);
  return s;
}

export function isTradingDay(day: number): boolean {
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return false;
  return !nyseHolidays(new Date(day * MS_PER_DAY).getUTCFullYear()).has(day);
}

/** Every NYSE trading day from `from` to `to`, both included, as ISO dates. */
export function tradingDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = toDay(from), end = toDay(to); d <= end; d++) if (isTradingDay(d)) out.push(fromDay(d));
  return out;
}

const federalCache = new Map<number, Set<number>>();
/** Days EDGAR does not accept filings: weekends and federal holidays. */
export function isSecBusinessDay(day: number): boolean {
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return false;
  const y = new Date(day * MS_PER_DAY).getUTCFullYear();
  let s = federalCache.get(y);
  if (!s) {
    s = new Set<number>([
      observed(dayOf(y, 1, 1)),
      nthWeekday(y, 1, 1, 3),
      nthWeekday(y, 2, 1, 3),
      nthWeekday(y, 5, 1, -1),
      observed(dayOf(y, 6, 19)),
      observed(dayOf(y, 7, 4)),
      nthWeekday(y, 9, 1, 1),
      nthWeekday(y, 10, 1, 2), // Columbus Day
      observed(dayOf(y, 11, 11)), // Veterans Day
      nthWeekday(y, 11, 4, 4),
      observed(dayOf(y, 12, 25)),
    ]);
    federalCache.set(y, s);
  }
  return !s.has(day);
}

/** The first SEC business day on or after `iso`. */
export function nextSecBusinessDay(iso: string): string {
  let d = toDay(iso);
  while (!isSecBusinessDay(d)) d++;
  return fromDay(d);
}

/** The last SEC business day on or before `iso`. */
export function prevSecBusinessDay(iso: string): string {
  let d = toDay(iso);
  while (!isSecBusinessDay(d)) d--;
  return fromDay(d);
}

// ---- fiscal calendars -------------------------------------------------------------

export interface FiscalQuarter {
  /** Fiscal year label: the calendar year in which the fiscal year ends. */
  fy: number;
  fq: 1 | 2 | 3 | 4;
  start: string;
  end: string;
  /** Start of the fiscal year this quarter belongs to (for year-to-date durations). */
  fyStart: string;
}

/** Last day of the fiscal year labelled `fy` for a company whose year ends in `fyeMonth`. */
export function fiscalYearEnd(fy: number, fyeMonth: number, is5253: boolean): string {
  // 52/53-week filers end on the last Saturday of the month, as most US retailers and
  // many manufacturers do; their quarters are 13 weeks and Q4 is 14 weeks in a 53-week year.
  return fromDay(is5253 ? nthWeekday(fy, fyeMonth, 6, -1) : dayOf(fy, fyeMonth + 1, 1) - 1);
}

function monthEnd(y: number, m: number): number {
  return dayOf(y, m + 1, 1) - 1;
}

/** The four quarters of fiscal year `fy`. */
export function fiscalYearQuarters(fy: number, fyeMonth: number, is5253: boolean): FiscalQuarter[] {
  const prevEnd = toDay(fiscalYearEnd(fy - 1, fyeMonth, is5253));
  const end = toDay(fiscalYearEnd(fy, fyeMonth, is5253));
  const fyStart = fromDay(prevEnd + 1);
  const ends: number[] = [];
  if (is5253) {
    ends.push(prevEnd + 91, prevEnd + 182, prevEnd + 273, end);
  } else {
    for (let q = 1; q <= 3; q++) {
      const m = fyeMonth + 3 * q;
      const y = fy - 1 + Math.floor((m - 1) / 12);
      ends.push(monthEnd(y, ((m - 1) % 12) + 1));
    }
    ends.push(end);
  }
  return ends.map((e, i) => ({
    fy,
    fq: (i + 1) as 1 | 2 | 3 | 4,
    start: fromDay(i === 0 ? prevEnd + 1 : (ends[i - 1] as number) + 1),
    end: fromDay(e),
    fyStart,
  }));
}
