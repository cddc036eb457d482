/**
 * One function per online source: fetch, then validate with the same parser the file
 * importers use, and return the body with what the parser made of it.
 *
 * Policy:
 * - Nothing here writes anything. A response is only handed on after the real parser
 *   (`parseHoldingsCsv`, `parseCompanyTickers`, `parseCompanyFacts`, `parseSubmissions`,
 *   `parsePriceCsv`) accepted all of it, so a bad download can never reach the database.
 * - Refused with a precise error naming the URL (an ImportError from the parser, or a
 *   SourceError here): an HTML page served with HTTP 200 (bot checks, error pages,
 *   login walls), truncated or invalid JSON/CSV, a file for another fund or company than
 *   the one asked for, a holdings file with no equity rows (iShares answers a non-trading
 *   `asOfDate` with an empty list, which must not replace the universe).
 * - The body is returned as bytes, unchanged, so the stored file's sha256 is the
 *   download's.
 */
import { parseCompanyFacts, parseJsonText } from '../import/companyfacts.ts';
import { looksLikeHtml } from '../import/csv.ts';
import { parseHoldingsCsv } from '../import/holdings.ts';
import { parsePriceCsv } from '../import/prices.ts';
import { parseSubmissions } from '../import/submissions.ts';
import { parseCompanyTickers } from '../import/tickers.ts';
import type { CompanyFactsFile, HoldingsFile, PriceFile, SubmissionsFile, TickerEntry } from '../import/types.ts';
import { cikId, companyFactsUrl, holdingsUrl, priceUrl, submissionsUrl, tickersUrl, type FundId, type RefreshEndpoints } from './endpoints.ts';
import type { HttpClient, HttpResponse } from './http.ts';

/** A response that arrived but is not what was asked for. */
export class SourceError extends Error {
  readonly url: string;
  constructor(url: string, reason: string) {
    super(`${url}: ${reason}`);
    this.name = 'SourceError';
    this.url = url;
  }
}

export interface Fetched<T> {
  url: string;
  body: Buffer;
  parsed: T;
  attempts: number;
}

type Signal = AbortSignal | undefined;

const CSV_ACCEPT = 'text/csv, text/plain;q=0.9, */*;q=0.5';
const JSON_ACCEPT = 'application/json';

/** Decodes the body and refuses an HTML page before any parser sees it. */
function textOf(res: HttpResponse, expected: string): string {
  const text = res.body.toString('utf8');
  if (looksLikeHtml(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)) {
    const type = res.contentType ? ` (Content-Type ${res.contentType.split(';')[0]})` : '';
    throw new SourceError(res.url, `served an HTML page with HTTP ${res.status}${type} instead of ${expected} — a bot check or error page; nothing was stored`);
  }
  return text;
}

export async function fetchHoldings(
  client: HttpClient,
  endpoints: RefreshEndpoints,
  fund: FundId,
  asOfDate: string | null,
  signal: Signal,
): Promise<Fetched<HoldingsFile>> {
  const url = holdingsUrl(endpoints, fund, asOfDate);
  const res = await client.get(url, { signal, accept: CSV_ACCEPT });
  // The fund comes from the fund name inside the file (the URL's basename names none).
  const parsed = parseHoldingsCsv(textOf(res, 'an iShares holdings CSV'), url);
  if (parsed.fund !== fund) {
    throw new SourceError(url, `asked for ${fund} holdings, got a file for ${parsed.fund ?? `"${parsed.fundName}"`}; nothing was stored`);
  }
  const equities = parsed.rows.filter((r) => r.assetClass === 'Equity').length;
  if (equities === 0) {
    throw new SourceError(url, `the ${fund} holdings as of ${parsed.asOf} list no equities${asOfDate ? ` (is ${asOfDate} a trading day?)` : ''}; nothing was stored`);
  }
  return { url, body: res.body, parsed, attempts: res.attempts };
}

export async function fetchTickerMap(client: HttpClient, endpoints: RefreshEndpoints, signal: Signal): Promise<Fetched<TickerEntry[]>> {
  const url = tickersUrl(endpoints);
  const res = await client.get(url, { signal, accept: JSON_ACCEPT });
  const parsed = parseCompanyTickers(parseJsonText(textOf(res, 'JSON'), url, 'an SEC company_tickers JSON'), url);
  return { url, body: res.body, parsed, attempts: res.attempts };
}

export async function fetchCompanyFacts(client: HttpClient, endpoints: RefreshEndpoints, cik: number, signal: Signal): Promise<Fetched<CompanyFactsFile>> {
  const url = companyFactsUrl(endpoints, cik);
  const res = await client.get(url, { signal, accept: JSON_ACCEPT });
  const parsed = parseCompanyFacts(parseJsonText(textOf(res, 'JSON'), url, 'company-facts JSON'), url);
  if (parsed.cik !== cik) throw new SourceError(url, `asked for ${cikId(cik)}, got the facts of ${cikId(parsed.cik)} (${parsed.entityName}); nothing was stored`);
  return { url, body: res.body, parsed, attempts: res.attempts };
}

export async function fetchSubmissions(client: HttpClient, endpoints: RefreshEndpoints, cik: number, signal: Signal): Promise<Fetched<SubmissionsFile>> {
  const url = submissionsUrl(endpoints, cik);
  const res = await client.get(url, { signal, accept: JSON_ACCEPT });
  const parsed = parseSubmissions(parseJsonText(textOf(res, 'JSON'), url, 'an SEC submissions JSON'), url);
  if (parsed.cik !== cik) throw new SourceError(url, `asked for ${cikId(cik)}, got the submissions of ${cikId(parsed.cik)} (${parsed.name}); nothing was stored`);
  return { url, body: res.body, parsed, attempts: res.attempts };
}

export async function fetchPrices(client: HttpClient, template: string, ticker: string, signal: Signal): Promise<Fetched<PriceFile>> {
  const url = priceUrl(template, ticker);
  const res = await client.get(url, { signal, accept: CSV_ACCEPT });
  const parsed = parsePriceCsv(textOf(res, 'a price CSV'), url);
  return { url, body: res.body, parsed, attempts: res.attempts };
}
