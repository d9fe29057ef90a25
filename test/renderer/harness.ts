/**
 * The renderer tests' harness: the built renderer + built preload in real Chromium against the real
 * main-process code (router, guards, handlers, LiveSession, history): only Electron itself is replaced.
 * The pieces live in src/bench/app-page.ts, shared with the UI benchmark.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  bindContext,
  buildApp as buildAppAt,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  serveRenderer,
  startAppCore,
} from '../../src/bench/app-page';
import { HistoryService, type HistoryServiceDeps } from '../../src/main/history/history-service';
import { createSimulatedSource } from '../../src/main/session/defaults';
import type { LiveSession } from '../../src/main/session/live-session';
import { openAppStore } from '../../src/main/storage';
import type { EngineEvent } from '../../src/shared/engine/types';
import type { ScenarioOverrides } from '../../src/shared/sim';

export { DELIVER_FN, INVOKE_BINDING, preloadInitScript, serveRenderer } from '../../src/bench/app-page';

export const ROOT = resolve(__dirname, '../..');

/** `electron-vite build` into `outDir` (not ./out, so a test run never clobbers a developer's build). */
export function buildApp(outDir: string): void {
  buildAppAt(ROOT, outDir);
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
 * Builds the app, serves the renderer, wires the main-process side as src/main/index.ts does (minus
 * Electron, see src/bench/app-page.ts) and opens the page in headless Chromium. The real app sensor and
 * picker (no BARTEMPO_SENSOR): the Bluetooth loader fails here.
 */
export async function launchApp(options: LaunchOptions): Promise<LaunchedApp> {
  const work = await mkdtemp(join(tmpdir(), 'bartempo-renderer-'));
  buildApp(join(work, 'out'));
  const server = await serveRenderer(join(work, 'out/renderer'));
  const sent: EngineEvent[] = [];
  const pageErrors: string[] = [];
  const databasePath = join(work, 'bartempo.sqlite');
  const storage = options.withDatabase ? openAppStore(databasePath) : undefined;
  if (storage?.problem) throw new Error(storage.problem);
  const core = startAppCore({
    origin: server.origin,
    createSimulated: (message) =>
      createSimulatedSource({ speed: options.speed, message, seed: 7, overrides: options.overrides }),
    storage,
    history: storage?.store
      ? new HistoryService({
          store: storage.store,
          chooseSavePath: options.chooseSavePath ?? (async () => null),
          chooseOpenPath: async () => null,
        })
      : undefined,
    onSend: (channel, payload) => {
      if (channel === 'session:engine-events') sent.push(...(payload as EngineEvent[]));
    },
  });

  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 800 },
  });
  await bindContext(
    context,
    core,
    await readFile(join(work, 'out/preload/index.js'), 'utf8'),
    options.initScripts ?? [],
  );
  const opened = context.pages()[0] ?? (await context.newPage());
  core.attach(opened);
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
    liveSession: core.session,
    databasePath,
    emit: (channel, events) => core.emit(channel, events),
    async close() {
      core.stop();
      await context.close();
      storage?.store?.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM = CHROMIUM_PATH;
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
