/**
 * The bridge: `window.fortress` gets one async function per API method, each a bare
 * `ipcRenderer.invoke(method, input)`. No logic, no zod (only the method list is
 * imported), and never `ipcRenderer` itself — the page can reach exactly these channels.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiInput, ApiOutput, FortressApi } from '../contract/api.ts';
import { API_METHODS, type ApiMethod, type ApiResult } from '../contract/methods.ts';

type Bridge<K extends ApiMethod> = (input: ApiInput<K>) => Promise<ApiResult<ApiOutput<K>>>;

function bridge<K extends ApiMethod>(method: K): Bridge<K> {
  // Resolves to whatever the main-process handler returned: always an ApiResult (ipc.ts).
  return (input) => ipcRenderer.invoke(method, input);
}

type Bridged<M extends readonly ApiMethod[]> = { [K in M[number]]: Bridge<K> };

function bridgeAll<const M extends readonly ApiMethod[]>(methods: M): Bridged<M> {
  return Object.fromEntries(methods.map((m) => [m, bridge(m)])) as Bridged<M>;
}

const api = bridgeAll(API_METHODS) satisfies FortressApi;

contextBridge.exposeInMainWorld('fortress', api);
