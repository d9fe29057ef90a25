/**
 * UI benchmark: the rack screen in headless Chromium fed a 200 Hz simulated stream through the app's real
 * main-process core (src/bench/app-page.ts). A 1x stretch measures frames and long tasks as the lifter
 * sees them; an hour of sensor time, accelerated, measures the heap every 15 sensor minutes. Then the
 * review of a stored 2-hour session is opened from History and timed to its charts.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { createSimulatedSource } from '../main/session/defaults';
import { HistoryService } from '../main/history/history-service';
import { openAppStore, SessionStore } from '../main/storage';
import { DURATION_S, importBenchSession, RATE_HZ } from './review';
import { buildStream } from './throughput';
import { bindContext, buildApp, CHROMIUM_ARGS, CHROMIUM_PATH, serveRenderer, startAppCore } from './app-page';
import {
  addFrameStats,
  DEFAULT_UI_OPTIONS,
  formatUiReport,
  heapCheckpointsMin,
  NO_FRAMES,
  UI_SAMPLE_RATE_HZ,
  type FrameStats,
  type HeapReading,
  type UiBenchOptions,
} from './ui-report';

const PROBE = '__uiProbe';

/**
 * Counts frames (requestAnimationFrame) and long tasks in the page with constant memory, so the probe
 * itself adds nothing to the heap being measured. `take()` returns the counts since the last take.
 */
const PROBE_SCRIPT = `(() => {
  let t0 = performance.now(), frames = 0, winStart = t0, winFrames = 0, worst = NaN, longTasks = 0, longest = 0;
  const onFrame = (now) => {
    frames++;
    winFrames++;
    if (now - winStart >= 1000) {
      const rate = (winFrames * 1000) / (now - winStart);
      worst = Number.isNaN(worst) ? rate : Math.min(worst, rate);
      winStart = now;
      winFrames = 0;
    }
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      longTasks++;
      longest = Math.max(longest, e.duration);
    }
  }).observe({ type: 'longtask' });
  Object.defineProperty(window, '${PROBE}', {
    value: {
      take() {
        const now = performance.now();
        const stats = { frames, elapsedMs: now - t0, worstSecondFps: worst, longTasks, longestTaskMs: longest };
        t0 = winStart = now;
        frames = winFrames = longTasks = longest = 0;
        worst = NaN;
        return stats;
      },
    },
  });
})();`;

const takeFrames = (page: Page): Promise<FrameStats> =>
  page.evaluate(
    (name) => (globalThis as unknown as Record<string, { take(): FrameStats }>)[name]!.take(),
    PROBE,
  );

/** JSHeapUsedSize after a forced full collection. */
async function heapUsedBytes(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  if (used === undefined) throw new Error('Chromium reported no JSHeapUsedSize');
  return used;
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

interface Rig {
  browser: Browser;
  origin: string;
  preload: string;
  work: string;
}

interface StretchResult {
  frames: FrameStats;
  heap: HeapReading[];
  sensorS: number;
  realS: number;
}

/** Real seconds without new sensor time after which the run gives up (a halted session, a hung page). */
const STALL_S = 30;

/** A check that throws, with the session's error, once the sensor clock has not moved for STALL_S. */
function stallWatch(sensorS: () => number, sessionError: () => string | null): () => void {
  let last = sensorS();
  let since = performance.now();
  return () => {
    const now = performance.now();
    if (sensorS() !== last) {
      last = sensorS();
      since = now;
    } else if (now - since > STALL_S * 1000) {
      throw new Error(`the stream stopped for ${STALL_S} s (${sessionError() ?? 'no session error'})`);
    }
  };
}

/**
 * One session on a fresh page: start from the keyboard as the lifter does, run until `sensorS` seconds
 * of sensor time, reading the heap at `heapAtMin` (sensor minutes). Frame counts leave out the forced GCs.
 */
async function runStretch(rig: Rig, name: string, speed: number, sensorS: number, heapAtMin: number[]) {
  const storage = openAppStore(join(rig.work, `${name}.db`));
  if (storage.problem) throw new Error(`the session database: ${storage.problem}`);
  let latestSensorS = -Infinity;
  const core = startAppCore({
    origin: rig.origin,
    createSimulated: (message) =>
      createSimulatedSource({
        speed,
        message,
        seed: 1,
        overrides: { sensor: { sampleRateHz: UI_SAMPLE_RATE_HZ } },
      }),
    storage,
    onSend: (channel, payload) => {
      // The trace's times are the engine's clock: seconds of sensor time since the session started.
      if (channel === 'session:samples')
        latestSensorS = (payload as { t: number[] }).t.at(-1) ?? latestSensorS;
    },
  });
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await bindContext(context, core, rig.preload, [PROBE_SCRIPT]);
    const page = await context.newPage();
    core.attach(page);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${rig.origin}/index.html`);
    const stage = page.getByTestId('stage');
    await stage.and(page.locator('[data-stage="stopped"]')).waitFor();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    await page.locator('h1').click();
    await page.keyboard.press('Space');
    const stalled = stallWatch(
      () => latestSensorS,
      () => core.session.getState().error,
    );
    while (latestSensorS < 0) {
      stalled();
      await sleep(20);
    }
    const realStart = performance.now();
    const sensorStart = latestSensorS;
    let frames = NO_FRAMES;
    const heap: HeapReading[] = [];
    const pending = [...heapAtMin];
    await takeFrames(page);
    for (;;) {
      const atS = latestSensorS - sensorStart;
      if (pending.length > 0 && atS >= pending[0]! * 60) {
        frames = addFrameStats(frames, await takeFrames(page));
        heap.push({ atMin: pending.shift()!, usedBytes: await heapUsedBytes(cdp) });
        await takeFrames(page); // the forced GC's pause is ours, not the app's
      }
      if (atS >= sensorS && pending.length === 0) break;
      if (pageErrors.length > 0) throw new Error(`the page failed: ${pageErrors[0]}`);
      stalled();
      await sleep(100);
    }
    frames = addFrameStats(frames, await takeFrames(page));
    const result: StretchResult = {
      frames,
      heap,
      sensorS: latestSensorS - sensorStart,
      realS: (performance.now() - realStart) / 1000,
    };
    await page.keyboard.press('Space');
    await stage.and(page.locator('[data-stage="stopped"]')).waitFor();
    return result;
  } finally {
    core.stop();
    await context.close();
    storage.store?.close();
  }
}

/**
 * Resolves with the milliseconds from the next double-click to the frame after the review's set chart and
 * session chart are both in the page.
 */
const REVIEW_DRAWN_SCRIPT = `new Promise((ok) => {
  let clickedAt = NaN;
  window.addEventListener('dblclick', (e) => (clickedAt = e.timeStamp), { capture: true, once: true });
  const full = () =>
    document.querySelector('[data-testid="phase-chart"]') !== null &&
    document.querySelector('[data-testid="session-chart"]') !== null;
  const watch = new MutationObserver(() => {
    if (!full()) return;
    watch.disconnect();
    requestAnimationFrame(() => setTimeout(() => ok(performance.now() - clickedAt)));
  });
  watch.observe(document.body, { childList: true, subtree: true });
})`;

/**
 * Opening the review of a 2-hour session at 200 Hz from History: milliseconds from the double-click on its
 * row to the frame after the set's and the session's charts are in the page (main's side included).
 */
async function measureReviewOpen(rig: Rig): Promise<number> {
  const store = SessionStore.open(join(rig.work, 'review.db'));
  importBenchSession(store, buildStream({ durationS: DURATION_S, rateHz: RATE_HZ, chunkS: 1 }).samples);
  const core = startAppCore({
    origin: rig.origin,
    createSimulated: (message) => createSimulatedSource({ message }),
    storage: { store, problem: null },
    history: new HistoryService({
      store,
      chooseSavePath: async () => null,
      chooseOpenPath: async () => null,
    }),
  });
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await bindContext(context, core, rig.preload);
    const page = await context.newPage();
    core.attach(page);
    await page.goto(`${rig.origin}/index.html`);
    await page.locator('h1').click();
    await page.keyboard.press('Digit3');
    const row = page.getByTestId('session-row').first();
    await row.waitFor();
    const drawn = page.evaluate(REVIEW_DRAWN_SCRIPT) as Promise<number>;
    await row.dblclick();
    return await drawn;
  } finally {
    core.stop();
    await context.close();
    store.close();
  }
}

export async function runUiBench(
  options: UiBenchOptions = DEFAULT_UI_OPTIONS,
  root = process.cwd(),
): Promise<string> {
  if (!existsSync(CHROMIUM_PATH)) return `skipped: ${CHROMIUM_PATH} not found (apt-get install -y chromium).`;
  const work = await mkdtemp(join(tmpdir(), 'bartempo-uibench-'));
  let browser: Browser | null = null;
  let server: Awaited<ReturnType<typeof serveRenderer>> | null = null;
  try {
    buildApp(root, join(work, 'out'));
    server = await serveRenderer(join(work, 'out/renderer'));
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
    const rig: Rig = {
      browser,
      origin: server.origin,
      preload: await readFile(join(work, 'out/preload/index.js'), 'utf8'),
      work,
    };
    const loadBefore = loadavg()[0] ?? Number.NaN;
    const realtimeMin = options.realtimeS / 60;
    const realtime = await runStretch(rig, 'realtime', 1, options.realtimeS, [0, realtimeMin]);
    const hour = await runStretch(
      rig,
      'hour',
      options.speed,
      options.simulatedMin * 60,
      heapCheckpointsMin(options.simulatedMin, options.heapEveryMin),
    );
    return formatUiReport({
      options,
      realtime: realtime.frames,
      realtimeHeap: realtime.heap,
      accelerated: hour.frames,
      achievedSpeed: hour.sensorS / hour.realS,
      heap: hour.heap,
      reviewOpenMs: await measureReviewOpen(rig),
      machine: { threads: cpus().length, loadAverage: [loadBefore, loadavg()[0] ?? Number.NaN] },
    });
  } finally {
    await browser?.close();
    await server?.close();
    await rm(work, { recursive: true, force: true });
  }
}
