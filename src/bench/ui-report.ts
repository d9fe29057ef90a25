/** Pure parts of the UI benchmark: its options, the heap trend and the markdown. No I/O, no browser. */
import { markdownTable, num, verdict } from './markdown';

export interface UiBenchOptions {
  /** Simulated seconds per real second for the hour of sensor time. */
  speed: number;
  /** Real seconds of the 1x stretch (fps and long tasks as the lifter sees them). */
  realtimeS: number;
  /** Sensor minutes of the accelerated run (an hour by default). */
  simulatedMin: number;
  /** Sensor minutes between heap readings. */
  heapEveryMin: number;
}

export const DEFAULT_UI_OPTIONS: UiBenchOptions = {
  speed: 15,
  realtimeS: 60,
  simulatedMin: 60,
  heapEveryMin: 15,
};

/** The sensor rate the rack screen is fed at (the simulator's default is 100 Hz). */
export const UI_SAMPLE_RATE_HZ = 200;

export const UI_TARGETS = { fps: 55, longestTaskMs: 50, heapGrowthMbPerHour: 20, reviewOpenMs: 1000 };

/** What the page's probe counted over a stretch (GC pauses forced for heap readings left out). */
export interface FrameStats {
  frames: number;
  elapsedMs: number;
  /** Lowest frame rate over any ~1 s window. */
  worstSecondFps: number;
  longTasks: number;
  longestTaskMs: number;
}

export const NO_FRAMES: FrameStats = {
  frames: 0,
  elapsedMs: 0,
  worstSecondFps: Number.NaN,
  longTasks: 0,
  longestTaskMs: 0,
};

export function addFrameStats(a: FrameStats, b: FrameStats): FrameStats {
  return {
    frames: a.frames + b.frames,
    elapsedMs: a.elapsedMs + b.elapsedMs,
    worstSecondFps: minKnown(a.worstSecondFps, b.worstSecondFps),
    longTasks: a.longTasks + b.longTasks,
    longestTaskMs: Math.max(a.longestTaskMs, b.longestTaskMs),
  };
}

function minKnown(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return Math.min(a, b);
}

export function fps(stats: FrameStats): number {
  return stats.elapsedMs > 0 ? (stats.frames * 1000) / stats.elapsedMs : Number.NaN;
}

export interface HeapReading {
  /** Sensor minutes into the session. */
  atMin: number;
  usedBytes: number;
}

const MB = 1024 * 1024;

/**
 * Heap growth in MB per hour of sensor time: the least-squares slope through every reading, so one reading
 * caught before a cache settled does not decide it alone. NaN with fewer than two readings.
 */
export function heapGrowthMbPerHour(readings: readonly HeapReading[]): number {
  const n = readings.length;
  if (n < 2) return Number.NaN;
  const meanX = readings.reduce((s, r) => s + r.atMin, 0) / n;
  const meanY = readings.reduce((s, r) => s + r.usedBytes, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const r of readings) {
    sxy += (r.atMin - meanX) * (r.usedBytes - meanY);
    sxx += (r.atMin - meanX) ** 2;
  }
  return sxx === 0 ? Number.NaN : ((sxy / sxx) * 60) / MB;
}

/** Minutes at which to read the heap: 0, every `everyMin`, and the end. */
export function heapCheckpointsMin(totalMin: number, everyMin: number): number[] {
  const points: number[] = [];
  for (let m = 0; m < totalMin - 1e-9; m += everyMin) points.push(m);
  points.push(totalMin);
  return points;
}

export interface UiBenchResult {
  options: UiBenchOptions;
  realtime: FrameStats;
  /** Heap at the start and end of the 1x stretch. */
  realtimeHeap: HeapReading[];
  accelerated: FrameStats;
  /** Sensor seconds per real second actually achieved (the pipeline may fall behind the asked speed). */
  achievedSpeed: number;
  heap: HeapReading[];
  /** Double-click on a 2-hour session in History to the frame after its review's charts are in the page. */
  reviewOpenMs: number;
  /** Hardware threads and the 1-minute load average before and after: frames and long tasks depend on them. */
  machine: { threads: number; loadAverage: [number, number] };
}

const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/** The section's markdown: the targets table, then the heap readings and how the run was made. */
export function formatUiReport(r: UiBenchResult): string {
  const growth = heapGrowthMbPerHour(r.heap);
  const realFps = fps(r.realtime);
  const accelerated = `${num(r.options.simulatedMin)} sensor min at ${num(r.achievedSpeed, 1)}x`;
  const rows: string[][] = [
    [
      `frames per second, ${r.options.realtimeS} s at 1x (worst second)`,
      `${num(realFps, 1)} (${num(r.realtime.worstSecondFps)})`,
      `>= ${UI_TARGETS.fps}`,
      verdict(realFps, UI_TARGETS.fps, true),
    ],
    [
      `long tasks, ${r.options.realtimeS} s at 1x: count, longest`,
      `${r.realtime.longTasks}, ${num(r.realtime.longestTaskMs)} ms`,
      `none > ${UI_TARGETS.longestTaskMs} ms`,
      verdict(r.realtime.longestTaskMs, UI_TARGETS.longestTaskMs, false),
    ],
    [
      `frames per second, ${accelerated} (worst second)`,
      `${num(fps(r.accelerated), 1)} (${num(r.accelerated.worstSecondFps)})`,
      `>= ${UI_TARGETS.fps}`,
      verdict(fps(r.accelerated), UI_TARGETS.fps, true),
    ],
    [
      `long tasks, ${accelerated}: count, longest`,
      `${r.accelerated.longTasks}, ${num(r.accelerated.longestTaskMs)} ms`,
      `none > ${UI_TARGETS.longestTaskMs} ms`,
      verdict(r.accelerated.longestTaskMs, UI_TARGETS.longestTaskMs, false),
    ],
    [
      `JS heap growth per hour of sensor time`,
      `${num(growth, 2)} MB`,
      `< ${UI_TARGETS.heapGrowthMbPerHour} MB`,
      verdict(growth, UI_TARGETS.heapGrowthMbPerHour, false),
    ],
    [
      'open the review of a 2-hour session at 200 Hz (click to charts drawn)',
      `${num(r.reviewOpenMs)} ms`,
      `< ${UI_TARGETS.reviewOpenMs} ms`,
      verdict(r.reviewOpenMs, UI_TARGETS.reviewOpenMs, false),
    ],
  ];
  const heapRows = r.heap.map((h) => [`${num(h.atMin)} min`, mb(h.usedBytes)]);
  const [rtStart, rtEnd] = r.realtimeHeap;
  const notes = [
    `The rack screen (built renderer, app:// handler, real IPC router, LiveSession, tempo engine and SQLite ` +
      `recording in Node) in headless Chromium, fed by the simulated lifter at ${UI_SAMPLE_RATE_HZ} Hz. ` +
      `Frames are counted with requestAnimationFrame in the page, long tasks with a 'longtask' ` +
      `PerformanceObserver, the heap is JSHeapUsedSize after a forced garbage collection. The fps ` +
      `target is judged on the mean; the worst ~1 s window is shown beside it.`,
    `Chromium and the Node side share the machine (${r.machine.threads} threads, 1-minute load average ` +
      `${num(r.machine.loadAverage[0], 1)} before, ${num(r.machine.loadAverage[1], 1)} after): on a loaded machine a long ` +
      `task can be the renderer waiting for a core rather than running the app's code.`,
    `The hour of sensor time runs at ${num(r.options.speed)}x asked (${num(r.achievedSpeed, 1)}x achieved): ` +
      `the page gets ${num(r.achievedSpeed, 0)} times the events and trace points per frame, so its fps and ` +
      `long tasks are a harsher test than the lifter's; heap growth that follows the data (reps, sets, ` +
      `dropouts) is measured per sensor hour, growth that follows wall time is ${num(r.achievedSpeed, 0)} ` +
      `times smaller there, which is what the 1x stretch is for` +
      (rtStart && rtEnd
        ? ` (heap ${mb(rtStart.usedBytes)} → ${mb(rtEnd.usedBytes)} over its ${r.options.realtimeS} s). ` +
          `A fresh page's heap grows for its first minutes and then levels off, as the readings above ` +
          `show; that start-up growth, extrapolated, is not a per-hour figure.`
        : '.'),
  ];
  notes.push(
    `The review: a 2-hour session at ${UI_SAMPLE_RATE_HZ} Hz stored in a temp database, opened from History ` +
      `with a double-click; timed in the page from the click to the frame after the set's and the session's ` +
      `charts are there (main's loading and the IPC included; the review section has main's side alone).`,
  );
  return [
    markdownTable(['metric', 'value', 'target', 'ok?'], rows),
    markdownTable(['sensor time', 'JS heap used'], heapRows),
    notes.join('\n\n'),
  ].join('\n\n');
}
