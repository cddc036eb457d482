import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decimal, parsePriceCsv, tickerFromFileName } from '../../main/core/import/prices.ts';
import { HAS_REAL, REAL, SKIP_REAL_REASON, importErrorOf, readFixture } from './helpers.ts';

const YAHOO_HEADER = 'Date,Open,High,Low,Close,Adj Close,Volume';

describe('parsePriceCsv detects each real layout by its header', () => {
  it('reads yfinance raw (Date,Close,High,Low,Open,Volume) by column name, not position', () => {
    const p = parsePriceCsv(readFixture('IWM_daily_yfinance_2026-08-21_head30.csv'), 'IWM.csv');
    expect(p.layout).toBe('yfinance');
    expect(p.bars).toHaveLength(29);
    expect(p.bars[0]).toEqual({ date: '2000-05-26', open: 45.53125, high: 45.71875, low: 45.3125, close: 45.71875, adjClose: null, volume: 74800 });
    expect(p.warnings).toEqual([]);
  });

  it('reads Yahoo with Adj Close and float volumes ("74800.0")', () => {
    const p = parsePriceCsv(readFixture('IWM_daily_yahoo_adjclose_2022-11-18_head30.csv'), 'IWM.csv');
    expect(p.layout).toBe('yahoo');
    expect(p.bars[0]).toEqual({ date: '2000-05-26', open: 45.53125, high: 45.71875, low: 45.3125, close: 45.71875, adjClose: 34.40634, volume: 74800 });
    expect(p.bars[1]?.volume).toBe(57600);
  });

  it('reverses Alpha Vantage (newest first) into ascending order and ignores its extra columns', () => {
    const p = parsePriceCsv(readFixture('IWC_daily_alphavantage_2020-12-11_head30.csv'), 'IWC.csv');
    expect(p.layout).toBe('alphavantage');
    expect(p.bars).toHaveLength(29);
    expect(p.bars.at(-1)).toEqual({ date: '2020-12-11', open: 116.47, high: 116.9029, low: 114.57, close: 115.48, adjClose: 115.48, volume: 45945 });
    expect(p.bars[0]?.date).toBe('2020-11-02');
    expect(p.bars.every((b, i) => i === 0 || (p.bars[i - 1] as { date: string }).date < b.date)).toBe(true);
  });

  it('drops the " 00:00:00" time that some Yahoo exports put after the date', () => {
    const p = parsePriceCsv(readFixture('IWC_daily_yahoo_2021-04-27_head30.csv'), 'IWC.csv');
    expect(p.layout).toBe('yahoo');
    expect(p.bars[0]).toMatchObject({ date: '2016-04-28', close: 70.77999877929688, adjClose: 66.83211517333984, volume: 30700 });
  });

  it('reads a file whose last line has no newline (dieperdev small caps)', () => {
    const p = parsePriceCsv(readFixture('AIR_tail30.csv'), 'AIR.csv');
    expect(p.bars).toHaveLength(29);
    expect(p.bars.at(-1)).toEqual({ date: '2024-03-08', open: 66.360001, high: 66.449997, low: 64.07, close: 64.5, adjClose: 64.5, volume: 195600 });
  });

  it('reads CRLF line endings and a BOM the same as LF', () => {
    const lf = readFixture('AIR_tail30.csv');
    const crlf = `\uFEFF${lf.replaceAll('\n', '\r\n')}`;
    expect(parsePriceCsv(crlf, 'AIR.csv')).toEqual(parsePriceCsv(lf, 'AIR.csv'));
  });

  it('reads the Stooq layout', () => {
    const p = parsePriceCsv('Date,Open,High,Low,Close,Volume\n2024-03-07,65.9,66.19,65.56,66.03,140800\n2024-03-08,66.36,66.45,64.07,64.5,195600\n', 'air.us.csv');
    expect(p.layout).toBe('stooq');
    expect(p.bars.map((b) => b.close)).toEqual([66.03, 64.5]);
  });

  it('refuses the close-only IWC file: no Open/High/Low means no candles', () => {
    const e = importErrorOf(() => parsePriceCsv(readFixture('IWC_adjclose_only_2026-08-03_head30.csv'), 'IWC_adjclose_only.csv'));
    expect([e.line, e.field]).toEqual([1, 'Open']);
    expect(e.reason).toBe('the header ("Date,Close") has no Open/High/Low column: this layout is close-only and cannot be drawn as candles');
  });
});

describe('parsePriceCsv on hostile input', () => {
  it('refuses an HTML page served as CSV with a clear reason', () => {
    const e = importErrorOf(() => parsePriceCsv('\n  <!DOCTYPE html>\n<html><head><title>Just a moment...</title></head></html>', 'AIR.csv'));
    expect(e.message).toBe('AIR.csv, line 1: looks like an HTML page, not a price CSV (an error or bot-check page saved as CSV?)');
  });

  it('skips Yahoo "null" rows with a warning naming the line', () => {
    const text = `${YAHOO_HEADER}\n2024-03-06,1,2,0.5,1.5,1.5,100\n2024-03-07,null,null,null,null,null,null\n2024-03-08,1,2,0.5,1.6,1.6,200\n`;
    const p = parsePriceCsv(text, 'AIR.csv');
    expect(p.bars.map((b) => b.date)).toEqual(['2024-03-06', '2024-03-08']);
    expect(p.warnings).toEqual(['AIR.csv, line 3: no prices for 2024-03-07 ("2024-03-07,null,null,null,null,null,null"); row skipped']);
  });

  it('refuses two different rows for one date, naming both lines', () => {
    const text = `${YAHOO_HEADER}\n2024-03-07,1,2,0.5,1.5,1.5,100\n2024-03-08,1,2,0.5,1.6,1.6,200\n2024-03-07,1,2,0.5,1.7,1.7,100\n`;
    const e = importErrorOf(() => parsePriceCsv(text, 'AIR.csv'));
    expect(e.message).toBe('AIR.csv, line 4, field "Date": lines 2 and 4 both have date 2024-03-07 with different values');
  });

  it('drops an exact duplicate row with a warning', () => {
    const text = `${YAHOO_HEADER}\n2024-03-07,1,2,0.5,1.5,1.5,100\n2024-03-07,1,2,0.5,1.5,1.5,100\n2024-03-08,1,2,0.5,1.6,1.6,200\n`;
    const p = parsePriceCsv(text, 'AIR.csv');
    expect(p.bars).toHaveLength(2);
    expect(p.warnings).toEqual(['AIR.csv, line 3: repeats line 2 (2024-03-07) exactly; dropped']);
  });

  it('names the line and field when High is below Low', () => {
    const text = `${YAHOO_HEADER}\n2024-03-07,1,2,0.5,1.5,1.5,100\n2024-03-08,1,0.4,0.5,0.45,0.45,200\n`;
    const e = importErrorOf(() => parsePriceCsv(text, 'AIR.csv'));
    expect(e.message).toBe('AIR.csv, line 3, field "High": High 0.4 is below Low 0.5');
  });

  it('names the line and field when a close is zero or negative', () => {
    const text = 'Date,Close,High,Low,Open,Volume\n2024-03-07,0,2,0.5,1,100\n';
    const e = importErrorOf(() => parsePriceCsv(text, 'IWM.csv'));
    expect(e.message).toBe('IWM.csv, line 2, field "Close": Close 0 is not a positive price');
    expect(importErrorOf(() => parsePriceCsv(text.replace(',0,', ',-3,'), 'IWM.csv')).field).toBe('Close');
  });

  it('names the line and field of a value that is not a number', () => {
    const text = `${YAHOO_HEADER}\n2024-03-07,1,2,0.5,1.5,1.5,100\n2024-03-08,1,2,0.5,1.6,1.6,12k\n`;
    const e = importErrorOf(() => parsePriceCsv(text, 'AIR.csv'));
    expect(e.message).toBe('AIR.csv, line 3, field "Volume": "12k" is not a number');
  });

  it('does not mistake Stooq bulk headers (<TICKER>,<DATE>,…) for HTML, and says what is missing', () => {
    const e = importErrorOf(() => parsePriceCsv('<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\nAIR.US,D,20240308,000000,66.36,66.45,64.07,64.5,195600,0\n', 'air.us.txt'));
    expect(e.reason).toMatch(/is not a price header: it has no Date or timestamp column$/);
  });

  it('refuses a header missing only some of Open/High/Low, naming the first', () => {
    const e = importErrorOf(() => parsePriceCsv('Date,Open,Close,Volume\n2024-03-08,66.36,64.5,195600\n', 'AIR.csv'));
    expect([e.field, e.reason]).toEqual(['High', 'the header ("Date,Open,Close,Volume") has no High/Low column: a daily bar needs Open, High, Low and Close']);
  });

  it('refuses a file without a header, and a header without a date column', () => {
    const noHeader = importErrorOf(() => parsePriceCsv('2024-03-07,1,2,0.5,1.5,1.5,100\n', 'AIR.csv'));
    expect(noHeader.line).toBe(1);
    expect(noHeader.reason).toMatch(/^has no header: the first line is already data/);
    const noDate = importErrorOf(() => parsePriceCsv('Day,Open,High,Low,Close\n1,1,1,1,1\n', 'AIR.csv'));
    expect(noDate.reason).toBe('the first line ("Day,Open,High,Low,Close") is not a price header: it has no Date or timestamp column');
  });

  it('refuses a bad date and a short row, naming the line', () => {
    const bad = importErrorOf(() => parsePriceCsv(`${YAHOO_HEADER}\n2024-02-30,1,2,0.5,1.5,1.5,100\n`, 'AIR.csv'));
    expect([bad.line, bad.field, bad.reason]).toEqual([2, 'Date', '"2024-02-30" is not a YYYY-MM-DD date']);
    const short = importErrorOf(() => parsePriceCsv(`${YAHOO_HEADER}\n2024-03-07,1,2,0.5\n`, 'AIR.csv'));
    expect(short.message).toBe('AIR.csv, line 2: has 4 fields where the header (line 1) has 7');
  });

  it('refuses an empty file and a header with no rows', () => {
    expect(importErrorOf(() => parsePriceCsv('', 'AIR.csv')).reason).toBe('is empty: no header and no price rows');
    expect(importErrorOf(() => parsePriceCsv(`${YAHOO_HEADER}\n`, 'AIR.csv')).reason).toBe('has a header but no price rows');
  });

  it('sorts rows that are in no order, with a warning', () => {
    const text = `${YAHOO_HEADER}\n2024-03-07,1,2,0.5,1.5,1.5,100\n2024-03-05,1,2,0.5,1.6,1.6,200\n2024-03-08,1,2,0.5,1.6,1.6,200\n`;
    const p = parsePriceCsv(text, 'AIR.csv');
    expect(p.bars.map((b) => b.date)).toEqual(['2024-03-05', '2024-03-07', '2024-03-08']);
    expect(p.warnings).toEqual(['AIR.csv: rows are not in date order; sorted by date']);
  });
});

describe('tickerFromFileName', () => {
  it.each([
    ['/data/prices/AIR.csv', 'AIR'],
    ['IWM_daily_yfinance_2026-08-21.csv', 'IWM'],
    ['IWC_adjclose_only_2026-08-03.csv', 'IWC'],
    ['brk-b.us.txt', 'BRK-B'],
    ['BRK.B.csv', 'BRK.B'],
    ['^DEMO.csv', '^DEMO'],
    ['portfolio-xray_IWM_holdings.csv', null],
    ['.csv', null],
  ])('%s → %s', (file, ticker) => {
    expect(tickerFromFileName(file)).toBe(ticker);
  });
});

describe('decimal', () => {
  it('equals Number() for decimals, including 17-digit yfinance floats, and falls back for exponents', () => {
    for (const s of ['17.812500', '74800.0', '71.06999969482422', '299.9599914550781', '-0.5', '0', '1.', '.5', '1e3', '123456789012345678901']) {
      expect(Object.is(decimal(s), Number(s))).toBe(true);
    }
    expect(decimal('')).toBeNaN();
    expect(decimal('12k')).toBeNaN();
  });
});

describe.skipIf(!HAS_REAL)(`parsePriceCsv on the full real files (${HAS_REAL ? REAL : SKIP_REAL_REASON})`, () => {
  const etf = [
    ['IWM_daily_yfinance_2026-08-21.csv', 'yfinance', 6598, '2000-05-26', '2026-08-21'],
    ['SPY_daily_yfinance_2026-08-21.csv', 'yfinance', 8448, '1993-01-29', '2026-08-21'],
    ['QQQ_daily_yfinance_2026-08-21.csv', 'yfinance', 6906, '1999-03-10', '2026-08-21'],
    ['IWM_daily_yahoo_adjclose_2022-11-18.csv', 'yahoo', 5658, '2000-05-26', '2022-11-18'],
    ['IWC_daily_alphavantage_2020-12-11.csv', 'alphavantage', 3859, '2005-08-16', '2020-12-11'],
    ['IWC_daily_yahoo_2021-04-27.csv', 'yahoo', 1258, '2016-04-28', '2021-04-27'],
  ] as const;
  it.each(etf)('%s parses as %s with %i bars from %s to %s', (name, layout, rows, first, last) => {
    const file = path.join(REAL, 'prices', 'etf', name);
    const p = parsePriceCsv(fs.readFileSync(file, 'utf8'), file);
    expect([p.layout, p.bars.length, p.bars[0]?.date, p.bars.at(-1)?.date, p.warnings]).toEqual([layout, rows, first, last, []]);
  });

  it('refuses IWC_adjclose_only: the layout is close-only', () => {
    const file = path.join(REAL, 'prices', 'etf', 'IWC_adjclose_only_2026-08-03.csv');
    const e = importErrorOf(() => parsePriceCsv(fs.readFileSync(file, 'utf8'), file));
    expect([e.line, e.field]).toEqual([1, 'Open']);
    expect(e.reason).toMatch(/close-only/);
  });

  const smallcaps: Record<string, number> = {
    AIR: 6084, BE: 1415, CALM: 6084, CMC: 6084, CNX: 6084, CRDO: 531, EAT: 6084, ENSG: 4109, EPRT: 1438, FN: 3449,
    GTLS: 4435, HIMS: 1129, HWC: 6084, IONQ: 800, LUMN: 6084, NJR: 6084, ONB: 6084, PCVX: 941, RHP: 6084, SFM: 2669,
  };
  it.each(Object.entries(smallcaps))('small cap %s parses with %i Yahoo bars ending 2024-03-08', (ticker, rows) => {
    const file = path.join(REAL, 'prices', 'smallcaps_yahoo_2024-03-08', `${ticker}.csv`);
    const p = parsePriceCsv(fs.readFileSync(file, 'utf8'), file);
    expect([tickerFromFileName(file), p.layout, p.bars.length, p.bars.at(-1)?.date]).toEqual([ticker, 'yahoo', rows, '2024-03-08']);
  });

  it('keeps the zero-volume days HIMS really has (63)', () => {
    const file = path.join(REAL, 'prices', 'smallcaps_yahoo_2024-03-08', 'HIMS.csv');
    expect(parsePriceCsv(fs.readFileSync(file, 'utf8'), file).bars.filter((b) => b.volume === 0)).toHaveLength(63);
  });
});
