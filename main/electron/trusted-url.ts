/**
 * Which URLs the Electron shell trusts. Pure (no `electron` import) so hostile-input
 * tests run under plain Node.
 *
 * Policy: exactly one document may talk to the core — the app's own renderer, either
 * `file://…/out/renderer/index.html` (production) or the electron-vite dev server's
 * origin (`ELECTRON_RENDERER_URL`). Everything is compared on parsed URLs, never on
 * string prefixes: `file://evil/…`, `http://localhost:5173@evil/` and `javascript:` all
 * start with something that looks right.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URL the window loads: the dev server when electron-vite says so, else the built page. */
export function rendererUrl(opts: { devServerUrl?: string | undefined; mainDir: string }): URL {
  if (opts.devServerUrl) {
    const dev = new URL(opts.devServerUrl);
    if (dev.protocol !== 'http:' && dev.protocol !== 'https:') throw new Error(`ELECTRON_RENDERER_URL must be http(s): ${opts.devServerUrl}`);
    return dev;
  }
  return pathToFileURL(path.join(opts.mainDir, '..', 'renderer', 'index.html'));
}

/**
 * Is `candidate` (a frame's URL) the app's own renderer page? Query and fragment are
 * ignored (the web shell passes its token in the fragment; routes may too).
 */
export function isTrustedRendererUrl(candidate: string | null | undefined, trusted: URL): boolean {
  if (typeof candidate !== 'string' || candidate === '') return false;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (trusted.protocol === 'file:') {
    // A file URL with a host is a UNC share (`file://evil/share/…`), never our bundle.
    return url.protocol === 'file:' && url.host === '' && url.pathname === trusted.pathname;
  }
  return url.protocol === trusted.protocol && url.host === trusted.host;
}

/** An IPC sender as far as the check needs it; Electron's `senderFrame` is null once the frame navigated or died. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

export function isTrustedSender(frame: SenderFrame | null | undefined, trusted: URL): boolean {
  // Our page has no iframes; a subframe asking is something the CSP failed to stop.
  if (!frame || frame.parent !== null) return false;
  return isTrustedRendererUrl(frame.url, trusted);
}

const EXTERNAL_PROTOCOLS: ReadonlySet<string> = new Set(['https:', 'http:']);

/**
 * The normalised href to hand to the OS browser, or `null` when the link must not leave
 * the app (`file:`, `javascript:`, custom schemes that launch other programs, URLs with
 * embedded credentials, which are a phishing device).
 *
 * @example externalUrl('https://www.sec.gov/cgi-bin/browse-edgar?CIK=1') // 'https://www.sec.gov/cgi-bin/browse-edgar?CIK=1'
 * @example externalUrl('smb://evil/share') // null
 */
export function externalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!EXTERNAL_PROTOCOLS.has(url.protocol)) return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}
