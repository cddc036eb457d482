/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so no time zone can shift a day.
 */

const DAY_MS = 86_400_000;

// Period arithmetic runs millions of times in a universe recompute; Date.parse on a
// built string was the hot spot, so parse the fixed layout directly and remember it.
const daysCache = new Map<string, number>();

export function toDays(iso: string): number {
  let d = daysCache.get(iso);
  if (d === undefined) {
    d = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
    if (daysCache.size > 100_000) daysCache.clear();
    daysCache.set(iso, d);
  }
  return d;
}

export function fromDays(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, n: number): string {
  return fromDays(toDays(iso) + n);
}

/** Inclusive length of a duration: XBRL periods run from start through end. */
export function durationDays(start: string, end: string): number {
  return toDays(end) - toDays(start) + 1;
}

export type DurationKind = 'quarter' | 'half' | 'nine_months' | 'year' | 'other';

/**
 * Classify a duration by length. Windows are wide enough for 52/53-week fiscal years
 * (a 13-week quarter is 91 days, a 14-week one 98) and narrow enough not to overlap.
 */
export function durationKind(start: string, end: string): DurationKind {
  const d = durationDays(start, end);
  if (d >= 80 && d <= 100) return 'quarter';
  if (d >= 170 && d <= 195) return 'half';
  if (d >= 260 && d <= 285) return 'nine_months';
  if (d >= 350 && d <= 380) return 'year';
  return 'other';
}

/** Two periods are contiguous when one starts the day after the other ends (± a few days). */
export function isContiguous(prevEnd: string, nextStart: string, slackDays = 6): boolean {
  const gap = toDays(nextStart) - toDays(prevEnd);
  return gap >= 1 - slackDays && gap <= 1 + slackDays;
}
