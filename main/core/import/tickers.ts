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
