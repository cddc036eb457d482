/**
 * Data & settings through the web shell: the contact e-mail the online refresh needs, the
 * refresh's dry-run plan, and the classification thresholds — checked against what the
 * core stores (`settings:get`) and what the database holds after the reclassification.
 *
 * No test starts a real refresh: these machines have no network, and the plan needs none.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { metricColumn } from './expected.ts';
import { expect, test, type WebShell } from './fixtures.ts';
import { renderedRows } from './grid.ts';

const SHOTS = path.join(import.meta.dirname, 'screenshots');
const LEVERAGE = 'classify.fortress_max_leverage';

async function openPanel(page: Page) {
  await page.getByTestId('data-button').click();
  const panel = page.getByTestId('data-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toHaveAttribute('data-settings', 'ready');
  return panel;
}

/** The settings as the core stores them, asked with the launch token (not through the UI). */
async function storedSettings(page: Page, server: WebShell): Promise<Record<string, unknown>> {
  const body = await page.evaluate(async (token) => {
    const r = await fetch('/api/settings%3Aget', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{}' });
    return (await r.json()) as { ok: boolean; value: Record<string, unknown> };
  }, server.token);
  expect(body.ok).toBe(true);
  return body.value;
}

async function currentJob(page: Page, server: WebShell): Promise<{ kind: string; state: string } | null> {
  return page.evaluate(async (token) => {
    const r = await fetch('/api/app%3Ainfo', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{}' });
    return ((await r.json()) as { value: { job: { kind: string; state: string } | null } }).value.job;
  }, server.token);
}

/** Classification per constituent, read afresh (the core rewrites the table when it reclassifies). */
function classes(dataDir: string): Map<string, string | null> {
  const db = new Database(path.join(dataDir, 'market.db'), { readonly: true, fileMustExist: true });
  try {
    return new Map([...metricColumn(db, 'classification')].map(([k, v]) => [k, v.kind === 'text' ? v.text : null]));
  } finally {
    db.close();
  }
}

const countOf = (m: Map<string, string | null>, cls: string) => [...m.values()].filter((c) => c === cls).length;

test('an invalid contact e-mail is refused inline and nothing is saved; a valid one is saved and survives a reload', async ({ app, server }) => {
  const panel = await openPanel(app);
  const email = panel.getByTestId('contact-email');
  const save = panel.getByTestId('refresh-settings-save');
  await expect(email).toHaveValue('');

  await email.fill('analyst-at-example.com');
  await save.click();
  const error = panel.getByTestId('contact-email-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText(/e-?mail/i);
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  // Refused by the core's schema: nothing stored, and the refresh still cannot start.
  expect((await storedSettings(app, server))['sec.contact_email']).toBeNull();
  await expect(panel.getByTestId('refresh-start')).toBeDisabled();

  await email.fill('analyst@example.com');
  await expect(error).toHaveCount(0);
  await save.click();
  await expect(panel.getByTestId('refresh-settings-saved')).toBeVisible();
  expect((await storedSettings(app, server))['sec.contact_email']).toBe('analyst@example.com');

  // Esc closes the panel and gives focus back to the Data button.
  await app.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(app.getByTestId('data-button')).toBeFocused();

  // A new page load reads it back from the core (the token stays in this tab's session).
  await app.reload();
  await expect(app.locator('body')).toHaveAttribute('data-ready', 'grid', { timeout: 30_000 });
  const again = await openPanel(app);
  await expect(again.getByTestId('contact-email')).toHaveValue('analyst@example.com');
  await expect(again.getByTestId('refresh-start')).toBeEnabled();
});

test('the refresh preview shows a plan without any network request, and Start needs a contact e-mail', async ({ app, server }) => {
  const requests: string[] = [];
  app.on('request', (r) => requests.push(r.url()));
  const panel = await openPanel(app);

  const start = panel.getByTestId('refresh-start');
  await expect(start).toBeDisabled();
  await expect(panel.getByTestId('refresh-start-reason')).toContainText(/contact e-mail/i);

  await panel.getByTestId('refresh-preview').click();
  const plan = panel.getByTestId('refresh-plan');
  await expect(plan).toBeVisible();
  // The demo holds no real IWM snapshot: the plan is the index items, the rest comes after them.
  const total = Number(await plan.getAttribute('data-total'));
  expect(total).toBeGreaterThan(0);
  const perKind = (await plan.locator('td[data-kind]').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
  expect(perKind.reduce((a, b) => a + b, 0)).toBe(total);
  await expect(plan).toContainText('SEC request');
  await expect(panel.getByTestId('refresh-plan-notes')).toContainText('no IWM holdings are stored yet');

  // The other fund plans the same way.
  await panel.getByTestId('refresh-fund-IWC').check();
  await expect(plan).toHaveCount(0);
  await panel.getByTestId('refresh-preview').click();
  await expect(plan).toContainText('for IWC');

  // A dry run starts nothing, and the page spoke only to its own loopback server.
  const job = await currentJob(app, server);
  expect(job?.kind ?? null).not.toBe('refresh');
  await expect(panel.getByTestId('refresh-progress')).toHaveCount(0);
  const origin = new URL(server.url).origin;
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((u) => new URL(u).origin !== origin)).toEqual([]);

  // With a contact e-mail saved, Start becomes available (and is left alone: no network here).
  await panel.getByTestId('contact-email').fill('analyst@example.com');
  await expect(start).toBeDisabled();
  await panel.getByTestId('refresh-settings-save').click();
  await expect(panel.getByTestId('refresh-settings-saved')).toBeVisible();
  await expect(start).toBeEnabled();
});

test('lowering the fortress leverage threshold to 0.5 reclassifies the universe, and the grid and counts follow', async ({ app, dataDir }) => {
  test.setTimeout(120_000);
  const before = classes(dataDir);
  const fortressBefore = countOf(before, 'fortress');
  expect(fortressBefore, 'the demo has fortresses').toBeGreaterThan(10);

  const panel = await openPanel(app);
  const fortress = panel.getByTestId('class-count-fortress');
  await expect(fortress).toHaveAttribute('data-count', String(fortressBefore));

  const input = panel.getByTestId(`threshold-${LEVERAGE}`);
  await expect(input).toHaveValue('3');
  await expect(panel.getByTestId('thresholds-save')).toBeDisabled();
  await input.fill('0.5');
  await panel.getByTestId('thresholds-save').click();

  // The reclassification runs in the background; its progress shows in the panel and the top bar.
  const progress = panel.getByTestId('recompute-progress');
  await expect(app.getByTestId('job-indicator')).toBeVisible();
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 90_000 });

  const after = classes(dataDir);
  const fortressAfter = countOf(after, 'fortress');
  expect(fortressAfter).toBeLessThan(fortressBefore);
  await expect(fortress).toHaveAttribute('data-count', String(fortressAfter));
  await expect(input).toHaveValue('0.5');

  // Show the plan too, for the screenshot of the whole panel.
  await panel.getByTestId('refresh-preview').click();
  await expect(panel.getByTestId('refresh-plan')).toBeVisible();
  // The foot of the panel: the plan's tail, the thresholds, the finished reclassification and its effect.
  await panel.locator('.dp-body').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await app.screenshot({ path: path.join(SHOTS, 'settings.png'), animations: 'disabled', caret: 'hide' });

  // The grid has reloaded its rows: every Class cell on screen says what the database now says…
  await app.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(app.locator('.workspace')).toHaveAttribute('data-rows-version', /^[1-9]\d*$/);
  const classCells = (page: Page) =>
    page.locator('[data-testid=grid] .ag-row[row-id] [col-id=classification] [data-class]').evaluateAll((els) =>
      els.map((el) => [el.closest('.ag-row')?.getAttribute('row-id') ?? '', el.getAttribute('data-class')] as const),
    );
  await expect.poll(async () => (await classCells(app)).filter(([key, cls]) => after.get(key) !== cls)).toEqual([]);
  expect((await renderedRows(app)).size).toBeGreaterThan(0);

  // …including a company that was a fortress before and no longer is.
  const demoted = [...before.keys()].find((k) => before.get(k) === 'fortress' && after.get(k) !== 'fortress' && after.get(k) != null);
  expect(demoted, 'some fortress lost its class').toBeDefined();
  await app.getByTestId('goto-ticker').fill(demoted as string);
  await app.getByTestId('goto-ticker').press('Enter');
  const row = app.locator(`[data-testid=grid] .ag-row[row-id="${demoted}"] [col-id=classification] [data-class]`).first();
  await expect(row).toHaveAttribute('data-class', after.get(demoted as string) ?? '');
});
