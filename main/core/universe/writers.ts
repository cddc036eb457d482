/**
 * Text formats of the demo universe's source files, byte-compatible with the real ones:
 * the iShares holdings CSV, SEC company_tickers.json and companyfacts JSON, and daily
 * price CSVs in the Yahoo and yfinance layouts.
 *
 * Policy: the layout is copied from real downloads (see ../shared/docs/DATA-SOURCES.md);
 * the content is fictional and says so — in the holdings preamble and footer, in the
 * manifest, and in every name being invented. Pure string builders: no I/O here.
 */
import { DEMO_FUND_NAME, DEMO_PRICES_FROM } from './constants.ts';
import { usDate } from './calendar.ts';
import type { DemoBars } from './generate.ts';
import type { CompanyFactsJson } from './filings.ts';

/** iShares number style: quoted elsewhere, thousands separators, fixed decimals ("1,532,594,919.50"). */
export function formatThousands(x: number, decimals = 2): string {
  const neg = x < 0;
  const fixed = Math.abs(x).toFixed(decimals);
  const [int, frac] = fixed.split('.') as [string, string | undefined];
  let out = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) out += ',';
    out += int.charAt(i);
  }
  return (neg ? '-' : '') + out + (frac !== undefined ? '.' + frac : '');
}

// ---- holdings -------------------------------------------------------------------------

export interface HoldingRowIn {
  ticker: string;
  name: string;
  sector: string;
  assetClass: 'Equity' | 'Money Market' | 'Cash' | 'Futures';
  marketValue: number;
  notional: number;
  quantity: number;
  price: number;
  location: string;
  exchange: string;
  accrualDate?: string;
}

/** iShares writes the separator line and the line before the footer as a single no-break space. */
const NBSP_LINE = '\u00a0';

const FOOTER = [
  'FICTIONAL DATA. This file belongs to the Fortress demo universe: every company, ticker, CIK, price, holding and financial figure in it was invented by a deterministic generator for demonstration and testing. None of it describes a real company, security, fund or index, and none of it is investment data.',
  'Fictional CIKs start at 9000000000 and cannot belong to a real SEC registrant; tickers and names were checked against real listings so that none is a real company\u2019s.',
  'The layout imitates an index-fund holdings download so that one importer reads real and demo files alike; no fund sponsor or index provider is involved with or endorses this file.',
  'Do not use these numbers for research, valuation or trading.',
].join('\n');

function q(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * The holdings CSV. `rows` must already be in file order (iShares sorts by market value,
 * cash rows interleaved, futures last). Weight (%) is each row's share of total market value.
 */
export function holdingsCsv(asOf: string, fundSharesOutstanding: number, rows: readonly HoldingRowIn[]): string {
  const total = rows.reduce((s, r) => s + r.marketValue, 0);
  const lines: string[] = [
    '\ufeff' + DEMO_FUND_NAME,
    `Fund Holdings as of,${q(usDate(asOf))}`,
    `Inception Date,${q(usDate(DEMO_PRICES_FROM))}`,
    `Shares Outstanding,${q(formatThousands(fundSharesOutstanding))}`,
    'Stock,"-"',
    'Bond,"-"',
    'Cash,"-"',
    'Other,"-"',
    NBSP_LINE,
    'Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date',
  ];
  for (const r of rows) {
    lines.push(
      [
        r.ticker,
        r.name,
        r.sector,
        r.assetClass,
        formatThousands(r.marketValue),
        formatThousands(total > 0 ? (100 * r.marketValue) / total : 0),
        formatThousands(r.notional),
        formatThousands(r.quantity),
        formatThousands(r.price),
        r.location,
        r.exchange,
        'USD',
        '1.00',
        'USD',
        r.accrualDate ?? '-',
      ]
        .map(q)
        .join(','),
    );
  }
  lines.push(NBSP_LINE, q(FOOTER));
  // Real downloads end right after the footer's closing quote, with no newline.
  return lines.join('\n');
}

// ---- SEC ------------------------------------------------------------------------------

export function companyTickersJson(entries: readonly { cik: number; ticker: string; title: string }[]): string {
  const obj: Record<string, { cik_str: number; ticker: string; title: string }> = {};
  entries.forEach((e, i) => (obj[String(i)] = { cik_str: e.cik, ticker: e.ticker, title: e.title }));
  return JSON.stringify(obj);
}

export function companyFactsFileName(cik: number): string {
  return `CIK${String(cik).padStart(10, '0')}.json`;
}

export function companyFactsText(json: CompanyFactsJson): string {
  return JSON.stringify(json);
}

// ---- prices ---------------------------------------------------------------------------

/** Fixed 6 decimals without toFixed's cost: values are already rounded to cents or 1/10,000. */
function fixed6(x: number): string {
  const micro = Math.round(x * 1e6);
  const int = Math.floor(micro / 1e6);
  const frac = micro - int * 1e6;
  return `${int}.${String(frac).padStart(6, '0')}`;
}

/** Shortest round-trip text of a rounded price, as pandas writes floats ("297.67", "12.5"). */
function plain(x: number): string {
  return String(x);
}

/**
 * Yahoo's "Download" layout: `Date,Open,High,Low,Close,Adj Close,Volume`, prices with six
 * decimals, no newline after the last row (as in the real files).
 */
export function yahooCsv(bars: DemoBars): string {
  const out: string[] = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  const { dates, open, high, low, close, adjClose, volume } = bars;
  for (let t = 0; t < dates.length; t++) {
    out.push(`${dates[t]},${fixed6(open[t]!)},${fixed6(high[t]!)},${fixed6(low[t]!)},${fixed6(close[t]!)},${fixed6(adjClose[t]!)},${volume[t]!}`);
  }
  return out.join('\n');
}

/** yfinance's raw `download()` CSV: `Date,Close,High,Low,Open,Volume` (note the order), trailing newline. */
export function yfinanceCsv(bars: DemoBars): string {
  const out: string[] = ['Date,Close,High,Low,Open,Volume'];
  const { dates, open, high, low, close, volume } = bars;
  for (let t = 0; t < dates.length; t++) {
    out.push(`${dates[t]},${plain(close[t]!)},${plain(high[t]!)},${plain(low[t]!)},${plain(open[t]!)},${volume[t]!}`);
  }
  return out.join('\n') + '\n';
}
