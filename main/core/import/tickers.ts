/**
 * SEC ticker → CIK lists → `TickerEntry[]`.
 *
 * Policy: accepts the two shapes the SEC publishes —
 * `company_tickers.json` (`{"0":{"cik_str":320193,"ticker":"AAPL","title":"Apple Inc."},…}`)
 * and `company_tickers_exchange.json` (`{"fields":["cik","name","ticker","exchange"],"data":[…]}`).
 * Tickers are upper-cased and trimmed; every entry is checked and a bad one is refused with
 * its JSON path. A ticker listed twice keeps its first entry (the SEC orders the file by
 * size, so the first is the primary listing) — duplicates are not an error because the
 * SEC file is not under our control.
 */
import fs from 'node:fs';
import type { Db } from '../db/sqlite.ts';
import { parseJsonText } from './companyfacts.ts';
import { ImportError, type TickerEntry } from './types.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toCik(v: unknown): number | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v < 1e10) return v;
  if (typeof v === 'string' && /^\d{1,10}$/.test(v.trim()) && Number(v) > 0) return Number(v);
  return null;
}

export function parseCompanyTickers(json: unknown, file: string): TickerEntry[] {
  if (!isObject(json)) throw new ImportError(file, 'expected an object of ticker entries', { field: '(root)' });
  const out: TickerEntry[] = [];
  const seen = new Set<string>();
  const add = (rawTicker: unknown, rawCik: unknown, rawTitle: unknown, at: readonly [string, string, string]): void => {
    if (typeof rawTicker !== 'string' || rawTicker.trim() === '') {
      throw new ImportError(file, `expected a ticker string, found ${JSON.stringify(rawTicker) ?? 'nothing'}`, { field: at[0] });
    }
    const cik = toCik(rawCik);
    if (cik === null) throw new ImportError(file, `expected a CIK, found ${JSON.stringify(rawCik) ?? 'nothing'}`, { field: at[1] });
    if (typeof rawTitle !== 'string') {
      throw new ImportError(file, `expected a company name, found ${JSON.stringify(rawTitle) ?? 'nothing'}`, { field: at[2] });
    }
    const ticker = rawTicker.trim().toUpperCase();
    if (seen.has(ticker)) return;
    seen.add(ticker);
    out.push({ ticker, cik, title: rawTitle.trim() });
  };

  if (Array.isArray(json['fields']) && Array.isArray(json['data'])) {
    const fields = json['fields'] as unknown[];
    const iCik = fields.indexOf('cik');
    const iName = fields.indexOf('name');
    const iTicker = fields.indexOf('ticker');
    if (iCik < 0 || iName < 0 || iTicker < 0) {
      throw new ImportError(file, 'the "fields" list must name cik, name and ticker', { field: 'fields' });
    }
    (json['data'] as unknown[]).forEach((row, i) => {
      if (!Array.isArray(row)) throw new ImportError(file, 'expected an array', { field: `data[${i}]` });
      add(row[iTicker], row[iCik], row[iName], [`data[${i}][${iTicker}]`, `data[${i}][${iCik}]`, `data[${i}][${iName}]`]);
    });
  } else {
    for (const key in json) {
      const e = json[key];
      if (!isObject(e)) throw new ImportError(file, 'expected {cik_str, ticker, title}', { field: key });
      add(e['ticker'], e['cik_str'], e['title'], [`${key}.ticker`, `${key}.cik_str`, `${key}.title`]);
    }
  }
  if (out.length === 0) throw new ImportError(file, 'has no ticker entries');
  return out;
}

export function readCompanyTickersFile(file: string): TickerEntry[] {
  return parseCompanyTickers(parseJsonText(fs.readFileSync(file, 'utf8'), file, 'an SEC company_tickers JSON'), file);
}

// ---- linking tickers across sources ----------------------------------------------------

/**
 * A ticker spelled the way SEC's lists spell it: trimmed, upper-case, with a share-class
 * separator written as `-` (SEC: `BRK-B`; Yahoo `BRK-B`; Bloomberg/CRSP `BRK.B`, `BRK/B`,
 * `BRK B`). A ticker without any separator is returned as it is: `BRKB` cannot be split
 * without knowing the class letters, which is what `tickerKey` is for.
 *
 * @example normaliseTicker(' brk.b ') === 'BRK-B'; normaliseTicker('BF/B') === 'BF-B'; normaliseTicker('MOGA') === 'MOGA'
 */
export function normaliseTicker(ticker: string): string {
  return ticker
    .trim()
    .toUpperCase()
    .replace(/\s*[./_\s]\s*/g, '-')
    .replace(/-+/g, '-');
}

/**
 * A punctuation-insensitive key: letters and digits only. iShares writes `BRKB`, `BFB`,
 * `MOGA` where SEC writes `BRK-B`, `BF-B`, `MOG-A`; both give the same key.
 *
 * @example tickerKey('BRK-B') === tickerKey('BRKB') && tickerKey('brk.b') === 'BRKB'
 */
export function tickerKey(ticker: string): string {
  return ticker.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export type TickerMatch =
  /** The ticker is in the list as given (after trimming and upper-casing). */
  | { kind: 'exact'; ticker: string; cik: number; title: string }
  /** Found by spelling (`BRK.B` → `BRK-B`) or by ignoring punctuation (`BRKB` → `BRK-B`); `ticker` is the list's spelling. */
  | { kind: 'normalised'; ticker: string; cik: number; title: string }
  /** Punctuation-insensitive match to tickers of more than one company (`TP-C`: Tutor Perini `TPC`, AT&T's `T-PC`). */
  | { kind: 'ambiguous'; candidates: { ticker: string; cik: number; title: string }[] }
  | { kind: 'none' };

export interface TickerResolver {
  resolve(ticker: string): TickerMatch;
}

/**
 * Resolves tickers from another source (iShares holdings) against SEC's ticker list:
 * exact first, then the SEC spelling, then a punctuation-insensitive match that is
 * accepted only when it points at one company. Never guesses between companies.
 *
 * @example
 * const r = tickerResolver(readCompanyTickersFile('company_tickers.json'));
 * r.resolve('MOGA'); // { kind: 'normalised', ticker: 'MOG-A', cik: 67887, title: 'MOOG INC.' }
 * r.resolve('TSLA'); // { kind: 'exact', ticker: 'TSLA', cik: 1318605, title: 'Tesla, Inc.' }
 */
export function tickerResolver(entries: readonly TickerEntry[]): TickerResolver {
  const exact = new Map<string, TickerEntry>();
  const byKey = new Map<string, TickerEntry[]>();
  for (const e of entries) {
    const t = e.ticker.trim().toUpperCase();
    if (exact.has(t)) continue;
    const entry = { ticker: t, cik: e.cik, title: e.title };
    exact.set(t, entry);
    const k = tickerKey(t);
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [entry]);
    else list.push(entry);
  }
  return {
    resolve(raw: string): TickerMatch {
      const t = raw.trim().toUpperCase();
      const hit = exact.get(t);
      if (hit !== undefined) return { kind: 'exact', ...hit };
      const spelled = exact.get(normaliseTicker(t));
      if (spelled !== undefined) return { kind: 'normalised', ...spelled };
      const candidates = byKey.get(tickerKey(t)) ?? [];
      if (candidates.length === 0) return { kind: 'none' };
      const ciks = new Set(candidates.map((c) => c.cik));
      if (ciks.size === 1) return { kind: 'normalised', ...(candidates[0] as TickerEntry) };
      return { kind: 'ambiguous', candidates: candidates.map((c) => ({ ...c })) };
    },
  };
}

/** `tickerResolver` over the stored `ticker_map` (SEC's list plus tickers from submissions). */
export function tickerResolverFromDb(db: Db): TickerResolver {
  const rows = db.prepare('SELECT ticker, cik, COALESCE(title, \'\') AS title FROM ticker_map ORDER BY ticker').all() as TickerEntry[];
  return tickerResolver(rows);
}
