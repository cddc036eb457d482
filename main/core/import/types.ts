/**
 * What the pure parsers produce. Parsers read text (or parsed JSON) and return these
 * records or throw an ImportError; they never touch the database. Loaders
 * (`loaders.ts`) write parsed records in one transaction each.
 */

/** A refusal that names the file, the line (1-based, when there is one) and the field. */
export class ImportError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly reason: string;
  constructor(file: string, reason: string, opts: { line?: number | undefined; field?: string | undefined } = {}) {
    const where = [file, opts.line !== undefined ? `line ${opts.line}` : null, opts.field ? `field "${opts.field}"` : null]
      .filter(Boolean)
      .join(', ');
    super(`${where}: ${reason}`);
    this.name = 'ImportError';
    this.file = file;
    this.line = opts.line;
    this.field = opts.field;
    this.reason = reason;
  }
}

// ---- iShares holdings ---------------------------------------------------------------

export interface HoldingRow {
  /** 1-based line number in the source file. */
  line: number;
  /** `null` where the file says `-` (rights, vesting shares, warrants). */
  ticker: string | null;
  name: string;
  sector: string | null;
  assetClass: string;
  marketValue: number | null;
  weightPct: number | null;
  notional: number | null;
  /** The `Quantity` (IWM) or `Shares` (IWC) column. */
  quantity: number | null;
  /** `null` when the file's price is 0 or `-` (no market). */
  price: number | null;
  location: string | null;
  exchange: string | null;
  currency: string | null;
}

export interface HoldingsFile {
  /** Fund ticker (IWM, IWC, …) from the fund name or the file name; null if neither says. */
  fund: string | null;
  /** First preamble line, e.g. "iShares Russell 2000 ETF". */
  fundName: string;
  /** `Fund Holdings as of`, as YYYY-MM-DD. */
  asOf: string;
  sharesOutstanding: number | null;
  /** Every data row, of every asset class, in file order. */
  rows: HoldingRow[];
}

// ---- SEC company facts --------------------------------------------------------------

export interface Fact {
  taxonomy: string; // 'us-gaap' | 'dei' | 'ifrs-full' | 'srt' | …
  tag: string;
  unit: string; // 'USD' | 'shares' | 'USD/shares' | 'pure' | 'EUR' …
  /** Period start for durations, `null` for instants. */
  start: string | null;
  end: string;
  val: number;
  accn: string;
  fy: number | null;
  fp: string | null;
  form: string | null;
  filed: string;
  frame: string | null;
}

export interface CompanyFactsFile {
  cik: number;
  entityName: string;
  /** Taxonomies present, e.g. ['dei', 'us-gaap']. An `ifrs-full` filer is reported as such. */
  taxonomies: string[];
  facts: Fact[];
}

// ---- SEC company_tickers.json -----------------------------------------------------

export interface TickerEntry {
  ticker: string;
  cik: number;
  title: string;
}

// ---- Daily prices ----------------------------------------------------------------------

export type PriceLayout = 'yahoo' | 'yfinance' | 'stooq' | 'alphavantage';

export interface PriceBar {
  date: string; // YYYY-MM-DD
  open: number | null;
  high: number | null;
  low: number | null;
  close: number;
  adjClose: number | null;
  volume: number | null;
}

export interface PriceFile {
  layout: PriceLayout;
  /** Bars in ascending date order, one per date. */
  bars: PriceBar[];
  /** Non-fatal notes (dropped null rows, …), each naming file and line. */
  warnings: string[];
}
