/**
 * Per-test isolation: each test copies the demo data directory built by global setup,
 * starts its own web shell on a random port (`main/web/serve.ts --port 0`), reads the
 * URL line it prints, and stops it afterwards. Tests read the same copy of `market.db`
 * read-only to compute what the UI should show.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { TEMPLATE_DIR } from './global-setup.ts';

const REPO = path.join(import.meta.dirname, '..');
const URL_LINE = /^Fortress web: (http:\/\/127\.0\.0\.1:\d+\/)#token=([A-Za-z0-9_-]+)$/;
/** Opening the copied databases is quick; this only bounds a server that hangs at start. */
const START_TIMEOUT_MS = 30_000;

export interface WebShell {
  url: string;
  token: string;
  /** What the server wrote to stderr so far (attached to failed tests). */
  stderr(): string;
}

async function startWebShell(dataDir: string): Promise<{ shell: WebShell; stop(): Promise<void> }> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['main/web/serve.ts', '--data-dir', dataDir, '--port', '0'], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const line = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`web shell printed no URL within ${START_TIMEOUT_MS} ms\n${stderr}`)), START_TIMEOUT_MS);
    lines.once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`web shell exited (${code ?? signal}) before printing its URL\n${stderr}`));
    });
  });
  const m = URL_LINE.exec(line);
  if (!m?.[1] || !m[2]) throw new Error(`unexpected first line from the web shell: ${JSON.stringify(line)}`);

  return {
    shell: { url: m[1], token: m[2], stderr: () => stderr },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

interface Fixtures {
  /** This test's own copy of the demo data directory. */
  dataDir: string;
  /** That copy's market.db, read-only. */
  market: Database.Database;
  server: WebShell;
  /** The page, opened with the token and showing the grid. */
  app: Page;
}

export const test = base.extend<Fixtures>({
  dataDir: async ({}, use, testInfo) => {
    const dir = testInfo.outputPath('data');
    // Only the databases: demo-source is the generator's input and the stamp is global setup's.
    // FICLONE makes the ~0.5 GB market.db a free reflink on filesystems that have them.
    fs.cpSync(TEMPLATE_DIR, dir, {
      recursive: true,
      mode: fs.constants.COPYFILE_FICLONE,
      filter: (src) => !['demo-source', '.built-from'].includes(path.basename(src)),
    });
    await use(dir);
  },
  market: async ({ dataDir }, use) => {
    const db = new Database(path.join(dataDir, 'market.db'), { readonly: true, fileMustExist: true });
    await use(db);
    db.close();
  },
  server: async ({ dataDir }, use, testInfo) => {
    const { shell, stop } = await startWebShell(dataDir);
    try {
      await use(shell);
    } finally {
      await stop();
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('web-shell-stderr', { body: shell.stderr(), contentType: 'text/plain' });
    }
  },
  app: async ({ page, server }, use) => {
    await page.goto(`${server.url}#token=${server.token}`);
    // The renderer sets body[data-ready=grid] once the first rows are rendered.
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'grid', { timeout: 30_000 });
    await use(page);
  },
});

export { expect };
