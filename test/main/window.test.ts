import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, Session, WebContents } from 'electron';
import { fake, FakeBrowserWindow, FakeSession, FakeWebContents, resetFakeElectron } from '../fakes/electron';

vi.mock('electron', async () => (await import('../fakes/electron')).electronModule);

const { bringToFront, claimSingleInstance, createMainWindow, hardenWebContents, lockDownSession } =
  await import('../../src/main/window');
const { createAppUrlPolicy } = await import('../../src/main/ipc/app-url');

const isAppUrl = createAppUrlPolicy();
const APP_PAGE = 'app://bartempo/index.html';

describe('window hardening', () => {
  beforeEach(() => resetFakeElectron());

  it('creates the window isolated, sandboxed, without Node and with web security, on the given URL', () => {
    createMainWindow({ preloadPath: '/app/preload/index.js', url: APP_PAGE, devTools: false });
    const win = FakeBrowserWindow.instances[0];
    expect(win?.options.webPreferences).toMatchObject({
      preload: '/app/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(win?.loadURL).toHaveBeenCalledWith(APP_PAGE);
    expect(win?.loadFile).not.toHaveBeenCalled(); // never file://
    expect(win?.options.show).toBe(false);
  });

  it('DevTools follow the option (on for `npm start`, off when packaged)', () => {
    createMainWindow({ preloadPath: '/p.js', url: APP_PAGE, devTools: true });
    expect(FakeBrowserWindow.instances[0]?.options.webPreferences?.devTools).toBe(true);
  });

  it('denies window.open, foreign navigation (main frame and sub-frames), redirects and webviews', () => {
    const wc = new FakeWebContents();
    hardenWebContents(wc as unknown as WebContents, isAppUrl);

    const openHandler = wc.setWindowOpenHandler.mock.calls[0]?.[0] as () => { action: string };
    expect(openHandler()).toEqual({ action: 'deny' });

    for (const name of ['will-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'file:///app/index.html', 'app://evil/index.html']) {
        const foreign = { preventDefault: vi.fn() };
        wc.emit(name, foreign, url);
        expect(foreign.preventDefault, `${name} ${url}`).toHaveBeenCalled();
      }
      const own = { preventDefault: vi.fn() };
      wc.emit(name, own, APP_PAGE);
      expect(own.preventDefault).not.toHaveBeenCalled();
    }
    // will-frame-navigate hands one details object (url, isMainFrame…) that is also the event.
    for (const isMainFrame of [true, false]) {
      const foreign = { url: 'https://evil.example/', isMainFrame, preventDefault: vi.fn() };
      wc.emit('will-frame-navigate', foreign);
      expect(foreign.preventDefault).toHaveBeenCalled();
      const own = { url: 'app://bartempo/index.html#/reps', isMainFrame, preventDefault: vi.fn() };
      wc.emit('will-frame-navigate', own);
      expect(own.preventDefault).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('cancels the Web Bluetooth picker: preventDefault (or Electron picks the first device) and no device', () => {
    const wc = new FakeWebContents();
    hardenWebContents(wc as unknown as WebContents, isAppUrl);
    const event = { preventDefault: vi.fn() };
    const callback = vi.fn();
    wc.emit('select-bluetooth-device', event, [{ deviceId: 'AA:BB', deviceName: 'WT901BLE68' }], callback);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(callback).toHaveBeenCalledExactlyOnceWith('');
  });

  it('refuses every permission request and check', () => {
    const session = fake.defaultSession;
    lockDownSession(session as unknown as Session);
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      wc: unknown,
      permission: string,
      cb: (granted: boolean) => void,
    ) => void;
    for (const permission of ['media', 'notifications', 'hid', 'serial', 'usb', 'bluetooth', 'geolocation']) {
      const callback = vi.fn();
      request(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as () => boolean;
    expect(check()).toBe(false);
    const device = session.setDevicePermissionHandler.mock.calls[0]?.[0] as () => boolean;
    expect(device()).toBe(false);
  });

  it.each([
    // [event, arguments before the callback, what the callback must get to cancel]
    ['select-hid-device', [{ deviceList: [{ deviceId: 'h1' }], frame: null }], []],
    ['select-serial-port', [[{ portId: 's1' }], new FakeWebContents()], ['']],
    ['select-usb-device', [{ deviceList: [{ deviceId: 'u1' }], frame: null }], []],
  ])('cancels the %s picker the page could open', (name, args, cancel) => {
    const session = new FakeSession();
    lockDownSession(session as unknown as Session);
    const event = { preventDefault: vi.fn() };
    const callback = vi.fn();
    session.emit(name, event, ...args, callback);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(callback).toHaveBeenCalledExactlyOnceWith(...cancel);
  });
});

describe('single instance', () => {
  beforeEach(() => resetFakeElectron());

  it('the first instance takes the lock and a second launch calls it back', () => {
    const onSecond = vi.fn();
    expect(claimSingleInstance(onSecond)).toBe(true);
    expect(onSecond).not.toHaveBeenCalled();
    fake.app.emit('second-instance', {}, ['bartempo'], '/home');
    expect(onSecond).toHaveBeenCalledOnce();
  });

  it('a second instance does not get the lock and listens for nothing', () => {
    fake.app.singleInstanceLock = false;
    const onSecond = vi.fn();
    expect(claimSingleInstance(onSecond)).toBe(false);
    expect(fake.app.listeners.has('second-instance')).toBe(false);
  });

  it('bringToFront restores a minimised window, shows and focuses it', () => {
    const win = new FakeBrowserWindow({});
    win.minimized = true;
    bringToFront(win as unknown as BrowserWindow);
    expect(win.restore).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    const visible = new FakeBrowserWindow({});
    bringToFront(visible as unknown as BrowserWindow);
    expect(visible.restore).not.toHaveBeenCalled();
    expect(visible.focus).toHaveBeenCalled();
  });
});
