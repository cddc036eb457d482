/**
 * Reading ag-grid from the outside. The grid virtualises rows, so only a window of them
 * is in the DOM at a time; these helpers address rows by their `row-index`/`row-id`
 * attributes (stable across ag-grid versions, unlike its CSS class names) and scroll to
 * bring more into view, waiting for the row they need rather than for time to pass.
 */
import type { Locator, Page } from '@playwright/test';

const GRID = '[data-testid=grid]';

export const header = (page: Page, colId: string): Locator => page.locator(`${GRID} [role=columnheader][col-id="${colId}"]`);

export const cell = (page: Page, rowIndex: number, colId: string): Locator =>
  page.locator(`${GRID} [row-index="${rowIndex}"] [col-id="${colId}"]`).first();

/** Rendered rows as row-index → row-id (pinned and centre containers hold copies of each row). */
export async function renderedRows(page: Page): Promise<Map<number, string>> {
  const pairs = await page.locator(GRID).evaluate((grid) =>
    [...grid.querySelectorAll('[row-index][row-id]')].map((el) => [Number(el.getAttribute('row-index')), el.getAttribute('row-id') ?? ''] as const),
  );
  return new Map(pairs);
}

/** Scrolls the grid's vertical scroller so that row `index` is at the top or middle of the view. */
async function scrollNear(page: Page, index: number, align: 'top' | 'middle'): Promise<void> {
  // Runs in the page. The Node typecheck has no DOM lib, so element types stay implicit here.
  await page.locator(GRID).evaluate((grid, [i, atTop]) => {
    const view = grid.ownerDocument.defaultView;
    const elements: (typeof grid)[] = [...grid.querySelectorAll('*')];
    const scrollable = (el: typeof grid) => el.scrollHeight > el.clientHeight + 1 && /(auto|scroll)/.test(view.getComputedStyle(el).overflowY);
    const scroller = elements.filter(scrollable).sort((a, b) => b.scrollHeight - a.scrollHeight)[0];
    // Row pitch from two rendered rows' positions: the rendered height can differ from it (borders).
    const rows: (typeof grid)[] = [...grid.querySelectorAll('[row-index]')];
    const byIndex = rows.map((r) => [Number(r.getAttribute('row-index')), r.getBoundingClientRect().top] as const).sort((a, b) => a[0] - b[0]);
    const first = byIndex[0];
    const last = byIndex[byIndex.length - 1];
    if (!scroller || !first || !last || last[0] === first[0]) return;
    const pitch = (last[1] - first[1]) / (last[0] - first[0]);
    scroller.scrollTop = Math.max(0, i * pitch - (atTop ? 0 : scroller.clientHeight / 2));
  }, [index, align === 'top'] as const);
}

const rowAttached = (page: Page, index: number) => page.locator(`${GRID} [row-index="${index}"]`).first().waitFor({ state: 'attached' });

/** Every displayed row id in display order, by scrolling through the whole grid. */
export async function allRowIds(page: Page, count: number): Promise<string[]> {
  const seen = new Map<number, string>();
  let next = 0;
  while (next < count) {
    await scrollNear(page, next, 'top');
    await rowAttached(page, next);
    for (const [i, id] of await renderedRows(page)) if (i < count) seen.set(i, id);
    while (seen.has(next)) next++;
  }
  return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
}

/** Row ids at display indexes [from, to) — a range no taller than the view — scrolling there first. */
export async function rowIdsAt(page: Page, from: number, to: number): Promise<string[]> {
  await scrollNear(page, Math.floor((from + to) / 2), 'middle');
  await rowAttached(page, from);
  await rowAttached(page, to - 1);
  const rows = await renderedRows(page);
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const id = rows.get(i);
    if (id === undefined) throw new Error(`row ${i} is not rendered after scrolling to rows ${from}–${to - 1}`);
    out.push(id);
  }
  return out;
}
