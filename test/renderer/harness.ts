/**
 * Pieces for running the built renderer + built preload in real Chromium against the real main-process
 * code (router, guards, handlers, LiveSession): only Electron itself is replaced.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { HistoryServiceDeps } from '../../src/main/history/history-service';
import type { LiveSession } from '../../src/main/session/live-session';
import type { EngineEvent } from '../../src/shared/engine/types';
import type { ScenarioOverrides } from '../../src/shared/sim';
import { APP_ORIGIN } from '../../src/main/ipc/app-url';
import { createRendererFileHandler } from '../../src/main/protocol/renderer-files';

export const ROOT = resolve(__dirname, '../..');

/** `electron-vite build` into `outDir` (not ./out, so a test run never clobbers a developer's build). */
export function buildApp(outDir: string): void {
  execFileSync(
    join(ROOT, 'node_modules/.bin/electron-vite'),
    ['build', '--outDir', outDir, '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
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

/** The main process's side of a launched app, for tests to drive and inspect. */
export interface LaunchedApp {
  work: string;
  page: Page;
  context: BrowserContext;
  /** Every engine event main sent the page, in order. */
  sent: EngineEvent[];
  pageErrors: string[];
  documentHeaders: Record<string, string>;
  liveSession: LiveSession;
  /** The database file (when launched withDatabase). */
  databasePath: string;
  emit: (channel: 'session:engine-events', events: EngineEvent[]) => void;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Simulated seconds per real second. */
  speed: number;
  overrides: ScenarioOverrides;
  /** Init scripts run in the page before the app (e.g. spies). */
  initScripts?: string[];
  /** A real SQLite database (in the temp folder) for the live session and the history channels. */
  withDatabase?: boolean;
  /** What the native save dialog answers (history:export). */
  chooseSavePath?: HistoryServiceDeps['chooseSavePath'];
}

/**
 * Builds the app, serves the renderer, wires the main-process side exactly as src/main/index.ts does
 * (minus Electron: the caller must `vi.mock('electron', ...)` with test/fakes/electron) and opens the page
 * in headless Chromium. The real app sensor and picker (no BARTEMPO_SENSOR): the Bluetooth loader fails here.
 */
export async function launchApp(options: LaunchOptions): Promise<LaunchedApp> {
  const work = await mkdtemp(join(tmpdir(), 'bartempo-renderer-'));
  buildApp(join(work, 'out'));
  const server = await serveRenderer(join(work, 'out/renderer'));
  const { fake, fakeInvokeEvent, resetFakeElectron } = await import('../fakes/electron');
  resetFakeElectron();
  const { createIpcRouter } = await import('../../src/main/ipc/router');
  const { createAppUrlPolicy } = await import('../../src/main/ipc/app-url');
  const { registerHandlers } = await import('../../src/main/ipc/handlers');
  const { createLiveSession, createSimulatedSource } = await import('../../src/main/session/defaults');
  const { createAppSensor } = await import('../../src/main/sensors/app-sensor');
  const { openAppStore } = await import('../../src/main/storage');
  const { HistoryService } = await import('../../src/main/history/history-service');
  const router = createIpcRouter({
    isAppUrl: createAppUrlPolicy({ devServerUrl: server.origin }),
    log: () => undefined,
  });
  const sent: EngineEvent[] = [];
  const pageErrors: string[] = [];
  let page: Page | null = null;
  const webContents = {
    send: (channel: string, payload: unknown) => {
      if (channel === 'session:engine-events') sent.push(...(payload as EngineEvent[]));
      // CDP processes evaluations in order, so batches arrive in the order main sent them.
      page
        ?.evaluate(
          ([fn, c, p]) =>
            (globalThis as unknown as Record<string, (c: unknown, p: unknown) => void>)[fn]?.(c, p),
          [DELIVER_FN, channel, payload] as const,
        )
        .catch(() => undefined);
    },
    isDestroyed: () => page?.isClosed() ?? true,
  };
  const sensor = createAppSensor({
    setting: undefined,
    createSimulated: (message) =>
      createSimulatedSource({ speed: options.speed, message, seed: 7, overrides: options.overrides }),
    readTextFile: () => {
      throw new Error('no replays in this test');
    },
    onStatusChange: () => liveSession.publishSensorStatus(),
  });
  const databasePath = join(work, 'bartempo.sqlite');
  const storage = options.withDatabase ? openAppStore(databasePath) : undefined;
  if (storage?.problem) throw new Error(storage.problem);
  const liveSession = createLiveSession(
    sensor.source,
    (channel, payload) => router.emit(webContents, channel, payload),
    undefined,
    storage,
  );
  registerHandlers(router, {
    session: liveSession,
    sensors: sensor.picker,
    history: storage?.store
      ? new HistoryService({
          store: storage.store,
          chooseSavePath: options.chooseSavePath ?? (async () => null),
          chooseOpenPath: async () => null,
        })
      : undefined,
    appInfo: () => ({
      name: 'BarTempo',
      version: 'test',
      platform: process.platform,
      versions: { electron: '', chrome: '', node: process.versions.node },
    }),
  });

  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required', // as Electron's default
    ],
    viewport: { width: 1280, height: 800 },
  });
  // Like Electron's invoke: the sender frame's real URL goes through the router's gate.
  await context.exposeBinding(INVOKE_BINDING, async (source, channel: string, args: unknown[]) => {
    const event = fakeInvokeEvent({ url: source.frame.url(), subframe: source.frame.parentFrame() !== null });
    try {
      return await fake.ipcMain.invoke(channel, event, ...args);
    } catch (err) {
      const e = err as Error;
      throw new Error(`Error invoking remote method '${channel}': ${e.name}: ${e.message}`, { cause: err });
    }
  });
  for (const content of options.initScripts ?? []) await context.addInitScript({ content });
  await context.addInitScript({
    content: preloadInitScript(await readFile(join(work, 'out/preload/index.js'), 'utf8')),
  });
  page = context.pages()[0] ?? (await context.newPage());
  const opened = page;
  opened.on('pageerror', (err) => pageErrors.push(err.message));
  opened.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`${msg.text()} ${msg.location().url}`);
  });
  opened.on('response', (res) => {
    if (res.status() >= 400) pageErrors.push(`${res.status()} ${res.url()}`);
  });
  const documentHeaders = (await opened.goto(`${server.origin}/index.html`))?.headers() ?? {};
  return {
    work,
    page: opened,
    context,
    sent,
    pageErrors,
    documentHeaders,
    liveSession,
    databasePath,
    emit: (channel, events) => router.emit(webContents, channel, events),
    async close() {
      liveSession.stop();
      sensor.dispose();
      await context.close();
      storage?.store?.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `[renderer tests] SKIPPED: ${CHROMIUM} not found. Install it with: apt-get install -y chromium`,
  );
}

/** Screenshots to look at after a run (gitignored). */
export const SHOTS = join(ROOT, 'test-results');
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
