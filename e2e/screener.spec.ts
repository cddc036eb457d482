/**
 * The screener through the web shell, checked against the database itself.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { constituents, isFictionalUniverse, leverageAndRunwayScreen, marketCaps, metricColumn, ndEbitdaOrder, ndEbitdaSignature } from './expected.ts';
import { expect, test } from './fixtures.ts';
import { allRowIds, cell, header, renderedRows, rowIdsAt } from './grid.ts';

const SHOTS = path.join(import.meta.dirname, 'screenshots');
/** Enough rows to show an order, few enough to fit in one rendered window of the grid. */
const HEAD = 10;

const rowCount = (page: Page) => page.getByTestId('row-count');

async function settledCount(page: Page): Promise<{ matched: number; total: number }> {
  await expect(rowCount(page)).toHaveAttribute('data-pending', 'false');
  const el = rowCount(page);
  return { matched: Number(await el.getAttribute('data-matched')), total: Number(await el.getAttribute('data-total')) };
}

test('the grid shows every constituent in the database and flags the universe as fictional', async ({ app, market }) => {
  const universe = constituents(market);
  expect(universe.size, 'the demo universe is not empty').toBeGreaterThan(100);

  await expect(rowCount(app)).toHaveAttribute('data-total', String(universe.size));
  await expect(rowCount(app)).toHaveAttribute('data-matched', String(universe.size));
  const badge = app.getByTestId('universe-badge');
  await expect(badge).toBeVisible();
  expect(isFictionalUniverse(market)).toBe(true);
  await expect(badge).toHaveClass(/\bfictional\b/);
  await expect(badge).toContainText(universe.size.toLocaleString('en-US'));

  const rendered = [...(await renderedRows(app)).values()];
  expect(rendered.length).toBeGreaterThan(0);
  for (const id of rendered) expect(universe, `row ${id} is a constituent`).toContain(id);

  await app.screenshot({ path: path.join(SHOTS, 'screener.png'), animations: 'disabled', caret: 'hide' });
});

test('a max-leverage and min-runway screen shows exactly the rows the database says pass', async ({ app, market }) => {
  // ND/EBITDA ≤ 3 keeps numbers ≤ 3 and net cash; runway ≥ 12 keeps numbers ≥ 12 and "not burning".
  const expected = leverageAndRunwayScreen(market, 3, 12);
  const total = constituents(market).size;
  expect(expected.size, 'the screen is selective but not empty on the demo data').toBeGreaterThan(0);
  expect(expected.size).toBeLessThan(total);

  await app.getByTestId('filter-max-nd-ebitda').fill('3');
  await app.getByTestId('filter-min-runway').fill('12');
  await expect(rowCount(app)).toHaveAttribute('data-matched', String(expected.size));
  expect(await settledCount(app)).toEqual({ matched: expected.size, total });

  const shown = await allRowIds(app, expected.size);
  expect(new Set(shown)).toEqual(expected);
  expect(shown).toHaveLength(expected.size);

  await app.getByTestId('filter-min-runway').scrollIntoViewIfNeeded();
  await rowIdsAt(app, 0, Math.min(HEAD, expected.size));
  await app.screenshot({ path: path.join(SHOTS, 'filtered.png'), animations: 'disabled', caret: 'hide' });
});

test('the CLI screen agrees row for row with the grid for the same filter', async ({ app, dataDir }) => {
  await app.getByTestId('filter-max-nd-ebitda').fill('3');
  await app.getByTestId('filter-min-runway').fill('12');
  await app.getByTestId('filter-profitable').check();
  const { matched } = await settledCount(app);
  const cli = spawnSync(process.execPath, ['main/cli/index.ts', 'screen', '--data-dir', dataDir, '--max-net-debt-ebitda', '3', '--min-runway-months', '12', '--profitable', '--format', 'json'], {
    cwd: path.join(import.meta.dirname, '..'),
    encoding: 'utf8',
    // Every metric of several hundred rows is over a megabyte of JSON.
    maxBuffer: 64 << 20,
  });
  expect(cli.status, cli.stderr).toBe(0);
  const fromCli = (JSON.parse(cli.stdout) as { ticker: string }[]).map((r) => r.ticker);
  expect(fromCli.length).toBe(matched);
  const shown = await allRowIds(app, matched);
  expect(new Set(shown)).toEqual(new Set(fromCli));
});

test('clicking the market-cap header flips the order the database values say, missing last', async ({ app, market }) => {
  const caps = marketCaps(market);
  const numbers = [...caps.values()].filter((v): v is number => v !== null);
  expect(numbers.length).toBeGreaterThan(HEAD);
  const desc = [...numbers].sort((a, b) => b - a).slice(0, HEAD);
  const asc = [...numbers].sort((a, b) => a - b).slice(0, HEAD);
  const capsOf = (ids: string[]) => ids.map((id) => caps.get(id));
  const marketCap = header(app, 'market_cap');

  // The screener opens sorted by market cap, largest first; a click flips it.
  await expect(marketCap).toHaveAttribute('aria-sort', 'descending');
  expect(capsOf(await rowIdsAt(app, 0, HEAD))).toEqual(desc);

  await marketCap.click();
  await expect(marketCap).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => capsOf(await rowIdsAt(app, 0, HEAD))).toEqual(asc);

  const total = caps.size;
  const missing = total - numbers.length;
  if (missing > 0) {
    const tail = await rowIdsAt(app, total - Math.min(missing, HEAD), total);
    expect(capsOf(tail).every((v) => v === null)).toBe(true);
  }
});

test('sorting by net debt / EBITDA keeps net cash and NM at the ends of the axis and n/a and missing below it, both ways', async ({ app, market }) => {
  const values = metricColumn(market, 'net_debt_to_ebitda');
  const total = values.size;
  const signatures = async (from: number, to: number) => (await rowIdsAt(app, from, to)).map((id) => ndEbitdaSignature(values.get(id)));
  const category = (s: string) => (s === 'net_cash' || s === 'NM' || s === 'missing' || s.startsWith('apart:') ? s : 'number');
  const categories = new Set([...values.values()].map((v) => category(ndEbitdaSignature(v))));
  expect([...categories].sort(), 'the demo has every kind of value').toEqual(['NM', 'apart:n/a_financial', 'missing', 'net_cash', 'number']);
  const nd = header(app, 'net_debt_to_ebitda');

  // Lower leverage is better, so the first click sorts ascending (net cash first), the second descending.
  for (const direction of ['asc', 'desc'] as const) {
    await nd.click();
    await expect(nd).toHaveAttribute('aria-sort', direction === 'asc' ? 'ascending' : 'descending');
    const want = ndEbitdaOrder(market, direction);
    await expect.poll(() => signatures(0, HEAD)).toEqual(want.slice(0, HEAD));
    // Every place where one kind of value gives way to the next, and the very end.
    const boundaries = want.flatMap((s, i) => (i > 0 && category(s) !== category(want[i - 1] ?? '') ? [i] : []));
    for (const at of [...boundaries, total]) {
      const from = Math.max(0, Math.min(at - HEAD / 2, total - HEAD));
      expect(await signatures(from, from + HEAD), `${direction}, rows ${from}–${from + HEAD - 1}`).toEqual(want.slice(from, from + HEAD));
    }
  }
});

test('choosing a row and pressing ArrowDown charts the next company', async ({ app }) => {
  const first = cell(app, 1, 'ticker');
  const tickerBelow = (await cell(app, 2, 'ticker').innerText()).trim();
  expect(tickerBelow).not.toBe('');

  await first.click();
  await expect(app.getByTestId('chart')).toHaveAttribute('data-chart-ready', (await first.innerText()).trim());
  await app.keyboard.press('ArrowDown');
  const chart = app.getByTestId('chart');
  await expect(chart).toHaveAttribute('data-chart-ready', tickerBelow);

  // Not blank: the price pane (the largest canvas) carries candles, volume and averages.
  // An empty chart measures 1 colour and 0 % ink there; a drawn one hundreds and ~10 %.
  const canvases = await chart.evaluate((host) =>
    [...host.querySelectorAll('canvas')].map((c) => {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) return { area: 0, colours: 0, inked: 0 };
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const counts = new Map<number, number>();
      for (let i = 0; i < px.length; i += 4) {
        const k = ((px[i] ?? 0) << 24) | ((px[i + 1] ?? 0) << 16) | ((px[i + 2] ?? 0) << 8) | (px[i + 3] ?? 0);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const background = Math.max(...counts.values());
      return { area: c.width * c.height, colours: counts.size, inked: 1 - background / (c.width * c.height) };
    }),
  );
  const pane = canvases.reduce((a, b) => (b.area > a.area || (b.area === a.area && b.inked > a.inked) ? b : a), { area: 0, colours: 0, inked: 0 });
  expect(pane.colours, JSON.stringify(canvases)).toBeGreaterThan(20);
  expect(pane.inked, JSON.stringify(canvases)).toBeGreaterThan(0.02);

  await app.getByRole('region', { name: 'Company' }).screenshot({ path: path.join(SHOTS, 'chart.png'), animations: 'disabled' });
});

test('the API refuses a call from the page that does not carry the token', async ({ app, server }) => {
  const call = (authorization: string | null) =>
    app.evaluate(async (auth) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (auth) headers.Authorization = auth;
      const r = await fetch('/api/app%3Ainfo', { method: 'POST', headers, body: '{}' });
      return { status: r.status, body: (await r.json()) as unknown };
    }, authorization);

  const refused = await call(null);
  expect(refused.status).toBe(401);
  expect(refused.body).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
  expect((await call('Bearer not-the-token')).status).toBe(401);
  // The same request with the launch token goes through, so the refusal is about the token alone.
  const allowed = await call(`Bearer ${server.token}`);
  expect(allowed.status).toBe(200);
  expect(allowed.body).toMatchObject({ ok: true, value: { shell: 'web' } });
});
