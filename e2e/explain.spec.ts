/**
 * "How was this computed?" through the web shell: a metric cell opens the explainer, and
 * the filed facts it lists are ones the database holds for that company — same tag,
 * period end, value and accession number.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { metricColumn } from './expected.ts';
import { expect, test } from './fixtures.ts';
import { cell, renderedRows } from './grid.ts';

const SHOTS = path.join(import.meta.dirname, 'screenshots');
/** An SEC accession number: filer id (10 digits), year (2), sequence within the year (6). */
const ACCESSION = /^\d{10}-\d{2}-\d{6}$/;

interface ShownFact {
  tag: string;
  end: string;
  accn: string;
  val: number;
  negated: boolean;
}

/** Does the company behind `ticker` have this fact on file? (A negated fact is stored with the filer's sign.) */
function isOnFile(db: Database.Database, ticker: string, f: ShownFact): boolean {
  const stored = f.negated ? -f.val : f.val;
  const n = db
    .prepare(
      `SELECT COUNT(*) FROM fact JOIN ticker_map USING (cik)
        WHERE ticker_map.ticker = ? AND fact.tag = ? AND fact.end = ? AND fact.accn = ? AND ABS(fact.val - ?) <= 1e-6 * MAX(1, ABS(?))`,
    )
    .pluck()
    .get(ticker, f.tag, f.end, f.accn, stored, stored) as number;
  return n > 0;
}

test('E on a net debt / EBITDA cell explains it down to filed facts with accession numbers', async ({ app, market }) => {
  // A row whose ratio is a number: n/a (financial) rows are banks and insurers, and NM or
  // missing ratios need not have an EBITDA trail. The first such row on screen will do.
  const leverage = metricColumn(market, 'net_debt_to_ebitda');
  const onScreen = [...(await renderedRows(app)).entries()].sort((a, b) => a[0] - b[0]);
  const pick = onScreen.find(([, id]) => leverage.get(id)?.kind === 'num');
  expect(pick, 'a non-financial row with a numeric net debt / EBITDA is on screen').toBeDefined();
  const [rowIndex, key] = pick as [number, string];

  const target = cell(app, rowIndex, 'net_debt_to_ebitda');
  await target.click();
  await app.keyboard.press('e');

  const pop = app.getByTestId('explain-popover');
  await expect(pop).toBeVisible();
  await expect(pop).toHaveAttribute('data-metric', 'net_debt_to_ebitda');
  await expect(pop).toHaveAttribute('data-key', key);
  // `ready` once the trail through net debt and EBITDA to their facts is complete.
  await expect(pop).toHaveAttribute('data-state', 'ready');

  const rows = pop.getByTestId('explain-fact');
  const shown: ShownFact[] = await rows.evaluateAll((els) =>
    els.map((el) => ({
      tag: el.getAttribute('data-tag') ?? '',
      end: el.getAttribute('data-end') ?? '',
      accn: el.getAttribute('data-accn') ?? '',
      val: Number(el.getAttribute('data-val')),
      negated: el.getAttribute('data-negated') === 'true',
    })),
  );
  expect(shown.length, 'the facts table is not empty').toBeGreaterThan(0);
  for (const f of shown) {
    expect(f.accn).toMatch(ACCESSION);
    expect(isOnFile(market, key, f), `${f.tag} ${f.end} ${f.accn} is on file for ${key}`).toBe(true);
  }
  // The accession column shows the same numbers the attributes carry.
  const printed = await pop.locator('[data-testid=explain-fact] [data-col=accn]').allInnerTexts();
  expect(printed.map((s) => s.trim())).toEqual(shown.map((f) => f.accn));
  // The demo's companies and filings are invented, and the explainer says so.
  await expect(pop.getByTestId('explain-fictional')).toBeVisible();

  await app.screenshot({ path: path.join(SHOTS, 'explain.png'), animations: 'disabled', caret: 'hide' });

  // Esc closes it and gives the keyboard back to the cell it was opened from.
  await app.keyboard.press('Escape');
  await expect(pop).toHaveCount(0);
  await expect(target).toBeFocused();
});
