/**
 * Fixed facts about the fictional demo universe, shared by every module.
 *
 * Policy: the demo universe is invented from end to end and dated to a fixed as-of day,
 * so it looks the same on every machine and never goes stale relative to itself. Nothing
 * here describes a real company, fund or index.
 */

/** Holdings date and last price bar (a Friday). Filings dated after it do not exist. */
export const DEMO_AS_OF = '2026-11-20';
export const DEMO_FUND = 'DEMO';
export const DEMO_LABEL = 'Demo universe — fictional companies';
/** First line of the demo holdings file, where iShares puts the fund name. */
export const DEMO_FUND_NAME = 'Fortress Demo Universe (fictional companies)';
/**
 * Cap-weighted index of the demo universe. A caret symbol, as Yahoo writes indexes, so it
 * can never be mistaken for a listed security.
 */
export const DEMO_BENCHMARK_TICKER = '^DEMO';
export const DEMO_BENCHMARK_NAME = 'Demo universe cap-weighted index (fictional)';
/** First price bar: the first NYSE trading day of 2021. */
export const DEMO_PRICES_FROM = '2021-01-04';
export const DEFAULT_SEED = 20261120;

/** Fictional CIKs are 10 digits from 9,000,000,000; real CIKs are 7 digits today. */
export const FICTIONAL_CIK_BASE = 9_000_100_000;

/** The fund holds this fraction of every company's shares (IWM holds about 2 %). */
export const FUND_SHARE_OF_OUTSTANDING = 0.021;

export const DEMO_SECTORS = [
  'Financials',
  'Health Care',
  'Industrials',
  'Information Technology',
  'Consumer Discretionary',
  'Energy',
  'Real Estate',
  'Materials',
  'Communication',
  'Consumer Staples',
  'Utilities',
] as const;
export type DemoSector = (typeof DEMO_SECTORS)[number];

/**
 * The May 2026 IWM sector mix (1,924 equity rows), with iShares' exact sector strings.
 */
export const DEMO_SECTOR_COUNTS: Readonly<Record<string, number>> = Object.freeze({
  Financials: 408,
  'Health Care': 400,
  Industrials: 260,
  'Information Technology': 207,
  'Consumer Discretionary': 195,
  Energy: 105,
  'Real Estate': 98,
  Materials: 83,
  Communication: 77,
  'Consumer Staples': 60,
  Utilities: 31,
});

export const DEMO_UNIVERSE_SIZE = Object.values(DEMO_SECTOR_COUNTS).reduce((a, b) => a + b, 0);
