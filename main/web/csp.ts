/**
 * The Content-Security-Policy both shells send as a header. The renderer's
 * `<meta http-equiv="Content-Security-Policy">` in `index.html` is the one policy; the
 * shells read it from the built page so the header can never drift from it. A page
 * without one gets the strict fallback rather than no policy.
 */
import fs from 'node:fs';

/** No inline script or style, nothing from the network but our own origin. */
export const FALLBACK_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const META_TAG = /<meta\b[^>]*>/gi;

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** The policy in the page's CSP meta tag, or null. HTML entities in it are not expected and not decoded. */
export function cspFromHtml(html: string): string | null {
  for (const tag of html.match(META_TAG) ?? []) {
    if (attr(tag, 'http-equiv')?.toLowerCase() !== 'content-security-policy') continue;
    const content = attr(tag, 'content')?.replace(/\s+/g, ' ').trim();
    if (content) return content;
  }
  return null;
}

/** The CSP of the built page at `indexHtml`, or the fallback when it has none or is missing. */
export function pageCsp(indexHtml: string): string {
  let html: string;
  try {
    html = fs.readFileSync(indexHtml, 'utf8');
  } catch {
    return FALLBACK_CSP;
  }
  return cspFromHtml(html) ?? FALLBACK_CSP;
}
