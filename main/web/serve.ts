/**
 * `npm run web`: serves the built renderer and the API on loopback.
 *
 *   node main/web/serve.ts [--data-dir DIR] [--port N]
 *
 * Prints exactly one line to stdout — `Fortress web: http://127.0.0.1:PORT/#token=TOKEN`
 * — which the e2e fixtures parse; everything else goes to stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openCore } from '../core/app.ts';
import { defaultDataDir } from '../core/paths.ts';
import { startWebServer } from './server.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const staticDir = path.join(repoRoot, 'out', 'renderer');

function fail(message: string): never {
  process.stderr.write(`fortress web: ${message}\n`);
  process.exit(1);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer 0–65535, got ${JSON.stringify(raw)}`);
  return port;
}

async function main(): Promise<void> {
  let values: { 'data-dir'?: string | undefined; port?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stderr.write('usage: node main/web/serve.ts [--data-dir DIR] [--port N]  (port 0 = any free port)\n');
    return;
  }
  const port = parsePort(values.port);
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) fail(`${staticDir} has no index.html — run \`npm run build\` first`);

  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const core = openCore({ dataDir, shell: 'web', autoBuildDemo: true, version });
  let server: Awaited<ReturnType<typeof startWebServer>>;
  try {
    server = await startWebServer({ core, staticDir, port });
  } catch (e) {
    core.close();
    fail(`cannot listen on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}`);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close().catch(() => undefined);
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  process.stderr.write(`fortress web: data directory ${dataDir}\n`);
  process.stdout.write(`Fortress web: ${server.url}#token=${server.token}\n`);
}

main().catch((e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
