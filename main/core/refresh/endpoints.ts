/**
 * Where each source lives. Policy: every URL the refresh fetches is built here from an
 * injectable `RefreshEndpoints` (tests point all of them at 127.0.0.1) and keeps the real
 * service's path and query, so the replay server can serve the real files under the
 * real paths and a test exercises the same URL shapes production uses.
 */

export interface RefreshEndpoints {
  /** iShares site (holdings downloads). */
  ishares: string;
  /** SEC's www host (company_tickers.json). */
  secWww: string;
  /** SEC's data API host (company facts, submissions). */
  secData: string;
}

export const DEFAULT_ENDPOINTS: Readonly<RefreshEndpoints> = Object.freeze({
  ishares: 'https://www.ishares.com',
  secWww: 'https://www.sec.gov',
  secData: 'https://data.sec.gov',
});

/**
 * iShares funds Fortress can use as its universe: product id and URL slug on ishares.com.
 * `1467271812596.ajax` is the site's holdings-download component, the same for every US fund.
 */
export const ISHARES_FUNDS = {
  IWM: { productId: '239710', slug: 'ishares-russell-2000-etf', name: 'iShares Russell 2000 ETF' },
  IWC: { productId: '239716', slug: 'ishares-microcap-etf', name: 'iShares Micro-Cap ETF' },
} as const;

export type FundId = keyof typeof ISHARES_FUNDS;

export function isFundId(s: string): s is FundId {
  return Object.hasOwn(ISHARES_FUNDS, s);
}

function base(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `YYYY-MM-DD` → `YYYYMMDD`, the form iShares' `asOfDate` takes. */
function compactDate(isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`as-of date must be YYYY-MM-DD, got "${isoDate}"`);
  return isoDate.replaceAll('-', '');
}

export function holdingsUrl(endpoints: RefreshEndpoints, fund: FundId, asOfDate?: string | null): string {
  const f = ISHARES_FUNDS[fund];
  const date = asOfDate ? `&asOfDate=${compactDate(asOfDate)}` : '';
  return `${base(endpoints.ishares)}/us/products/${f.productId}/${f.slug}/1467271812596.ajax?fileType=csv&fileName=${fund}_holdings&dataType=fund${date}`;
}

export function tickersUrl(endpoints: RefreshEndpoints): string {
  return `${base(endpoints.secWww)}/files/company_tickers.json`;
}

/** `CIK##########`: SEC's 10-digit zero-padded form. */
export function cikId(cik: number): string {
  if (!Number.isSafeInteger(cik) || cik <= 0 || cik >= 1e10) throw new RangeError(`not a CIK: ${cik}`);
  return `CIK${String(cik).padStart(10, '0')}`;
}

export function companyFactsUrl(endpoints: RefreshEndpoints, cik: number): string {
  return `${base(endpoints.secData)}/api/xbrl/companyfacts/${cikId(cik)}.json`;
}

export function submissionsUrl(endpoints: RefreshEndpoints, cik: number): string {
  return `${base(endpoints.secData)}/submissions/${cikId(cik)}.json`;
}

/**
 * The user's price endpoint with `{ticker}` replaced by the URL-encoded ticker (the
 * `prices.url_template` setting). Only http(s) templates with the placeholder are used.
 */
export function priceUrl(template: string, ticker: string): string {
  return template.replaceAll('{ticker}', encodeURIComponent(ticker));
}

/** Why a price template cannot be used, or null when it can. */
export function priceTemplateProblem(template: string | null): string | null {
  if (template === null || template.trim() === '') return 'no price endpoint is set (the "prices.url_template" setting)';
  if (!template.includes('{ticker}')) return `the price endpoint "${template}" has no {ticker} placeholder`;
  let url: URL;
  try {
    url = new URL(template.replaceAll('{ticker}', 'X'));
  } catch {
    return `the price endpoint "${template}" is not a URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `the price endpoint "${template}" is not an http(s) URL`;
  return null;
}
