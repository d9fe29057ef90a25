/**
 * The app in real Chromium without Electron: the built renderer served by the app's own app:// handler,
 * the built sandboxed preload run in the page, and the real main-process core (IPC router and guards,
 * handlers, LiveSession, app sensor) in this Node process. Shared by the UI benchmark (src/bench/ui.ts)
 * and the renderer tests (test/renderer), so both measure and test the same wiring as src/main/index.ts.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import type { BrowserContext, Page } from 'playwright-core';
import type { EventChannel, EventContract } from '../shared/ipc/contract';
import type { HistoryService } from '../main/history/history-service';
import { APP_ORIGIN, createAppUrlPolicy } from '../main/ipc/app-url';
import { registerHandlers } from '../main/ipc/handlers';
import { createIpcRouter, type IpcMainLike } from '../main/ipc/router';
import { createRendererFileHandler } from '../main/protocol/renderer-files';
import { createAppSensor } from '../main/sensors/app-sensor';
import { createLiveSession } from '../main/session/defaults';
import type { LiveSession } from '../main/session/live-session';
import type { SampleSource } from '../main/session/source';
import type { AppStore } from '../main/storage';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless Chromium as close to an Electron window as flags get. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required', // as Electron's default
];

/** `electron-vite build` of the checkout at `root` into `outDir` (not ./out: never clobber a developer's build). */
export function buildApp(root: string, outDir: string): void {
  execFileSync(
    join(root, 'node_modules/.bin/electron-vite'),
    ['build', '--outDir', outDir, '--logLevel', 'warn'],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

/**
 * The built renderer over http://127.0.0.1 (random port), answered by the app's own app:// handler
 * (src/main/protocol/renderer-files.ts): the same files, MIME types, CSP header and refusals as in Electron.
 */
export async function serveRenderer(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const handle = createRendererFileHandler(dir);
  const server: Server = createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end(); // Chromium asks for one; Electron windows never do.
      return;
    }
    handle(new Request(`${APP_ORIGIN}${req.url ?? '/'}`, { method: req.method ?? 'GET' }))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export const INVOKE_BINDING = '__bartempoInvoke';
export const DELIVER_FN = '__bartempoDeliver';

/**
 * Runs the built sandboxed preload (one CJS file that only requires `electron`) in the page with a fake
 * `electron`: ipcRenderer.invoke goes to a Playwright binding (→ the real router in Node), webContents.send
 * arrives through window.__bartempoDeliver, and contextBridge defines a frozen window.api.
 */
export function preloadInitScript(preloadSource: string): string {
  return `(() => {
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, ...args) => window.${INVOKE_BINDING}(channel, args),
    on(channel, fn) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(fn);
      return ipcRenderer;
    },
    removeListener(channel, fn) {
      listeners.get(channel)?.delete(fn);
      return ipcRenderer;
    },
  };
  const contextBridge = {
    exposeInMainWorld: (key, value) => Object.defineProperty(window, key, { value: Object.freeze(value) }),
  };
  Object.defineProperty(window, '${DELIVER_FN}', {
    value: (channel, payload) => { for (const fn of listeners.get(channel) ?? []) fn({}, payload); },
  });
  // A dropped File's path: Chromium pages never see one; tests map file names to paths in __bartempoPaths.
  const webUtils = { getPathForFile: (file) => (window.__bartempoPaths || {})[file.name] || '' };
  const require = (id) => {
    if (id === 'electron') return { ipcRenderer, contextBridge, webUtils };
    throw new Error('a sandboxed preload can only require electron, not ' + id);
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports);
})();`;
}

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Electron's main-side handle / renderer-side invoke pair, in plain Node. */
export class PlainIpc implements IpcMainLike {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What Electron does when the renderer invokes `channel` from `frame`. */
  async invoke(
    channel: string,
    frame: { url: string; subframe: boolean },
    ...args: unknown[]
  ): Promise<unknown> {
    const fn = this.handlers.get(channel);
    if (!fn) throw new Error(`No handler registered for '${channel}'`);
    const event = {
      senderFrame: { url: frame.url, parent: frame.subframe ? { url: frame.url } : null },
      sender: {},
    } as unknown as IpcMainInvokeEvent;
    return await fn(event, ...args);
  }
}

export interface AppCoreOptions {
  /** The page's origin: the router's sender gate accepts it as the dev-server URL. */
  origin: string;
  /** The simulated sensor (called with the banner's reason when no Bluetooth sensor is used). */
  createSimulated: (message: string | null) => SampleSource;
  /** Where the live session saves, as in the app (absent: nothing is kept). */
  storage?: Pick<AppStore, 'store' | 'problem'>;
  /** Review and history over the stored sessions (absent: their channels are absent, as without a database). */
  history?: HistoryService;
  /** Sees every message main sends the page, before it is delivered. */
  onSend?: (channel: string, payload: unknown) => void;
}

export interface AppCore {
  session: LiveSession;
  ipc: PlainIpc;
  /** Messages main sends go to this page from now on. */
  attach(page: Page): void;
  /** Sends as main does (through the router's emit). */
  emit<C extends EventChannel>(channel: C, payload: EventContract[C]): void;
  stop(): void;
}

/** The main-process side, wired as src/main/index.ts does, minus Electron. */
export function startAppCore(options: AppCoreOptions): AppCore {
  const ipc = new PlainIpc();
  const router = createIpcRouter({
    ipc,
    isAppUrl: createAppUrlPolicy({ devServerUrl: options.origin }),
    log: () => undefined,
  });
  let page: Page | null = null;
  const webContents = {
    send: (channel: string, payload: unknown) => {
      options.onSend?.(channel, payload);
      // CDP processes evaluations in order, so batches arrive in the order main sent them.
      page
        ?.evaluate(
          ([fn, c, p]) =>
            (globalThis as unknown as Record<string, (c: unknown, p: unknown) => void>)[fn]?.(c, p),
          [DELIVER_FN, channel, payload] as const,
        )
        .catch(() => undefined);
    },
    isDestroyed: () => page === null || page.isClosed(),
  };
  const emit = <C extends EventChannel>(channel: C, payload: EventContract[C]): void =>
    router.emit(webContents, channel, payload);
  // The real app sensor and picker (no BARTEMPO_SENSOR): without Bluetooth it keeps the simulator.
  const sensor = createAppSensor({
    setting: undefined,
    createSimulated: options.createSimulated,
    readTextFile: () => {
      throw new Error('no replays here');
    },
    onStatusChange: () => session.publishSensorStatus(),
  });
  const session = createLiveSession(sensor.source, emit, undefined, options.storage);
  registerHandlers(router, {
    session,
    sensors: sensor.picker,
    history: options.history,
    appInfo: () => ({
      name: 'BarTempo',
      version: 'harness',
      platform: process.platform,
      versions: { electron: '', chrome: '', node: process.versions.node },
    }),
  });
  return {
    session,
    ipc,
    attach: (p) => {
      page = p;
    },
    emit,
    stop: () => {
      session.stop();
      sensor.dispose();
      router.dispose();
    },
  };
}

/**
 * Binds `context`'s pages to `core`: invoke calls carry the sender frame's real URL through the router's
 * gate (as Electron's do), and the built preload runs after `initScripts`.
 */
export async function bindContext(
  context: BrowserContext,
  core: AppCore,
  preloadSource: string,
  initScripts: readonly string[] = [],
): Promise<void> {
  await context.exposeBinding(INVOKE_BINDING, async (source, channel: string, args: unknown[]) => {
    const frame = { url: source.frame.url(), subframe: source.frame.parentFrame() !== null };
    try {
      return await core.ipc.invoke(channel, frame, ...args);
    } catch (err) {
      const e = err as Error;
      throw new Error(`Error invoking remote method '${channel}': ${e.name}: ${e.message}`, { cause: err });
    }
  });
  for (const content of initScripts) await context.addInitScript({ content });
  await context.addInitScript({ content: preloadInitScript(preloadSource) });
}
