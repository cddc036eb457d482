/**
 * The main window's options, as a pure function so a unit test can pin every security
 * setting without launching Electron. Never loosen these for tests or dev (STYLE.md).
 */
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

/** Matches the renderer's dark theme so the window does not flash white before first paint. */
export const WINDOW_BACKGROUND = '#0d1015';

/** @param mainDir the directory of the built main bundle (`out/main`). */
export function windowOptions(mainDir: string): BrowserWindowConstructorOptions {
  return {
    title: 'Fortress',
    // A grid with a dozen columns plus a chart pane needs a laptop-sized screen at least.
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: WINDOW_BACKGROUND,
    // Shown on 'ready-to-show' to avoid painting an empty window.
    show: false,
    webPreferences: {
      // Sandboxed preloads must be CommonJS; electron-vite emits it as index.cjs.
      preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
