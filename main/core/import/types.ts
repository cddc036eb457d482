/**
 * What the pure parsers produce. Parsers read text (or parsed JSON) and return these
 * records or throw an ImportError; they never touch the database. Loaders
 * (`loaders.ts`) write parsed records in one transaction each.
 */

/**
 * A refusal that names the file, the entry inside it (for a zip archive), the line
 * (1-based, when there is one) and the field (a column, or a JSON path).
 *
 * @example
 * new ImportError('companyfacts.zip', 'expected a number, found null', { entry: 'CIK0000320193.json', field: 'facts.us-gaap.Assets.units.USD[3].val' }).message
 * // 'companyfacts.zip, entry CIK0000320193.json, field "facts.us-gaap.Assets.units.USD[3].val": expected a number, found null'
 */
export class ImportError extends Error {
  readonly file: string;
  readonly entry: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly reason: string;
  constructor(file: string, reason: string, opts: { entry?: string | undefined; line?: number | undefined; field?: string | undefined } = {}) {
    const where = [
      file,
      opts.entry !== undefined ? `entry ${opts.entry}` : null,
      opts.line !== undefined ? `line ${opts.line}` : null,
      opts.field ? `field "${opts.field}"` : null,
    ]
      .filter(Boolean)
      .join(', ');
    super(`${where}: ${reason}`);
    this.name = 'ImportError';
    this.file = file;
    this.entry = opts.entry;
    this.line = opts.line;
    this.field = opts.field;
    this.reason = reason;
  }
}

/**
 * An import that stopped part-way after committing some of its work (the bulk
 * companyfacts.zip loader commits entry by entry). `stored` entries are in the database,
 * each complete; nothing of the failing entry or after it is. Re-running is idempotent,
 * and `resumeAfter: lastStored` skips the stored part.
 */
export class PartialImportError extends ImportError {
  readonly stored: number;
  readonly total: number;
  readonly lastStored: string | null;
  constructor(
    file: string,
    reason: string,
    progress: { stored: number; total: number; lastStored: string | null },
    opts: { entry?: string | undefined; line?: number | undefined; field?: string | undefined } = {},
  ) {
    super(file, reason, opts);
    this.name = 'PartialImportError';
    this.stored = progress.stored;
    this.total = progress.total;
    this.lastStored = progress.lastStored;
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

// ---- SEC submissions ----------------------------------------------------------------

/** One entry of `filings.files`: an older page of filings, stored as its own JSON file. */
export interface SubmissionsPage {
  /** e.g. `CIK0001318605-submissions-001.json`. */
  name: string;
  filingCount: number | null;
  /** Earliest and latest filing date on the page, as the index states them. */
  filingFrom: string | null;
  filingTo: string | null;
}

export interface SubmissionsFile {
  cik: number;
  name: string;
  /** `operating`, `other`, … ; null when empty. */
  entityType: string | null;
  /** SIC code (6000–6799: finance, insurance, real estate); null when SEC gives none. */
  sic: number | null;
  sicDescription: string | null;
  /** `MMDD`, e.g. `1231`; null when SEC gives none. */
  fiscalYearEnd: string | null;
  /** Upper-cased; `exchanges[i]` is the exchange of `tickers[i]` (null when SEC gives none). */
  tickers: string[];
  exchanges: (string | null)[];
  /** Filings listed in `filings.recent` (SEC keeps at most ~1,000 there). */
  recentCount: number;
  /** Earliest `filingDate` in `filings.recent`; null when it lists no filings. */
  recentEarliest: string | null;
  /** Older pages listed in `filings.files` (empty for most small companies). */
  pages: SubmissionsPage[];
}

/** An older filings page (`CIK##########-submissions-001.json`): the same columns as `filings.recent`. */
export interface SubmissionsPageFile {
  count: number;
  earliest: string | null;
}
