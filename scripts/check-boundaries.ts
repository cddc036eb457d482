/**
 * Fails when code imports across a runtime boundary the typecheck alone cannot see:
 *
 * - `renderer/` must not import from `main/` or `preload/`, nor `electron`: the page is
 *   sandboxed and reaches the core only through `window.fortress` or loopback HTTP.
 * - `main/core/` and `contract/` must not import `electron`: the core runs under plain
 *   Node (CLI, web shell, tests) and the contract runs everywhere.
 * - `contract/` must not import from `main/`: every side depends on it, so it depends on
 *   nothing of theirs.
 *
 * Specifiers come from a real parser (Vite's oxc `parseSync`), so strings and comments
 * that merely look like imports do not count, and every form does: `import`, `import type`,
 * `export … from`, `import()`, `require()`, `import x = require()`, `import('…').T`.
 *
 *   node scripts/check-boundaries.ts      # exit 1 and one line per violation
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseSync, Visitor } from 'vite';

export interface Violation {
  /** Repo-relative, with forward slashes. */
  file: string;
  specifier: string;
  rule: string;
}

interface Rule {
  /** Repo-relative directory the rule applies to, with a trailing slash. */
  scope: string;
  /** Repo-relative directories (trailing slash) that files in scope may not reach by relative path. */
  forbiddenDirs: readonly string[];
  /** Bare packages files in scope may not import (and their subpaths). */
  forbiddenPackages: readonly string[];
  why: string;
}

export const RULES: readonly Rule[] = [
  {
    scope: 'renderer/',
    forbiddenDirs: ['main/', 'preload/'],
    forbiddenPackages: ['electron'],
    why: 'the renderer reaches the core only through window.fortress or loopback HTTP',
  },
  { scope: 'main/core/', forbiddenDirs: [], forbiddenPackages: ['electron'], why: 'the core must run under plain Node' },
  { scope: 'contract/', forbiddenDirs: ['main/'], forbiddenPackages: ['electron'], why: 'the contract is shared by every side and depends on none of them' },
];

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Every module specifier written in `source`, in order of appearance. */
export function moduleSpecifiers(filename: string, source: string): string[] {
  const result = parseSync(filename, source);
  const first = result.errors[0];
  if (first) throw new Error(`cannot parse: ${first.message}`);
  const found: { at: number; spec: string }[] = [];
  const add = (node: { start: number; type: string; value?: unknown } | null | undefined) => {
    if (node && node.type === 'Literal' && typeof node.value === 'string') found.push({ at: node.start, spec: node.value });
  };
  new Visitor({
    ImportDeclaration: (n) => add(n.source),
    ExportNamedDeclaration: (n) => add(n.source),
    ExportAllDeclaration: (n) => add(n.source),
    ImportExpression: (n) => {
      if (n.source.type === 'TemplateLiteral' && n.source.expressions.length === 0) {
        const quasi = n.source.quasis[0];
        if (quasi?.value.cooked != null) found.push({ at: n.source.start, spec: quasi.value.cooked });
      } else add(n.source);
    },
    CallExpression: (n) => {
      if (n.callee.type === 'Identifier' && n.callee.name === 'require') add(n.arguments[0] as Parameters<typeof add>[0]);
    },
    TSExternalModuleReference: (n) => add(n.expression),
    TSImportType: (n) => add(n.source),
  }).visit(result.program);
  return found.sort((a, b) => a.at - b.at).map((f) => f.spec);
}

const toPosix = (p: string) => p.split(path.sep).join('/');

function violationOf(rule: Rule, fileRel: string, spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = toPosix(path.posix.normalize(spec.startsWith('/') ? spec.slice(1) : path.posix.join(path.posix.dirname(fileRel), spec)));
    const dir = rule.forbiddenDirs.find((d) => target === d.slice(0, -1) || target.startsWith(d));
    return dir ? `${rule.scope} must not import from ${dir} (${rule.why})` : null;
  }
  const pkg = rule.forbiddenPackages.find((p) => spec === p || spec.startsWith(`${p}/`));
  return pkg ? `${rule.scope} must not import ${pkg} (${rule.why})` : null;
}

function* sourceFiles(dir: string): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* sourceFiles(full);
    else if (e.isFile() && SOURCE.test(e.name)) yield full;
  }
}

export function findViolations(root: string): { violations: Violation[]; checked: number } {
  const violations: Violation[] = [];
  let checked = 0;
  for (const rule of RULES) {
    for (const file of sourceFiles(path.join(root, rule.scope))) {
      const fileRel = toPosix(path.relative(root, file));
      checked++;
      let specs: string[];
      try {
        specs = moduleSpecifiers(file, fs.readFileSync(file, 'utf8'));
      } catch (e) {
        violations.push({ file: fileRel, specifier: '', rule: e instanceof Error ? e.message : String(e) });
        continue;
      }
      for (const spec of specs) {
        const broken = violationOf(rule, fileRel, spec);
        if (broken) violations.push({ file: fileRel, specifier: spec, rule: broken });
      }
    }
  }
  return { violations, checked };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = path.resolve(import.meta.dirname, '..');
  const { violations, checked } = findViolations(root);
  for (const v of violations) process.stderr.write(`${v.file}: ${v.specifier ? `imports '${v.specifier}': ` : ''}${v.rule}\n`);
  if (violations.length > 0) {
    process.stderr.write(`check-boundaries: ${violations.length} violation(s) in ${checked} files\n`);
    process.exit(1);
  }
  process.stdout.write(`check-boundaries: ${checked} files, no violations\n`);
}
