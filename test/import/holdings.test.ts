import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../main/core/import/csv.ts';
import { parseHoldingsCsv } from '../../main/core/import/holdings.ts';
import { HAS_REAL, REAL, SKIP_REAL_REASON, importErrorOf, readFixture } from './helpers.ts';

const IWM_2026 = 'IWM_holdings_2026-05-05_excerpt.csv';
const IWM_2025 = 'IWM_holdings_2025-05-13_excerpt.csv';
const IWC_2026 = 'IWC_holdings_2026-01-20_excerpt.csv';

/** Replaces the `field`-th cell (0-based) of the 1-based `line` in CSV `text`. */
function withCell(text: string, line: number, field: number, value: string): string {
  const lines = text.split('\n');
  const cells = (lines[line - 1] as string).split('","');
  const last = cells.length - 1;
  cells[field] = field === 0 ? `"${value}` : field === last ? `${value}"` : value;
  lines[line - 1] = cells.join('","');
  return lines.join('\n');
}

describe('the CSV reader', () => {
  it('reads quoted commas, doubled quotes, multi-line fields and CRLF, reporting the line each record starts on', () => {
    const seen: [number, string[]][] = [];
    readCsv('a,"b,c"\r\n"x ""y""",2\n"multi\nline",3\nlast,4', 'inline.csv', (fields, line) => {
      seen.push([line, fields]);
    });
    expect(seen).toEqual([
      [1, ['a', 'b,c']],
      [2, ['x "y"', '2']],
      [3, ['multi\nline', '3']],
      [5, ['last', '4']],
    ]);
  });

  it('refuses a quoted field that never closes, naming the line it opened on', () => {
    const e = importErrorOf(() => readCsv('a,b\n"open,2\nmore\n', 'cut.csv', () => {}));
    expect(e.message).toBe('cut.csv, line 2: a quoted field is never closed (the file looks truncated)');
  });
});

describe('parseHoldingsCsv on real iShares excerpts', () => {
  it('reads the IWM preamble: fund, name, as-of date and shares outstanding', () => {
    const h = parseHoldingsCsv(readFixture(IWM_2026), IWM_2026);
    expect(h.fund).toBe('IWM');
    expect(h.fundName).toBe('iShares Russell 2000 ETF');
    expect(h.asOf).toBe('2026-05-05');
    expect(h.sharesOutstanding).toBe(278_750_000);
  });

  it('finds the header after the BOM and NBSP separator and reads quoted thousands', () => {
    const h = parseHoldingsCsv(readFixture(IWM_2026), IWM_2026);
    expect(h.rows[0]).toEqual({
      line: 11,
      ticker: 'BE',
      name: 'BLOOM ENERGY CLASS A CORP',
      sector: 'Industrials',
      assetClass: 'Equity',
      marketValue: 1_532_594_919.5,
      weightPct: 1.93,
      notional: 1_532_594_919.5,
      quantity: 5_190_838,
      price: 295.25,
      location: 'United States',
      exchange: 'NYSE',
      currency: 'USD',
    });
  });

  it('keeps every asset class in file order and stops at the blank line before the footer', () => {
    const h = parseHoldingsCsv(readFixture(IWM_2026), IWM_2026);
    expect(h.rows).toHaveLength(19);
    expect(h.rows.filter((r) => r.assetClass === 'Equity')).toHaveLength(14);
    expect(h.rows.filter((r) => r.assetClass !== 'Equity').map((r) => [r.ticker, r.assetClass])).toEqual([
      ['XTSLA', 'Money Market'],
      ['USD', 'Cash'],
      ['MSFUT', 'Cash Collateral and Margins'],
      ['CAD', 'Cash'],
      ['RTYM6', 'Futures'],
    ]);
    expect(h.rows.at(-1)?.line).toBe(29);
  });

  it('turns ticker "-" into null and price 0.00 into null, keeping the row', () => {
    const h = parseHoldingsCsv(readFixture(IWM_2026), IWM_2026);
    const arcellx = h.rows.find((r) => r.name === 'ARCELLX INC Prvt');
    expect(arcellx).toMatchObject({ ticker: null, price: 0.07, exchange: 'NO MARKET (E.G. UNLISTED)', marketValue: 65_585.87 });
    const sbt = h.rows.find((r) => r.ticker === 'SBT');
    expect(sbt).toMatchObject({ price: null, marketValue: 5.81, quantity: 580_763 });
    const futures = h.rows.find((r) => r.ticker === 'RTYM6');
    expect(futures).toMatchObject({ location: null, marketValue: 0, notional: 285_004_710, price: 2852.9 });
  });

  it('reads the pre-April-2026 exchange name as written', () => {
    const h = parseHoldingsCsv(readFixture(IWM_2025), IWM_2025);
    expect(h.asOf).toBe('2025-05-13');
    expect(h.sharesOutstanding).toBe(303_600_000);
    expect(h.rows.find((r) => r.ticker === 'HIMS')?.exchange).toBe('New York Stock Exchange Inc.');
    expect(h.rows.filter((r) => r.assetClass === 'Equity')).toHaveLength(16);
    expect(h.rows.filter((r) => r.ticker === null)).toHaveLength(5);
  });

  it('reads IWC: an empty separator line, a Shares column and a negative cash row', () => {
    const h = parseHoldingsCsv(readFixture(IWC_2026), IWC_2026);
    expect(h.fund).toBe('IWC');
    expect(h.fundName).toBe('iShares Micro-Cap ETF');
    expect(h.asOf).toBe('2026-01-20');
    expect(h.rows[0]).toMatchObject({ ticker: 'APLD', quantity: 605_366, price: 35.46 });
    expect(h.rows.find((r) => r.ticker === 'USD')).toMatchObject({ assetClass: 'Cash', marketValue: -71_618.22, weightPct: -0.01 });
    expect(h.rows.find((r) => r.name === 'IMARA INC')).toMatchObject({ ticker: null, price: null });
    expect(h.rows).toHaveLength(11);
  });

  it('reads a CRLF copy of the file exactly as the LF original', () => {
    const lf = readFixture(IWM_2026);
    expect(parseHoldingsCsv(lf.replaceAll('\n', '\r\n'), IWM_2026)).toEqual(parseHoldingsCsv(lf, IWM_2026));
  });

  it('finds columns by name, so a reordered header still reads', () => {
    const text = [
      'iShares Russell 2000 ETF',
      'Fund Holdings as of,"May 05, 2026"',
      '',
      'Name,Ticker,Asset Class,Weight (%),Price,Market Value,Quantity',
      '"BLOOM ENERGY CLASS A CORP","BE","Equity","1.93","295.25","1,532,594,919.50","5,190,838.00"',
    ].join('\n');
    const h = parseHoldingsCsv(text, 'IWM_holdings.csv');
    expect(h.rows[0]).toMatchObject({ ticker: 'BE', weightPct: 1.93, price: 295.25, quantity: 5_190_838, sector: null, exchange: null });
  });

  it('takes the fund from the file name prefix when the fund name is unknown (the demo file)', () => {
    const text = readFixture(IWM_2026).replace('iShares Russell 2000 ETF', 'Demo Small-Cap Fund (fictional)');
    expect(parseHoldingsCsv(text, '/x/DEMO_holdings_2026-05-05.csv').fund).toBe('DEMO');
    expect(parseHoldingsCsv(text, '/x/holdings.csv').fund).toBeNull();
  });
});

describe('parseHoldingsCsv refuses hostile input precisely', () => {
  it('names line and field for a non-numeric weight', () => {
    const text = withCell(readFixture(IWM_2026), 15, 5, 'n/a');
    const e = importErrorOf(() => parseHoldingsCsv(text, IWM_2026));
    expect(e.line).toBe(15);
    expect(e.field).toBe('Weight (%)');
    expect(e.message).toBe(`${IWM_2026}, line 15, field "Weight (%)": "n/a" is not a number`);
  });

  it('names the Shares/Quantity column for a bad quantity in IWC', () => {
    const text = withCell(readFixture(IWC_2026), 13, 7, '12.3.4');
    const e = importErrorOf(() => parseHoldingsCsv(text, IWC_2026));
    expect([e.line, e.field]).toEqual([13, 'Quantity']);
  });

  it('refuses a file without a header row', () => {
    const text = readFixture(IWM_2026).replace(/^Ticker,Name.*$/m, '');
    const e = importErrorOf(() => parseHoldingsCsv(text, IWM_2026));
    expect(e.reason).toMatch(/^no header row found/);
  });

  it('refuses a header that lacks a required column, naming it', () => {
    const text = readFixture(IWM_2026).replace('Weight (%),', 'Weighting,');
    const e = importErrorOf(() => parseHoldingsCsv(text, IWM_2026));
    expect([e.line, e.field, e.reason]).toEqual([10, 'Weight (%)', 'the header has no "Weight (%)" column']);
  });

  it('refuses an HTML page served as CSV', () => {
    const e = importErrorOf(() => parseHoldingsCsv('<!DOCTYPE html><html><body>Access denied</body></html>', 'IWM_holdings.csv'));
    expect(e.reason).toBe('looks like an HTML page, not an iShares holdings CSV');
  });

  it('refuses a row with a missing field, naming its line', () => {
    const lines = readFixture(IWM_2026).split('\n');
    lines[13] = (lines[13] as string).replace(/,"-"$/, '');
    const e = importErrorOf(() => parseHoldingsCsv(lines.join('\n'), IWM_2026));
    expect(e.message).toBe(`${IWM_2026}, line 14: has 14 fields where the header (line 10) has 15`);
  });

  it('refuses a file cut off in the middle of a row (an interrupted download)', () => {
    const text = readFixture(IWM_2026);
    const cut = text.slice(0, text.indexOf('"NXT","NEXTPOWER INC CLASS A","Indus') + 35);
    const e = importErrorOf(() => parseHoldingsCsv(cut, IWM_2026));
    expect([e.line, e.reason]).toEqual([15, 'a quoted field is never closed (the file looks truncated)']);
  });

  it('refuses a missing or malformed as-of date', () => {
    const text = readFixture(IWM_2026);
    expect(importErrorOf(() => parseHoldingsCsv(text.replace('Fund Holdings as of', 'Holdings'), IWM_2026)).field).toBe('Fund Holdings as of');
    const bad = importErrorOf(() => parseHoldingsCsv(text.replace('"May 05, 2026"', '"Mai 35, 2026"'), IWM_2026));
    expect([bad.line, bad.reason]).toEqual([2, '"Mai 35, 2026" has no month name I know']);
  });

  it('refuses a file whose name and fund disagree', () => {
    const e = importErrorOf(() => parseHoldingsCsv(readFixture(IWC_2026), 'IWM_holdings.csv'));
    expect(e.reason).toBe('the file name says fund IWM but the file is for "iShares Micro-Cap ETF" (IWC)');
  });
});

describe.skipIf(!HAS_REAL)(`parseHoldingsCsv on the full real files (${HAS_REAL ? REAL : SKIP_REAL_REASON})`, () => {
  const cases = [
    ['IWM_holdings_2025-05-13.csv', 'IWM', '2025-05-13', 1944, 1939],
    ['IWM_holdings_2025-11-05.csv', 'IWM', '2025-11-05', 1967, 1962],
    ['IWM_holdings_2026-01-21.csv', 'IWM', '2026-01-21', 1957, 1952],
    ['IWM_holdings_2026-05-05.csv', 'IWM', '2026-05-05', 1929, 1924],
    ['IWC_holdings_2026-01-20.csv', 'IWC', '2026-01-20', 1318, 1314],
  ] as const;
  it.each(cases)('%s parses with the row counts PROVENANCE.md states', (name, fund, asOf, all, equity) => {
    const file = path.join(REAL, 'ishares', name);
    const h = parseHoldingsCsv(fs.readFileSync(file, 'utf8'), file);
    expect([h.fund, h.asOf, h.rows.length, h.rows.filter((r) => r.assetClass === 'Equity').length]).toEqual([fund, asOf, all, equity]);
    const classes = new Set(h.rows.map((r) => r.assetClass));
    expect([...classes].sort()).toEqual(['Cash', 'Cash Collateral and Margins', 'Equity', 'Futures', 'Money Market']);
  });

  it('the exchange name changes from "New York Stock Exchange Inc." to "NYSE" between 2026-01-21 and 2026-05-05', () => {
    const exchanges = (name: string) => {
      const file = path.join(REAL, 'ishares', name);
      return new Set(parseHoldingsCsv(fs.readFileSync(file, 'utf8'), file).rows.map((r) => r.exchange));
    };
    expect(exchanges('IWM_holdings_2026-01-21.csv').has('New York Stock Exchange Inc.')).toBe(true);
    const may = exchanges('IWM_holdings_2026-05-05.csv');
    expect([may.has('NYSE'), may.has('New York Stock Exchange Inc.')]).toEqual([true, false]);
  });

  it('names line 812 and the field when the weight on line 812 of a real file is not a number', () => {
    const file = path.join(REAL, 'ishares', 'IWM_holdings_2026-05-05.csv');
    const text = withCell(fs.readFileSync(file, 'utf8'), 812, 5, 'abc');
    const e = importErrorOf(() => parseHoldingsCsv(text, file));
    expect(e.message).toBe(`${file}, line 812, field "Weight (%)": "abc" is not a number`);
  });
});
