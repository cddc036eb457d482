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

/** A reported value with where it came from. */
export interface Sourced {
  val: number;
  taxonomy: string;
  tag: string;
  unit: string;
  start: string | null;
  end: string;
  accn: string;
  form: string | null;
  filed: string;
  /** The reported value's sign was flipped to fit the concept (a net-interest tag). */
  negated?: boolean;
}

/** A value for a period, reported directly or derived from reported values. */
export interface PeriodValue {
  val: number;
  start: string;
  end: string;
  /** How it was obtained: `reported`, `ytd_difference` (later YTD − earlier YTD), `sum_of_quarters`. */
  how: 'reported' | 'ytd_difference' | 'sum_of_quarters';
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
  private readonly quarterCache = new Map<ConceptId, Map<string, PeriodValue>>();
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

  /** Durations of a concept keyed `start/end`, resolving tiers per period. */
  durations(concept: ConceptId): Sourced[] {
    const cached = this.durationCache.get(concept);
    if (cached) return cached;
    const def = CONCEPTS[concept];
    const out = new Map<string, Sourced>();
    for (const tierTag of def.tiers) {
      // A leading '-' marks a tier reported with the opposite sign (net interest income/expense).
      const negate = tierTag.startsWith('-');
      for (const f of this.facts(negate ? tierTag.slice(1) : tierTag, def.unit)) {
        if (f.start === null || f.start === '') continue;
        const k = `${f.start}/${f.end}`;
        if (!out.has(k)) out.set(k, negate ? { ...sourced(f), val: -f.val, negated: true } : sourced(f));
      }
    }
    const list = [...out.values()];
    this.durationCache.set(concept, list);
    return list;
  }

  /**
   * Fiscal quarters of a duration concept, keyed by quarter end. A reported three-month
   * figure wins; otherwise the quarter is the difference of two year-to-date figures
   * sharing a start (10-Q cash flows are YTD: Q2 = H1 − Q1, Q4 = FY − 9M).
   */
  quarters(concept: ConceptId): Map<string, PeriodValue> {
    const cached = this.quarterCache.get(concept);
    if (cached) return cached;
    const out = new Map<string, PeriodValue>();
    const all = this.durations(concept);
    for (const s of all) {
      if (durationKind(s.start as string, s.end) === 'quarter') {
        out.set(s.end, { val: s.val, start: s.start as string, end: s.end, how: 'reported', facts: [s] });
      }
    }
    const byStart = new Map<string, Sourced[]>();
    for (const s of all) {
      const list = byStart.get(s.start as string) ?? [];
      list.push(s);
      byStart.set(s.start as string, list);
    }
    for (const list of byStart.values()) {
      list.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1] as Sourced;
        const b = list[i] as Sourced;
        const qStart = addDays(a.end, 1);
        if (out.has(b.end) || durationKind(qStart, b.end) !== 'quarter') continue;
        out.set(b.end, { val: b.val - a.val, start: qStart, end: b.end, how: 'ytd_difference', facts: [b, a] });
      }
    }
    this.quarterCache.set(concept, out);
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
    const quarters = this.quarters(concept);
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
   * fiscal year end, else the sum of the last four contiguous quarters.
   */
  ttm(concept: ConceptId, end: string): PeriodValue | null {
    for (const s of this.durations(concept)) {
      if (s.end === end && durationKind(s.start as string, s.end) === 'year') {
        return { val: s.val, start: s.start as string, end, how: 'reported', facts: [s] };
      }
    }
    const run = this.quarterRun(concept, end, 4);
    if (!run) return null;
    return {
      val: run.reduce((acc, q) => acc + q.val, 0),
      start: (run[0] as PeriodValue).start,
      end,
      how: 'sum_of_quarters',
      facts: run.flatMap((q) => q.facts),
    };
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
