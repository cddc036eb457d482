import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../main/core/db/sqlite.ts';
import { importCompanyFacts, importHoldingsFile, importPrices, importTickers } from '../../main/core/import/loaders.ts';
import { HAS_REAL, REAL, SKIP_REAL_REASON, dumpTables, fixture, importErrorOf, openTempMarketDb, readFixture, tempDir } from './helpers.ts';

const IWM_2026 = 'IWM_holdings_2026-05-05_excerpt.csv';
const SNOW = 'CIK0001640147_SNOW_trimmed.json';
const LPA = 'CIK0001997711_LPA_trimmed.json';

interface LogRow {
  kind: string;
  source: string;
  ok: number;
  rows: number;
  message: string;
  started_at: string;
  finished_at: string;
}

function logRows(db: Db): LogRow[] {
  return db.prepare('SELECT kind, source, ok, rows, message, started_at, finished_at FROM import_log ORDER BY id').all() as LogRow[];
}

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Copies fixtures into a fresh folder (optionally under new names) and returns its path. */
function folderWith(files: Record<string, string>): string {
  const dir = tempDir('src');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/**
 * A ~900-row holdings file made from the IWM excerpt: its ten equity rows repeated 90
 * times, then its other rows and the footer. Line numbers past 10 are data rows.
 */
function bigHoldingsText(): string {
  const lines = readFixture(IWM_2026).split('\n');
  const head = lines.slice(0, 10);
  const equities = lines.slice(10, 20);
  const rest = lines.slice(20);
  return [...head, ...Array.from({ length: 90 }, () => equities).flat(), ...rest].join('\n');
}

/** Sets the weight (6th cell) on 1-based `line`. */
function withWeight(text: string, line: number, value: string): string {
  const lines = text.split('\n');
  const cells = (lines[line - 1] as string).split('","');
  cells[5] = value;
  lines[line - 1] = cells.join('","');
  return lines.join('\n');
}

describe('importHoldingsFile', () => {
  it('stores the snapshot with its sha256 and every row of every asset class', () => {
    const db = openTempMarketDb();
    const file = fixture(IWM_2026);
    const r = importHoldingsFile(db, file);
    expect(r).toEqual({ snapshotId: 1, fund: 'IWM', asOf: '2026-05-05', rows: 19 });
    const snap = db.prepare('SELECT fund, fund_name, as_of, shares_outstanding, is_fictional, source_file, sha256 FROM holdings_snapshot').get();
    expect(snap).toEqual({
      fund: 'IWM',
      fund_name: 'iShares Russell 2000 ETF',
      as_of: '2026-05-05',
      shares_outstanding: 278_750_000,
      is_fictional: 0,
      source_file: IWM_2026,
      sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
    });
    expect(db.prepare("SELECT COUNT(*) AS n FROM holding WHERE asset_class = 'Equity'").get()).toEqual({ n: 14 });
    expect(db.prepare("SELECT line, ticker, market_value, weight_pct, quantity, price, exchange FROM holding WHERE ticker = 'BE'").get()).toEqual({
      line: 11,
      ticker: 'BE',
      market_value: 1_532_594_919.5,
      weight_pct: 1.93,
      quantity: 5_190_838,
      price: 295.25,
      exchange: 'NYSE',
    });
    expect(db.prepare("SELECT price FROM holding WHERE ticker = 'THRD'").get()).toEqual({ price: null });
    expect(db.prepare('SELECT COUNT(*) AS n FROM holding WHERE ticker IS NULL').get()).toEqual({ n: 2 });
    expect(logRows(db).map((l) => [l.kind, l.source, l.ok, l.rows, l.message])).toEqual([['holdings', file, 1, 19, 'IWM as of 2026-05-05: 19 rows']]);
  });

  it('replaces the snapshot with the same fund and date, and keeps other dates', () => {
    const db = openTempMarketDb();
    importHoldingsFile(db, fixture(IWM_2026));
    const again = importHoldingsFile(db, fixture(IWM_2026), { isFictional: true });
    const older = importHoldingsFile(db, fixture('IWM_holdings_2025-05-13_excerpt.csv'));
    expect(db.prepare('SELECT id, as_of, is_fictional FROM holdings_snapshot ORDER BY as_of').all()).toEqual([
      { id: older.snapshotId, as_of: '2025-05-13', is_fictional: 0 },
      { id: again.snapshotId, as_of: '2026-05-05', is_fictional: 1 },
    ]);
    expect(count(db, 'holding')).toBe(19 + 18);
  });

  it('refuses a file whose fund cannot be told, and logs the refusal', () => {
    const db = openTempMarketDb();
    const dir = folderWith({ 'holdings.csv': readFixture(IWM_2026).replace('iShares Russell 2000 ETF', 'Some Other Fund') });
    const e = importErrorOf(() => importHoldingsFile(db, path.join(dir, 'holdings.csv')));
    expect(e.reason).toMatch(/^cannot tell which fund this is: "Some Other Fund" is not a fund I know/);
    expect(logRows(db).map((l) => [l.ok, l.rows, l.message])).toEqual([[0, 0, e.message]]);
  });

  it('a bad number at row 800 leaves the database exactly as it was, and logs the failure after the rollback', () => {
    const db = openTempMarketDb();
    const dir = tempDir('holdings');
    const good = path.join(dir, 'IWM_holdings_2026-05-05.csv');
    const bad = path.join(dir, 'IWM_holdings_2026-05-05_bad.csv');
    fs.writeFileSync(good, bigHoldingsText());
    fs.writeFileSync(bad, withWeight(bigHoldingsText(), 800, 'oops'));
    expect(importHoldingsFile(db, good).rows).toBe(909);
    importTickers(db, fixture('company_tickers_excerpt.json'));
    const before = dumpTables(db, { skipTables: ['import_log'] });

    const e = importErrorOf(() => importHoldingsFile(db, bad));
    expect(e.message).toBe(`${bad}, line 800, field "Weight (%)": "oops" is not a number`);
    expect(dumpTables(db, { skipTables: ['import_log'] })).toBe(before);
    const last = logRows(db).at(-1) as LogRow;
    expect([last.kind, last.source, last.ok, last.message]).toEqual(['holdings', bad, 0, e.message]);
  });

  it('a database failure while writing row 800 rolls back the delete of the old snapshot too', () => {
    const db = openTempMarketDb();
    const dir = tempDir('holdings');
    const file = path.join(dir, 'IWM_holdings_2026-05-05.csv');
    fs.writeFileSync(file, bigHoldingsText());
    importHoldingsFile(db, file);
    db.exec(`CREATE TRIGGER fail_at_800 BEFORE INSERT ON holding WHEN NEW.line = 800
             BEGIN SELECT RAISE(ABORT, 'injected failure at line 800'); END`);
    const before = dumpTables(db, { skipTables: ['import_log'] });

    // Same fund and date: the import first deletes the stored snapshot, then fails part-way.
    const e = importErrorOf(() => importHoldingsFile(db, file));
    expect([e.file, e.reason]).toEqual([file, 'injected failure at line 800']);
    expect(dumpTables(db, { skipTables: ['import_log'] })).toBe(before);
    expect(count(db, 'holding')).toBe(909);
    expect(logRows(db).map((l) => l.ok)).toEqual([1, 0]);
  });
});

describe('importCompanyFacts', () => {
  const both = () => folderWith({ [SNOW]: readFixture(SNOW), [LPA]: readFixture(LPA) });

  it('stores a folder of companies with their facts, taxonomy and fictional flag', () => {
    const db = openTempMarketDb();
    const progress: [number, number][] = [];
    const r = importCompanyFacts(db, both(), { isFictional: true, onProgress: (d, t) => progress.push([d, t]) });
    // LPA files in ifrs-full with COP/CRC/PEN amounts: stored, and reported as such.
    expect(r).toEqual({
      companies: 2,
      facts: 43 + 45,
      warnings: [
        expect.stringMatching(/Logistic Properties of the Americas \(CIK 1997711\) reports in ifrs-full, not us-gaap/),
        expect.stringMatching(/amounts in COP, CRC, PEN are stored in their own currency/),
      ],
    });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(db.prepare('SELECT cik, name, taxonomy, is_fictional, source_file FROM company ORDER BY cik').all()).toEqual([
      { cik: 1640147, name: 'SNOWFLAKE INC.', taxonomy: 'us-gaap', is_fictional: 1, source_file: SNOW },
      { cik: 1997711, name: 'Logistic Properties of the Americas', taxonomy: 'ifrs-full', is_fictional: 1, source_file: LPA },
    ]);
    expect(
      db.prepare("SELECT start, end, val, frame FROM fact WHERE cik = 1640147 AND tag = 'Assets' AND accn = '0001640147-21-000073' ORDER BY end").all(),
    ).toEqual([
      { start: '', end: '2020-01-31', val: 1012720000, frame: 'CY2019Q4I' },
      { start: '', end: '2021-01-31', val: 5921739000, frame: null },
    ]);
    expect(db.prepare("SELECT COUNT(*) AS n FROM fact WHERE cik = 1997711 AND unit IN ('COP', 'CRC', 'PEN')").get()).toEqual({ n: 15 });
    expect(logRows(db).map((l) => [l.kind, l.ok, l.rows, l.message])).toEqual([['companyfacts', 1, 88, expect.stringMatching(/^2 companies, 88 facts/)]]);
  });

  it('importing the same file twice leaves the database as importing it once', () => {
    const db = openTempMarketDb();
    const file = fixture(SNOW);
    importCompanyFacts(db, file);
    const once = dumpTables(db, { skipTables: ['import_log'], omitColumns: ['imported_at'] });
    expect(importCompanyFacts(db, file).facts).toBe(43);
    expect(dumpTables(db, { skipTables: ['import_log'], omitColumns: ['imported_at'] })).toBe(once);
    expect(count(db, 'fact')).toBe(43);
  });

  it('re-importing a company replaces its facts (a restated file drops what it no longer has)', () => {
    const db = openTempMarketDb();
    importCompanyFacts(db, fixture(SNOW));
    const json = JSON.parse(readFixture(SNOW));
    delete json.facts['us-gaap'].Liabilities;
    const dir = folderWith({ [SNOW]: JSON.stringify(json) });
    expect(importCompanyFacts(db, path.join(dir, SNOW)).facts).toBe(37);
    expect(db.prepare("SELECT COUNT(*) AS n FROM fact WHERE tag = 'Liabilities'").get()).toEqual({ n: 0 });
  });

  it('a truncated file anywhere in a folder rolls back the whole import and names that file', () => {
    const db = openTempMarketDb();
    importCompanyFacts(db, fixture(SNOW));
    const before = dumpTables(db, { skipTables: ['import_log'] });
    const changed = JSON.parse(readFixture(SNOW));
    changed.entityName = 'CHANGED';
    const lpa = readFixture(LPA);
    const dir = folderWith({ [SNOW]: JSON.stringify(changed), [LPA]: lpa.slice(0, lpa.length - 500) });

    const e = importErrorOf(() => importCompanyFacts(db, dir));
    expect(e.file).toBe(path.join(dir, LPA));
    expect(e.reason).toMatch(/the file looks truncated/);
    expect(dumpTables(db, { skipTables: ['import_log'] })).toBe(before);
    expect(db.prepare('SELECT name FROM company').all()).toEqual([{ name: 'SNOWFLAKE INC.' }]);
    expect(logRows(db).map((l) => [l.ok, l.source])).toEqual([
      [1, fixture(SNOW)],
      [0, dir],
    ]);
  });

  it('stores a repeated fact once: silently counted when equal, kept-first with a warning when not', () => {
    const db = openTempMarketDb();
    const json = JSON.parse(readFixture(SNOW));
    const usd = json.facts['us-gaap'].Assets.units.USD;
    usd.push({ ...usd[0] });
    usd.push({ ...usd[2], val: 1 });
    const dir = folderWith({ 'dup.json': JSON.stringify(json) });
    const r = importCompanyFacts(db, path.join(dir, 'dup.json'));
    expect(r.facts).toBe(43);
    expect(r.warnings).toEqual([
      `${path.join(dir, 'dup.json')}: us-gaap:Assets [USD] instant..2020-10-31 in filing 0001640147-20-000023 appears twice (5712889000 and 1); kept the first`,
      `${path.join(dir, 'dup.json')}: 1 exact duplicate fact(s) stored once`,
    ]);
    expect(db.prepare("SELECT val FROM fact WHERE tag = 'Assets' AND end = '2020-10-31'").get()).toEqual({ val: 5712889000 });
  });
});

describe('importPrices', () => {
  const three = () =>
    folderWith({
      'AIR.csv': readFixture('AIR_tail30.csv'),
      'IWM_daily_yfinance_2026-08-21.csv': readFixture('IWM_daily_yfinance_2026-08-21_head30.csv'),
      'IWC_daily_alphavantage_2020-12-11.csv': readFixture('IWC_daily_alphavantage_2020-12-11_head30.csv'),
    });

  it('loads a folder, taking each ticker from its file name, and describes each series', () => {
    const db = openTempMarketDb();
    const r = importPrices(db, three(), { isFictional: true });
    expect(r).toEqual({ series: 3, bars: 87, warnings: [] });
    expect(db.prepare('SELECT ticker, layout, source_file, first_date, last_date, rows, is_fictional FROM price_series ORDER BY ticker').all()).toEqual([
      { ticker: 'AIR', layout: 'yahoo', source_file: 'AIR.csv', first_date: '2024-01-29', last_date: '2024-03-08', rows: 29, is_fictional: 1 },
      { ticker: 'IWC', layout: 'alphavantage', source_file: 'IWC_daily_alphavantage_2020-12-11.csv', first_date: '2020-11-02', last_date: '2020-12-11', rows: 29, is_fictional: 1 },
      { ticker: 'IWM', layout: 'yfinance', source_file: 'IWM_daily_yfinance_2026-08-21.csv', first_date: '2000-05-26', last_date: '2000-07-07', rows: 29, is_fictional: 1 },
    ]);
    expect(db.prepare("SELECT open, high, low, close, adj_close, volume FROM price WHERE ticker = 'IWM' AND date = '2000-05-26'").get()).toEqual({
      open: 45.53125,
      high: 45.71875,
      low: 45.3125,
      close: 45.71875,
      adj_close: null,
      volume: 74800,
    });
  });

  it('upserts by date, so a newer file extends the series and corrects overlapping days', () => {
    const db = openTempMarketDb();
    const lines = readFixture('AIR_tail30.csv').split('\n');
    const dir = folderWith({ 'AIR.csv': lines.slice(0, 16).join('\n') });
    expect(importPrices(db, path.join(dir, 'AIR.csv')).bars).toBe(15);
    expect(db.prepare('SELECT last_date, rows FROM price_series').get()).toEqual({ last_date: '2024-02-16', rows: 15 });

    lines[1] = '2024-01-29,58.099998,59.610001,57.759998,59.5,59.5,208500';
    fs.writeFileSync(path.join(dir, 'AIR.csv'), lines.join('\n'));
    expect(importPrices(db, path.join(dir, 'AIR.csv')).bars).toBe(29);
    expect(db.prepare('SELECT first_date, last_date, rows FROM price_series').get()).toEqual({ first_date: '2024-01-29', last_date: '2024-03-08', rows: 29 });
    expect(db.prepare("SELECT close FROM price WHERE date = '2024-01-29'").get()).toEqual({ close: 59.5 });
    expect(count(db, 'price')).toBe(29);
  });

  it('one bad file in a folder rolls back every file of the call and names the bad one', () => {
    const db = openTempMarketDb();
    importPrices(db, fixture('AIR_tail30.csv'), { ticker: 'AIR' });
    const before = dumpTables(db, { skipTables: ['import_log'] });
    const dir = three();
    fs.writeFileSync(path.join(dir, 'IWC_adjclose_only_2026-08-03.csv'), readFixture('IWC_adjclose_only_2026-08-03_head30.csv'));
    const e = importErrorOf(() => importPrices(db, dir));
    expect([e.file, e.line, e.field]).toEqual([path.join(dir, 'IWC_adjclose_only_2026-08-03.csv'), 1, 'Open']);
    expect(dumpTables(db, { skipTables: ['import_log'] })).toBe(before);
    expect(logRows(db).map((l) => l.ok)).toEqual([1, 0]);
  });

  it('returns the warnings of skipped null rows', () => {
    const db = openTempMarketDb();
    const dir = folderWith({ 'HWC.csv': 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-03-07,1,2,0.5,1.5,1.5,100\n2024-03-08,null,null,null,null,null,null\n' });
    const r = importPrices(db, dir);
    expect([r.bars, r.warnings]).toEqual([1, [`${path.join(dir, 'HWC.csv')}, line 3: no prices for 2024-03-08 ("2024-03-08,null,null,null,null,null,null"); row skipped`]]);
    expect((logRows(db)[0] as LogRow).message).toMatch(/^1 series, 1 bars; 1 warning\(s\):\n.*line 3: no prices/);
  });

  it('takes an explicit ticker for one file, and refuses one for a folder', () => {
    const db = openTempMarketDb();
    importPrices(db, fixture('IWC_daily_yahoo_2021-04-27_head30.csv'), { ticker: 'iwc' });
    expect(db.prepare('SELECT ticker, rows FROM price_series').all()).toEqual([{ ticker: 'IWC', rows: 29 }]);
    expect(importErrorOf(() => importPrices(db, three(), { ticker: 'X' })).reason).toBe('a ticker can only be given for a single file, not a folder');
    expect(importErrorOf(() => importPrices(db, fixture('AIR_tail30.csv'), { ticker: 'AIR; DROP' })).reason).toBe(
      '"AIR; DROP" is not a ticker (letters, digits, caret, dot, dash or slash)',
    );
  });

  it('names a missing path', () => {
    const db = openTempMarketDb();
    const e = importErrorOf(() => importPrices(db, '/nonexistent/AIR.csv'));
    expect([e.file, e.reason]).toEqual(['/nonexistent/AIR.csv', expect.stringMatching(/^cannot be read: ENOENT/)]);
  });
});

describe('importTickers', () => {
  it('fills ticker_map with ticker, CIK, title and source', () => {
    const db = openTempMarketDb();
    expect(importTickers(db, fixture('company_tickers_excerpt.json'))).toEqual({ entries: 17 });
    expect(db.prepare("SELECT * FROM ticker_map WHERE ticker = 'BE'").get()).toEqual({
      ticker: 'BE',
      cik: 1664703,
      title: 'Bloom Energy Corp',
      source: 'company_tickers_excerpt.json',
    });
    importTickers(db, fixture('company_tickers_excerpt.json'));
    expect(count(db, 'ticker_map')).toBe(17);
  });
});

describe.skipIf(!HAS_REAL)(`loaders on the full real files (${HAS_REAL ? REAL : SKIP_REAL_REASON})`, () => {
  it('load every holdings file, the ticker map, all company facts and the small-cap prices', () => {
    const db = openTempMarketDb();
    const dir = path.join(REAL, 'ishares');
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.csv'))) importHoldingsFile(db, path.join(dir, f));
    expect(
      db
        .prepare(
          "SELECT s.fund, s.as_of, COUNT(*) AS equities FROM holdings_snapshot s JOIN holding h ON h.snapshot_id = s.id WHERE h.asset_class = 'Equity' GROUP BY s.id ORDER BY s.fund, s.as_of",
        )
        .raw()
        .all(),
    ).toEqual([
      ['IWC', '2026-01-20', 1314],
      ['IWM', '2025-05-13', 1939],
      ['IWM', '2025-11-05', 1962],
      ['IWM', '2026-01-21', 1952],
      ['IWM', '2026-05-05', 1924],
    ]);
    expect(importTickers(db, path.join(REAL, 'sec', 'company_tickers.json')).entries).toBe(10338);
    const facts = importCompanyFacts(db, path.join(REAL, 'sec', 'companyfacts'));
    expect([facts.companies, facts.facts]).toEqual([22, 409_814]);
    expect(facts.warnings.filter((w) => !/CIK 1997711\) reports in ifrs-full|stored in their own currency/.test(w))).toEqual([]);
    expect(db.prepare("SELECT cik FROM company WHERE taxonomy = 'ifrs-full'").raw().all()).toEqual([[1997711]]);
    const prices = importPrices(db, path.join(REAL, 'prices', 'smallcaps_yahoo_2024-03-08'));
    expect([prices.series, prices.bars]).toEqual([20, 81_756]);
  });
});
