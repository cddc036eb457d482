import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHoldingsCsv } from '../../main/core/import/holdings.ts';
import { importTickers } from '../../main/core/import/loaders.ts';
import { normaliseTicker, readCompanyTickersFile, tickerKey, tickerResolver, tickerResolverFromDb } from '../../main/core/import/tickers.ts';
import { HAS_REAL, REAL, SKIP_REAL_REASON, fixture, openTempMarketDb } from './helpers.ts';

describe('normaliseTicker and tickerKey', () => {
  it.each([
    [' brk.b ', 'BRK-B'],
    ['BRK/B', 'BRK-B'],
    ['BRK B', 'BRK-B'],
    ['BF_B', 'BF-B'],
    ['BRK-B', 'BRK-B'],
    ['MOGA', 'MOGA'],
    ['^DEMO', '^DEMO'],
  ])('normaliseTicker(%j) is %j', (raw, spelled) => {
    expect(normaliseTicker(raw)).toBe(spelled);
  });

  it('gives iShares and SEC spellings of one share class the same key', () => {
    expect([tickerKey('BRKB'), tickerKey('BRK-B'), tickerKey('brk.b'), tickerKey('MOG-A')]).toEqual(['BRKB', 'BRKB', 'BRKB', 'MOGA']);
  });
});

describe('tickerResolver on the real company_tickers excerpt', () => {
  const resolver = tickerResolver(readCompanyTickersFile(fixture('company_tickers_excerpt.json')));

  it('matches exactly first, then by SEC spelling, then without punctuation', () => {
    expect(resolver.resolve('BE')).toEqual({ kind: 'exact', ticker: 'BE', cik: 1664703, title: 'Bloom Energy Corp' });
    expect(resolver.resolve(' crdo ')).toEqual({ kind: 'exact', ticker: 'CRDO', cik: 1807794, title: 'Credo Technology Group Holding Ltd' });
    expect(resolver.resolve('BRK.B')).toEqual({ kind: 'normalised', ticker: 'BRK-B', cik: 1067983, title: 'BERKSHIRE HATHAWAY INC' });
    expect(resolver.resolve('BRKB')).toEqual({ kind: 'normalised', ticker: 'BRK-B', cik: 1067983, title: 'BERKSHIRE HATHAWAY INC' });
    expect(resolver.resolve('IWM')).toEqual({ kind: 'none' });
  });

  it('refuses to choose between companies whose tickers differ only by punctuation (real: Tutor Perini TPC, AT&T preferred T-PC)', () => {
    const r = tickerResolver([
      { ticker: 'TPC', cik: 77543, title: 'TUTOR PERINI CORP' },
      { ticker: 'T-PC', cik: 732717, title: 'AT&T INC.' },
    ]);
    expect(r.resolve('TPC')).toMatchObject({ kind: 'exact', cik: 77543 });
    expect(r.resolve('T.PC')).toMatchObject({ kind: 'normalised', ticker: 'T-PC', cik: 732717 });
    expect(r.resolve('TP-C')).toEqual({
      kind: 'ambiguous',
      candidates: [
        { ticker: 'TPC', cik: 77543, title: 'TUTOR PERINI CORP' },
        { ticker: 'T-PC', cik: 732717, title: 'AT&T INC.' },
      ],
    });
  });

  it('reads the stored ticker map the same way', () => {
    const db = openTempMarketDb();
    importTickers(db, fixture('company_tickers_excerpt.json'));
    expect(tickerResolverFromDb(db).resolve('BRKB')).toEqual({ kind: 'normalised', ticker: 'BRK-B', cik: 1067983, title: 'BERKSHIRE HATHAWAY INC' });
  });
});

/*
 * Independent count (Python, csv + json modules): distinct Equity tickers (not "-") of
 * IWM_holdings_2026-05-05.csv looked up in company_tickers.json exactly, then by
 * re.sub(r'[^A-Z0-9]', '', t):
 *   1921 equity rows with a ticker, 1920 distinct (ADRO twice)
 *   exact 1895, punctuation-insensitive 3: MOGA→MOG-A, GEFB→GEF-B, CRDA→CRD-A
 *   none 22: CVSA TOWN RYZ NBN EFOR ONT AHRT RPC HIFS XRN TRAX FRBA INH AKE MRDN ADRO TSEOF PDLI GTXI P5N994 SBT THRD
 */
describe.skipIf(!HAS_REAL)(`linking the May 2026 IWM holdings to SEC CIKs (${HAS_REAL ? REAL : SKIP_REAL_REASON})`, () => {
  it('maps 1,895 of 1,920 equity tickers exactly, 3 more after normalisation, and leaves 22 unmapped', () => {
    const resolver = tickerResolver(readCompanyTickersFile(path.join(REAL, 'sec', 'company_tickers.json')));
    const file = path.join(REAL, 'ishares', 'IWM_holdings_2026-05-05.csv');
    const holdings = parseHoldingsCsv(fs.readFileSync(file, 'utf8'), file);
    const tickers = [...new Set(holdings.rows.filter((r) => r.assetClass === 'Equity' && r.ticker !== null).map((r) => r.ticker as string))];
    const byKind = new Map<string, string[]>();
    for (const t of tickers) {
      const m = resolver.resolve(t);
      const label = m.kind === 'normalised' ? `${t}→${m.ticker}` : t;
      byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), label]);
    }
    expect(tickers).toHaveLength(1920);
    expect(byKind.get('exact')).toHaveLength(1895);
    expect(byKind.get('normalised')).toEqual(['MOGA→MOG-A', 'GEFB→GEF-B', 'CRDA→CRD-A']);
    expect(byKind.get('none')).toEqual(['CVSA', 'TOWN', 'RYZ', 'NBN', 'EFOR', 'ONT', 'AHRT', 'RPC', 'HIFS', 'XRN', 'TRAX', 'FRBA', 'INH', 'AKE', 'MRDN', 'ADRO', 'TSEOF', 'PDLI', 'GTXI', 'P5N994', 'SBT', 'THRD']);
    expect(byKind.has('ambiguous')).toBe(false);
    expect(resolver.resolve('MOGA')).toEqual({ kind: 'normalised', ticker: 'MOG-A', cik: 67887, title: 'MOOG INC.' });
  });
});
