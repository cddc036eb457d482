import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPrices } from '../../main/core/import/loaders.ts';
import { parsePriceCsv, sessionSettledAt } from '../../main/core/import/prices.ts';
import { fixture, importErrorOf, openTempMarketDb, readFixture, tempDir } from './helpers.ts';

// AIR_tail30.csv: header on line 1, 29 bars, the last (line 30) dated Friday 2024-03-08,
// before US daylight time began on Sunday 2024-03-10: the session settles at 22:00 UTC.
const AIR = 'AIR_tail30.csv';

describe('sessionSettledAt: 17:00 New York time, daylight time included', () => {
  it.each([
    ['2024-03-08', '2024-03-08T22:00:00.000Z'], // EST, the Friday before the switch
    ['2024-03-11', '2024-03-11T21:00:00.000Z'], // EDT from the second Sunday of March (10th)
    ['2024-07-15', '2024-07-15T21:00:00.000Z'],
    ['2024-11-01', '2024-11-01T21:00:00.000Z'], // still EDT: the first Sunday of November is the 3rd
    ['2024-11-04', '2024-11-04T22:00:00.000Z'],
    ['2026-03-09', '2026-03-09T21:00:00.000Z'], // 2026: DST from March 8
    ['2026-11-02', '2026-11-02T22:00:00.000Z'], // 2026: EST from November 1
  ])('%s settles at %s', (date, iso) => {
    expect(new Date(sessionSettledAt(date)).toISOString()).toBe(iso);
  });
});

describe('parsePriceCsv drops a last bar that may be intraday, only when told when the data was fetched', () => {
  it('drops the last bar fetched during its session, naming file, line and date', () => {
    const p = parsePriceCsv(readFixture(AIR), 'AIR.csv', { asOf: new Date('2024-03-08T19:30:00Z') });
    expect(p.bars).toHaveLength(28);
    expect(p.bars.at(-1)?.date).toBe('2024-03-07');
    expect(p.warnings).toEqual([
      'AIR.csv, line 30: the last bar (2024-03-08) may be intraday: the data was fetched at 2024-03-08T19:30:00.000Z, before that session settled (17:00 New York time); row dropped',
    ]);
  });

  it('keeps the last bar fetched once its session settled, and keeps everything without asOf', () => {
    expect(parsePriceCsv(readFixture(AIR), 'AIR.csv', { asOf: new Date('2024-03-08T22:00:00Z') }).bars).toHaveLength(29);
    expect(parsePriceCsv(readFixture(AIR), 'AIR.csv', { asOf: new Date('2024-03-08T21:59:59Z') }).bars).toHaveLength(28);
    expect(parsePriceCsv(readFixture(AIR), 'AIR.csv').bars).toHaveLength(29);
  });

  it('takes a YYYY-MM-DD asOf as "this day may be unfinished"', () => {
    expect(parsePriceCsv(readFixture(AIR), 'AIR.csv', { asOf: '2024-03-08' }).warnings).toEqual([
      'AIR.csv, line 30: the last bar (2024-03-08) may be intraday: it is dated on or after the as-of day 2024-03-08; row dropped',
    ]);
    expect(parsePriceCsv(readFixture(AIR), 'AIR.csv', { asOf: '2024-03-09' }).bars).toHaveLength(29);
    expect(importErrorOf(() => parsePriceCsv(readFixture(AIR), 'AIR.csv', { asOf: '03/08/2024' })).message).toBe(
      'AIR.csv, field "asOf": the as-of date "03/08/2024" is not YYYY-MM-DD',
    );
  });

  it('names the newest bar\'s own line in a newest-first Alpha Vantage file', () => {
    const p = parsePriceCsv(readFixture('IWC_daily_alphavantage_2020-12-11_head30.csv'), 'IWC.csv', { asOf: '2020-12-11' });
    expect([p.bars.length, p.bars.at(-1)?.date]).toEqual([28, '2020-12-10']);
    expect(p.warnings).toEqual(['IWC.csv, line 2: the last bar (2020-12-11) may be intraday: it is dated on or after the as-of day 2020-12-11; row dropped']);
  });
});

describe('importPrices checks the trailing bar against the fetch time', () => {
  /** AIR_tail30.csv copied with its modification time set to `mtime`. */
  function airSavedAt(mtime: string): string {
    const file = path.join(tempDir('intraday'), 'AIR.csv');
    fs.copyFileSync(fixture(AIR), file);
    fs.utimesSync(file, new Date(mtime), new Date(mtime));
    return file;
  }

  it('drops the last bar of a file saved during that session (by its modification time), and says so', () => {
    const db = openTempMarketDb();
    const file = airSavedAt('2024-03-08T15:00:00Z');
    const r = importPrices(db, file);
    expect([r.bars, r.warnings]).toEqual([
      28,
      [`${file}, line 30: the last bar (2024-03-08) may be intraday: the data was fetched at 2024-03-08T15:00:00.000Z, before that session settled (17:00 New York time); row dropped`],
    ]);
    expect(db.prepare('SELECT last_date, rows FROM price_series').get()).toEqual({ last_date: '2024-03-07', rows: 28 });
  });

  it('keeps it for a file saved after the close, with intraday "keep", for generated data, and per an explicit asOf', () => {
    const after = airSavedAt('2024-03-09T01:00:00Z');
    expect(importPrices(openTempMarketDb(), after).bars).toBe(29);
    const during = airSavedAt('2024-03-08T15:00:00Z');
    expect(importPrices(openTempMarketDb(), during, { intraday: 'keep' }).bars).toBe(29);
    expect(importPrices(openTempMarketDb(), during, { isFictional: true }).bars).toBe(29);
    // The caller's asOf wins over the modification time, both ways.
    expect(importPrices(openTempMarketDb(), during, { asOf: new Date('2024-03-08T23:00:00Z') }).bars).toBe(29);
    expect(importPrices(openTempMarketDb(), after, { asOf: '2024-03-08' }).bars).toBe(28);
  });

  it('fills the dropped day in from the next file, since bars are upserted by date', () => {
    const db = openTempMarketDb();
    importPrices(db, airSavedAt('2024-03-08T15:00:00Z'));
    importPrices(db, airSavedAt('2024-03-09T01:00:00Z'));
    expect(db.prepare("SELECT close FROM price WHERE ticker = 'AIR' AND date = '2024-03-08'").get()).toEqual({ close: 64.5 });
  });

  it('stores nothing, with a warning, for a file whose only bar may be intraday', () => {
    const db = openTempMarketDb();
    const file = path.join(tempDir('intraday'), 'NEWCO.csv');
    fs.writeFileSync(file, 'Date,Open,High,Low,Close,Adj Close,Volume\n2026-11-20,10,11,9.5,10.5,10.5,1000\n');
    const r = importPrices(db, file, { asOf: '2026-11-20' });
    expect([r.series, r.bars]).toEqual([0, 0]);
    expect(r.warnings).toEqual([
      `${file}, line 2: the last bar (2026-11-20) may be intraday: it is dated on or after the as-of day 2026-11-20; row dropped`,
      `${file}: no bars left once the intraday bar was dropped; nothing stored for NEWCO`,
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM price_series').get()).toEqual({ n: 0 });
  });
});

describe('parsePriceCsv on what a throttled API sends instead of a CSV', () => {
  it('says an Alpha Vantage rate-limit note is a JSON message, quoting it', () => {
    const note = '{\n    "Note": "Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day."\n}';
    const e = importErrorOf(() => parsePriceCsv(note, 'IWC.csv'));
    expect(e.message).toBe(
      'IWC.csv, line 1: looks like a JSON response, not a price CSV (an API error or rate-limit message?): { "Note": "Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day." }',
    );
  });
});
