import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../src/bench/index';
import {
  addFrameStats,
  DEFAULT_UI_OPTIONS,
  formatUiReport,
  fps,
  heapCheckpointsMin,
  heapGrowthMbPerHour,
  NO_FRAMES,
  type FrameStats,
  type UiBenchResult,
} from '../../src/bench/ui-report';

const MB = 1024 * 1024;

const frames = (over: Partial<FrameStats> = {}): FrameStats => ({
  frames: 600,
  elapsedMs: 10_000,
  worstSecondFps: 58,
  longTasks: 0,
  longestTaskMs: 0,
  ...over,
});

const result = (over: Partial<UiBenchResult> = {}): UiBenchResult => ({
  options: DEFAULT_UI_OPTIONS,
  realtime: frames(),
  realtimeHeap: [
    { atMin: 0, usedBytes: 3 * MB },
    { atMin: 1, usedBytes: 3 * MB },
  ],
  accelerated: frames(),
  achievedSpeed: 14.6,
  heap: [0, 15, 30, 45, 60].map((atMin) => ({ atMin, usedBytes: 3 * MB + (atMin / 60) * 2 * MB })),
  reviewOpenMs: 420,
  machine: { threads: 2, loadAverage: [1.5, 2.25] },
  ...over,
});

/** The value and verdict cells of the row whose metric starts with `metric`. */
function row(report: string, metric: string): [string, string] {
  const line = report.split('\n').find((l) => l.startsWith(`| ${metric}`));
  if (!line) throw new Error(`no row ${metric} in\n${report}`);
  const cells = line.split(' | ');
  return [cells[1]!, cells[3]!.replace(' |', '')];
}

describe('UI bench arguments', () => {
  it('defaults to an hour at 15x and a 60 s stretch at 1x, and takes the ui flags', () => {
    expect(parseBenchArgs(['--only', 'ui']).ui).toEqual(DEFAULT_UI_OPTIONS);
    expect(DEFAULT_UI_OPTIONS).toMatchObject({
      speed: 15,
      realtimeS: 60,
      simulatedMin: 60,
      heapEveryMin: 15,
    });
    const args = parseBenchArgs([
      '--only',
      'ui',
      '--ui-speed',
      '20',
      '--ui-realtime-s',
      '30',
      '--ui-minutes',
      '10',
    ]);
    expect(args.only).toBe('ui');
    expect(args.ui).toEqual({ ...DEFAULT_UI_OPTIONS, speed: 20, realtimeS: 30, simulatedMin: 10 });
    // Parsing one run's flags leaves the defaults alone.
    expect(DEFAULT_UI_OPTIONS.speed).toBe(15);
  });

  it('refuses a bad ui figure with one line naming the flag', () => {
    expect(() => parseBenchArgs(['--ui-speed', '0'])).toThrow('--ui-speed needs a positive whole number');
    expect(() => parseBenchArgs(['--ui-minutes'])).toThrow('--ui-minutes needs a positive whole number');
    expect(() => parseBenchArgs(['--ui-realtime-s', '1.5'])).toThrow(/--ui-realtime-s/);
  });
});

describe('UI bench figures', () => {
  it('reads the heap at the start, every 15 sensor minutes and the end', () => {
    expect(heapCheckpointsMin(60, 15)).toEqual([0, 15, 30, 45, 60]);
    expect(heapCheckpointsMin(4, 15)).toEqual([0, 4]);
    expect(heapCheckpointsMin(40, 15)).toEqual([0, 15, 30, 40]);
  });

  it('gives heap growth per hour as the least-squares slope of the readings', () => {
    const straight = [0, 15, 30, 45, 60].map((atMin) => ({ atMin, usedBytes: 5 * MB + atMin * 0.5 * MB }));
    expect(heapGrowthMbPerHour(straight)).toBeCloseTo(30, 9); // 0.5 MB a minute
    // One high first reading (a cache filling) moves the slope less than the end-to-end difference.
    const warm = [
      { atMin: 0, usedBytes: 4 * MB },
      { atMin: 15, usedBytes: 6 * MB },
      { atMin: 30, usedBytes: 6 * MB },
      { atMin: 45, usedBytes: 6 * MB },
      { atMin: 60, usedBytes: 6 * MB },
    ];
    expect(heapGrowthMbPerHour(warm)).toBeCloseTo(1.6, 9);
    expect(heapGrowthMbPerHour([{ atMin: 0, usedBytes: MB }])).toBeNaN();
  });

  it('adds frame counts across stretches, keeping the worst second and the longest task', () => {
    const sum = addFrameStats(
      addFrameStats(NO_FRAMES, frames({ worstSecondFps: 57, longTasks: 1, longestTaskMs: 52 })),
      frames({ worstSecondFps: 59, longTasks: 2, longestTaskMs: 61 }),
    );
    expect(sum).toEqual({
      frames: 1200,
      elapsedMs: 20_000,
      worstSecondFps: 57,
      longTasks: 3,
      longestTaskMs: 61,
    });
    expect(fps(sum)).toBe(60);
    expect(fps(NO_FRAMES)).toBeNaN();
  });

  it('prints ok when every target is met', () => {
    const report = formatUiReport(result());
    expect(report.split('\n')[0]).toBe('| metric | value | target | ok? |');
    expect(row(report, 'frames per second, 60 s at 1x')).toEqual(['60.0 (58)', 'ok']);
    expect(row(report, 'long tasks, 60 s at 1x')).toEqual(['0, 0 ms', 'ok']);
    expect(row(report, 'frames per second, 60 sensor min at 14.6x')).toEqual(['60.0 (58)', 'ok']);
    expect(row(report, 'JS heap growth per hour')).toEqual(['2.00 MB', 'ok']);
    expect(row(report, 'open the review')).toEqual(['420 ms', 'ok']);
    expect(report).toContain('| 45 min | 4.5 MB |');
    expect(report).toContain('(2 threads, 1-minute load average 1.5 before, 2.3 after)');
  });

  it('prints MISS for a low frame rate, a long task, a creeping heap and a slow review', () => {
    const report = formatUiReport(
      result({
        realtime: frames({ frames: 500, worstSecondFps: 41, longTasks: 2, longestTaskMs: 73.4 }),
        heap: [
          { atMin: 0, usedBytes: 3 * MB },
          { atMin: 60, usedBytes: 45 * MB },
        ],
        reviewOpenMs: 1450,
      }),
    );
    expect(row(report, 'frames per second, 60 s at 1x')).toEqual(['50.0 (41)', 'MISS']);
    // The target is on the mean; a bad second is shown, not judged (long tasks catch the stalls).
    expect(row(report, 'frames per second, 60 sensor min at 14.6x')).toEqual(['60.0 (58)', 'ok']);
    expect(row(report, 'long tasks, 60 s at 1x')).toEqual(['2, 73 ms', 'MISS']);
    expect(row(report, 'JS heap growth per hour')).toEqual(['42.00 MB', 'MISS']);
    expect(row(report, 'open the review')).toEqual(['1450 ms', 'MISS']);
  });
});
