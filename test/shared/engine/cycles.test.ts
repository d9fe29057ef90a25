import { describe, expect, it } from 'vitest';
import { CycleDetector, type Swing } from '../../../src/shared/engine/cycles';
import { createRng } from '../../../src/shared/sim';

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
  for (let i = 0; i < t.length; i++) {
    const s = d.push(t[i]!, a[i]!);
    if (s) out.push(s);
  }
  const last = d.flush(t[t.length - 1]!);
  if (last) out.push(last);
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
