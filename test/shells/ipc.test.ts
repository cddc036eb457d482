import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../contract/methods.ts';

// Electron cannot run under Node; capture what the shell registers instead.
const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { registerIpc } = await import('../../main/electron/ipc.ts');

const trusted = new URL('file:///opt/Fortress/out/renderer/index.html');
const fromPage = { senderFrame: { url: `${trusted.href}#/grid`, parent: null } };

function fakeCore(impl?: (method: string, input: unknown) => Promise<unknown>) {
  const call = vi.fn(impl ?? (async (method: string, input: unknown) => ({ ok: true, value: { method, input } })));
  return { call } as unknown as { call: typeof call } & Parameters<typeof registerIpc>[0];
}

describe('the IPC shell', () => {
  beforeEach(() => handlers.clear());

  it('registers exactly one channel per API method and removes them all again', () => {
    const unregister = registerIpc(fakeCore(), trusted);
    expect([...handlers.keys()].sort()).toEqual([...API_METHODS].sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('passes the raw input of the renderer page to the core and returns its result', async () => {
    const core = fakeCore();
    registerIpc(core, trusted);
    const input = { filters: [{ op: 'max', metric: 'net_debt_to_ebitda', value: 3 }] };
    await expect(handlers.get('screen:run')?.(fromPage, input)).resolves.toEqual({ ok: true, value: { method: 'screen:run', input } });
    expect(core.call).toHaveBeenCalledWith('screen:run', input);
  });

  it.each([
    ['a destroyed frame', { senderFrame: null }],
    ['another page', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a UNC look-alike', { senderFrame: { url: 'file://evil/opt/Fortress/out/renderer/index.html', parent: null } }],
    ['an iframe inside the page', { senderFrame: { url: trusted.href, parent: {} } }],
  ])('answers %s with an unauthorized result without calling the core', async (_label, event) => {
    const core = fakeCore();
    registerIpc(core, trusted);
    const result = await handlers.get('app:info')?.(event, {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    expect(core.call).not.toHaveBeenCalled();
  });

  it('turns a core that throws into an internal error result instead of a rejected invoke', async () => {
    registerIpc(
      fakeCore(async () => {
        throw new Error('disk on fire');
      }),
      trusted,
    );
    await expect(handlers.get('app:info')?.(fromPage, {})).resolves.toEqual({ ok: false, error: { kind: 'internal', message: 'disk on fire' } });
  });
});
