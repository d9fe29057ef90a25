/**
 * The app window and its hardening (Electron security checklist: isolation, sandbox, no Node in the page,
 * no new windows, no navigation away, no permissions, no device pickers, one instance). The page is only
 * ever our own renderer.
 */
import { app, BrowserWindow, type Session, type WebContents, type WebPreferences } from 'electron';

export interface WindowOptions {
  preloadPath: string;
  /** app://bartempo/index.html, or the dev server's URL under `electron-vite dev`. */
  url: string;
  /** Off in packaged builds: nobody should be one keystroke away from a console with the bridge in it. */
  devTools: boolean;
}

export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
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
    devTools,
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
  // Also fires for sub-frames (an injected iframe navigating away), which will-navigate does not see.
  contents.on('will-frame-navigate', (details) => {
    if (!isAppUrl(details.url)) details.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Web Bluetooth's picker: the sensor is BarTempo's own (noble, in main), never the page's. Without
  // preventDefault Electron would pick the first device found; '' cancels the request.
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
}

/**
 * The app needs no camera, microphone, notifications, HID, serial, USB…: refuse every permission request
 * and check, and cancel every device picker the page could open (without preventDefault Electron picks the
 * first device itself).
 */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
}

/**
 * One BarTempo at a time (two would fight over the sensor and the database). Returns false when another
 * instance holds the lock: the caller quits, and that instance's `onSecondInstance` runs instead.
 */
export function claimSingleInstance(onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => onSecondInstance());
  return true;
}

export function bringToFront(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

export function createMainWindow({ preloadPath, url, devTools }: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    backgroundColor: '#0b0d10',
    title: 'BarTempo',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, devTools),
  });
  // Show once painted: no white flash on the dark rack screen.
  win.once('ready-to-show', () => win.show());
  void win.loadURL(url);
  return win;
}
