import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCompanyFacts, readCompanyFactsFile } from '../../main/core/import/companyfacts.ts';
import { parseCompanyTickers, readCompanyTickersFile } from '../../main/core/import/tickers.ts';
import { HAS_REAL, REAL, SKIP_REAL_REASON, fixture, importErrorOf, readFixture, tempDir } from './helpers.ts';

const SNOW = 'CIK0001640147_SNOW_trimmed.json';
const LPA = 'CIK0001997711_LPA_trimmed.json';

function snowJson(): { cik: unknown; facts: Record<string, Record<string, { units: Record<string, Record<string, unknown>[]> }>> } {
  return JSON.parse(readFixture(SNOW));
}

describe('parseCompanyFacts on real SEC excerpts', () => {
  it('flattens Snowflake: numeric cik, taxonomies, and every fact with its filing', () => {
    const c = readCompanyFactsFile(fixture(SNOW));
    expect([c.cik, c.entityName, c.taxonomies, c.facts.length]).toEqual([1640147, 'SNOWFLAKE INC.', ['dei', 'us-gaap', 'srt'], 43]);
    const assets = c.facts.filter((f) => f.tag === 'Assets');
    expect(assets[1]).toEqual({
      taxonomy: 'us-gaap',
      tag: 'Assets',
      unit: 'USD',
      start: null,
      end: '2020-01-31',
      val: 1012720000,
      accn: '0001640147-21-000073',
      fy: 2021,
      fp: 'FY',
      form: '10-K',
      filed: '2021-03-31',
      frame: 'CY2019Q4I',
    });
  });

  it('keeps durations with their start and per-share units as written', () => {
    const c = readCompanyFactsFile(fixture(SNOW));
    expect(c.facts.find((f) => f.tag === 'NetIncomeLoss')).toMatchObject({ start: '2018-02-01', end: '2019-01-31', val: -178028000, frame: 'CY2018' });
    expect(c.facts.find((f) => f.tag === 'EarningsPerShareBasic')).toMatchObject({ unit: 'USD/shares', val: -7.77 });
    expect(c.facts.filter((f) => f.tag === 'ConvertibleDebtNoncurrent').map((f) => f.val)).toEqual([0, 0, 2269459000, 2271529000, 2271529000, 2273600000]);
  });

  it('reports LPA as an ifrs-full filer, reads its string cik and keeps non-USD units unconverted', () => {
    const c = readCompanyFactsFile(fixture(LPA));
    expect([c.cik, c.entityName, c.taxonomies, c.facts.length]).toEqual([1997711, 'Logistic Properties of the Americas', ['dei', 'ifrs-full'], 45]);
    expect(new Set(c.facts.map((f) => f.unit))).toEqual(new Set(['shares', 'USD', 'COP', 'CRC', 'PEN']));
    expect(c.facts.filter((f) => f.tag === 'ClosingForeignExchangeRate' && f.unit === 'COP').map((f) => [f.end, f.val])).toEqual([
      ['2022-12-31', 4810],
      ['2023-12-31', 3822],
      ['2023-12-31', 3822],
      ['2024-12-31', 4409],
    ]);
    expect(c.facts.find((f) => f.tag === 'Revenue')).toMatchObject({ start: '2021-01-01', end: '2021-12-31', val: 25596073, form: '20-F' });
  });

  it('accepts null fy/fp (as EQT and CCL have) and a missing frame', () => {
    const json = snowJson();
    const fact = json.facts['us-gaap']!['Assets']!.units['USD']![0]!;
    fact['fy'] = null;
    fact['fp'] = null;
    const c = parseCompanyFacts(json, 'snow.json');
    expect(c.facts.find((f) => f.tag === 'Assets')).toMatchObject({ fy: null, fp: null, frame: null });
  });
});

describe('parseCompanyFacts refuses bad input with the JSON path', () => {
  const failsAt = (mutate: (j: ReturnType<typeof snowJson>) => void) => {
    const json = snowJson();
    mutate(json);
    return importErrorOf(() => parseCompanyFacts(json, 'CIK0001640147.json'));
  };

  it('names facts.us-gaap.Assets.units.USD[3].end for a bad end date', () => {
    const e = failsAt((j) => {
      j.facts['us-gaap']!['Assets']!.units['USD']![3]!['end'] = '2021-13-01';
    });
    expect(e.message).toBe('CIK0001640147.json, field "facts.us-gaap.Assets.units.USD[3].end": expected a YYYY-MM-DD date, found the string "2021-13-01"');
  });

  it('names the path of a value that is a string, not a number', () => {
    const e = failsAt((j) => {
      j.facts['us-gaap']!['Liabilities']!.units['USD']![0]!['val'] = '621003000';
    });
    expect([e.field, e.reason]).toEqual(['facts.us-gaap.Liabilities.units.USD[0].val', 'expected a number, found the string "621003000"']);
  });

  it('refuses a missing accession number, a non-integer fy and a start after the end', () => {
    expect(failsAt((j) => delete j.facts['dei']!['EntityPublicFloat']!.units['USD']![1]!['accn']).field).toBe('facts.dei.EntityPublicFloat.units.USD[1].accn');
    expect(failsAt((j) => (j.facts['us-gaap']!['Assets']!.units['USD']![2]!['fy'] = 2021.5)).field).toBe('facts.us-gaap.Assets.units.USD[2].fy');
    const e = failsAt((j) => (j.facts['us-gaap']!['NetIncomeLoss']!.units['USD']![0]!['start'] = '2019-02-01'));
    expect(e.reason).toBe('period starts (2019-02-01) after it ends (2019-01-31)');
  });

  it('refuses a bad cik, missing facts and a units value that is not an array', () => {
    expect(failsAt((j) => (j.cik = 'SNOW')).message).toBe('CIK0001640147.json, field "cik": expected a CIK of up to 10 digits, found the string "SNOW"');
    expect(failsAt((j) => delete (j as { facts?: unknown }).facts).field).toBe('facts');
    expect(failsAt((j) => (j.facts['srt']!['StockRepurchaseProgramAuthorizedAmount1']!.units = { USD: {} } as never)).reason).toBe(
      'expected an array of facts, found an object',
    );
    expect(importErrorOf(() => parseCompanyFacts([1, 2], 'x.json')).reason).toBe('expected a company-facts object, found an array');
  });

  it('refuses a truncated download, naming the file and saying so', () => {
    const dir = tempDir('facts');
    const file = path.join(dir, 'CIK0001640147.json');
    const text = readFixture(SNOW);
    fs.writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    const e = importErrorOf(() => readCompanyFactsFile(file));
    expect(e.file).toBe(file);
    expect(e.reason).toMatch(/^is not valid JSON: .*\(the file looks truncated\)$/);
  });

  it('refuses an HTML page and an empty file', () => {
    const dir = tempDir('facts');
    const html = path.join(dir, 'a.json');
    fs.writeFileSync(html, '<html><body>Request Rate Threshold Exceeded</body></html>');
    expect(importErrorOf(() => readCompanyFactsFile(html)).reason).toBe('looks like an HTML page, not company-facts JSON');
    const empty = path.join(dir, 'b.json');
    fs.writeFileSync(empty, '');
    expect(importErrorOf(() => readCompanyFactsFile(empty)).reason).toBe('is empty, expected company-facts JSON');
  });
});

describe('parseCompanyTickers', () => {
  it('reads the SEC company_tickers.json excerpt, upper-casing tickers', () => {
    const entries = readCompanyTickersFile(fixture('company_tickers_excerpt.json'));
    expect(entries).toHaveLength(17);
    const byTicker = new Map(entries.map((e) => [e.ticker, e]));
    expect(byTicker.get('BE')).toEqual({ ticker: 'BE', cik: 1664703, title: 'Bloom Energy Corp' });
    expect(byTicker.get('CRDO')?.cik).toBe(1807794);
    expect(byTicker.get('SFM')?.cik).toBe(1575515);
    expect(byTicker.get('BRK-B')?.cik).toBe(1067983);
  });

  it('also reads the company_tickers_exchange.json shape', () => {
    const entries = parseCompanyTickers(
      { fields: ['cik', 'name', 'ticker', 'exchange'], data: [[1664703, 'Bloom Energy Corp', 'be', 'NYSE']] },
      'company_tickers_exchange.json',
    );
    expect(entries).toEqual([{ ticker: 'BE', cik: 1664703, title: 'Bloom Energy Corp' }]);
  });

  it('keeps the first of two entries for one ticker', () => {
    const entries = parseCompanyTickers({ 0: { cik_str: 1, ticker: 'X', title: 'First' }, 1: { cik_str: 2, ticker: 'x', title: 'Second' } }, 't.json');
    expect(entries).toEqual([{ ticker: 'X', cik: 1, title: 'First' }]);
  });

  it('refuses an entry without a CIK, naming its key', () => {
    const e = importErrorOf(() => parseCompanyTickers({ 0: { cik_str: 1, ticker: 'A', title: 'A' }, 7: { cik_str: 'x', ticker: 'B', title: 'B' } }, 't.json'));
    expect(e.message).toBe('t.json, field "7.cik_str": expected a CIK, found "x"');
  });
});

describe.skipIf(!HAS_REAL)(`SEC parsers on the full real files (${HAS_REAL ? REAL : SKIP_REAL_REASON})`, () => {
  const dir = path.join(REAL, 'sec', 'companyfacts');
  const files = HAS_REAL ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];

  it.each(files)('%s parses', (name) => {
    const c = readCompanyFactsFile(path.join(dir, name));
    expect(c.facts.length).toBeGreaterThan(0);
    expect(c.cik).toBe(Number(/^CIK(\d{10})/.exec(name)?.[1]));
  });

  it('SNOW has 8,163 facts in dei, us-gaap and srt; LPA 768 facts and reports ifrs-full', () => {
    const snow = readCompanyFactsFile(path.join(dir, 'CIK0001640147_SNOW_snow_facts.json'));
    expect([snow.facts.length, snow.taxonomies]).toEqual([8163, ['dei', 'us-gaap', 'srt']]);
    const lpa = readCompanyFactsFile(path.join(dir, 'CIK0001997711_LPA_lpa_facts.json'));
    expect([lpa.cik, lpa.facts.length, lpa.taxonomies]).toEqual([1997711, 768, ['dei', 'ifrs-full']]);
  });

  it('company_tickers.json has 10,338 entries and maps BE, CRDO and SFM', () => {
    const entries = readCompanyTickersFile(path.join(REAL, 'sec', 'company_tickers.json'));
    const map = new Map(entries.map((e) => [e.ticker, e.cik]));
    expect([entries.length, map.get('BE'), map.get('CRDO'), map.get('SFM'), map.has('IWM')]).toEqual([10338, 1664703, 1807794, 1575515, false]);
  });
});
