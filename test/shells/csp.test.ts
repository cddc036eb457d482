import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cspFromHtml, FALLBACK_CSP, pageCsp } from '../../main/web/csp.ts';

describe('the CSP header', () => {
  it('is read from the page meta tag, whatever the attribute order, case and line breaks', () => {
    const html = `<head><meta charset="utf-8">
      <meta
        content="default-src 'self';
                 script-src 'self'"
        HTTP-EQUIV='Content-Security-Policy' /></head>`;
    expect(cspFromHtml(html)).toBe("default-src 'self'; script-src 'self'");
  });

  it('ignores other meta tags', () => {
    expect(cspFromHtml('<meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0">')).toBeNull();
  });

  it('falls back to the strict policy when the page has none or is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-csp-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    expect(pageCsp(path.join(dir, 'index.html'))).toBe(FALLBACK_CSP);
    expect(pageCsp(path.join(dir, 'absent.html'))).toBe(FALLBACK_CSP);
    fs.rmSync(dir, { recursive: true });
  });

  it("is the renderer page's own strict policy: no inline or remote script, same-origin connections only", () => {
    const csp = pageCsp(path.join(import.meta.dirname, '..', '..', 'renderer', 'index.html'));
    expect(csp).not.toBe(FALLBACK_CSP);
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get('script-src') ?? directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src') ?? directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src') ?? directives.get('default-src')).toEqual(expect.arrayContaining([expect.stringMatching(/^'(none|self)'$/)]));
  });
});
