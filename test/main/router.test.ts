import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, FakeWebContents, fakeInvokeEvent, resetFakeElectron } from '../fakes/electron';

vi.mock('electron', async () => (await import('../fakes/electron')).electronModule);

const { createIpcRouter } = await import('../../src/main/ipc/router');
const { createAppUrlPolicy } = await import('../../src/main/ipc/app-url');

const APP = 'app://bartempo/index.html';
const isAppUrl = createAppUrlPolicy();
const appEvent = () => fakeInvokeEvent({ url: APP });

describe('IPC router gate', () => {
  let log: ReturnType<typeof vi.fn<(message: string) => void>>;

  beforeEach(() => {
    resetFakeElectron();
    log = vi.fn<(message: string) => void>();
  });

  function routerWithStart() {
    const router = createIpcRouter({ ipc: fake.ipcMain, isAppUrl, log });
    const start = vi.fn((req: unknown) => ({ ok: true, req }));
    router.handle('session:start', start as never);
    return { router, start };
  }

  it('passes validated arguments from the app page to the handler', async () => {
    const { start } = routerWithStart();
    await expect(
      fake.ipcMain.invoke('session:start', appEvent(), { tempo: '3-1-X-0', tolerance: 0.8 }),
    ).resolves.toEqual({ ok: true, req: { tempo: '3-1-X-0', tolerance: 0.8 } });
    expect(start).toHaveBeenCalledWith({ tempo: '3-1-X-0', tolerance: 0.8 });
  });

  it.each([
    ['a remote site', 'https://evil.example/index.html', /untrusted sender https:\/\/evil\.example/],
    ['a local file', 'file:///tmp/evil.html', /untrusted sender file:\/\/\/tmp\/evil\.html/],
    [
      'the built index.html as a file',
      'file:///opt/bartempo/out/renderer/index.html',
      /untrusted sender file:/,
    ],
    ['another app:// host', 'app://evil/index.html', /untrusted sender app:\/\/evil$/],
    ['a garbage URL', 'not a url', /untrusted sender "not a url"/],
  ])('rejects %s without calling the handler', async (_name, url, message) => {
    const { start } = routerWithStart();
    await expect(fake.ipcMain.invoke('session:start', fakeInvokeEvent({ url }), {})).rejects.toThrow(message);
    expect(start).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledOnce();
  });

  it('rejects sub-frames of the app page and frames that are gone', async () => {
    const { start } = routerWithStart();
    await expect(
      fake.ipcMain.invoke('session:start', fakeInvokeEvent({ url: APP, subframe: true }), {}),
    ).rejects.toThrow('session:start: rejected, calls from sub-frames are not allowed');
    await expect(fake.ipcMain.invoke('session:start', fakeInvokeEvent({ url: null }), {})).rejects.toThrow(
      'the sending frame no longer exists',
    );
    expect(start).not.toHaveBeenCalled();
  });

  it('accepts the dev server origin only when one is configured', async () => {
    const devPolicy = createAppUrlPolicy({ devServerUrl: 'http://localhost:5173/' });
    expect(devPolicy('http://localhost:5173/index.html?x#y')).toBe(true);
    expect(devPolicy('http://localhost:5174/')).toBe(false);
    expect(devPolicy(APP)).toBe(false); // in dev the page comes from the dev server only
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
  });

  it.each([
    [APP, true],
    [`${APP}#/reps`, true],
    ['app://bartempo/assets/index.js?v=1', true],
    ['app://bartempo/', true],
    ['app://bartempo', false], // not a page URL (no path): Chromium always adds the '/'
    ['app://bartempo:8080/index.html', false],
    ['app://user@bartempo/index.html', false],
    ['app://bartempo.evil/index.html', false],
    ['app://evil/index.html', false],
    ['https://bartempo/index.html', false],
    ['file:///opt/bartempo/out/renderer/index.html', false],
    ['', false],
  ])('in production an app URL is the app://bartempo origin: %s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it.each([
    [['3-1-X-0'], /expected an object like \{ tempo\?: string, tolerance\?: number \}, got "3-1-X-0"/],
    [[{ tempo: 31 }], /"tempo" must be a string such as "3-1-X-0", got number/],
    [[{ tempo: 'x'.repeat(33) }], /"tempo" is too long \(33 > 32 characters\)/],
    [[{ tolerance: 1.5 }], /"tolerance" must be a number in \(0, 1\], got number 1.5/],
    [[{ tolerance: Number.NaN }], /"tolerance" must be a number in \(0, 1\]/],
    [[{ tempo: '3-1-X-0', evil: true }], /unknown field "evil"/],
    [[{}, {}], /expected at most 1 argument\(s\), got 2/],
    [[[]], /got an array/],
  ])('rejects malformed session:start args %j with a clear message', async (args, message) => {
    const { start } = routerWithStart();
    await expect(fake.ipcMain.invoke('session:start', appEvent(), ...args)).rejects.toThrow(message);
    await expect(fake.ipcMain.invoke('session:start', appEvent(), ...args)).rejects.toThrow(
      /^session:start: /,
    );
    expect(start).not.toHaveBeenCalled();
  });

  it('rejects arguments on channels that take none', async () => {
    const router = createIpcRouter({ ipc: fake.ipcMain, isAppUrl, log });
    router.handle('session:stop', () => {
      throw new Error('must not run');
    });
    await expect(fake.ipcMain.invoke('session:stop', appEvent(), 'now')).rejects.toThrow(
      'session:stop: expected at most 0 argument(s), got 1',
    );
  });

  function routerWithSensors() {
    const router = createIpcRouter({ ipc: fake.ipcMain, isAppUrl, log });
    const scan = vi.fn((req: unknown) => ({ devices: [], unavailable: null, req }));
    const select = vi.fn((req: unknown) => ({ source: 'simulated', connected: true, message: null, req }));
    const list = vi.fn(() => [{ id: 'simulated', name: 'Simulated lifter', kind: 'simulated' }]);
    router.handle('sensor:scan', scan as never);
    router.handle('sensor:select', select as never);
    router.handle('sensor:list', list as never);
    return { router, scan, select, list };
  }

  it('passes validated sensor picker arguments to the handlers', async () => {
    const { scan, select, list } = routerWithSensors();
    await expect(fake.ipcMain.invoke('sensor:list', appEvent())).resolves.toEqual([
      { id: 'simulated', name: 'Simulated lifter', kind: 'simulated' },
    ]);
    expect(list).toHaveBeenCalledOnce();
    await fake.ipcMain.invoke('sensor:scan', appEvent());
    await fake.ipcMain.invoke('sensor:scan', appEvent(), { seconds: 1 });
    await fake.ipcMain.invoke('sensor:scan', appEvent(), { seconds: 30 });
    expect(scan.mock.calls).toEqual([[{}], [{ seconds: 1 }], [{ seconds: 30 }]]);
    await fake.ipcMain.invoke('sensor:select', appEvent(), { id: 'simulated' });
    await fake.ipcMain.invoke('sensor:select', appEvent(), { id: 'x'.repeat(128) });
    expect(select.mock.calls).toEqual([[{ id: 'simulated' }], [{ id: 'x'.repeat(128) }]]);
  });

  it('rejects sensor picker calls from untrusted senders without calling the handlers', async () => {
    const { scan, select, list } = routerWithSensors();
    const evil = fakeInvokeEvent({ url: 'https://evil.example/' });
    await expect(fake.ipcMain.invoke('sensor:list', evil)).rejects.toThrow(
      /sensor:list: rejected, untrusted/,
    );
    await expect(fake.ipcMain.invoke('sensor:scan', evil, {})).rejects.toThrow(/sensor:scan: rejected/);
    await expect(
      fake.ipcMain.invoke('sensor:select', fakeInvokeEvent({ url: APP, subframe: true }), {
        id: 'simulated',
      }),
    ).rejects.toThrow('sensor:select: rejected, calls from sub-frames are not allowed');
    expect(list).not.toHaveBeenCalled();
    expect(scan).not.toHaveBeenCalled();
    expect(select).not.toHaveBeenCalled();
  });

  it.each([
    [[5], /expected an object like \{ seconds\?: number \}, got number/],
    [[{ seconds: 0 }], /"seconds" must be a number in \[1, 30\], got number 0/],
    [[{ seconds: 31 }], /"seconds" must be a number in \[1, 30\], got number 31/],
    [[{ seconds: Number.POSITIVE_INFINITY }], /"seconds" must be a number in \[1, 30\]/],
    [[{ seconds: '5' }], /"seconds" must be a number in \[1, 30\], got "5"/],
    [[{ seconds: 5, evil: true }], /unknown field "evil"/],
    [[{}, {}], /expected at most 1 argument\(s\), got 2/],
    [[null], /got null/],
  ])('rejects malformed sensor:scan args %j with a clear message', async (args, message) => {
    const { scan } = routerWithSensors();
    await expect(fake.ipcMain.invoke('sensor:scan', appEvent(), ...args)).rejects.toThrow(message);
    await expect(fake.ipcMain.invoke('sensor:scan', appEvent(), ...args)).rejects.toThrow(/^sensor:scan: /);
    expect(scan).not.toHaveBeenCalled();
  });

  it.each([
    [[], /expected an object like \{ id: string \}, got undefined/],
    [['simulated'], /expected an object like \{ id: string \}, got "simulated"/],
    [[{}], /"id" must be a string \(a sensor id from the list\), got undefined/],
    [[{ id: 42 }], /"id" must be a string \(a sensor id from the list\), got number/],
    [[{ id: '' }], /"id" must not be empty/],
    [[{ id: '   ' }], /"id" must not be empty/],
    [[{ id: 'x'.repeat(129) }], /"id" is too long \(129 > 128 characters\)/],
    [[{ id: 'simulated', path: '/etc/passwd' }], /unknown field "path"/],
    [[{ id: 'simulated' }, 1], /expected at most 1 argument\(s\), got 2/],
    [[[]], /got an array/],
  ])('rejects malformed sensor:select args %j with a clear message', async (args, message) => {
    const { select } = routerWithSensors();
    await expect(fake.ipcMain.invoke('sensor:select', appEvent(), ...args)).rejects.toThrow(message);
    await expect(fake.ipcMain.invoke('sensor:select', appEvent(), ...args)).rejects.toThrow(
      /^sensor:select: /,
    );
    expect(select).not.toHaveBeenCalled();
  });

  it('rejects arguments on sensor:list', async () => {
    const { list } = routerWithSensors();
    await expect(fake.ipcMain.invoke('sensor:list', appEvent(), { all: true })).rejects.toThrow(
      'sensor:list: expected at most 0 argument(s), got 1',
    );
    expect(list).not.toHaveBeenCalled();
  });

  it('refuses double registration and removes its handlers on dispose', () => {
    const { router } = routerWithStart();
    expect(() => router.handle('session:start', (() => null) as never)).toThrow(/registered twice/);
    router.dispose();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('emits typed events and drops them for destroyed windows', () => {
    const router = createIpcRouter({ ipc: fake.ipcMain, isAppUrl, log });
    const wc = new FakeWebContents();
    const status = { source: 'simulated', connected: true, message: null } as const;
    router.emit(wc, 'sensor:status', status);
    expect(wc.send).toHaveBeenCalledWith('sensor:status', status);
    wc.destroyed = true;
    router.emit(wc, 'sensor:status', status);
    expect(wc.send).toHaveBeenCalledOnce();
  });
});
