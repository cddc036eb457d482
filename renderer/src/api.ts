/**
 * The renderer's one door to the core. Transport-agnostic: Electron's preload bridge when
 * present, otherwise the loopback web shell (`POST /api/<method>` with a bearer token).
 *
 * Policy: nothing here throws. Every failure — rejected IPC, network error, non-JSON body,
 * a body that is not an ApiResult — comes back as `{ ok: false, error: { kind: 'internal' } }`
 * so components handle one shape.
 */
import { API_METHODS, type ApiMethod, type ApiResult } from '../../contract/methods.ts';
import type { FortressApi } from '../../contract/api.ts';

type Transport = (method: ApiMethod, input: unknown) => Promise<ApiResult<unknown>>;

const TOKEN_KEY = 'fortress.token';
/** Long enough for a cold grid load on a slow disk; short enough that a hung server surfaces. */
const HTTP_TIMEOUT_MS = 30_000;

function internal(message: string): ApiResult<never> {
  return { ok: false, error: { kind: 'internal', message } };
}

function isApiResult(v: unknown): v is ApiResult<unknown> {
  if (typeof v !== 'object' || v === null || !('ok' in v)) return false;
  if (v.ok === true) return 'value' in v;
  if (v.ok !== false || !('error' in v)) return false;
  const e = v.error;
  return typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string';
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Moves the session token from the URL hash (`#token=…`) into sessionStorage and scrubs it
 * from the address bar, so it is not left in history, screenshots or copied links.
 * Returns the token for this tab, whether it came from the hash now or on an earlier load.
 */
export function takeToken(loc: Location = window.location, hist: History = window.history, store: Storage = window.sessionStorage): string | null {
  const hash = loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash;
  const fromHash = new URLSearchParams(hash).get('token');
  if (fromHash) {
    try {
      store.setItem(TOKEN_KEY, fromHash);
    } catch {
      // Storage can be disabled; the token still works for this page's lifetime.
    }
    hist.replaceState(hist.state, '', loc.pathname + loc.search);
    return fromHash;
  }
  try {
    return store.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function preloadTransport(bridge: FortressApi): Transport {
  // The bridge's per-method signatures are exact; this layer is deliberately untyped by method.
  const table = bridge as unknown as Record<ApiMethod, ((input: unknown) => Promise<unknown>) | undefined>;
  return async (method, input) => {
    const fn = table[method];
    if (typeof fn !== 'function') return internal(`The preload bridge has no method ${method}`);
    try {
      const res = await fn(input);
      return isApiResult(res) ? res : internal(`Malformed reply from ${method}`);
    } catch (e) {
      return internal(`${method} failed: ${describe(e)}`);
    }
  };
}

function httpTransport(token: string | null): Transport {
  return async (method, input) => {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), HTTP_TIMEOUT_MS);
    try {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token) headers['Authorization'] = `Bearer ${token}`;
      const res = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
        signal: ctl.signal,
        cache: 'no-store',
        credentials: 'omit',
      });
      // Error statuses still carry an ApiResult body (e.g. 401 → unauthorized); prefer it.
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return internal(`${method}: HTTP ${res.status}, response was not JSON`);
      }
      return isApiResult(body) ? body : internal(`${method}: HTTP ${res.status}, malformed response`);
    } catch (e) {
      if (ctl.signal.aborted) return internal(`${method}: no answer from the server after ${HTTP_TIMEOUT_MS / 1000} s`);
      return internal(`${method}: cannot reach the Fortress server (${describe(e)})`);
    } finally {
      clearTimeout(timer);
    }
  };
}

function fromTransport(t: Transport): FortressApi {
  const api: Partial<Record<ApiMethod, (input: unknown) => Promise<ApiResult<unknown>>>> = {};
  for (const m of API_METHODS) api[m] = (input: unknown) => t(m, input);
  // Sound: each entry forwards its input unchanged and returns what that method's handler returned.
  return api as unknown as FortressApi;
}

/** Picks the transport once, at startup. */
export function createApi(win: Window = window): FortressApi {
  if (win.fortress) return fromTransport(preloadTransport(win.fortress));
  return fromTransport(httpTransport(takeToken(win.location, win.history, win.sessionStorage)));
}
