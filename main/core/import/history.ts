/**
 * Index membership over time, from stored holdings snapshots (read-only queries).
 *
 * Policy:
 * - A member is an `Equity` row with a ticker, by ticker: rows whose ticker is `-` (CVRs,
 *   vesting shares, private lines) cannot be followed from one file to the next and are
 *   ignored, as are cash, money-market, collateral and futures rows. A ticker listed twice
 *   in one file counts once (its first line wins, as in the universe query).
 * - Dates name snapshots: a date picks the fund's latest snapshot on or before it, so a
 *   caller may pass a snapshot's own date or any date after it (the answer says which
 *   snapshot was used). Snapshots are not interpolated: a name that came and went between
 *   two stored snapshots is invisible.
 * - Differences are by ticker, so a ticker change (BIGC → CMRC) is one deletion and one
 *   addition; `sameName` lists such pairs (identical issuer name in the two files) so a
 *   reader can tell a rename from a reconstitution change. It is a hint, not a merge.
 * - First and last seen are censored by the stored history: a ticker in the first stored
 *   snapshot was a member at least since then (`sinceFirstSnapshot`).
 */
import type { Db } from '../db/sqlite.ts';
import { cached } from './store.ts';

/** A question about membership that the stored snapshots cannot answer (no such fund, date before the first snapshot). */
export class MembershipQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MembershipQueryError';
  }
}

export interface Member {
  ticker: string;
  name: string;
  sector: string | null;
  weightPct: number | null;
}

export interface MembershipChanges {
  fund: string;
  /** The snapshots compared (as_of), and how many members each has. */
  from: { asOf: string; members: number };
  to: { asOf: string; members: number };
  /** In `to`, not in `from`; by ticker. */
  added: Member[];
  /** In `from`, not in `to`; by ticker, with their `from` row. */
  removed: Member[];
  kept: number;
  /** Removed and added tickers whose issuer names are identical: likely ticker changes. */
  sameName: { removed: string; added: string; name: string }[];
}

export interface MembershipInterval {
  ticker: string;
  /** Name in the latest snapshot listing the ticker. */
  name: string;
  firstSeen: string;
  lastSeen: string;
  /** Snapshots listing the ticker. */
  snapshots: number;
  /** Listed in the fund's latest snapshot. */
  isCurrent: boolean;
  /** Listed in the fund's first snapshot: a member at least since then, maybe earlier. */
  sinceFirstSnapshot: boolean;
  /** Runs of consecutive snapshots listing it; more than one means it left and came back. */
  spells: { from: string; to: string }[];
}

export interface MembershipHistory {
  fund: string;
  /** Every snapshot date of the fund, ascending. */
  snapshots: string[];
  /** One per ticker ever listed, by ticker. */
  tickers: MembershipInterval[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Snapshot dates of a fund, ascending. */
export function fundSnapshots(db: Db, fund: string): { id: number; asOf: string }[] {
  return cached(db, 'SELECT id, as_of AS asOf FROM holdings_snapshot WHERE fund = ? ORDER BY as_of').all(fund) as { id: number; asOf: string }[];
}

function snapshotOnOrBefore(db: Db, fund: string, date: string, label: string): { id: number; asOf: string } {
  if (!ISO_DATE.test(date)) throw new MembershipQueryError(`${label} date must be YYYY-MM-DD, got "${date}"`);
  const all = fundSnapshots(db, fund);
  if (all.length === 0) throw new MembershipQueryError(`no ${fund} holdings snapshots are stored`);
  let found: { id: number; asOf: string } | null = null;
  for (const s of all) if (s.asOf <= date) found = s;
  if (found === null) {
    throw new MembershipQueryError(`no ${fund} snapshot on or before ${label} date ${date}; the first is ${all[0]?.asOf} (stored: ${all.map((s) => s.asOf).join(', ')})`);
  }
  return found;
}

/** Members of one snapshot, by ticker, first line winning. */
function membersOf(db: Db, snapshotId: number): Map<string, Member> {
  const rows = cached(
    db,
    `SELECT ticker, name, sector, weight_pct AS weightPct FROM holding
      WHERE snapshot_id = ? AND asset_class = 'Equity' AND ticker IS NOT NULL ORDER BY line`,
  ).all(snapshotId) as Member[];
  const out = new Map<string, Member>();
  for (const r of rows) if (!out.has(r.ticker)) out.set(r.ticker, r);
  return out;
}

const byTicker = (a: { ticker: string }, b: { ticker: string }) => (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0);

/**
 * Additions and deletions between the fund's snapshots on or before `fromDate` and
 * `toDate`.
 *
 * @example
 * membershipChanges(db, 'IWM', '2025-05-13', '2025-11-05');
 * // { fund: 'IWM', from: { asOf: '2025-05-13', members: 1933 }, to: { asOf: '2025-11-05', members: 1958 },
 * //   added: [{ ticker: 'AAP', … }, …261], removed: [{ ticker: 'ABOS', … }, …236], kept: 1697, sameName: [{ removed: 'BIGC', added: 'CMRC', … }, …] }
 */
export function membershipChanges(db: Db, fund: string, fromDate: string, toDate: string): MembershipChanges {
  const from = snapshotOnOrBefore(db, fund, fromDate, 'from');
  const to = snapshotOnOrBefore(db, fund, toDate, 'to');
  if (fromDate > toDate) throw new MembershipQueryError(`the from date ${fromDate} is after the to date ${toDate}`);
  const a = membersOf(db, from.id);
  const b = membersOf(db, to.id);
  const added = [...b.values()].filter((m) => !a.has(m.ticker)).sort(byTicker);
  const removed = [...a.values()].filter((m) => !b.has(m.ticker)).sort(byTicker);
  const removedByName = new Map<string, string[]>();
  for (const m of removed) {
    const key = m.name.trim().toUpperCase();
    removedByName.set(key, [...(removedByName.get(key) ?? []), m.ticker]);
  }
  const sameName: MembershipChanges['sameName'] = [];
  for (const m of added) {
    for (const old of removedByName.get(m.name.trim().toUpperCase()) ?? []) sameName.push({ removed: old, added: m.ticker, name: m.name });
  }
  return {
    fund,
    from: { asOf: from.asOf, members: a.size },
    to: { asOf: to.asOf, members: b.size },
    added,
    removed,
    kept: a.size - removed.length,
    sameName,
  };
}

/**
 * Each ticker's first and last snapshot in the fund's stored history, with its spells.
 *
 * @example
 * membershipIntervals(db, 'IWM').tickers.find((t) => t.ticker === 'SFM');
 * // { ticker: 'SFM', firstSeen: '2025-05-13', lastSeen: '2025-05-13', snapshots: 1, isCurrent: false, sinceFirstSnapshot: true, spells: [{ from: '2025-05-13', to: '2025-05-13' }], … }
 */
export function membershipIntervals(db: Db, fund: string): MembershipHistory {
  const snapshots = fundSnapshots(db, fund);
  if (snapshots.length === 0) throw new MembershipQueryError(`no ${fund} holdings snapshots are stored`);
  const dates = snapshots.map((s) => s.asOf);
  const rows = cached(
    db,
    `SELECT s.as_of AS asOf, h.ticker AS ticker, h.name AS name
       FROM holdings_snapshot s JOIN holding h ON h.snapshot_id = s.id
      WHERE s.fund = ? AND h.asset_class = 'Equity' AND h.ticker IS NOT NULL
      ORDER BY s.as_of, h.line`,
  ).all(fund) as { asOf: string; ticker: string; name: string }[];
  const indexOf = new Map(dates.map((d, i) => [d, i]));
  const seen = new Map<string, { name: string; at: number[] }>();
  for (const r of rows) {
    const i = indexOf.get(r.asOf) as number;
    const t = seen.get(r.ticker);
    if (t === undefined) seen.set(r.ticker, { name: r.name, at: [i] });
    else if (t.at.at(-1) !== i) {
      t.at.push(i);
      t.name = r.name;
    }
  }
  const last = dates.length - 1;
  const tickers: MembershipInterval[] = [];
  for (const [ticker, { name, at }] of seen) {
    const spells: MembershipInterval['spells'] = [];
    let start = at[0] as number;
    for (let k = 1; k <= at.length; k++) {
      const prev = at[k - 1] as number;
      if (k === at.length || (at[k] as number) !== prev + 1) {
        spells.push({ from: dates[start] as string, to: dates[prev] as string });
        start = at[k] as number;
      }
    }
    tickers.push({
      ticker,
      name,
      firstSeen: dates[at[0] as number] as string,
      lastSeen: dates[at.at(-1) as number] as string,
      snapshots: at.length,
      isCurrent: at.at(-1) === last,
      sinceFirstSnapshot: at[0] === 0,
      spells,
    });
  }
  tickers.sort(byTicker);
  return { fund, snapshots: dates, tickers };
}
