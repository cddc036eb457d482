import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '../../contract/methods.ts';
import { MAX_BODY_BYTES, startWebServer, type WebServer } from '../../main/web/server.ts';

const PAGE_CSP = "default-src 'self'; script-src 'self'";
let root: string;
let staticDir: string;
let server: WebServer;
const core = {
  call: vi.fn(async (method: string, input: unknown): Promise<ApiResult<unknown>> => {
    if (method === 'app:info') return { ok: true, value: { method, input } };
    return { ok: false, error: { kind: 'not_found', message: `unknown API method: ${method}` } };
  }),
};

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw HTTP, because fetch normalises paths and refuses to set Host. */
function request(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; port?: number }): Promise<Reply> {
  const port = opts.port ?? server.port;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, agent: false, setHost: false, headers: { Host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const api = (method: string, body: string | Buffer = '{}', headers: Record<string, string> = {}) =>
  request({ method: 'POST', path: `/api/${encodeURIComponent(method)}`, body, headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...headers } });

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-web-'));
  staticDir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), `<!doctype html><meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}"><div id="root"></div>`);
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP SECRET');
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(staticDir, 'link.txt'));
  server = await startWebServer({ core, staticDir });
});

afterAll(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(() => core.call.mockClear());

describe('the web server', () => {
  it('listens on 127.0.0.1 with a fresh 256-bit token per launch', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startWebServer({ core, staticDir });
    expect(other.token).not.toBe(server.token);
    expect(other.port).not.toBe(server.port);
    await other.close();
  });

  it('cannot be reached on any address but 127.0.0.1', async () => {
    const others = ['127.0.0.2', ...Object.values(os.networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4' && !i.internal).map((i) => i!.address)];
    for (const host of others) {
      const connected = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host, port: server.port }, () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      expect(connected, host).toBe(false);
    }
  });

  describe('API calls', () => {
    it('are refused without a token', async () => {
      const r = await request({ method: 'POST', path: '/api/app%3Ainfo', body: '{}' });
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toBe('Bearer');
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
      expect(core.call).not.toHaveBeenCalled();
    });

    it.each([
      ['a wrong token', () => 'Bearer wrong-token-of-some-length-xxxxxxxxxxxxxxxxxx'],
      ['a prefix of the right token', () => `Bearer ${server.token.slice(0, 20)}`],
      ['the token with extra characters', () => `Bearer ${server.token}x`],
      ['the token without the Bearer scheme', () => server.token],
      ['the token as Basic credentials', () => `Basic ${server.token}`],
      ['an empty bearer', () => 'Bearer '],
    ])('are refused with %s', async (_label, header) => {
      const r = await api('app:info', '{}', { Authorization: header() });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
      expect(core.call).not.toHaveBeenCalled();
    });

    it('with the right token reach the core with the decoded method and parsed body', async () => {
      const r = await api('app:info', JSON.stringify({ a: [1, 2] }));
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(r.body)).toEqual({ ok: true, value: { method: 'app:info', input: { a: [1, 2] } } });
      expect(core.call).toHaveBeenCalledWith('app:info', { a: [1, 2] });
    });

    it('accept the Bearer scheme in any case, as HTTP auth schemes are case-insensitive', async () => {
      expect((await api('app:info', '{}', { Authorization: `bearer ${server.token}` })).status).toBe(200);
    });

    it('pass an empty body to the core as no input', async () => {
      await api('app:info', '');
      expect(core.call).toHaveBeenCalledWith('app:info', undefined);
    });

    it("pass the core's own error for an unknown method through unchanged", async () => {
      const r = await api('nope:nothing');
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ ok: false, error: { kind: 'not_found', message: 'unknown API method: nope:nothing' } });
    });

    it('answer a body that is not JSON with bad_input, without calling the core', async () => {
      const r = await api('app:info', '{"filters": [');
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { kind: 'bad_input' } });
      expect(core.call).not.toHaveBeenCalled();
    });

    it('refuse a body over 1 MiB with 413 and bad_input', async () => {
      const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
      const r = await api('app:info', big);
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { kind: 'bad_input' } });
      expect(core.call).not.toHaveBeenCalled();
    });

    it('accept a body of exactly 1 MiB', async () => {
      const body = Buffer.alloc(MAX_BODY_BYTES, 0x20);
      body.write('{}', 0);
      const r = await api('app:info', body);
      expect(r.status).toBe(200);
    });

    it('must be POSTs', async () => {
      const r = await request({ path: '/api/app%3Ainfo', headers: { Authorization: `Bearer ${server.token}` } });
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('POST');
      expect(core.call).not.toHaveBeenCalled();
    });
  });

  describe('the Host check', () => {
    it.each([
      ['a rebound DNS name', (p: number) => `evil.example:${p}`],
      ['the right host on another port', (p: number) => `127.0.0.1:${p + 1}`],
      ['localhost without the port', () => 'localhost'],
      ['a look-alike', (p: number) => `127.0.0.1.evil.example:${p}`],
    ])('refuses %s, even with the token', async (_label, host) => {
      const r = await api('app:info', '{}', { Host: host(server.port) });
      expect(r.status).toBe(403);
      expect(core.call).not.toHaveBeenCalled();
      const page = await request({ path: '/', headers: { Host: host(server.port) } });
      expect(page.status).toBe(403);
      expect(page.body).not.toContain('root');
    });

    it('accepts localhost:<port> as well as 127.0.0.1:<port>', async () => {
      expect((await api('app:info', '{}', { Host: `localhost:${server.port}` })).status).toBe(200);
      expect((await request({ path: '/', headers: { Host: `LOCALHOST:${server.port}` } })).status).toBe(200);
    });
  });

  describe('static files', () => {
    it('serve index.html at / uncached, with the page CSP and security headers', async () => {
      const r = await request({ path: '/' });
      expect(r.status).toBe(200);
      expect(r.body).toContain('<div id="root">');
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['content-security-policy']).toBe(PAGE_CSP);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-frame-options']).toBe('DENY');
    });

    it('serve assets with their content types', async () => {
      expect((await request({ path: '/assets/app.js' })).headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect((await request({ path: '/assets/app.css?v=1' })).headers['content-type']).toBe('text/css; charset=utf-8');
    });

    it.each([
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%5c..%5csecret.txt',
      '/%00/../secret.txt',
      '/link.txt',
      '/assets',
      '/missing.js',
      '/%E0%A4%A',
    ])('never serve anything outside the static directory: %s', async (p) => {
      const r = await request({ path: p });
      expect([400, 404]).toContain(r.status);
      expect(r.body).not.toContain('TOP SECRET');
    });

    it('never serve an absolute path smuggled in one encoded segment', async () => {
      const r = await request({ path: `/${encodeURIComponent(path.join(root, 'secret.txt'))}` });
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('TOP SECRET');
    });

    it('must be GETs', async () => {
      const r = await request({ method: 'POST', path: '/', body: '' });
      expect(r.status).toBe(405);
    });
  });

  it('closes promptly even with a keep-alive connection open, and only once', async () => {
    const s = await startWebServer({ core, staticDir });
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) => http.get({ host: '127.0.0.1', port: s.port, path: '/', agent }, (res) => res.resume().on('end', resolve)));
    await Promise.all([s.close(), s.close()]);
    agent.destroy();
  });
});
