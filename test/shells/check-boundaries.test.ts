import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findViolations, moduleSpecifiers } from '../../scripts/check-boundaries.ts';

let root: string | null = null;

function repo(files: Record<string, string>): string {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'fortress-boundaries-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
  root = null;
});

describe('module specifiers', () => {
  it('include every import form, type-only ones too', () => {
    const src = `
      import a from './a.ts';
      import type { B } from './b.ts';
      import './c.css';
      export { d } from './d.ts';
      export * from './e.ts';
      const f = await import('./f.ts');
      const g = require('./g.cjs');
      import h = require('./h.ts');
      type I = import('./i.ts').I;
      const j = import(\`./j.ts\`);
    `;
    expect(moduleSpecifiers('x.ts', src)).toEqual(['./a.ts', './b.ts', './c.css', './d.ts', './e.ts', './f.ts', './g.cjs', './h.ts', './i.ts', './j.ts']);
  });

  it('ignore strings, comments and JSX text that only look like imports', () => {
    const src = `
      // import x from '../../main/core/app.ts';
      /* export * from 'electron' */
      const help = "import y from '../../main/web/server.ts'";
      export const View = () => <p>Don't import from 'electron' here</p>;
    `;
    expect(moduleSpecifiers('x.tsx', src)).toEqual([]);
  });
});

describe('the boundary check', () => {
  it('passes a repo whose sides import only what they may', () => {
    const dir = repo({
      'renderer/src/app.tsx': "import { API_METHODS } from '../../contract/methods.ts';\nimport React from 'react';\nexport const A = () => <div />;",
      'main/core/app.ts': "import fs from 'node:fs';\nimport { API } from '../../contract/api.ts';",
      'contract/api.ts': "import { z } from 'zod';\nimport { x } from './metrics.ts';",
      'main/electron/index.ts': "import { app } from 'electron';\nimport { openCore } from '../core/app.ts';",
    });
    expect(findViolations(dir)).toEqual({ violations: [], checked: 3 });
  });

  it('names the file and import of each violation', () => {
    const dir = repo({
      'renderer/src/grid/grid.tsx': "import type { FortressCore } from '../../../main/core/app.ts';\nimport { x } from '../../../preload/index.ts';",
      'renderer/src/ipc.ts': "import { ipcRenderer } from 'electron';",
      'main/core/notify.ts': "const { Notification } = require('electron/main');",
      'contract/bad.ts': "export { openCore } from '../main/core/app.ts';\nimport { app } from 'electron';",
    });
    const { violations } = findViolations(dir);
    expect(violations.map((v) => [v.file, v.specifier])).toEqual([
      ['renderer/src/grid/grid.tsx', '../../../main/core/app.ts'],
      ['renderer/src/grid/grid.tsx', '../../../preload/index.ts'],
      ['renderer/src/ipc.ts', 'electron'],
      ['main/core/notify.ts', 'electron/main'],
      ['contract/bad.ts', '../main/core/app.ts'],
      ['contract/bad.ts', 'electron'],
    ]);
    expect(violations[0]?.rule).toMatch(/renderer\/ must not import from main\//);
  });

  it('resolves relative paths instead of matching text, so a folder merely named main is fine', () => {
    const dir = repo({
      'renderer/src/main/x.ts': "export const x = 1;",
      'renderer/src/app.ts': "import { x } from './main/x.ts';\nimport { y } from '../../renderer/src/main/x.ts';",
      'renderer/src/sneaky.ts': "import { z } from './../../renderer/../main/core/app.ts';",
    });
    expect(findViolations(dir).violations.map((v) => [v.file, v.specifier])).toEqual([['renderer/src/sneaky.ts', './../../renderer/../main/core/app.ts']]);
  });

  it('reports a file it cannot parse rather than skipping it', () => {
    const dir = repo({ 'contract/broken.ts': 'export const = ;' });
    expect(findViolations(dir).violations).toEqual([expect.objectContaining({ file: 'contract/broken.ts', rule: expect.stringMatching(/cannot parse/) })]);
  });
});

describe('this repository', () => {
  it('keeps its own boundaries', () => {
    expect(findViolations(path.join(import.meta.dirname, '..', '..')).violations).toEqual([]);
  });
});
