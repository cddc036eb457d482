/**
 * Writes the full demo universe once and checks every file against the real layouts.
 * The parsing here is deliberately local (helpers.ts): the importers are developed
 * separately, and this test must say whether the *generator* matches the real formats.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tradingDays } from '../../main/core/universe/calendar.ts';
import {
  DEMO_AS_OF,
  DEMO_BENCHMARK_TICKER,
  demoCompanies,
  writeDemoUniverse,
  type DemoManifest,
} from '../../main/core/universe/index.ts';
import { FUND_SHARE_OF_OUTSTANDING } from '../../main/core/universe/constants.ts';
import { HAS_REAL, REAL_DIR, num, parseCsv, tempDir } from './helpers.ts';

const HOLDINGS_HEADER = 'Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date';
const YAHOO_HEADER = 'Date,Open,High,Low,Close,Adj Close,Volume';
const YFINANCE_HEADER = 'Date,Close,High,Low,Open,Volume';

let dir = '';
let manifest: DemoManifest;
let wallMs = 0;

beforeAll(async () => {
  dir = tempDir('demo-full');
  const t0 = performance.now();
  manifest = await writeDemoUniverse(dir);
  wallMs = performance.now() - t0;
  console.log(
    `writeDemoUniverse (full universe): ${(wallMs / 1000).toFixed(1)} s wall, ${(manifest.bytesWritten / 1e6).toFixed(1)} MB in ` +
      `${manifest.counts.companyFactsFiles + manifest.counts.priceFiles + 3} files; ${manifest.counts.facts} facts, ${manifest.counts.bars} bars`,
  );
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const read = (rel: string): string => fs.readFileSync(path.join(dir, rel), 'utf8');

describe('writeDemoUniverse for the full universe', () => {
  it('finishes in reasonable time and reports what it wrote', () => {
    // The brief's budget is ~30 s on two cores; the bound here leaves room for a busy CI box.
    expect(wallMs).toBeLessThan(90_000);
    expect(manifest).toMatchObject({ kind: 'demo', isFictional: true, label: 'Demo universe — fictional companies', asOf: DEMO_AS_OF, benchmarkTicker: DEMO_BENCHMARK_TICKER });
    expect(manifest.counts.companies).toBe(1924);
    expect(manifest.pricesFrom).toBe('2021-01-04');
    expect(manifest.pricesThrough).toBe(DEMO_AS_OF);
    let bytes = 0;
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else bytes += fs.statSync(path.join(d, e.name)).size;
      }
    };
    walk(dir);
    expect(manifest.bytesWritten).toBe(bytes);
    const onDisk = JSON.parse(read('demo-manifest.json')) as DemoManifest;
    expect(onDisk.counts).toEqual(manifest.counts);
  });
});

describe('the holdings file', () => {
  it('has the iShares layout: BOM, preamble, a no-break-space line, the 15-column header, quoted rows, footer', () => {
    const raw = fs.readFileSync(path.join(dir, manifest.files.holdings));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.toString('utf8').slice(1);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['Fortress Demo Universe (fictional companies)', 'Fund Holdings as of,"Nov 20, 2026"', 'Inception Date,"Jan 04, 2021"']);
    expect(lines[3]).toMatch(/^Shares Outstanding,"\d{1,3}(,\d{3})*\.00"$/);
    expect(lines.slice(4, 8)).toEqual(['Stock,"-"', 'Bond,"-"', 'Cash,"-"', 'Other,"-"']);
    expect(lines[8]).toBe('\u00a0');
    expect(lines[9]).toBe(HOLDINGS_HEADER);
    // Ends with the closing quote of the footer, no newline, like the real download.
    expect(text.endsWith('"')).toBe(true);
    expect(text.endsWith('\n')).toBe(false);

    const records = parseCsv(text.slice(text.indexOf(HOLDINGS_HEADER)));
    const rows = records.slice(1).filter((r) => r.fields.length === 15);
    expect(rows.filter((r) => r.fields[3] === 'Equity')).toHaveLength(1924);
    expect(rows.map((r) => r.fields[3]).filter((a) => a !== 'Equity').sort()).toEqual(['Cash', 'Futures', 'Money Market']);
    expect(rows[rows.length - 1]!.fields[3]).toBe('Futures');
    const footer = records[records.length - 1]!.fields;
    expect(footer).toHaveLength(1);
    expect(footer[0]).toMatch(/^FICTIONAL DATA\./);
    expect(footer[0]!.split('\n').length).toBeGreaterThan(2);
    expect(records[records.length - 2]!.fields).toEqual(['\u00a0']);

    // Every field quoted, numbers with thousands separators and two decimals.
    const dataLines = lines.slice(10, 10 + rows.length);
    for (const l of dataLines) expect(l).toMatch(/^"[^"]*"(,"[^"]*"){14}$/);
    for (const r of rows) for (const i of [4, 5, 6, 7, 8]) expect(r.fields[i]).toMatch(/^-?\d{1,3}(,\d{3})*\.\d\d$/);

    // Sorted by market value (futures last); weights are market-value shares summing to ~100.
    const mv = rows.slice(0, -1).map((r) => num(r.fields[4]!));
    for (let i = 1; i < mv.length; i++) expect(mv[i]!).toBeLessThanOrEqual(mv[i - 1]!);
    const weights = rows.reduce((s, r) => s + num(r.fields[5]!), 0);
    expect(weights).toBeGreaterThan(99);
    expect(weights).toBeLessThan(101);
    for (const r of rows.filter((x) => x.fields[3] === 'Equity')) {
      const [q, p, m] = [num(r.fields[7]!), num(r.fields[8]!), num(r.fields[4]!)];
      expect(Math.abs(q * p - m)).toBeLessThanOrEqual(0.01);
      expect(r.fields[9]).toBe('United States');
      expect(['NASDAQ', 'NYSE', 'Nyse Mkt Llc']).toContain(r.fields[10]);
    }
  });

  it.skipIf(!HAS_REAL)('matches the real IWM download line for line in its fixed parts', () => {
    const real = fs.readFileSync(path.join(REAL_DIR, 'ishares/IWM_holdings_2026-05-05.csv'), 'utf8');
    const mine = read(manifest.files.holdings);
    const head = (t: string): string[] => t.split('\n').slice(0, 10).map((l) => l.split(',')[0]!);
    expect(head(mine).slice(1)).toEqual(head(real).slice(1));
    expect(mine.split('\n')[9]).toBe(real.split('\n')[9]);
    const realLines = real.split('\n');
    const footerAt = (ls: string[]): number => ls.findIndex((l, i) => i > 10 && l === '\u00a0');
    expect(footerAt(mine.split('\n'))).toBeGreaterThan(10);
    expect(realLines[footerAt(realLines) + 1]!.startsWith('"')).toBe(true);
  });

  it('holds a fixed fraction of every company and prices it at its last close', () => {
    const text = read(manifest.files.holdings);
    const rows = parseCsv(text.slice(text.indexOf(HOLDINGS_HEADER))).slice(1).filter((r) => r.fields[3] === 'Equity');
    const byTicker = new Map(rows.map((r) => [r.fields[0]!, r.fields]));
    let checked = 0;
    for (const c of demoCompanies()) {
      const f = byTicker.get(c.ticker)!;
      expect(f, c.ticker).toBeDefined();
      const price = num(f[8]!);
      const closes = read(`prices/${c.ticker}.csv`).trimEnd().split('\n');
      const last = closes[closes.length - 1]!.split(',');
      const close = c.priceLayout === 'yfinance' ? Number(last[1]) : Number(last[4]);
      expect(close, c.ticker).toBe(price);
      const facts = JSON.parse(read(`sec/companyfacts/CIK${c.cik}.json`)) as { facts: { dei: { EntityCommonStockSharesOutstanding: { units: { shares: { val: number; filed: string }[] } } } } };
      const dei = facts.facts.dei.EntityCommonStockSharesOutstanding.units.shares;
      const latest = dei.reduce((a, b) => (b.filed >= a.filed ? b : a));
      expect(num(f[7]!), c.ticker).toBe(Math.round(latest.val * FUND_SHARE_OF_OUTSTANDING));
      checked++;
    }
    expect(checked).toBe(1924);
  });
});

describe('the SEC files', () => {
  it('writes company_tickers.json in the SEC shape', () => {
    const obj = JSON.parse(read(manifest.files.companyTickers)) as Record<string, Record<string, unknown>>;
    const keys = Object.keys(obj);
    expect(keys).toHaveLength(1924);
    expect(keys.slice(0, 3)).toEqual(['0', '1', '2']);
    for (const v of Object.values(obj)) {
      expect(Object.keys(v)).toEqual(['cik_str', 'ticker', 'title']);
      expect(typeof v.cik_str).toBe('number');
      expect(v.cik_str as number).toBeGreaterThanOrEqual(9_000_000_000);
    }
    if (HAS_REAL) {
      const real = JSON.parse(fs.readFileSync(path.join(REAL_DIR, 'sec/company_tickers.json'), 'utf8')) as Record<string, Record<string, unknown>>;
      expect(Object.keys(obj['0']!)).toEqual(Object.keys(real['0']!));
    }
  });

  it('writes one companyfacts file per company in the EDGAR shape', () => {
    const files = fs.readdirSync(path.join(dir, manifest.files.companyFactsDir));
    expect(files).toHaveLength(1924);
    for (const f of files) expect(f).toMatch(/^CIK9\d{9}\.json$/);
    const FACT_KEYS = ['start', 'end', 'val', 'accn', 'fy', 'fp', 'form', 'filed', 'frame'];
    // A sample across the universe: every 37th file plus the first and the last.
    const sample = files.filter((_, i) => i % 37 === 0 || i === files.length - 1);
    for (const f of sample) {
      const j = JSON.parse(read(`sec/companyfacts/${f}`)) as {
        cik: number;
        entityName: string;
        facts: Record<string, Record<string, { label: string | null; description: string | null; units: Record<string, Record<string, unknown>[]> }>>;
      };
      expect(Object.keys(j)).toEqual(['cik', 'entityName', 'facts']);
      expect(`CIK${j.cik}.json`).toBe(f);
      expect(Object.keys(j.facts)).toEqual(['dei', 'us-gaap']);
      expect(Object.keys(j.facts.dei!)).toContain('EntityCommonStockSharesOutstanding');
      const accns = new Set<string>();
      for (const [tag, t] of Object.entries(j.facts['us-gaap']!)) {
        expect(Object.keys(t)).toEqual(['label', 'description', 'units']);
        for (const [unit, list] of Object.entries(t.units)) {
          expect(['USD', 'shares', 'USD/shares']).toContain(unit);
          const frames = new Set<string>();
          for (const fact of list) {
            const keys = Object.keys(fact);
            expect(keys).toEqual(FACT_KEYS.filter((k) => keys.includes(k)));
            expect(fact.accn as string).toMatch(/^0009\d{6}-\d{2}-\d{6}$/);
            expect(fact.filed as string <= DEMO_AS_OF).toBe(true);
            expect(['Q1', 'Q2', 'Q3', 'FY']).toContain(fact.fp);
            expect(fact.fp === 'FY').toBe(fact.form === '10-K');
            accns.add(fact.accn as string);
            if (fact.frame !== undefined) {
              expect(frames.has(fact.frame as string), `${tag} ${String(fact.frame)}`).toBe(false);
              frames.add(fact.frame as string);
            }
          }
        }
      }
      // The cover share count is on every 10-Q and 10-K.
      const dei = j.facts.dei!.EntityCommonStockSharesOutstanding!.units.shares!;
      expect(new Set(dei.map((x) => x.accn))).toEqual(accns);
    }
  });

  it.skipIf(!HAS_REAL)('uses the same fact keys, in the same order, as a real EDGAR file', () => {
    const real = JSON.parse(fs.readFileSync(path.join(REAL_DIR, 'sec/companyfacts/CIK0001463101_ENPH.json'), 'utf8')) as {
      facts: Record<string, Record<string, { units: Record<string, Record<string, unknown>[]> }>>;
    };
    const realOrder = Object.keys(real.facts['us-gaap']!.NetIncomeLoss!.units.USD!.find((x) => 'frame' in x && 'start' in x)!);
    const mineFile = fs.readdirSync(path.join(dir, 'sec/companyfacts'))[0]!;
    const mine = JSON.parse(read(`sec/companyfacts/${mineFile}`)) as typeof real;
    const mineOrder = Object.keys(mine.facts['us-gaap']!.NetIncomeLoss!.units.USD!.find((x) => 'frame' in x && 'start' in x)!);
    expect(mineOrder).toEqual(realOrder);
    expect(Object.keys(mine.facts['us-gaap']!.NetIncomeLoss!)).toEqual(Object.keys(real.facts['us-gaap']!.NetIncomeLoss!));
  });
});

describe('the price files', () => {
  const days = tradingDays('2021-01-04', DEMO_AS_OF);

  it('uses the Yahoo layout for most companies and the yfinance layout for ~10 %, plus the benchmark', () => {
    const files = fs.readdirSync(path.join(dir, 'prices'));
    expect(files).toHaveLength(1925);
    expect(files).toContain(`${DEMO_BENCHMARK_TICKER}.csv`);
    const headers = files.map((f) => read(`prices/${f}`).slice(0, 60).split('\n')[0]);
    expect(headers.filter((h) => h === YFINANCE_HEADER)).toHaveLength(192);
    expect(headers.filter((h) => h === YAHOO_HEADER)).toHaveLength(1925 - 192);
    if (HAS_REAL) {
      const realYahoo = fs.readFileSync(path.join(REAL_DIR, 'prices/smallcaps_yahoo_2024-03-08/AIR.csv'), 'utf8').split('\n')[0];
      const realYf = fs.readFileSync(path.join(REAL_DIR, 'prices/etf/IWM_daily_yfinance_2026-08-21.csv'), 'utf8').split('\n')[0];
      expect(realYahoo).toBe(YAHOO_HEADER);
      expect(realYf).toBe(YFINANCE_HEADER);
    }
  });

  it('has every NYSE trading day from 2021-01-04 to the as-of date, with consistent OHLC and volume', () => {
    expect(days.length).toBeGreaterThan(252 * 5);
    let zeroVolumeDays = 0;
    let gaps = 0;
    for (const f of fs.readdirSync(path.join(dir, 'prices'))) {
      const text = read(`prices/${f}`);
      const lines = text.trimEnd().split('\n');
      const yf = lines[0] === YFINANCE_HEADER;
      expect(text.endsWith('\n'), f).toBe(yf); // yfinance writes a final newline, Yahoo does not
      expect(lines.length - 1, f).toBe(days.length);
      for (let i = 1; i < lines.length; i++) {
        const c = lines[i]!.split(',');
        const [date, o, h, l, cl, v] = yf ? [c[0], +c[4]!, +c[2]!, +c[3]!, +c[1]!, c[5]!] : [c[0], +c[1]!, +c[2]!, +c[3]!, +c[4]!, c[6]!];
        if (date !== days[i - 1]) throw new Error(`${f} line ${i + 1}: date ${date}, expected ${days[i - 1]}`);
        if (!(h >= Math.max(o, cl) && l <= Math.min(o, cl) && l > 0)) throw new Error(`${f} line ${i + 1}: OHLC ${o} ${h} ${l} ${cl}`);
        if (!/^\d+$/.test(v)) throw new Error(`${f} line ${i + 1}: volume ${v}`);
        if (v === '0') zeroVolumeDays++;
        // Two decimals at or above $1, up to four below.
        if (Math.abs(Math.round(cl * (cl >= 1 ? 100 : 10000)) - cl * (cl >= 1 ? 100 : 10000)) > 1e-6) throw new Error(`${f} line ${i + 1}: close ${cl} not rounded`);
        if (i > 1) {
          const prevClose = Number(lines[i - 1]!.split(',')[yf ? 1 : 4]);
          if (Math.abs(o / prevClose - 1) > 0.08) gaps++;
        }
      }
      if (!yf) expect(lines[1]!).toMatch(/^2021-01-04,\d+\.\d{6},\d+\.\d{6},\d+\.\d{6},\d+\.\d{6},\d+\.\d{6},\d+$/);
    }
    // Illiquid names skip a session now and then; filings and read-outs gap the open.
    expect(zeroVolumeDays).toBeGreaterThan(100);
    expect(gaps).toBeGreaterThan(1000);
  });
});
