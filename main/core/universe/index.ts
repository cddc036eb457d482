/**
 * The embedded fictional default universe: what Fortress builds on first run so analysts
 * can work offline.
 *
 * Policy: every company, ticker, CIK, price and financial figure is invented, and labelled
 * fictional wherever it appears (fund name, holdings footer, manifest, `isFictional`). The
 * generator is deterministic — the same seed gives the same bytes on every machine — and
 * never reads real data at run time. It writes source files in the real formats (iShares
 * holdings, SEC company_tickers.json and companyfacts, Yahoo/yfinance price CSVs), which
 * the normal importers then load, so the demo exercises the same code paths as real data.
 * Companies are generated and written one at a time: memory stays bounded however many.
 *
 * Layout written by `writeDemoUniverse(dir)` (~380 MB for the full universe):
 *   holdings/DEMO_holdings_2026-11-20.csv   iShares layout, fictional fund, 1,924 equities + cash/futures rows
 *   sec/company_tickers.json                SEC ticker → CIK map of the fictional companies
 *   sec/companyfacts/CIK9xxxxxxxxx.json     EDGAR company facts, one per company
 *   prices/TICKER.csv                       daily bars: Yahoo layout, ~10 % yfinance layout
 *   prices/^DEMO.csv                        the cap-weighted benchmark of the universe (Yahoo layout)
 *   demo-manifest.json                      what was written (paths, counts, as-of, seed), labelled fictional
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_SEED,
  DEMO_AS_OF,
  DEMO_BENCHMARK_NAME,
  DEMO_BENCHMARK_TICKER,
  DEMO_FUND,
  DEMO_FUND_NAME,
  DEMO_LABEL,
  DEMO_PRICES_FROM,
  FUND_SHARE_OF_OUTSTANDING,
} from './constants.ts';
import { demoCompanies, type DemoCompany } from './companies.ts';
import { generateCompany, type DemoBars } from './generate.ts';
import { holdingsName } from './names.ts';
import { marketBackdrop } from './macro.ts';
import { roundPrice } from './prices.ts';
import { submissionsFileName, submissionsText } from './submissions.ts';
import { companyFactsFileName, companyFactsText, companyTickersJson, holdingsCsv, yahooCsv, yfinanceCsv, type HoldingRowIn } from './writers.ts';

export {
  DEFAULT_SEED,
  DEMO_AS_OF,
  DEMO_BENCHMARK_NAME,
  DEMO_BENCHMARK_TICKER,
  DEMO_FUND,
  DEMO_FUND_NAME,
  DEMO_LABEL,
  DEMO_PRICES_FROM,
  DEMO_SECTOR_COUNTS,
  DEMO_UNIVERSE_SIZE,
  FICTIONAL_CIK_BASE,
} from './constants.ts';
export { ARCHETYPES, PROFITABLE_SHARE, SECTOR_ARCHETYPE_MIX, demoCompanies, isFinancialArchetype } from './companies.ts';
export type { Archetype, DemoCompany, DemoSector, PriceLayout } from './companies.ts';
export { generateCompany } from './generate.ts';
export type { DemoBars, GeneratedCompany } from './generate.ts';
export type { DemoTruth } from './truth.ts';
export type { CompanyFactsJson, Filing, Restatement } from './filings.ts';
export type { Plan, Quarter, TagProfile } from './model.ts';

export interface DemoManifest {
  kind: 'demo';
  isFictional: true;
  label: string;
  fund: string;
  fundName: string;
  /** Holdings date and last price bar. */
  asOf: string;
  seed: number;
  benchmarkTicker: string;
  pricesFrom: string;
  pricesThrough: string;
  /** Paths relative to the output directory, with forward slashes. */
  files: {
    holdings: string;
    companyTickers: string;
    companyFactsDir: string;
    submissionsDir: string;
    pricesDir: string;
    benchmark: string;
    manifest: string;
  };
  counts: {
    companies: number;
    companyFactsFiles: number;
    submissionsFiles: number;
    priceFiles: number;
    yahooLayout: number;
    yfinanceLayout: number;
    facts: number;
    bars: number;
    holdingsRows: number;
  };
  bytesWritten: number;
  elapsedMs: number;
}

export interface WriteDemoOptions {
  seed?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
  /** Write only the first `count` companies (tests, quick demos). Default: all 1,924. */
  count?: number;
}

interface Summary {
  cik: number;
  ticker: string;
  name: string;
  sector: string;
  exchange: string;
  price: number;
  quantity: number;
  marketCap: number;
}

/** Index level on the first day, like a small-cap index in early 2021. */
const BENCHMARK_BASE = 2000;
/** Index futures multiplier ($ per point), as for the usual small-cap e-mini. */
const FUTURES_MULTIPLIER = 50;
/** Writes allowed in flight while the next company is generated. */
const MAX_PENDING_WRITES = 16;

export async function writeDemoUniverse(dir: string, opts: WriteDemoOptions = {}): Promise<DemoManifest> {
  const started = performance.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const all = demoCompanies(seed);
  const companies: DemoCompany[] = opts.count === undefined ? all : all.slice(0, Math.max(0, Math.min(all.length, opts.count)));
  const progress = opts.onProgress ?? (() => {});
  const rel = {
    holdings: `holdings/${DEMO_FUND}_holdings_${DEMO_AS_OF}.csv`,
    companyTickers: 'sec/company_tickers.json',
    companyFactsDir: 'sec/companyfacts',
    submissionsDir: 'sec/submissions',
    pricesDir: 'prices',
    benchmark: `prices/${DEMO_BENCHMARK_TICKER}.csv`,
    manifest: 'demo-manifest.json',
  };
  for (const d of ['holdings', 'sec/companyfacts', 'sec/submissions', 'prices']) await fs.promises.mkdir(path.join(dir, d), { recursive: true });

  let bytes = 0;
  const pending = new Set<Promise<void>>();
  const write = async (relPath: string, text: string): Promise<void> => {
    const buf = Buffer.from(text, 'utf8');
    bytes += buf.length;
    const p = fs.promises.writeFile(path.join(dir, relPath), buf).finally(() => pending.delete(p));
    pending.add(p);
    if (pending.size >= MAX_PENDING_WRITES) await Promise.race(pending);
  };

  const bd = marketBackdrop(seed);
  const n = bd.dates.length;
  // Benchmark accumulators: Σ cap(t−1) × X(t)/close(t−1) for X = open, high, low, close.
  const den = new Float64Array(n);
  const numO = new Float64Array(n);
  const numH = new Float64Array(n);
  const numL = new Float64Array(n);
  const numC = new Float64Array(n);
  const vol = new Float64Array(n);

  const summaries: Summary[] = [];
  let facts = 0;
  let bars = 0;
  let yahoo = 0;
  let yf = 0;
  progress('companies', 0, companies.length);
  for (let i = 0; i < companies.length; i++) {
    const c = companies[i]!;
    const g = generateCompany(c, seed);
    await write(`${rel.companyFactsDir}/${companyFactsFileName(c.cik)}`, companyFactsText(g.facts));
    await write(`${rel.submissionsDir}/${submissionsFileName(c.cik)}`, submissionsText(c, g.filings));
    if (c.priceLayout === 'yfinance') {
      yf++;
      await write(`${rel.pricesDir}/${c.ticker}.csv`, yfinanceCsv(g.bars));
    } else {
      yahoo++;
      await write(`${rel.pricesDir}/${c.ticker}.csv`, yahooCsv(g.bars));
    }
    const b = g.bars;
    for (let t = 1; t < n; t++) {
      const prev = b.close[t - 1]!;
      const cap = prev * g.dailyShares[t - 1]!;
      den[t]! += cap;
      numO[t]! += (cap * b.open[t]!) / prev;
      numH[t]! += (cap * b.high[t]!) / prev;
      numL[t]! += (cap * b.low[t]!) / prev;
      numC[t]! += (cap * b.close[t]!) / prev;
    }
    for (let t = 0; t < n; t++) vol[t]! += b.volume[t]!;
    facts += g.factCount;
    bars += b.dates.length;
    summaries.push({
      cik: c.cik,
      ticker: c.ticker,
      name: c.name,
      sector: c.sector,
      exchange: c.exchange,
      price: g.holding.price,
      quantity: g.holding.quantity,
      marketCap: g.holding.marketCap,
    });
    progress('companies', i + 1, companies.length);
  }

  progress('benchmark', 0, 1);
  const bench = benchmarkBars(bd.dates, den, numO, numH, numL, numC, vol);
  await write(rel.benchmark, yahooCsv(bench));
  progress('benchmark', 1, 1);

  progress('holdings', 0, 1);
  const level = bench.close[n - 1]!;
  const rows: HoldingRowIn[] = summaries.map((s) => ({
    ticker: s.ticker,
    name: holdingsName(s.name),
    sector: s.sector,
    assetClass: 'Equity',
    marketValue: Math.round(s.quantity * s.price * 100) / 100,
    notional: Math.round(s.quantity * s.price * 100) / 100,
    quantity: s.quantity,
    price: s.price,
    location: 'United States',
    exchange: s.exchange,
  }));
  const equityTotal = rows.reduce((acc, r) => acc + r.marketValue, 0);
  const mmf = Math.round(equityTotal * 0.0035 * 100) / 100;
  const usd = Math.round(equityTotal * 0.0008 * 100) / 100;
  rows.push(
    { ticker: 'DMCSH', name: 'DEMO CASH FUND (FICTIONAL)', sector: 'Cash and/or Derivatives', assetClass: 'Money Market', marketValue: mmf, notional: mmf, quantity: Math.round(mmf), price: 1, location: 'United States', exchange: '-' },
    { ticker: 'USD', name: 'USD CASH', sector: 'Cash and/or Derivatives', assetClass: 'Cash', marketValue: usd, notional: usd, quantity: Math.round(usd), price: 100, location: 'United States', exchange: '-' },
  );
  rows.sort((x, y) => y.marketValue - x.marketValue || (x.ticker < y.ticker ? -1 : 1));
  const contracts = Math.max(1, Math.round((equityTotal * 0.0036) / (level * FUTURES_MULTIPLIER)));
  rows.push({
    ticker: 'DMXZ6',
    name: 'DEMO INDEX FUTURE DEC 26 (FICTIONAL)',
    sector: 'Cash and/or Derivatives',
    assetClass: 'Futures',
    marketValue: 0,
    notional: Math.round(contracts * level * FUTURES_MULTIPLIER * 100) / 100,
    quantity: contracts,
    price: level,
    location: '-',
    exchange: '-',
  });
  const total = rows.reduce((acc, r) => acc + r.marketValue, 0);
  // Fund units sized so NAV per unit is about a tenth of the index level, in 50,000-unit blocks.
  const fundShares = Math.max(50_000, Math.round(total / (level / 10) / 50_000) * 50_000);
  await write(rel.holdings, holdingsCsv(DEMO_AS_OF, fundShares, rows));

  // SEC orders company_tickers.json by market value; so does the demo.
  const byCap = summaries.slice().sort((x, y) => y.marketCap - x.marketCap || x.cik - y.cik);
  await write(rel.companyTickers, companyTickersJson(byCap.map((s) => ({ cik: s.cik, ticker: s.ticker, title: s.name }))));
  progress('holdings', 1, 1);

  const manifest: DemoManifest = {
    kind: 'demo',
    isFictional: true,
    label: DEMO_LABEL,
    fund: DEMO_FUND,
    fundName: DEMO_FUND_NAME,
    asOf: DEMO_AS_OF,
    seed,
    benchmarkTicker: DEMO_BENCHMARK_TICKER,
    pricesFrom: bd.dates[0]!,
    pricesThrough: bd.dates[n - 1]!,
    files: rel,
    counts: {
      companies: companies.length,
      companyFactsFiles: companies.length,
      submissionsFiles: companies.length,
      priceFiles: companies.length + 1,
      yahooLayout: yahoo + 1,
      yfinanceLayout: yf,
      facts,
      bars,
      holdingsRows: rows.length,
    },
    bytesWritten: 0,
    elapsedMs: 0,
  };
  await Promise.all(pending);
  // The file leaves out the wall time so it stays byte-identical from run to run; it counts
  // its own size, which depends on the digits it reports, so settle that first.
  const fileText = (): string => JSON.stringify({ ...manifest, elapsedMs: undefined }, null, 2) + '\n';
  for (let i = 0; i < 3; i++) manifest.bytesWritten = bytes + Buffer.byteLength(fileText());
  await fs.promises.writeFile(path.join(dir, rel.manifest), fileText());
  manifest.elapsedMs = Math.round(performance.now() - started);
  return manifest;
}

/** The cap-weighted index from the accumulated sums, in bars like any other series. */
function benchmarkBars(
  dates: readonly string[],
  den: Float64Array,
  numO: Float64Array,
  numH: Float64Array,
  numL: Float64Array,
  numC: Float64Array,
  vol: Float64Array,
): DemoBars {
  const n = dates.length;
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let level = BENCHMARK_BASE;
  close[0] = open[0] = high[0] = low[0] = level;
  for (let t = 1; t < n; t++) {
    const d = den[t]!;
    const prev = level;
    if (d > 0) level = prev * (numC[t]! / d);
    const o = d > 0 ? prev * (numO[t]! / d) : prev;
    const h = d > 0 ? prev * (numH[t]! / d) : prev;
    const l = d > 0 ? prev * (numL[t]! / d) : prev;
    const c = roundPrice(level);
    const ro = roundPrice(o);
    open[t] = ro;
    close[t] = c;
    high[t] = Math.max(roundPrice(h), ro, c);
    low[t] = Math.min(roundPrice(l), ro, c);
  }
  return { dates, open, high, low, close, adjClose: close.slice(), volume: vol };
}
