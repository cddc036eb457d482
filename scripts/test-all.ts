/**
 * `npm test`: typecheck → unit (vitest) → build → e2e (Playwright), each streaming its
 * own output, then one summary line summed over everything:
 *
 *   N passed, N failed[, N skipped]
 *
 * Counts come from the runners' JSON reports (written to a temp dir beside their normal
 * console output), not from scraping the console. A step that fails without test results
 * (typecheck, build, a suite that cannot load, a broken global setup) counts as 1 failed.
 * Every step runs even after a failure, except e2e, which needs the build. Exit code 1
 * when anything failed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-test-'));
const bin = (rel: string) => path.join(root, 'node_modules', rel);

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface StepResult extends Counts {
  name: string;
  seconds: number;
  note?: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (e) => {
      process.stderr.write(`test-all: cannot start ${cmd}: ${e.message}\n`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** npm as it invoked us (npm_execpath), so this works without a shell and on Windows. */
function npm(args: string[]): Promise<number> {
  const cli = process.env.npm_execpath;
  return cli && /\.[cm]?js$/.test(cli) ? run(process.execPath, [cli, ...args]) : run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A runner that exited non-zero but reported no failed test still failed (e.g. a suite that cannot load). */
function atLeastOneFailure(exitCode: number, counts: Counts, reportedErrors: number): Counts {
  if (exitCode === 0 || counts.failed > 0) return counts;
  return { ...counts, failed: Math.max(1, reportedErrors) };
}

async function step(name: string, body: () => Promise<Counts & { note?: string }>): Promise<StepResult> {
  process.stdout.write(`\n=== ${name} ===\n`);
  const start = performance.now();
  const counts = await body();
  return { name, ...counts, seconds: (performance.now() - start) / 1000 };
}

async function checkOnly(exec: () => Promise<number>): Promise<Counts & { note?: string }> {
  const code = await exec();
  return code === 0 ? { passed: 0, failed: 0, skipped: 0, note: 'ok' } : { passed: 0, failed: 1, skipped: 0, note: `exit ${code}` };
}

async function vitest(): Promise<Counts & { note?: string }> {
  const out = path.join(reports, 'vitest.json');
  const code = await run(process.execPath, [bin('vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  const r = readJson(out) as Record<string, unknown> | null;
  if (!r) return { passed: 0, failed: 1, skipped: 0, note: `no JSON report (exit ${code})` };
  const counts = { passed: num(r.numPassedTests), failed: num(r.numFailedTests), skipped: num(r.numPendingTests) + num(r.numTodoTests) };
  return atLeastOneFailure(code, counts, num(r.numFailedTestSuites));
}

async function playwright(): Promise<Counts & { note?: string }> {
  const out = path.join(reports, 'playwright.json');
  const code = await run(process.execPath, [bin('@playwright/test/cli.js'), 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_FILE: out });
  const r = readJson(out) as { stats?: Record<string, unknown>; errors?: unknown[] } | null;
  if (!r?.stats) return { passed: 0, failed: 1, skipped: 0, note: `no JSON report (exit ${code})` };
  const s = r.stats;
  const counts = { passed: num(s.expected) + num(s.flaky), failed: num(s.unexpected), skipped: num(s.skipped) };
  return atLeastOneFailure(code, counts, r.errors?.length ?? 0);
}

async function main(): Promise<void> {
  const results: StepResult[] = [];
  results.push(await step('typecheck', () => checkOnly(() => npm(['run', '--silent', 'typecheck']))));
  results.push(await step('unit tests (vitest)', vitest));
  const build = await step('build (electron-vite)', () => checkOnly(() => run(process.execPath, [bin('electron-vite/bin/electron-vite.js'), 'build'])));
  results.push(build);
  if (build.failed === 0) results.push(await step('e2e tests (playwright)', playwright));
  else results.push({ name: 'e2e tests (playwright)', passed: 0, failed: 0, skipped: 0, seconds: 0, note: 'not run: the build failed' });

  fs.rmSync(reports, { recursive: true, force: true });
  const total = results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
  process.stdout.write('\n=== summary ===\n');
  for (const r of results) {
    const counts = r.note && r.passed + r.failed + r.skipped === 0 ? r.note : `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.note ? ` (${r.note})` : ''}`;
    process.stdout.write(`${r.name.padEnd(24)} ${r.seconds.toFixed(1).padStart(6)} s  ${counts}\n`);
  }
  process.stdout.write(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
  process.exitCode = total.failed > 0 ? 1 : 0;
}

void main();
