import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanyDetail, Explanation, GridData, PriceSeries, ScreenResult } from '../../contract/api.ts';
import { openCore, type FortressCore } from '../../main/core/app.ts';
import { buildDemoUniverse } from '../../main/core/demo/build.ts';

let dir: string;
let core: FortressCore;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-api-'));
  await buildDemoUniverse(dir, { count: 80 });
  core = openCore({ dataDir: dir, shell: 'cli' });
});
afterAll(() => {
  core?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ok<T>(method: string, input: unknown): Promise<T> {
  const r = await core.call(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.kind}: ${r.error.message}`);
  return r.value as T;
}

describe('the core API', () => {
  it('describes the fictional universe it serves', async () => {
    const info = await ok<{ universe: { isFictional: boolean; label: string; constituents: number } }>('app:info', undefined);
    expect(info.universe).toMatchObject({ isFictional: true, label: 'Demo universe — fictional companies', constituents: 80 });
  });

  it('sends only the columns a grid asks for', async () => {
    const g = await ok<GridData>('grid:rows', { columns: ['market_cap', 'runway_months'] });
    expect(Object.keys(g.columns).sort()).toEqual(['market_cap', 'runway_months']);
    expect(g.keys).toHaveLength(80);
    expect(g.columns.market_cap?.every((v) => v === null || typeof v === 'number')).toBe(true);
  });

  it('screens with the same semantics as the contract: net cash passes a leverage ceiling', async () => {
    const g = await ok<GridData>('grid:rows', { columns: ['net_debt_to_ebitda'] });
    const r = await ok<ScreenResult>('screen:run', { filters: [{ op: 'max', metric: 'net_debt_to_ebitda', value: 3 }] });
    const expected = g.keys.filter((_, i) => {
      const v = g.columns.net_debt_to_ebitda?.[i];
      return v === 'net_cash' || (typeof v === 'number' && v <= 3);
    });
    expect(r.keys).toEqual(expected);
    expect(r.total).toBe(80);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('returns a company and its ten-year chart data, oldest bar first', async () => {
    const g = await ok<GridData>('grid:rows', { columns: [] });
    const key = g.keys[0] as string;
    const c = await ok<CompanyDetail>('company:get', { key });
    expect(c).toMatchObject({ key, isFictional: true });
    const p = await ok<PriceSeries>('prices:get', { ticker: c.ticker });
    expect(p.dates.length).toBeGreaterThan(5 * 250);
    expect(p.dates[0]! < p.dates[p.dates.length - 1]!).toBe(true);
    expect(p.close.at(-1)).toBe(c.metrics.price);
  });

  it('explains a metric down to the facts it came from', async () => {
    const g = await ok<GridData>('grid:rows', { columns: ['ebit_ttm'] });
    const i = g.columns.ebit_ttm!.findIndex((v) => typeof v === 'number');
    const e = await ok<Explanation>('metric:explain', { key: g.keys[i], metric: 'ebit_ttm' });
    expect(e.value).toBe(g.columns.ebit_ttm![i]);
    expect(e.facts.length).toBeGreaterThan(0);
    expect(e.facts[0]).toMatchObject({ tag: 'OperatingIncomeLoss', unit: 'USD' });
    expect(e.facts[0]!.accn).toMatch(/^\d{10}-\d{2}-\d{6}$/);
  });

  it('returns errors as data: bad input names the field, unknown things are not found', async () => {
    const bad = await core.call('screen:run', { filters: [{ op: 'max', metric: 'net_debt_to_ebitda', value: 'three' }] });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'bad_input', path: 'filters.0.value' } });
    expect(await core.call('no:such-method', {})).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await core.call('company:get', { key: 'ZZZZZ' })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await core.call('prices:get', { ticker: '../../etc/passwd' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } });
    expect(await core.call('grid:rows', { columns: ['market_cap'], extra: true })).toMatchObject({ ok: false, error: { kind: 'bad_input' } });
    expect(await core.call('app:info', '{"__proto__":1}')).toMatchObject({ ok: false, error: { kind: 'bad_input' } });
  });
});

describe('a core on an empty data directory', () => {
  it('builds the demo universe in the background and reports progress', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-empty-'));
    const c = openCore({ dataDir: empty, shell: 'web', autoBuildDemo: true, demoCount: 30 });
    try {
      const first = await c.call('app:info', {});
      expect(first).toMatchObject({ ok: true, value: { universe: null, job: { kind: 'build-demo', state: 'running' } } });
      expect(await c.call('grid:rows', { columns: [] })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
      await c.idle();
      const after = await c.call('app:info', {});
      expect(after).toMatchObject({ ok: true, value: { universe: { constituents: 30 }, job: { state: 'done' } } });
      expect(fs.existsSync(path.join(empty, 'user.db'))).toBe(true);
    } finally {
      c.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('settings', () => {
  it('validate values and reclassify when a classification threshold changes', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-settings-'));
    await buildDemoUniverse(dir2, { count: 150 });
    const c = openCore({ dataDir: dir2, shell: 'cli' });
    try {
      const count = async (cls: string) => {
        const r = await c.call('screen:run', { filters: [{ op: 'is', metric: 'classification', value: cls }] });
        if (!r.ok) throw new Error(r.error.message);
        return (r.value as ScreenResult).keys.length;
      };
      const before = await count('fortress');
      expect(await c.call('settings:set', { key: 'classify.fortress_max_leverage', value: 'three' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } });
      expect(await c.call('settings:set', { key: 'sec.contact_email', value: 'not-an-email' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } });
      expect(await c.call('settings:set', { key: 'classify.fortress_max_leverage', value: 0.5 })).toMatchObject({ ok: true, value: { value: 0.5 } });
      await c.idle();
      const after = await count('fortress');
      expect(after).toBeLessThan(before);
      expect(after).toBeGreaterThan(0); // net-cash fortresses still qualify
      expect(await c.call('settings:get', {})).toMatchObject({ ok: true, value: { 'classify.fortress_max_leverage': 0.5, 'sec.contact_email': null } });
    } finally {
      c.close();
      fs.rmSync(dir2, { recursive: true, force: true });
    }
  });
});
