import { describe, expect, it } from 'vitest';
import { CycleDetector, type Swing } from '../../../src/shared/engine/cycles';
import { createRng } from '../../../src/shared/sim';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TempoEngine } from '../../../src/shared/engine/engine';
import { REALBAR_CSV_OPTIONS, parseSamplesCsv } from '../../../src/shared/io/csv';

/** Read from ../shared (not redistributable, so never copied into the repo); skipped without it. */
const BICEP_JAKE_1 = resolve(process.cwd(), '../shared/data/realbar/bicep_curl/bicep_jake_set1_reps10_1.csv');

/**
 * Vertical acceleration of a bar moved through `reps` cycles with no rest anywhere: lowered over
 * `downS`, lifted over `upS` (each a smooth cosine bump of velocity), `romM` deep, plus white noise and
 * a slow sway, sampled at `hz`. Returns the accelerations and the true top times.
 */
function continuousSet(opts: {
  reps: number;
  downS: number;
  upS: number;
  romM: number;
  hz: number;
  noise: number;
}) {
  const rng = createRng(7);
  const t: number[] = [];
  const a: number[] = [];
  const lead = 2;
  const cycle = opts.downS + opts.upS;
  const total = lead + opts.reps * cycle + 3;
  const accelOf = (time: number): number => {
    const u = time - lead;
    if (u < 0 || u >= opts.reps * cycle) return 0;
    const w = u % cycle;
    // Velocity of a stroke of length d over duration T: (d/T)(1 - cos(2 pi s / T)); its derivative.
    const [d, T, s] = w < opts.downS ? [-opts.romM, opts.downS, w] : [opts.romM, opts.upS, w - opts.downS];
    return ((d / T) * 2 * Math.PI * Math.sin((2 * Math.PI * s) / T)) / T;
  };
  for (let k = 0; k * (1 / opts.hz) < total; k++) {
    const time = k / opts.hz;
    t.push(time);
    a.push(accelOf(time) + opts.noise * rng.normal() + 0.15 * Math.sin(2 * Math.PI * 0.7 * time));
  }
  return { t, a };
}

function run(d: CycleDetector, t: number[], a: number[]): Swing[] {
  const out: Swing[] = [];
  const take = (s: Swing | null): void => {
    if (s) out.push(s);
  };
  for (let i = 0; i < t.length; i++) {
    take(d.push(t[i]!, a[i]!));
    take(d.takeRecovered());
  }
  take(d.flush(t[t.length - 1]!));
  take(d.takeRecovered());
  return out;
}

const rises = (swings: Swing[]) => swings.filter((s) => s.accepted && s.direction > 0);

describe('CycleDetector', () => {
  it('counts one rise per lift in a set with no rest anywhere (real lifters never stand still)', () => {
    for (const [downS, upS] of [
      [2, 1],
      [3, 0.8],
      [1.2, 1.2],
    ] as const) {
      const { t, a } = continuousSet({ reps: 8, downS, upS, romM: 0.5, hz: 100, noise: 0.2 });
      expect(rises(run(new CycleDetector(), t, a))).toHaveLength(8);
    }
  });

  it('places each rise where the bar went up (turning points lead the real ones a little)', () => {
    const { t, a } = continuousSet({ reps: 5, downS: 2, upS: 1, romM: 0.5, hz: 100, noise: 0.1 });
    const found = rises(run(new CycleDetector(), t, a));
    expect(found).toHaveLength(5);
    found.forEach((r, k) => {
      const trueTopS = 2 + (k + 1) * 3;
      expect(r.toS).toBeGreaterThan(trueTopS - 0.6);
      expect(r.toS).toBeLessThan(trueTopS + 0.2);
    });
  });

  it.skipIf(!existsSync(BICEP_JAKE_1))(
    `accepts a small rise between two accepted lowerings: the bar went up in between (needs ${BICEP_JAKE_1})`,
    () => {
      // A real curl set with 8 BLE gaps: two of its lifts read under 0.45x the median rise (0.25 of
      // 0.63 m band-passed), each between two full lowerings.
      const samples = parseSamplesCsv(readFileSync(BICEP_JAKE_1, 'utf8'), REALBAR_CSV_OPTIONS);
      const engine = new TempoEngine();
      engine.process(samples);
      engine.finish();
      expect(engine.cycleRises).toBe(10);
      expect(engine.sets.reduce((n, set) => n + set.reps.length, 0)).toBe(10);
    },
  );

  it('finds nothing in sway and sensor noise alone', () => {
    const { t, a } = continuousSet({ reps: 0, downS: 2, upS: 1, romM: 0.5, hz: 100, noise: 0.2 });
    expect(rises(run(new CycleDetector(), t, a))).toHaveLength(0);
  });

  it('carries on across a gap in the stream instead of inventing a swing there', () => {
    const { t, a } = continuousSet({ reps: 6, downS: 2, upS: 1, romM: 0.5, hz: 100, noise: 0.1 });
    // Drop 0.4 s in the middle of the third lowering.
    const keep = t.map((time) => !(time > 8.5 && time < 8.9));
    const found = rises(
      run(
        new CycleDetector(),
        t.filter((_, i) => keep[i]),
        a.filter((_, i) => keep[i]),
      ),
    );
    expect(found).toHaveLength(6);
  });

  it('reset() forgets everything: the same input gives the same swings', () => {
    const { t, a } = continuousSet({ reps: 4, downS: 2, upS: 1, romM: 0.4, hz: 50, noise: 0.1 });
    const d = new CycleDetector();
    const first = run(d, t, a);
    d.reset();
    expect(run(d, t, a)).toEqual(first);
  });
});
