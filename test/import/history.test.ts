import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../main/core/db/sqlite.ts';
import { MembershipQueryError, membershipChanges, membershipIntervals } from '../../main/core/import/history.ts';
import { importHoldingsFile } from '../../main/core/import/loaders.ts';
import { HAS_REAL, REAL, SKIP_REAL_REASON, fixture, openTempMarketDb, readFixture, tempDir } from './helpers.ts';

const MAY_2025 = 'IWM_holdings_2025-05-13_excerpt.csv';
const MAY_2026 = 'IWM_holdings_2026-05-05_excerpt.csv';

/**
 * Three IWM snapshots from the two real excerpts: 2025-05-13 and 2026-05-05 as they are,
 * and the 2025 excerpt again with its as-of line changed to Jun 01, 2026 (a made-up third
 * date, so that tickers leave and come back).
 *
 * Equity tickers in the 2025 excerpt: SFM HIMS FTAI INSM ADRO JBIO WLLBW GTXI PDLI P5N994
 * SBT (11; three rows with ticker "-" and the CAD cash and RTYM5 futures rows are not
 * members). In the 2026 excerpt: BE CRDO STRL FN NXT CDE IONQ TTMI SATS MOD SBT THRD
 * (12; not XTSLA money market, USD/CAD cash, MSFUT collateral, RTYM6 futures, "-").
 * Only SBT is in both.
 */
function threeSnapshots(): Db {
  const db = openTempMarketDb();
  importHoldingsFile(db, fixture(MAY_2025));
  importHoldingsFile(db, fixture(MAY_2026));
  const redated = readFixture(MAY_2025).replace('Fund Holdings as of,"May 13, 2025"', 'Fund Holdings as of,"Jun 01, 2026"');
  expect(redated).toContain('Jun 01, 2026');
  const file = path.join(tempDir('hist'), 'IWM_holdings_2026-06-01.csv');
  fs.writeFileSync(file, redated);
  importHoldingsFile(db, file);
  return db;
}

describe('membershipChanges on the IWM excerpts', () => {
  it('lists additions and deletions by ticker, equity only, ignoring rows without a ticker', () => {
    const c = membershipChanges(threeSnapshots(), 'IWM', '2025-05-13', '2026-05-05');
    expect([c.from, c.to, c.kept]).toEqual([{ asOf: '2025-05-13', members: 11 }, { asOf: '2026-05-05', members: 12 }, 1]);
    expect(c.added.map((m) => m.ticker)).toEqual(['BE', 'CDE', 'CRDO', 'FN', 'IONQ', 'MOD', 'NXT', 'SATS', 'STRL', 'THRD', 'TTMI']);
    expect(c.removed.map((m) => m.ticker)).toEqual(['ADRO', 'FTAI', 'GTXI', 'HIMS', 'INSM', 'JBIO', 'P5N994', 'PDLI', 'SFM', 'WLLBW']);
    expect(c.added[0]).toEqual({ ticker: 'BE', name: 'BLOOM ENERGY CLASS A CORP', sector: 'Industrials', weightPct: 1.93 });
    expect(c.removed.find((m) => m.ticker === 'SFM')).toEqual({ ticker: 'SFM', name: 'SPROUTS FARMERS MARKET INC', sector: 'Consumer Staples', weightPct: 0.64 });
    expect(c.sameName).toEqual([]);
  });

  it('picks the latest snapshot on or before each date, and says which', () => {
    const c = membershipChanges(threeSnapshots(), 'IWM', '2025-12-31', '2026-12-31');
    expect([c.from.asOf, c.to.asOf, c.added.length, c.removed.length]).toEqual(['2025-05-13', '2026-06-01', 0, 0]);
    const back = membershipChanges(threeSnapshots(), 'IWM', '2026-05-05', '2026-06-01');
    expect([back.added.length, back.removed.length, back.kept]).toEqual([10, 11, 1]);
  });

  it('refuses dates before the first snapshot, reversed dates, and a fund with no snapshots', () => {
    const db = threeSnapshots();
    const e = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(MembershipQueryError);
        return (err as Error).message;
      }
      throw new Error('expected a MembershipQueryError');
    };
    expect(e(() => membershipChanges(db, 'IWM', '2025-01-01', '2026-05-05'))).toBe(
      'no IWM snapshot on or before from date 2025-01-01; the first is 2025-05-13 (stored: 2025-05-13, 2026-05-05, 2026-06-01)',
    );
    expect(e(() => membershipChanges(db, 'IWM', '2026-05-05', '2025-05-13'))).toBe('the from date 2026-05-05 is after the to date 2025-05-13');
    expect(e(() => membershipChanges(db, 'IWC', '2026-01-01', '2026-05-05'))).toBe('no IWC holdings snapshots are stored');
    expect(e(() => membershipChanges(db, 'IWM', 'May 2025', '2026-05-05'))).toBe('from date must be YYYY-MM-DD, got "May 2025"');
  });
});

describe('membershipIntervals on the IWM excerpts', () => {
  it('gives first and last seen, spells for a ticker that left and came back, and censoring flags', () => {
    const h = membershipIntervals(threeSnapshots(), 'IWM');
    expect(h.snapshots).toEqual(['2025-05-13', '2026-05-05', '2026-06-01']);
    expect(h.tickers).toHaveLength(11 + 12 - 1);
    const of = (t: string) => h.tickers.find((x) => x.ticker === t);
    expect(of('SFM')).toEqual({
      ticker: 'SFM',
      name: 'SPROUTS FARMERS MARKET INC',
      firstSeen: '2025-05-13',
      lastSeen: '2026-06-01',
      snapshots: 2,
      isCurrent: true,
      sinceFirstSnapshot: true,
      spells: [
        { from: '2025-05-13', to: '2025-05-13' },
        { from: '2026-06-01', to: '2026-06-01' },
      ],
    });
    expect(of('SBT')).toMatchObject({ firstSeen: '2025-05-13', lastSeen: '2026-06-01', snapshots: 3, spells: [{ from: '2025-05-13', to: '2026-06-01' }] });
    expect(of('BE')).toMatchObject({ firstSeen: '2026-05-05', lastSeen: '2026-05-05', isCurrent: false, sinceFirstSnapshot: false });
    expect(of('CAD')).toBeUndefined();
  });
});

/*
 * Counts computed independently from the CSVs with Python's csv module (/tmp/members.py,
 * reproduced here): members = Equity rows whose ticker is not "-", first line per ticker.
 *
 *   def members(p):
 *       t = open(p, encoding='utf-8-sig').read().split('\n')
 *       i = [k for k, l in enumerate(t) if l.startswith('Ticker,')][0]
 *       out = {}
 *       for r in csv.reader(io.StringIO('\n'.join(t[i+1:]))):
 *           if not r or not r[0].strip(): break
 *           if r[3] == 'Equity' and r[0] not in ('-', ''): out.setdefault(r[0], r[1])
 *       return out
 *
 * Output:
 *   members 1933 1958 added 261 removed 236 kept 1697
 *   first added ['AAP', 'AARD', 'ABAT'] first removed ['ABOS', 'ACHV', 'ACRV']
 *   same name [('CLSKW', 'CLSK', 'CLEANSPARK INC'), ('BIGC', 'CMRC', 'BIGCOMMERCE HOLDINGS INC SERIES'),
 *              ('CSWI', 'CSW', 'CSW INDUSTRIALS INC'), ('METCV', 'METC', 'RAMACO RESOURCES INC CLASS A'),
 *              ('KIND', 'NXDR', 'NEXTDOOR HOLDINGS INC CLASS A')]
 *   tickers ever 2249 in all four 1616 current 1920 left and came back []
 *   SFM [True, False, False, False]
 */
describe.skipIf(!HAS_REAL)(`membership across the June 2025 reconstitution, real IWM files (${HAS_REAL ? REAL : SKIP_REAL_REASON})`, () => {
  function realIwm(): Db {
    const db = openTempMarketDb();
    for (const d of ['2025-05-13', '2025-11-05', '2026-01-21', '2026-05-05']) importHoldingsFile(db, path.join(REAL, 'ishares', `IWM_holdings_${d}.csv`));
    return db;
  }

  it('finds 261 additions and 236 deletions between May 13 and Nov 5, 2025, and the five renames among them', () => {
    const c = membershipChanges(realIwm(), 'IWM', '2025-05-13', '2025-11-05');
    expect([c.from, c.to, c.added.length, c.removed.length, c.kept]).toEqual([
      { asOf: '2025-05-13', members: 1933 },
      { asOf: '2025-11-05', members: 1958 },
      261,
      236,
      1697,
    ]);
    expect(c.added.slice(0, 3).map((m) => m.ticker)).toEqual(['AAP', 'AARD', 'ABAT']);
    expect(c.removed.slice(0, 3).map((m) => m.ticker)).toEqual(['ABOS', 'ACHV', 'ACRV']);
    expect(c.sameName.map((p) => [p.removed, p.added])).toEqual([
      ['CLSKW', 'CLSK'],
      ['BIGC', 'CMRC'],
      ['CSWI', 'CSW'],
      ['METCV', 'METC'],
      ['KIND', 'NXDR'],
    ]);
  });

  it('follows 2,249 tickers over four snapshots: 1,616 in all four, 1,920 current, none back after leaving', () => {
    const h = membershipIntervals(realIwm(), 'IWM');
    expect(h.snapshots).toEqual(['2025-05-13', '2025-11-05', '2026-01-21', '2026-05-05']);
    expect(h.tickers).toHaveLength(2249);
    expect(h.tickers.filter((t) => t.snapshots === 4)).toHaveLength(1616);
    expect(h.tickers.filter((t) => t.isCurrent)).toHaveLength(1920);
    expect(h.tickers.filter((t) => t.spells.length > 1)).toEqual([]);
    expect(h.tickers.find((t) => t.ticker === 'SFM')).toMatchObject({ firstSeen: '2025-05-13', lastSeen: '2025-05-13', isCurrent: false });
  });
});
