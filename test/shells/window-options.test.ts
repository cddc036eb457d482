import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WINDOW_BACKGROUND, windowOptions } from '../../main/electron/window-options.ts';

describe('the main window options', () => {
  const mainDir = path.join('/opt', 'Fortress', 'out', 'main');
  const opts = windowOptions(mainDir);
  const web = opts.webPreferences ?? {};

  it('isolate the page from Node and Electron internals', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keep web security on and forbid webviews and insecure content', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.webviewTag).toBe(false);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
  });

  it('load the CommonJS preload that sits beside the main bundle', () => {
    expect(web.preload).toBe(path.join('/opt', 'Fortress', 'out', 'preload', 'index.cjs'));
  });

  it('open a dark, laptop-sized window that waits for its first paint', () => {
    expect(opts.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(opts.show).toBe(false);
    expect(opts.width).toBeGreaterThanOrEqual(1280);
    expect(opts.minWidth).toBeLessThanOrEqual(opts.width ?? 0);
  });
});
