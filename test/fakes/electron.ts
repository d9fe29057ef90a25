/**
 * A small typed stand-in for the `electron` module: the real one cannot load here (no binary) and must
 * never load in unit tests. Use with
 *   vi.mock('electron', async () => (await import('../fakes/electron')).electronModule);
 * and call `resetFakeElectron()` in beforeEach.
 */
import type { IpcMainInvokeEvent, IpcRendererEvent, WebPreferences } from 'electron';
import { vi } from 'vitest';

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
type RendererListener = (event: IpcRendererEvent, ...args: unknown[]) => void;
type AnyListener = (...args: unknown[]) => void;

/** Records listeners by event name so tests can fire them. */
class Emitter {
  readonly listeners = new Map<string, AnyListener[]>();
  on = vi.fn((name: string, fn: AnyListener) => {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  });
  once = this.on;
  emit(name: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(name) ?? []) fn(...args);
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();
  handle = vi.fn((channel: string, fn: InvokeListener) => {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  });
  removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
  /** What Electron does when a renderer calls ipcRenderer.invoke(channel, ...args). */
  async invoke(channel: string, event: IpcMainInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const fn = this.handlers.get(channel);
    if (!fn) throw new Error(`No handler registered for '${channel}'`);
    return await fn(event, ...args);
  }
}

export interface FakeFrameOptions {
  /** The frame's URL; null simulates a frame destroyed before the call arrived. */
  url: string | null;
  subframe?: boolean;
}

export function fakeInvokeEvent({ url, subframe = false }: FakeFrameOptions): IpcMainInvokeEvent {
  const senderFrame = url === null ? null : { url, parent: subframe ? { url } : null };
  return { senderFrame, sender: new FakeWebContents() } as unknown as IpcMainInvokeEvent;
}

export class FakeWebContents extends Emitter {
  destroyed = false;
  send = vi.fn((_channel: string, ..._args: unknown[]) => undefined);
  isDestroyed = vi.fn(() => this.destroyed);
  setWindowOpenHandler = vi.fn();
}

export class FakeBrowserWindow extends Emitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  minimized = false;
  loadURL = vi.fn(async (_url: string) => undefined);
  loadFile = vi.fn(async (_file: string) => undefined);
  show = vi.fn();
  focus = vi.fn();
  isMinimized = vi.fn(() => this.minimized);
  restore = vi.fn(() => {
    this.minimized = false;
  });
  static getAllWindows = vi.fn(() => FakeBrowserWindow.instances);
  constructor(readonly options: { webPreferences?: WebPreferences } & Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
}

/** Session: permission handlers, plus the device-selection events (select-hid-device…) as an emitter. */
export class FakeSession extends Emitter {
  setPermissionRequestHandler = vi.fn();
  setPermissionCheckHandler = vi.fn();
  setDevicePermissionHandler = vi.fn();
}

export class FakeIpcRenderer {
  readonly listeners = new Map<string, RendererListener[]>();
  invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => undefined);
  on = vi.fn((channel: string, fn: RendererListener) => {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), fn]);
    return this;
  });
  removeListener = vi.fn((channel: string, fn: RendererListener) => {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((l) => l !== fn),
    );
    return this;
  });
  /** What main's webContents.send(channel, payload) looks like from the preload. */
  deliver(channel: string, payload: unknown): void {
    const event = { sender: this } as unknown as IpcRendererEvent;
    for (const fn of this.listeners.get(channel) ?? []) fn(event, payload);
  }
}

type ProtocolHandler = (request: Request) => Promise<Response> | Response;

/** protocol: records privileged schemes (and whether that came before `ready`, as Electron requires). */
export class FakeProtocol {
  readonly privileged: { scheme: string; privileges?: Record<string, boolean> }[] = [];
  privilegedBeforeReady: boolean | null = null;
  readonly handlers = new Map<string, ProtocolHandler>();
  constructor(private readonly app: FakeApp) {}
  registerSchemesAsPrivileged = vi.fn(
    (schemes: { scheme: string; privileges?: Record<string, boolean> }[]) => {
      this.privilegedBeforeReady = !this.app.isReady();
      this.privileged.splice(0, this.privileged.length, ...schemes); // Electron keeps only the last call's
    },
  );
  handle = vi.fn((scheme: string, handler: ProtocolHandler) => {
    if (!this.app.isReady()) throw new Error('protocol.handle before the app is ready');
    this.handlers.set(scheme, handler);
  });
}

/** app: lifecycle events, `ready` fired by the test (`fake.app.becomeReady()`), the single-instance lock. */
export class FakeApp extends Emitter {
  isPackaged = false;
  /** What requestSingleInstanceLock answers: false = another instance is running. */
  singleInstanceLock = true;
  private ready = false;
  private readonly readyPromise: Promise<void>;
  private resolveReady: () => void = () => undefined;
  constructor() {
    super();
    this.readyPromise = new Promise<void>((ok) => (this.resolveReady = ok));
  }
  getName = () => 'BarTempo';
  getVersion = () => '0.0.0-test';
  isReady = vi.fn(() => this.ready);
  whenReady = vi.fn(() => this.readyPromise);
  quit = vi.fn();
  requestSingleInstanceLock = vi.fn(() => {
    // Electron keeps the lock in the user-data folder: moving it afterwards would split the lock.
    this.lockedUserData = this.paths.get('userData') ?? null;
    return this.singleInstanceLock;
  });
  readonly paths = new Map<string, string>();
  lockedUserData: string | null = null;
  setPath = vi.fn((name: string, path: string) => {
    if (this.ready && name === 'userData') throw new Error('userData must be set before ready');
    this.paths.set(name, path);
  });
  getPath = vi.fn((name: string) => this.paths.get(name) ?? `/fake/${name}`);
  becomeReady(): void {
    this.ready = true;
    this.resolveReady();
  }
}

function freshFake() {
  const app = new FakeApp();
  return {
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    exposed: new Map<string, unknown>(),
    defaultSession: new FakeSession(),
    app,
    protocol: new FakeProtocol(app),
  };
}

export const fake = freshFake();

export function resetFakeElectron(): void {
  Object.assign(fake, freshFake());
  FakeBrowserWindow.instances = [];
}

/** The module object `vi.mock('electron')` returns. Getters so resetFakeElectron() swaps the instances. */
export const electronModule = {
  get ipcMain() {
    return fake.ipcMain;
  },
  get ipcRenderer() {
    return fake.ipcRenderer;
  },
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      fake.exposed.set(key, value);
    },
  },
  BrowserWindow: FakeBrowserWindow,
  /** A dropped File's path, as Electron's webUtils gives it (here: a fixed folder plus its name). */
  webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
  session: {
    get defaultSession() {
      return fake.defaultSession;
    },
  },
  get app() {
    return fake.app;
  },
  get protocol() {
    return fake.protocol;
  },
};
