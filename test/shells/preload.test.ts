import { describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../contract/methods.ts';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: { invoke },
}));

await import('../../preload/index.ts');

describe('the preload bridge', () => {
  it('exposes only window.fortress', () => {
    expect([...exposed.keys()]).toEqual(['fortress']);
  });

  it('has exactly one function per API method and nothing else (no ipcRenderer)', () => {
    const api = exposed.get('fortress') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...API_METHODS].sort());
    for (const fn of Object.values(api)) expect(typeof fn).toBe('function');
  });

  it('invokes the channel named after the method with the input unchanged', async () => {
    const api = exposed.get('fortress') as Record<string, (input: unknown) => Promise<unknown>>;
    const input = { ticker: 'ACME', from: '2024-01-01' };
    await expect(api['prices:get']?.(input)).resolves.toEqual({ ok: true, value: { channel: 'prices:get', input } });
    expect(invoke).toHaveBeenLastCalledWith('prices:get', input);
  });
});
