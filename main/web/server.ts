/**
 * The web shell: the built renderer and the API over loopback HTTP, for running Fortress
 * in an ordinary browser. It holds the same databases as the desktop app, so it is
 * locked down as if the rest of the machine were hostile:
 *
 * - binds 127.0.0.1 only, and answers only requests whose `Host` is `127.0.0.1:<port>`
 *   or `localhost:<port>` — a page on evil.example that rebinds its DNS name to
 *   127.0.0.1 still sends `Host: evil.example`;
 * - every `/api/*` call carries `Authorization: Bearer <token>`, a random per-launch
 *   token the user gets in the printed URL's fragment (fragments are never sent to a
 *   server or leaked in a Referer). A custom header also forces a CORS preflight, which
 *   this server never approves, so other origins cannot even send the request;
 * - static files come only from `staticDir`: `..`, encoded dots, backslashes and
 *   symlinks out of it are refused.
 *
 * Transport failures (auth, size, bad JSON, method) get a 4xx status with an `ApiResult`
 * error body; anything the core answers — including its own errors — is a 200 carrying
 * the core's `ApiResult`, exactly as the IPC shell would deliver it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiError, ApiResult } from '../../contract/methods.ts';
import type { FortressCore } from '../core/app.ts';
import { pageCsp } from './csp.ts';

export interface WebServerOptions {
  core: Pick<FortressCore, 'call'>;
  /** The built renderer (`out/renderer`). */
  staticDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 32 random bytes, base64url. */
  token?: string;
}

export interface WebServer {
  /** `http://127.0.0.1:<port>/` — without the token. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** Screen specs and grid requests are a few KB; 1 MiB leaves room without inviting abuse. */
export const MAX_BODY_BYTES = 1024 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

class HttpError extends Error {
  readonly status: number;
  readonly kind: ApiError['kind'];
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, kind: ApiError['kind'], message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.kind = kind;
    this.headers = headers;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time: hashing first makes both sides the same length whatever was sent. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer +(\S+)$/i.exec(header ?? '');
  const presented = m?.[1] ?? '';
  return timingSafeEqual(sha256(presented), sha256(token));
}

/**
 * Maps a request path onto a file under `root`, or null when it cannot name one. Each
 * segment is decoded on its own, so `%2e%2e` and `%2f` are judged after decoding.
 */
export function staticFilePath(root: string, rawPath: string): string | null {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '.' || seg === '..' || /[/\\\0:]/.test(seg)) return null;
    segments.push(seg);
  }
  if (segments.length === 0) segments.push('index.html');
  const file = path.join(root, ...segments);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

/**
 * Reads at most `limit` bytes. An oversized body is still drained (and dropped) before
 * the 413 goes out: closing a socket with unread data makes TCP reset it, and the client
 * would see ECONNRESET instead of the answer. Only token holders get this far.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () =>
      size > limit ? reject(new HttpError(413, 'bad_input', `request body exceeds ${limit} bytes`)) : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  if (token.length < 16) throw new Error('token must be at least 16 characters');
  const staticDir = path.resolve(opts.staticDir);
  const realStaticDir = await fs.realpath(staticDir).catch(() => staticDir);
  const securityHeaders: Record<string, string> = {
    'Content-Security-Policy': pageCsp(path.join(staticDir, 'index.html')),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  let allowedHosts: ReadonlySet<string> = new Set();

  function send(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
    res.writeHead(status, { ...securityHeaders, ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  }

  function sendResult(res: http.ServerResponse, status: number, result: ApiResult<unknown>, headers: Record<string, string> = {}): void {
    send(res, status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers }, JSON.stringify(result));
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, rawMethod: string): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'bad_input', 'API methods are called with POST', { Allow: 'POST' });
    if (!tokenMatches(req.headers.authorization, token)) {
      throw new HttpError(401, 'unauthorized', 'missing or wrong token', { 'WWW-Authenticate': 'Bearer' });
    }
    let method: string;
    try {
      method = decodeURIComponent(rawMethod);
    } catch {
      throw new HttpError(400, 'bad_input', 'method name is not valid percent-encoding');
    }
    const body = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
    let input: unknown;
    if (body.trim() !== '') {
      try {
        input = JSON.parse(body);
      } catch (e) {
        throw new HttpError(400, 'bad_input', `request body is not JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    sendResult(res, 200, await opts.core.call(method, input));
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'bad_input', 'static files are read with GET', { Allow: 'GET, HEAD' });
    const file = staticFilePath(staticDir, rawPath);
    const notFound = new HttpError(404, 'not_found', 'not found');
    if (!file) throw notFound;
    const real = await fs.realpath(file).catch(() => null);
    if (!real || !real.startsWith(realStaticDir + path.sep)) throw notFound;
    const stat = await fs.stat(real);
    if (!stat.isFile()) throw notFound;
    const body = await fs.readFile(real);
    const isIndex = path.relative(staticDir, file) === 'index.html';
    send(
      res,
      200,
      {
        'Content-Type': CONTENT_TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
        // The page must never be cached: it is what carries the current build's CSP and asset names.
        'Cache-Control': isIndex ? 'no-store' : 'no-cache',
      },
      body,
    );
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '';
    const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '';
    const isApi = rawPath.startsWith('/api/');
    try {
      if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) throw new HttpError(403, 'unauthorized', 'unexpected Host header');
      // Absolute-form targets (`GET http://…`) are proxy requests; this is not a proxy.
      if (!rawPath.startsWith('/')) throw new HttpError(400, 'bad_input', 'bad request target');
      if (isApi) await handleApi(req, res, rawPath.slice('/api/'.length));
      else await handleStatic(req, res, rawPath);
    } catch (e) {
      const err = e instanceof HttpError ? e : new HttpError(500, 'internal', e instanceof Error ? e.message : String(e));
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (isApi) sendResult(res, err.status, { ok: false, error: { kind: err.kind, message: err.message } }, { ...err.headers });
      else send(res, err.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...err.headers }, `${err.message}\n`);
    }
  }

  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: opts.port ?? 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // Browsers hold keep-alive sockets open; without this close() waits for them to time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
