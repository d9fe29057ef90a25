/**
 * The composition root (src/main/index.ts) loaded as Electron would load it, with the fake `electron`:
 * the app:// scheme registered before ready and served after, the window on app://bartempo/index.html,
 * DevTools only when not packaged, the session locked down, the IPC gate accepting the new origin, and the
 * single-instance lock. Each test loads a fresh copy of the module (it wires everything at import).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as fakes from '../fakes/electron';
import { defaultUserDataDir, SessionStore } from '../../src/main/storage';

vi.mock('electron', async () => (await import('../fakes/electron')).electronModule);
// Resolve the mock now, so it holds this very fakes instance: vi.resetModules() below reloads the app's
// modules but keeps mocks, so every fresh copy of src/main/index.ts sees the same (reset) fake.
await import('electron');

/** Loads src/main/index.ts afresh; `setup` runs on the reset fake before the module's top level does. */
async function loadMain(setup: (fake: typeof fakes.fake) => void = () => undefined): Promise<void> {
  vi.resetModules();
  fakes.resetFakeElectron();
  setup(fakes.fake);
  await import('../../src/main/index');
}

async function becomeReady(): Promise<void> {
  fakes.fake.app.becomeReady();
  await vi.waitFor(() => expect(fakes.FakeBrowserWindow.instances.length).toBeGreaterThan(0));
}

const onlyWindow = () => {
  expect(fakes.FakeBrowserWindow.instances).toHaveLength(1);
  return fakes.FakeBrowserWindow.instances[0]!;
};

// The app's database goes to a temp file (BARTEMPO_DB), never the user's own history.
const dbDir = mkdtempSync(join(tmpdir(), 'bartempo-main-'));
const savedDb = process.env['BARTEMPO_DB'];
process.env['BARTEMPO_DB'] = join(dbDir, 'app.sqlite');
afterAll(() => {
  if (savedDb === undefined) delete process.env['BARTEMPO_DB'];
  else process.env['BARTEMPO_DB'] = savedDb;
  rmSync(dbDir, { recursive: true, force: true });
});

describe('main process composition', () => {
  const savedUrl = process.env['ELECTRON_RENDERER_URL'];
  beforeEach(() => {
    delete process.env['ELECTRON_RENDERER_URL'];
  });

  it('keeps its data where the CLI looks, set before the single-instance lock reads the folder', async () => {
    await loadMain();
    expect(fakes.fake.app.getPath('userData')).toBe(defaultUserDataDir());
    expect(fakes.fake.app.lockedUserData).toBe(defaultUserDataDir());
  });

  it('saves a live session in the database as it is recorded, and completes it on stop', async () => {
    await loadMain();
    await becomeReady();
    const { fake, fakeInvokeEvent } = fakes;
    const event = () => fakeInvokeEvent({ url: 'app://bartempo/index.html' });
    const started = (await fake.ipcMain.invoke('session:start', event(), {
      tempo: '3-1-X-0',
      athlete: 'Jo',
      exercise: 'Back squat',
      load: { value: 100, unit: 'kg' },
    })) as { sessionId: number | null };
    expect(started.sessionId).toEqual(expect.any(Number));
    const store = SessionStore.open(process.env['BARTEMPO_DB']!);
    try {
      // Committed while still recording (at least once a second), before any stop.
      await vi.waitFor(() => expect(store.summary(started.sessionId!).samples).toBeGreaterThan(50), {
        timeout: 5_000,
      });
      expect(store.summary(started.sessionId!).status).toBe('recording');
      await fake.ipcMain.invoke('session:stop', event());
      expect(store.summary(started.sessionId!)).toMatchObject({
        status: 'complete',
        athlete: 'Jo',
        exercise: 'Back squat',
        load: { value: 100, unit: 'kg' },
        tempo: '3-1-X-0',
      });
    } finally {
      store.close();
    }
  });
  afterEach(() => {
    // Let the loaded copy release its sensor and session.
    for (const win of fakes.FakeBrowserWindow.instances) win.emit('closed');
    fakes.fake.app.emit('will-quit');
    if (savedUrl === undefined) delete process.env['ELECTRON_RENDERER_URL'];
    else process.env['ELECTRON_RENDERER_URL'] = savedUrl;
  });

  it('registers app:// as a privileged scheme before ready, then serves the renderer from it', async () => {
    await loadMain();
    const { protocol } = fakes.fake;
    expect(protocol.privilegedBeforeReady).toBe(true);
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(protocol.handlers.size).toBe(0);

    await becomeReady();
    const handler = protocol.handlers.get('app');
    expect(handler).toBeDefined();
    // In this test the module runs from src/main, so ../renderer is the source renderer folder.
    const res = await handler!(new Request('app://bartempo/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect((await handler!(new Request('app://bartempo/..%2f..%2fpackage.json'))).status).toBe(403);
  });

  it('opens the window on app://bartempo/index.html with DevTools on (not packaged)', async () => {
    await loadMain();
    await becomeReady();
    const win = onlyWindow();
    expect(win.loadURL).toHaveBeenCalledWith('app://bartempo/index.html');
    expect(win.loadFile).not.toHaveBeenCalled();
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      devTools: true,
    });
  });

  it('packaged: DevTools off, and ELECTRON_RENDERER_URL cannot point the window elsewhere', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://evil.example:5173/';
    await loadMain((fake) => {
      fake.app.isPackaged = true;
    });
    await becomeReady();
    const win = onlyWindow();
    expect(win.options.webPreferences?.devTools).toBe(false);
    expect(win.loadURL).toHaveBeenCalledWith('app://bartempo/index.html');
  });

  it('dev (`electron-vite dev`): the dev server page, no app:// handler, and the gate trusts that origin', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173/';
    await loadMain();
    await becomeReady();
    expect(onlyWindow().loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(fakes.fake.protocol.handlers.size).toBe(0);
    const { fake, fakeInvokeEvent } = fakes;
    await expect(
      fake.ipcMain.invoke('app:get-info', fakeInvokeEvent({ url: 'http://localhost:5173/' })),
    ).resolves.toMatchObject({ name: 'BarTempo' });
    await expect(
      fake.ipcMain.invoke('app:get-info', fakeInvokeEvent({ url: 'app://bartempo/index.html' })),
    ).rejects.toThrow('untrusted sender');
  });

  it('the IPC gate answers the app:// page and refuses file:// and other origins', async () => {
    await loadMain();
    const { fake, fakeInvokeEvent } = fakes;
    await expect(
      fake.ipcMain.invoke('app:get-info', fakeInvokeEvent({ url: 'app://bartempo/index.html' })),
    ).resolves.toMatchObject({ name: 'BarTempo', version: '0.0.0-test' });
    for (const url of ['file:///opt/bartempo/resources/app.asar/out/renderer/index.html', 'app://evil/']) {
      await expect(fake.ipcMain.invoke('app:get-info', fakeInvokeEvent({ url }))).rejects.toThrow(
        'untrusted sender',
      );
    }
  });

  it('locks the default session down and hardens every new WebContents', async () => {
    await loadMain();
    await becomeReady();
    const session = fakes.fake.defaultSession;
    expect(session.setPermissionCheckHandler).toHaveBeenCalled();
    expect([...session.listeners.keys()]).toEqual(
      expect.arrayContaining(['select-hid-device', 'select-serial-port', 'select-usb-device']),
    );
    const contents = new fakes.FakeWebContents();
    fakes.fake.app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect([...contents.listeners.keys()]).toEqual(
      expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'select-bluetooth-device']),
    );
  });

  it('a second launch brings the minimised window back and focuses it', async () => {
    await loadMain();
    await becomeReady();
    const win = onlyWindow();
    win.minimized = true;
    fakes.fake.app.emit('second-instance', {}, ['bartempo'], '/');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(fakes.FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('the second instance itself quits at once: no IPC, no sensor, no window', async () => {
    await loadMain((fake) => {
      fake.app.singleInstanceLock = false;
    });
    expect(fakes.fake.app.quit).toHaveBeenCalled();
    expect(fakes.fake.ipcMain.handlers.size).toBe(0);
    fakes.fake.app.becomeReady();
    await new Promise((ok) => setTimeout(ok, 20));
    expect(fakes.FakeBrowserWindow.instances).toHaveLength(0);
    expect(fakes.fake.protocol.handlers.size).toBe(0);
  });
});
