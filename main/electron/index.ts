/**
 * Electron entry: wiring only — single-instance lock, data directory, core, IPC, window.
 * All behaviour lives in the core; all hardening in security.ts (imported first).
 */
// First import: security.ts hooks every webContents at import time, before any exists.
import { installCspHeader } from './security.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { openCore, type FortressCore } from '../core/app.ts';
import { pageCsp } from '../web/csp.ts';
import { registerIpc } from './ipc.ts';
import { rendererUrl } from './trusted-url.ts';
import { windowOptions } from './window-options.ts';

const mainDir = path.dirname(fileURLToPath(import.meta.url));
const target = rendererUrl({ devServerUrl: process.env.ELECTRON_RENDERER_URL, mainDir });

let window: BrowserWindow | null = null;

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(mainDir));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (window === win) window = null;
  });
  void (target.protocol === 'file:' ? win.loadFile(fileURLToPath(target)) : win.loadURL(target.href));
  window = win;
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = process.env.FORTRESS_DATA_DIR ? path.resolve(process.env.FORTRESS_DATA_DIR) : app.getPath('userData');
  let core: FortressCore;
  try {
    core = openCore({ dataDir, shell: 'electron', autoBuildDemo: true, version: app.getVersion() });
  } catch (e) {
    dialog.showErrorBox('Fortress cannot open its data', `${dataDir}\n\n${e instanceof Error ? e.message : String(e)}`);
    app.exit(1);
    return;
  }
  // In dev the page comes from the Vite server with its own meta CSP; the header is for the built page.
  if (target.protocol === 'file:') installCspHeader(session.defaultSession, pageCsp(fileURLToPath(target)));
  registerIpc(core, target);
  app.on('will-quit', () => core.close());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Two instances would write the same databases; the first one takes focus instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  void start();
}
