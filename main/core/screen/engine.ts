/**
 * The screen engine: one spec, one answer, whoever asks (grid, CLI, saved screens).
 * Runs over the in-memory column-oriented metric grid — 2,000 rows × a few clauses is
 * microseconds, so no index or SQL is involved.
 */
import { clausePasses, type ScreenSpec } from '../../../contract/screen.ts';
import type { MetricGrid } from '../market/metrics-store.ts';

export interface ScreenOutcome {
  /** Row indexes that pass, in universe order. */
  rows: number[];
  total: number;
}

export function runScreen(grid: MetricGrid, spec: ScreenSpec): ScreenOutcome {
  const n = grid.keys.length;
  const sectors = spec.sectors.length > 0 ? new Set(spec.sectors) : null;
  const cols = spec.filters.map((c) => ({ c, col: grid.columns.get(c.metric) ?? [] }));
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (sectors && !sectors.has(grid.sectors[i] as string)) continue;
    let ok = true;
    for (const { c, col } of cols) {
      if (!clausePasses(c, col[i] ?? null)) {
        ok = false;
        break;
      }
    }
    if (ok) rows.push(i);
  }
  return { rows, total: n };
}
