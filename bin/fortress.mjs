#!/usr/bin/env node
/**
 * The `fortress` command. Plain JavaScript so it runs on any Node long enough to say
 * which Node it needs; the CLI itself is TypeScript, run by Node's type stripping —
 * unflagged from 22.18, behind --experimental-strip-types from 22.12 — so it re-execs
 * with the same Node and the flag when this one needs it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`fortress: needs Node.js 22.12 or newer; this is ${process.version} (${process.execPath})\n`);
  process.exit(1);
}

const cli = fileURLToPath(new URL('../main/cli/index.ts', import.meta.url));
const flags = process.features.typescript ? [] : ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'];
const child = spawn(process.execPath, [...flags, cli, ...process.argv.slice(2)], { stdio: 'inherit' });

// Ctrl-C reaches the child through the terminal's process group; don't die before it does.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (e) => {
  process.stderr.write(`fortress: cannot start ${process.execPath}: ${e.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
