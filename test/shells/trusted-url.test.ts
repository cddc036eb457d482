import { describe, expect, it } from 'vitest';
import { externalUrl, isTrustedRendererUrl, isTrustedSender, rendererUrl } from '../../main/electron/trusted-url.ts';

const built = rendererUrl({ mainDir: '/opt/Fortress/resources/app/out/main' });
const dev = rendererUrl({ devServerUrl: 'http://localhost:5173/', mainDir: '/ignored' });

describe('the renderer URL', () => {
  it('is the built index.html beside the main bundle in production', () => {
    expect(built.href).toBe('file:///opt/Fortress/resources/app/out/renderer/index.html');
  });

  it('is the electron-vite dev server when ELECTRON_RENDERER_URL is set', () => {
    expect(dev.href).toBe('http://localhost:5173/');
  });

  it('refuses a dev server URL that is not http(s)', () => {
    expect(() => rendererUrl({ devServerUrl: 'file:///tmp/index.html', mainDir: '/x' })).toThrow(/http/);
  });
});

describe('a trusted renderer URL', () => {
  it('is the built page itself, with any query or fragment', () => {
    expect(isTrustedRendererUrl('file:///opt/Fortress/resources/app/out/renderer/index.html', built)).toBe(true);
    expect(isTrustedRendererUrl('file:///opt/Fortress/resources/app/out/renderer/index.html#/company/ACME', built)).toBe(true);
    expect(isTrustedRendererUrl('file:///opt/Fortress/resources/app/out/renderer/index.html?x=1', built)).toBe(true);
  });

  it('is any page of the dev server origin in dev', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/index.html#x', dev)).toBe(true);
  });

  it.each([
    ['a UNC share posing as the bundle', 'file://evil/opt/Fortress/resources/app/out/renderer/index.html'],
    ['another local file', 'file:///tmp/index.html'],
    ['a dot-dot path that only normalises to a sibling', 'file:///opt/Fortress/resources/app/out/renderer/../evil/index.html'],
    ['a path that merely starts like the bundle', 'file:///opt/Fortress/resources/app/out/renderer/index.html.evil'],
    ['an http page', 'https://app.example/opt/Fortress/resources/app/out/renderer/index.html'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['about:blank', 'about:blank'],
    ['an empty string', ''],
    ['garbage', 'not a url'],
  ])('is not %s', (_label, candidate) => {
    expect(isTrustedRendererUrl(candidate, built)).toBe(false);
  });

  it.each([
    ['credentials that hide the real host', 'http://localhost:5173@evil.example/'],
    ['a look-alike host', 'http://localhost.evil.example:5173/'],
    ['another port', 'http://localhost:5174/'],
    ['https instead of http', 'https://localhost:5173/'],
    ['userinfo on the right host', 'http://user:pw@localhost:5173/'],
    ['an app-like name with credentials', 'https://app.example@evil/'],
    ['javascript:', 'javascript://localhost:5173/%0aalert(1)'],
  ])('in dev is not %s', (_label, candidate) => {
    expect(isTrustedRendererUrl(candidate, dev)).toBe(false);
  });

  it('is not null or undefined', () => {
    expect(isTrustedRendererUrl(null, built)).toBe(false);
    expect(isTrustedRendererUrl(undefined, built)).toBe(false);
  });
});

describe('the IPC sender check', () => {
  const page = 'file:///opt/Fortress/resources/app/out/renderer/index.html';

  it('accepts the top frame of the renderer page', () => {
    expect(isTrustedSender({ url: page, parent: null }, built)).toBe(true);
  });

  it('refuses a missing frame (navigated away or destroyed)', () => {
    expect(isTrustedSender(null, built)).toBe(false);
    expect(isTrustedSender(undefined, built)).toBe(false);
  });

  it('refuses a subframe even when it shows the renderer page', () => {
    expect(isTrustedSender({ url: page, parent: { url: page } }, built)).toBe(false);
  });

  it('refuses a top frame showing anything else', () => {
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, built)).toBe(false);
  });
});

describe('an external link', () => {
  it('opens when it is plain http or https', () => {
    expect(externalUrl('https://www.sec.gov/cgi-bin/browse-edgar?CIK=320193')).toBe('https://www.sec.gov/cgi-bin/browse-edgar?CIK=320193');
    expect(externalUrl('http://example.com')).toBe('http://example.com/');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://evil/share',
    'ms-msdt:/id PCWDiagnostic',
    'https://user:pw@bank.example.evil/',
    'not a url',
    '',
  ])('does not open %j', (raw) => {
    expect(externalUrl(raw)).toBeNull();
  });
});
