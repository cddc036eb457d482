/**
 * One company's facts, normalised: deduplicated by (tag, unit, start, end) under a view,
 * concepts resolved tier by tier per period, quarters derived from year-to-date
 * figures, and trailing-twelve-month sums — each value carrying the facts it came from.
 *
 * Views (METRICS.md, "Point-in-time"):
 * - `latest`: the newest filing of each period (restated values);
 * - `as_of`: only facts filed on or before a date, newest among them (what was known then);
 * - `first`: the earliest filing of each period (as first reported).
 */
import type { FactRef } from '../../../contract/api.ts';
import { CONCEPTS, splitTag, type ConceptId } from './concepts.ts';
import { addDays, durationKind, isContiguous, toDays } from './periods.ts';

export interface StoredFact {
  taxonomy: string;
  tag: string;
  unit: string;
  /** `null` for instants. */
  start: string | null;
  end: string;
  val: number;
  accn: string;
  fy: number | null;
  fp: string | null;
  form: string | null;
  filed: string;
}

/** A reported value with where it came from (the contract's `FactRef`, which crosses the API as is). */
export type Sourced = FactRef;

/** A value for a period, reported directly or derived from reported values. */
export interface PeriodValue {
  val: number;
  start: string;
  end: string;
  /** How it was obtained: `reported`, `ytd_difference` (later YTD − earlier YTD), `sum_of_quarters`, `year_plus_ytd` (FY + YTD − prior YTD). */
  how: 'reported' | 'ytd_difference' | 'sum_of_quarters' | 'year_plus_ytd';
  /** The reported facts behind it; for a difference the first is added, the rest subtracted. */
  facts: Sourced[];
}

export type FactView = { kind: 'latest' } | { kind: 'as_of'; date: string } | { kind: 'first' };

const sourced = (f: StoredFact): Sourced => ({
  val: f.val,
  taxonomy: f.taxonomy,
  tag: f.tag,
  unit: f.unit,
  start: f.start,
  end: f.end,
  accn: f.accn,
  form: f.form,
  filed: f.filed,
});

export class FactSet {
  /** `taxonomy:tag|unit` → period key (`start/end`) → the fact chosen by the view. */
  private readonly series = new Map<string, Map<string, StoredFact>>();
  private readonly quarterCache = new Map<string, Map<string, PeriodValue>>();
  private readonly groupCache = new Map<string, Sourced[]>();
  // Metrics ask for the same concept many times; resolving tiers once per concept keeps a
  // whole-universe recompute in the low seconds.
  private readonly instantCache = new Map<ConceptId, Map<string, Sourced>>();
  private readonly durationCache = new Map<ConceptId, Sourced[]>();
  private readonly yearCache = new Map<ConceptId, PeriodValue[]>();
  readonly view: FactView;

  constructor(facts: Iterable<StoredFact>, view: FactView = { kind: 'latest' }) {
    this.view = view;
    const cutoff = view.kind === 'as_of' ? view.date : null;
    const preferEarliest = view.kind === 'first';
    for (const f of facts) {
      if (cutoff !== null && f.filed > cutoff) continue;
      const sk = `${f.taxonomy}:${f.tag}|${f.unit}`;
      let periods = this.series.get(sk);
      if (!periods) this.series.set(sk, (periods = new Map()));
      const pk = `${f.start ?? ''}/${f.end}`;
      const prev = periods.get(pk);
      if (!prev) {
        periods.set(pk, f);
        continue;
      }
      // Ties on the filing date go to the later accession number (amendments sort after).
      const newer = f.filed > prev.filed || (f.filed === prev.filed && f.accn > prev.accn);
      if (preferEarliest ? !newer : newer) periods.set(pk, f);
    }
  }

  get isEmpty(): boolean {
    return this.series.size === 0;
  }

  /** The taxonomies the facts come from (`us-gaap`, `dei`, `ifrs-full`, …), sorted. */
  taxonomies(): string[] {
    const out = new Set<string>();
    for (const k of this.series.keys()) out.add(k.slice(0, k.indexOf(':')));
    return [...out].sort();
  }

  /**
   * True for a filer whose financial statements are in another taxonomy (`ifrs-full`):
   * facts exist, but none in us-gaap, so the us-gaap concepts are all missing.
   */
  hasOnlyForeignTaxonomy(): boolean {
    const t = this.taxonomies();
    return t.length > 0 && !t.includes('us-gaap') && t.some((x) => x !== 'dei' && x !== 'srt');
  }

  /** Every fact of one tag (deduplicated), e.g. `facts('LongTermDebt')`. */
  facts(tag: string, unit = 'USD'): StoredFact[] {
    const { taxonomy, tag: t } = splitTag(tag);
    return [...(this.series.get(`${taxonomy}:${t}|${unit}`)?.values() ?? [])];
  }

  /** The value of a tag at an instant, if reported. */
  tagAt(tag: string, end: string, unit = 'USD'): Sourced | null {
    const { taxonomy, tag: t } = splitTag(tag);
    const f = this.series.get(`${taxonomy}:${t}|${unit}`)?.get(`/${end}`);
    return f ? sourced(f) : null;
  }

  /** Instants of a concept by end date, resolving tiers per date. */
  instants(concept: ConceptId): Map<string, Sourced> {
    const cached = this.instantCache.get(concept);
    if (cached) return cached;
    const def = CONCEPTS[concept];
    const out = new Map<string, Sourced>();
    for (const tierTag of def.tiers) {
      for (const f of this.facts(tierTag, def.unit)) {
        if (f.start !== null && f.start !== '') continue;
        if (!out.has(f.end)) out.set(f.end, sourced(f));
      }
    }
    this.instantCache.set(concept, out);
    return out;
  }

  /** The most recent instant of a concept (optionally on or before a date). */
  latestInstant(concept: ConceptId, onOrBefore?: string): Sourced | null {
    let best: Sourced | null = null;
    for (const s of this.instants(concept).values()) {
      if (onOrBefore !== undefined && s.end > onOrBefore) continue;
      if (!best || s.end > best.end || (s.end === best.end && s.filed > best.filed)) best = s;
    }
    return best;
  }

  instantAt(concept: ConceptId, end: string): Sourced | null {
    return this.instants(concept).get(end) ?? null;
  }

  /**
   * The tiers of a concept split into groups that may be combined with each other. Tiers
   * reported with the opposite sign (`-Tag`: net interest) measure something else than the
   * gross tiers, so a derived value (a quarter, a TTM) never mixes the two groups — a
   * quarter of gross interest next to a quarter of net interest adds up to nothing.
   */
  private static groups(concept: ConceptId): string[][] {
    const tiers: readonly string[] = CONCEPTS[concept].tiers;
    return [tiers.filter((t) => !t.startsWith('-')), tiers.filter((t) => t.startsWith('-'))].filter((g) => g.length > 0);
  }

  /** Durations of some tiers, keyed `start/end`; for each period the first tier reporting it wins. */
  private resolveDurations(concept: ConceptId, tiers: readonly string[]): Sourced[] {
    const def = CONCEPTS[concept];
    const out = new Map<string, Sourced>();
    for (const tierTag of tiers) {
      // A leading '-' marks a tier reported with the opposite sign (net interest income/expense).
      const negate = tierTag.startsWith('-');
      for (const f of this.facts(negate ? tierTag.slice(1) : tierTag, def.unit)) {
        if (f.start === null || f.start === '') continue;
        const k = `${f.start}/${f.end}`;
        if (!out.has(k)) out.set(k, negate ? { ...sourced(f), val: -f.val, negated: true } : sourced(f));
      }
    }
    return [...out.values()];
  }

  /** Durations of one tier group (see `groups`), or of one tier of it, cached. */
  private groupDurations(concept: ConceptId, group: number, tier?: string): Sourced[] {
    const tiers = FactSet.groups(concept)[group] ?? [];
    // A one-tier group resolves to the same list as its tier.
    const only = tier ?? (tiers.length === 1 ? tiers[0] : undefined);
    const key = only !== undefined ? `${concept}#${only}` : `${concept}#${group}`;
    let list = this.groupCache.get(key);
    if (!list) {
      list = this.resolveDurations(concept, only !== undefined ? [only] : tiers);
      this.groupCache.set(key, list);
    }
    return list;
  }

  /** Durations of a concept keyed `start/end`, resolving tiers per period. */
  durations(concept: ConceptId): Sourced[] {
    const cached = this.durationCache.get(concept);
    if (cached) return cached;
    const list = this.resolveDurations(concept, CONCEPTS[concept].tiers);
    this.durationCache.set(concept, list);
    return list;
  }

  /**
   * Fiscal quarters of a duration concept, keyed by quarter end. A reported three-month
   * figure wins; otherwise the quarter is the difference of two year-to-date figures
   * sharing a start (10-Q cash flows are YTD: Q2 = H1 − Q1, Q4 = FY − 9M).
   *
   * Tiers rank as they are listed: a quarter the first tier yields — reported or derived
   * from its own YTD figures — beats a lower tier's reported quarter, which may measure
   * something a little different (`DepreciationAndAmortization` next to
   * `DepreciationDepletionAndAmortization`). Only when no single tier yields a quarter is
   * it derived across tiers (a company that switched tags between the two YTD figures).
   * `group` selects a tier group (see `groups`); group 0 holds the preferred tiers.
   */
  quarters(concept: ConceptId, group = 0): Map<string, PeriodValue> {
    const key = `${concept}#${group}`;
    const cached = this.quarterCache.get(key);
    if (cached) return cached;
    const out = new Map<string, PeriodValue>();
    const tiers = FactSet.groups(concept)[group] ?? [];
    // Each tier alone, in rank order, then the tiers resolved per period (tag switches).
    const lists = tiers.length === 1 ? [this.groupDurations(concept, group)] : [...tiers.map((t) => this.groupDurations(concept, group, t)), this.groupDurations(concept, group)];
    for (const list of lists) {
      const found = new Map<string, PeriodValue>();
      for (const s of list) {
        if (durationKind(s.start as string, s.end) === 'quarter') {
          found.set(s.end, { val: s.val, start: s.start as string, end: s.end, how: 'reported', facts: [s] });
        }
      }
      // Year-to-date figures by start. A YTD that was not tagged but is a tagged later YTD
      // minus its own last reported quarter is added (Snowflake tagged no half-year interest:
      // H1 = 9M − Q3), so the quarter before it can still be derived (Q2 = 9M − Q3 − Q1).
      // Such a YTD only ever serves as the later figure of a difference, so every derived
      // quarter stays "first fact added, the rest subtracted".
      type Ytd = { start: string; end: string; val: number; facts: Sourced[]; synthetic: boolean };
      const byStart = new Map<string, Ytd[]>();
      const push = (y: Ytd) => {
        const l = byStart.get(y.start) ?? [];
        l.push(y);
        byStart.set(y.start, l);
      };
      for (const s of list) push({ start: s.start as string, end: s.end, val: s.val, facts: [s], synthetic: false });
      for (const s of list) {
        if (durationKind(s.start as string, s.end) === 'quarter') continue;
        const q = found.get(s.end);
        if (!q || q.start <= (s.start as string)) continue;
        const end = addDays(q.start, -1);
        if ((byStart.get(s.start as string) ?? []).some((y) => y.end === end)) continue;
        push({ start: s.start as string, end, val: s.val - q.val, facts: [s, ...q.facts], synthetic: true });
      }
      for (const l of byStart.values()) {
        l.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
        for (let i = 1; i < l.length; i++) {
          const a = l[i - 1] as Ytd;
          const b = l[i] as Ytd;
          const qStart = addDays(a.end, 1);
          if (a.synthetic || found.has(b.end) || durationKind(qStart, b.end) !== 'quarter') continue;
          found.set(b.end, { val: b.val - a.val, start: qStart, end: b.end, how: 'ytd_difference', facts: [...b.facts, ...a.facts] });
        }
      }
      for (const [end, q] of found) if (!out.has(end)) out.set(end, q);
    }
    this.quarterCache.set(key, out);
    return out;
  }

  /** The quarter that ends just before `start` (tolerating 52/53-week calendars). */
  private previousQuarter(quarters: Map<string, PeriodValue>, start: string): PeriodValue | null {
    let best: PeriodValue | null = null;
    for (const q of quarters.values()) {
      if (!isContiguous(q.end, start)) continue;
      if (!best || Math.abs(toDays(start) - toDays(q.end) - 1) < Math.abs(toDays(start) - toDays(best.end) - 1)) best = q;
    }
    return best;
  }

  /** The last `n` contiguous quarters ending at `end`, oldest first, or null if a gap. */
  quarterRun(concept: ConceptId, end: string, n: number): PeriodValue[] | null {
    for (let g = 0; g < FactSet.groups(concept).length; g++) {
      const run = this.quarterRunIn(concept, g, end, n);
      if (run) return run;
    }
    return null;
  }

  private quarterRunIn(concept: ConceptId, group: number, end: string, n: number): PeriodValue[] | null {
    const quarters = this.quarters(concept, group);
    let q = quarters.get(end) ?? null;
    const run: PeriodValue[] = [];
    while (q && run.length < n) {
      run.unshift(q);
      if (run.length === n) break;
      q = this.previousQuarter(quarters, q.start);
    }
    return run.length === n ? run : null;
  }

  /**
   * Trailing twelve months ending at `end`: the reported fiscal year when `end` is a
   * fiscal year end, else the sum of the last four contiguous quarters (each derived from
   * year-to-date figures where needed). Both are tried within one tier group before the
   * next group (net interest) is considered: a TTM never mixes gross and net interest.
   */
  ttm(concept: ConceptId, end: string): PeriodValue | null {
    const groups = FactSet.groups(concept);
    for (let g = 0; g < groups.length; g++) {
      const list = this.groupDurations(concept, g);
      for (const s of list) {
        if (s.end === end && durationKind(s.start as string, s.end) === 'year') {
          return { val: s.val, start: s.start as string, end, how: 'reported', facts: [s] };
        }
      }
      const run = this.quarterRunIn(concept, g, end, 4);
      if (run) {
        return {
          val: run.reduce((acc, q) => acc + q.val, 0),
          start: (run[0] as PeriodValue).start,
          end,
          how: 'sum_of_quarters',
          // Neighbouring quarters share a YTD figure (Q3 = 9M − H1, Q4 = FY − 9M): list it once.
          facts: [...new Set(run.flatMap((q) => q.facts))],
        };
      }
      const viaYtd = this.ttmFromYearToDate(list, end);
      if (viaYtd) return viaYtd;
    }
    return null;
  }

  /**
   * TTM = last fiscal year + this year-to-date − the prior year-to-date (METRICS.md), for
   * when a quarter cannot be isolated (a 10-Q that tagged only the YTD figure, or no H1).
   * Every term is a reported figure, so the result is complete, not a partial sum.
   */
  private ttmFromYearToDate(list: readonly Sourced[], end: string): PeriodValue | null {
    for (const ytd of list) {
      if (ytd.end !== end) continue;
      const kind = durationKind(ytd.start as string, ytd.end);
      if (kind !== 'quarter' && kind !== 'half' && kind !== 'nine_months') continue;
      const fy = list.find((f) => durationKind(f.start as string, f.end) === 'year' && isContiguous(f.end, ytd.start as string));
      if (!fy) continue;
      const len = toDays(ytd.end) - toDays(ytd.start as string);
      const prior = list.find((f) => f.start === fy.start && Math.abs(toDays(f.end) - toDays(f.start as string) - len) <= 7);
      if (!prior) continue;
      return { val: fy.val + ytd.val - prior.val, start: addDays(fy.start as string, toDays(ytd.end) - toDays(fy.end)), end, how: 'year_plus_ytd', facts: [fy, ytd, prior] };
    }
    return null;
  }

  /** Fiscal years reported for a concept, newest first. */
  fiscalYears(concept: ConceptId): PeriodValue[] {
    const cached = this.yearCache.get(concept);
    if (cached) return cached;
    const years = this.durations(concept)
      .filter((s) => durationKind(s.start as string, s.end) === 'year')
      .sort((a, b) => (a.end < b.end ? 1 : -1))
      .map((s) => ({ val: s.val, start: s.start as string, end: s.end, how: 'reported' as const, facts: [s] }));
    this.yearCache.set(concept, years);
    return years;
  }

  /**
   * The end of the latest fiscal year the company has reported (a ~one-year duration of
   * net income, revenue, operating cash flow or EBIT): the date a 10-K balance sheet and
   * its maturity ladder hang from.
   */
  latestFiscalYearEnd(): string | null {
    let end: string | null = null;
    for (const c of ['net_income', 'revenue', 'cfo', 'ebit'] as const) {
      const y = this.fiscalYears(c)[0];
      if (y && (end === null || y.end > end)) end = y.end;
    }
    return end;
  }

  /**
   * The end of the latest fiscal period the company has reported (10-Q or 10-K), judged
   * from the income and cash-flow statements; with the filing date it was first reported.
   */
  latestPeriod(): { end: string; filed: string } | null {
    let end: string | null = null;
    const anchors: ConceptId[] = ['net_income', 'revenue', 'cfo', 'ebit'];
    for (const c of anchors) {
      for (const s of this.durations(c)) if (end === null || s.end > end) end = s.end;
    }
    if (end === null) return null;
    let filed: string | null = null;
    for (const c of anchors) {
      for (const s of this.durations(c)) if (s.end === end && (filed === null || s.filed < filed)) filed = s.filed;
    }
    return { end, filed: filed as string };
  }
}
