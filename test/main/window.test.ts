import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { fake, FakeBrowserWindow, FakeWebContents, resetFakeElectron } from '../fakes/electron';

vi.mock('electron', async () => (await import('../fakes/electron')).electronModule);

const { createMainWindow, denyAllPermissions, hardenWebContents } = await import('../../src/main/window');

const isAppUrl = (url: string) => url === 'file:///app/index.html';

describe('window hardening', () => {
  beforeEach(() => resetFakeElectron());

  it('creates the window isolated, sandboxed, without Node and with web security', () => {
    createMainWindow('/app/preload/index.js', { file: '/app/index.html' });
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
    });
    expect(win?.loadFile).toHaveBeenCalledWith('/app/index.html');
    expect(win?.options.show).toBe(false);
  });

  it('denies window.open, foreign navigation/redirects and webviews', () => {
    const wc = new FakeWebContents();
    hardenWebContents(wc as unknown as WebContents, isAppUrl);

    const openHandler = wc.setWindowOpenHandler.mock.calls[0]?.[0] as () => { action: string };
    expect(openHandler()).toEqual({ action: 'deny' });

    for (const name of ['will-navigate', 'will-redirect']) {
      const foreign = { preventDefault: vi.fn() };
      wc.emit(name, foreign, 'https://evil.example/');
      expect(foreign.preventDefault).toHaveBeenCalled();
      const own = { preventDefault: vi.fn() };
      wc.emit(name, own, 'file:///app/index.html');
      expect(own.preventDefault).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('refuses every permission request and check', () => {
    const session = fake.defaultSession;
    denyAllPermissions(session as unknown as Session);
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      wc: unknown,
      permission: string,
      cb: (granted: boolean) => void,
    ) => void;
    const callback = vi.fn();
    request(null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as () => boolean;
    expect(check()).toBe(false);
    const device = session.setDevicePermissionHandler.mock.calls[0]?.[0] as () => boolean;
    expect(device()).toBe(false);
  });
});
