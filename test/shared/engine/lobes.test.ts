import { describe, expect, it } from 'vitest';
import { strokeLobes } from '../../../src/shared/engine/lobes';
import { createRng } from '../../../src/shared/sim';

const STEP_S = 0.05;

/** A stroke of `distanceM` (up +, down -) in `durationS`, velocity (1 - cos): smooth at both ends. */
interface Stroke {
  startS: number;
  durationS: number;
  distanceM: number;
}

/** Vertical acceleration (m/s^2, gravity included) of the strokes, sampled every STEP_S, with noise. */
function acceleration(strokes: Stroke[], totalS: number, noiseMps2 = 0.05, seed = 1): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: Math.round(totalS / STEP_S) }, (_, i) => {
    const tS = i * STEP_S;
    let a = 9.81 + rng.normal(0, noiseMps2);
    for (const s of strokes) {
      const u = (tS - s.startS) / s.durationS;
      if (u < 0 || u > 1) continue;
      a += ((2 * Math.PI * s.distanceM) / s.durationS ** 2) * Math.sin(2 * Math.PI * u);
    }
    return a;
  });
}

/** A squat set: each rep lowers 0.5 m in 2 s, pauses 0.5 s, lifts in 1 s and pauses 1.5 s at the top. */
function squatSet(reps: number, fromS: number): { lowerings: Stroke[]; lifts: Stroke[] } {
  const lowerings: Stroke[] = [];
  const lifts: Stroke[] = [];
  for (let i = 0; i < reps; i++) {
    const t = fromS + 5 * i;
    lowerings.push({ startS: t, durationS: 2, distanceM: -0.5 });
    lifts.push({ startS: t + 2.5, durationS: 1, distanceM: 0.5 });
  }
  return { lowerings, lifts };
}

const accepted = (strokes: ReturnType<typeof strokeLobes>, direction: 1 | -1) =>
  strokes.filter((s) => s.accepted && s.direction === direction);

describe('strokeLobes', () => {
  it('finds every lift and lowering of a set, its edges where the bar turned', () => {
    const { lowerings, lifts } = squatSet(8, 10);
    const strokes = strokeLobes(acceleration([...lowerings, ...lifts], 60), 0, STEP_S, 60);
    const up = accepted(strokes, 1);
    expect(up).toHaveLength(8);
    expect(accepted(strokes, -1)).toHaveLength(8);
    up.forEach((s, i) => {
      const truth = lifts[i]!;
      // Zero-phase: no lead (a causal band-pass ends its lift 0.3 s early).
      expect(Math.abs(s.strokeFromS - truth.startS)).toBeLessThan(0.1);
      expect(Math.abs(s.strokeToS - (truth.startS + truth.durationS))).toBeLessThan(0.15);
      expect(s.committedAtS).toBe(60);
    });
  });

  it('does not take picking the bar up slowly, or sway, for a lift', () => {
    const { lowerings, lifts } = squatSet(6, 15);
    const pickUp: Stroke = { startS: 5, durationS: 4, distanceM: 0.5 };
    const sway: Stroke[] = [0, 1, 2].map((i) => ({ startS: 48 + 3 * i, durationS: 1.5, distanceM: 0.03 }));
    const strokes = strokeLobes(acceleration([pickUp, ...sway, ...lowerings, ...lifts], 70), 0, STEP_S, 70);
    const up = accepted(strokes, 1);
    expect(up).toHaveLength(6);
    expect(up[0]!.strokeFromS).toBeGreaterThan(15);
    // The pick-up's stroke was seen, and judged too slow (a third of the set's speed).
    expect(strokes.some((s) => !s.accepted && s.direction > 0 && s.activeFromS < 9)).toBe(true);
  });

  it("does not move with the sensor's gain or offset", () => {
    const { lowerings, lifts } = squatSet(5, 10);
    const a = acceleration([...lowerings, ...lifts], 45);
    const edges = (x: Float64Array) =>
      accepted(strokeLobes(x, 0, STEP_S, 45), 1).map((s) => Math.round(s.strokeFromS / STEP_S));
    const plain = edges(a);
    expect(plain).toHaveLength(5);
    expect(edges(a.map((v) => 1.02 * v))).toEqual(plain);
    expect(edges(a.map((v) => v + 0.2))).toEqual(plain);
  });

  it('takes short or still stretches without finding anything', () => {
    expect(strokeLobes(new Float64Array(0), 0, STEP_S, 0)).toEqual([]);
    const still = strokeLobes(acceleration([], 20), 0, STEP_S, 20);
    expect(accepted(still, 1)).toHaveLength(0);
  });
});
