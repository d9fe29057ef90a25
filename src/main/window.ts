/**
 * The app window and its hardening (Electron security checklist: isolation, sandbox, no Node in the page,
 * no new windows, no navigation away, no permissions). The page is only ever our own renderer.
 */
import { BrowserWindow, type Session, type WebContents, type WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    // Rushed-negative beeps must play without a click inside the page first.
    autoplayPolicy: 'no-user-gesture-required',
  };
}

/** Applied to every WebContents (app-wide 'web-contents-created'), so no later-created one escapes. */
export function hardenWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The app needs no camera, microphone, notifications, HID, serial…: refuse every request and check. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export type RendererLocation = { url: string } | { file: string };

export function createMainWindow(preloadPath: string, location: RendererLocation): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    backgroundColor: '#0b0d10',
    title: 'BarTempo',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  });
  // Show once painted: no white flash on the dark rack screen.
  win.once('ready-to-show', () => win.show());
  void ('url' in location ? win.loadURL(location.url) : win.loadFile(location.file));
  return win;
}
