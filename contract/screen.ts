/**
 * Screen specifications: what a user asks of the universe. Shared by the grid, the CLI
 * and saved screens, so one spec means the same rows everywhere.
 *
 * Semantics of numeric clauses (METRICS.md: "NM must sort and filter predictably"):
 * - `max X` keeps numbers ≤ X and states that are better than any number on the low end
 *   (net cash for leverage); `min X` keeps numbers ≥ X and good states on the high end
 *   (not burning for runway, no interest for coverage).
 * - NM passes only when `includeNM` is set. Missing (`null`) and `n/a (financial)` never
 *   pass a numeric clause: a bank has no leverage ratio to be below 3×.
 */
import { z } from 'zod';
import { METRIC_IDS, METRICS, sortKey, type MetricId, type MetricValue, STATES } from './metrics.ts';

export const MetricIdSchema = z.enum(METRIC_IDS);

const finite = z.number().finite();

export const FilterClauseSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('max'), metric: MetricIdSchema, value: finite, includeNM: z.boolean().optional() }).strict(),
  z.object({ op: z.literal('min'), metric: MetricIdSchema, value: finite, includeNM: z.boolean().optional() }).strict(),
  z.object({ op: z.literal('is'), metric: MetricIdSchema, value: z.union([z.boolean(), z.string().max(64)]) }).strict(),
]);
export type FilterClause = z.infer<typeof FilterClauseSchema>;

export const ScreenSpecSchema = z
  .object({
    filters: z.array(FilterClauseSchema).max(64).default([]),
    /** Keep only these sectors (exact names as in the holdings file); empty = all. */
    sectors: z.array(z.string().min(1).max(80)).max(32).default([]),
  })
  .strict();
export type ScreenSpec = z.infer<typeof ScreenSpecSchema>;
export type ScreenSpecInput = z.input<typeof ScreenSpecSchema>;

/** Does one value pass one clause? Pure; the engine and "why excluded?" both use it. */
export function clausePasses(clause: FilterClause, v: MetricValue): boolean {
  if (clause.op === 'is') return v === clause.value;
  if (v === null) return false;
  if (v === STATES.NM) return clause.includeNM === true;
  const k = sortKey(clause.metric, v);
  if (k === null) return false;
  return clause.op === 'max' ? k <= clause.value : k >= clause.value;
}

/** A short human reading of a clause, for chips and "why excluded?". */
export function describeClause(c: FilterClause): string {
  const def = METRICS[c.metric];
  if (c.op === 'is') return `${def.label} is ${String(c.value)}`;
  const sym = c.op === 'max' ? '≤' : '≥';
  return `${def.label} ${sym} ${c.value}${c.includeNM ? ' (incl. NM)' : ''}`;
}

/** The CLI's and the filter panel's named filters, mapped onto clauses. */
export interface SimpleFilters {
  maxNetDebtToEbitda?: number | undefined;
  minRunwayMonths?: number | undefined;
  minInterestCoverage?: number | undefined;
  profitableOnly?: boolean | undefined;
  sectors?: string[] | undefined;
}

export function simpleFiltersToSpec(f: SimpleFilters): ScreenSpec {
  const filters: FilterClause[] = [];
  if (f.maxNetDebtToEbitda !== undefined) filters.push({ op: 'max', metric: 'net_debt_to_ebitda', value: f.maxNetDebtToEbitda });
  if (f.minRunwayMonths !== undefined) filters.push({ op: 'min', metric: 'runway_months', value: f.minRunwayMonths });
  if (f.minInterestCoverage !== undefined) filters.push({ op: 'min', metric: 'interest_coverage', value: f.minInterestCoverage });
  if (f.profitableOnly) filters.push({ op: 'is', metric: 'is_profitable', value: true });
  return { filters, sectors: f.sectors ?? [] };
}

export type { MetricId };
