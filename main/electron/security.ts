/**
 * App-wide hardening. Imported first by the entry point so that every webContents —
 * including ones a compromised page might try to create — is hooked before it exists.
 *
 * Policy: the app is one local page. It never navigates, never follows redirects, never
 * opens windows (http(s) links go to the OS browser after parsing), never embeds
 * `<webview>`, and is granted no permission (camera, notifications, clipboard-read, …).
 */
import { app, session, shell, type Session, type WebContents } from 'electron';
import { externalUrl } from './trusted-url.ts';

function hardenContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // In-page (fragment) navigations and reloads do not raise these events, so blocking
  // all of them costs the single-page renderer nothing.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const href = externalUrl(url);
    if (href) void shell.openExternal(href);
    return { action: 'deny' };
  });
}

function denyPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/**
 * Repeats the page's CSP as a response header. The `<meta>` tag in `renderer/index.html`
 * is the policy; the header keeps it in force if the markup is ever served without it.
 */
export function installCspHeader(ses: Session, csp: string): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

app.on('web-contents-created', (_event, contents) => hardenContents(contents));
void app.whenReady().then(() => denyPermissions(session.defaultSession));
