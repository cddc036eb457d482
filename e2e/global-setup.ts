/**
 * Builds the demo data directory once per run with the real CLI; every test then copies
 * it (fixtures.ts), so tests never share or mutate one database.
 *
 * The build takes most of a minute, so a template is reused when it was built today (the
 * demo's dates follow the calendar) from the same generator code: a hash of `main/core`,
 * `main/cli`, `contract` and the lockfile. A fresh CI clone always builds.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.join(import.meta.dirname, '..');
export const TEMPLATE_DIR = path.join(import.meta.dirname, '.data', 'template');
const STAMP = path.join(TEMPLATE_DIR, '.built-from');

function* files(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(full);
    else if (e.isFile()) yield full;
  }
}

function generatorStamp(): string {
  const hash = createHash('sha256').update(new Date().toISOString().slice(0, 10));
  const inputs = ['main/core', 'main/cli', 'contract'].flatMap((d) => [...files(path.join(REPO, d))]).concat(path.join(REPO, 'package-lock.json'));
  for (const f of inputs.sort()) hash.update(path.relative(REPO, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return hash.digest('hex');
}

export default function globalSetup(): void {
  const stamp = generatorStamp();
  if (fs.existsSync(path.join(TEMPLATE_DIR, 'market.db')) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === stamp) {
    process.stdout.write(`e2e: reusing demo data in ${path.relative(REPO, TEMPLATE_DIR)}\n`);
    return;
  }
  fs.rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  const started = performance.now();
  const r = spawnSync(process.execPath, ['main/cli/index.ts', 'init-demo', '--data-dir', TEMPLATE_DIR], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    throw new Error(`init-demo failed (exit ${r.status ?? r.signal}):\n${r.stderr}${r.error ? String(r.error) : ''}`);
  }
  if (!fs.existsSync(path.join(TEMPLATE_DIR, 'market.db'))) throw new Error(`init-demo left no market.db in ${TEMPLATE_DIR}`);
  fs.writeFileSync(STAMP, stamp);
  process.stdout.write(`e2e: demo data built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
