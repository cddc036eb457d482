/**
 * Globals the renderer may find at runtime. `window.fortress` exists only inside Electron,
 * where the sandboxed preload exposes one async function per API method (contextBridge);
 * in the loopback web shell it is absent and the client falls back to HTTP.
 */
import type { FortressApi } from '../../contract/api.ts';

declare global {
  interface Window {
    readonly fortress?: FortressApi;
  }
}

export {};
