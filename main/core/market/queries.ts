/**
 * Read queries on the market database. Every statement is parameterised; the hot ones
 * (one company's facts, one ticker's bars) are single primary-key range scans.
 */
import type { UniverseInfo } from '../../../contract/api.ts';
import type { Db } from '../db/sqlite.ts';
import type { StoredFact } from '../facts/fact-set.ts';
import type { Bars } from '../metrics/technicals.ts';
import { DEMO_LABEL } from '../universe/constants.ts';
import { tickerResolverFromDb, type TickerResolver } from '../import/tickers.ts';


export interface SnapshotRow {
  id: number;
  fund: string;
  fund_name: string | null;
  as_of: string;
  is_fictional: number;
}

export interface UniverseRow {
  key: string;
  ticker: string;
  name: string;
  sector: string;
  cik: number | null;
  weightPct: number | null;
  price: number | null;
  line: number;
}

// better-sqlite3 statements are cheap to run and costly to prepare: keep one per SQL text
// per connection.
const statements = new WeakMap<Db, Map<string, ReturnType<Db['prepare']>>>();
export function stmt(db: Db, sql: string): ReturnType<Db['prepare']> {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

export function getMeta(db: Db, key: string): string | null {
  const r = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return r?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/**
 * The snapshot that defines the universe: the latest holdings of the chosen fund
 * (`meta.universe_fund`), or of whichever fund was imported last.
 */
export function currentSnapshot(db: Db): SnapshotRow | null {
  const fund = getMeta(db, 'universe_fund');
  const sql = fund
    ? 'SELECT id, fund, fund_name, as_of, is_fictional FROM holdings_snapshot WHERE fund = ? ORDER BY as_of DESC LIMIT 1'
    : 'SELECT id, fund, fund_name, as_of, is_fictional FROM holdings_snapshot ORDER BY imported_at DESC, as_of DESC LIMIT 1';
  const row = (fund ? db.prepare(sql).get(fund) : db.prepare(sql).get()) as SnapshotRow | undefined;
  return row ?? null;
}

/**
 * Constituents: equity rows with a ticker, one row per ticker (the first line wins when
 * a file lists a ticker twice), with the CIK from the ticker map where known.
 */
export function universeRows(db: Db, snapshotId: number): UniverseRow[] {
  const rows = db
    .prepare(
      `SELECT h.ticker AS ticker, h.name AS name, COALESCE(h.sector, '') AS sector, h.weight_pct AS weightPct,
              h.price AS price, h.line AS line, t.cik AS cik
         FROM holding h LEFT JOIN ticker_map t ON t.ticker = h.ticker
        WHERE h.snapshot_id = ? AND h.asset_class = 'Equity' AND h.ticker IS NOT NULL
        ORDER BY h.line`,
    )
    .all(snapshotId) as Omit<UniverseRow, 'key'>[];
  const seen = new Set<string>();
  const out: UniverseRow[] = [];
  // iShares writes MOGA where SEC has MOG-A: match punctuation-insensitively when unambiguous.
  let resolver: TickerResolver | null = null;
  for (const r of rows) {
    if (seen.has(r.ticker)) continue;
    seen.add(r.ticker);
    let cik = r.cik;
    if (cik === null) {
      const m = (resolver ??= tickerResolverFromDb(db)).resolve(r.ticker);
      if (m.kind === 'normalised') cik = m.cik;
    }
    out.push({ ...r, cik, key: r.ticker });
  }
  return out;
}

export function universeInfo(db: Db): UniverseInfo | null {
  const snap = currentSnapshot(db);
  if (!snap) return null;
  const count = universeRows(db, snap.id).length;
  const last = db.prepare('SELECT MAX(last_date) AS d FROM price_series').get() as { d: string | null };
  const isFictional = snap.is_fictional === 1;
  return {
    kind: isFictional ? 'demo' : 'real',
    label: isFictional ? (getMeta(db, 'demo_label') ?? DEMO_LABEL) : `${snap.fund} holdings`,
    isFictional,
    fund: snap.fund,
    asOf: snap.as_of,
    constituents: count,
    pricesThrough: last.d,
  };
}

export function factsForCik(db: Db, cik: number): StoredFact[] {
  const rows = stmt(db, 'SELECT taxonomy, tag, unit, start, end, val, accn, fy, fp, form, filed FROM fact WHERE cik = ?').all(cik) as StoredFact[];
  for (const r of rows) if (r.start === '') r.start = null;
  return rows;
}

export interface BarsWithOpen extends Bars {
  open: number[];
}

export function barsForTicker(db: Db, ticker: string, from?: string, to?: string): BarsWithOpen | null {
  const rows = stmt(db, 'SELECT date, open, high, low, close, volume FROM price WHERE ticker = ? AND date >= ? AND date <= ? ORDER BY date')
    .raw(true)
    .all(ticker, from ?? '0000-00-00', to ?? '9999-99-99') as [string, number | null, number | null, number | null, number, number | null][];
  if (rows.length === 0) return null;
  const n = rows.length;
  const b: BarsWithOpen = { dates: new Array(n), open: new Array(n), high: new Array(n), low: new Array(n), close: new Array(n), volume: new Array(n) };
  for (let i = 0; i < n; i++) {
    const [d, o, h, l, c, vol] = rows[i] as (typeof rows)[number];
    b.dates[i] = d;
    b.close[i] = c;
    // A close-only bar still draws: open/high/low fall back to the close.
    b.open[i] = o ?? c;
    b.high[i] = h ?? Math.max(o ?? c, c);
    b.low[i] = l ?? Math.min(o ?? c, c);
    b.volume[i] = vol;
  }
  return b;
}

export function priceSource(db: Db, ticker: string): string | null {
  const r = db.prepare('SELECT source_file, layout FROM price_series WHERE ticker = ?').get(ticker) as { source_file: string; layout: string } | undefined;
  return r ? `${r.source_file} (${r.layout})` : null;
}

export function companyRow(db: Db, cik: number): { cik: number; name: string; is_fictional: number; taxonomy: string | null } | null {
  return (db.prepare('SELECT cik, name, is_fictional, taxonomy FROM company WHERE cik = ?').get(cik) as never) ?? null;
}
