import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReplaySource } from '../../../src/main/sensors/replay-source';
import { selectSource } from '../../../src/main/sensors/select-source';
import type { SampleSource } from '../../../src/main/session/source';
import type { Timers } from '../../../src/main/session/timers';
import type { Sample } from '../../../src/shared/engine/types';
import type { SensorStatus } from '../../../src/shared/ipc/contract';

/** The replay reads its file through the same checked reader as `analyze` (src/shared/io/read-samples.ts). */

const timers: Timers = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h),
};

/** n rows at 100 Hz from t = 10 s, a tiny wobble so no row repeats the one before. */
function rows(n: number, t0 = 10): string[] {
  return Array.from({ length: n }, (_, i) => `${(t0 + i / 100).toFixed(2)},0,0,${i % 2 ? 1 : 1.001}`);
}

const simulated = (message: string | null): SampleSource => ({
  kind: 'simulated',
  start: () => {},
  stop: () => {},
  status: (): SensorStatus => ({ source: 'simulated', connected: true, message }),
});

async function replayBanner(text: string): Promise<string | null> {
  const selected = await selectSource('replay:/rec/bad.csv', {
    loadCentral: () => Promise.reject(new Error('not used')),
    createSimulated: simulated,
    readTextFile: () => text,
  });
  return selected.source.status().message;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ReplaySource reads through the checked reader', () => {
  it('replays a file whose time runs backwards in time order, looped, and says it sorted it', async () => {
    // Rows within the engine's 60 ms jitter allowance of the latest are not counted (the first 6).
    // Before: the loop's lap offset went negative and the main process filled its memory with one chunk.
    const text = ['t,ax,ay,az', ...rows(200).reverse()].join('\n');
    const source = ReplaySource.fromCsv(text, 'reversed.csv', { timers, speed: 4, loop: true });
    expect(source.status().message).toBe('Replaying reversed.csv (193 rows were out of time order; sorted)');
    const got: Sample[] = [];
    source.start((c) => got.push(...c));
    await vi.advanceTimersByTimeAsync(1000);
    source.stop();
    expect(got.length).toBeGreaterThan(300);
    expect(got.length).toBeLessThan(500);
    for (let i = 1; i < got.length; i++) expect(got[i]!.t).toBeGreaterThan(got[i - 1]!.t);
  });

  it('refuses a file whose clock resets mid-file, naming the line, and keeps the simulator', async () => {
    const text = ['t,ax,ay,az', ...rows(200), ...rows(200)].join('\n');
    expect(await replayBanner(text)).toMatch(
      /^Cannot replay \/rec\/bad\.csv \(Line 202: time goes back from 11\.99 s to 10 s.*split the file at line 202.*\): using the simulated sensor$/,
    );
  });

  it('refuses a row at t = 1e308 instead of stalling on it while the banner says "Replaying"', async () => {
    const text = ['t,ax,ay,az', ...rows(100), '1e308,0,0,1'].join('\n');
    const banner = await replayBanner(text);
    expect(banner).toMatch(/^Cannot replay .*Line 102, column 1 \(t\): 1e\+308 s is not a sample time/);
    expect(banner!.length).toBeLessThan(300);
  });

  it('refuses a row a century after the others (it would stall the replay for good)', async () => {
    const text = ['t,ax,ay,az', ...rows(100), '3e9,0,0,1'].join('\n');
    expect(await replayBanner(text)).toMatch(/Line 102: time jumps 9\d\.\d years forward/);
  });

  it('guards samples handed over directly: out of order or not finite is an error, not a hang', () => {
    const ok = { ax: 0, ay: 0, az: 1 };
    expect(
      () =>
        new ReplaySource({
          label: 'x',
          samples: [
            { t: 5, ...ok },
            { t: 1, ...ok },
          ],
          timers,
        }),
    ).toThrow(/sample times must be finite and in order/);
    expect(
      () =>
        new ReplaySource({
          label: 'x',
          samples: [
            { t: 0, ...ok },
            { t: Infinity, ...ok },
          ],
          timers,
        }),
    ).toThrow(/finite/);
  });
});
