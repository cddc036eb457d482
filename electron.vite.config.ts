/**
 * Three builds: main (ESM, Node target), preload (CommonJS — a sandboxed preload cannot
 * be an ES module) and the renderer (a plain web bundle, also served by the loopback web
 * shell). Entries are explicit because this repo does not use electron-vite's src/ layout.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: { index: resolve(root, 'main/electron/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // Relative asset URLs: the same bundle loads from file:// (Electron) and from `/` (web shell).
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves bundles unminified; this one is also fetched over HTTP by the web shell.
      minify: true,
      // One bundle on purpose: it loads from local disk or loopback, where splitting buys nothing.
      chunkSizeWarningLimit: 2000,
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
