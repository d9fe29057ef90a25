import { describe, expect, it } from 'vitest';
import { BiasEstimator, type IntervalObservation } from '../../../src/shared/engine/bias';

/** Rest readings of gravity (1 g) seen in several orientations, plus a fixed bias. */
function restReading(angleDeg: number, bias: [number, number, number]): [number, number, number] {
  const a = (angleDeg * Math.PI) / 180;
  return [Math.sin(a) + bias[0], bias[1], Math.cos(a) + bias[2]];
}

/** What the projector measures over a rest-to-rest interval in which the bar rolls from a0 to a1 (b0 = 0). */
function rollInterval(a0Deg: number, a1Deg: number, bias: [number, number, number]): IntervalObservation {
  let m = 0;
  let ux = 0;
  let uy = 0;
  let uz = 0;
  const n = 200;
  for (let i = 0; i < n; i++) {
    const [x, y, z] = restReading(a0Deg + ((a1Deg - a0Deg) * (i + 0.5)) / n, bias);
    const len = Math.hypot(x, y, z);
    m += len / n;
    ux += x / len / n;
    uy += y / len / n;
    uz += z / len / n;
  }
  return { meanMagnitudeG: m, ux, uy, uz, b0x: 0, b0y: 0, b0z: 0 };
}

describe('BiasEstimator', () => {
  it('recovers the bias along the directions the rests span', () => {
    const bias: [number, number, number] = [0.012, -0.008, 0.015];
    const e = new BiasEstimator();
    for (const angle of [0, 40, 80, 120, -40]) e.observe(...restReading(angle, bias));
    expect(e.bx).toBeCloseTo(bias[0], 2);
    expect(e.bz).toBeCloseTo(bias[2], 2);
    // The y axis is never exercised (all rotations are about y): the prior keeps it near 0.
    expect(Math.abs(e.by)).toBeLessThan(0.005);
  });

  it('stays at zero with a single orientation (bias and gravity are indistinguishable)', () => {
    const e = new BiasEstimator();
    for (let i = 0; i < 5; i++) e.observe(...restReading(0, [0.02, 0.02, 0.02]));
    expect([e.bx, e.by, e.bz]).toEqual([0, 0, 0]);
  });

  it('believes a steady stretch in a new orientation only when it fits or is held', () => {
    const bias: [number, number, number] = [0.012, -0.008, 0.015];
    const e = new BiasEstimator();
    for (const angle of [0, 120]) e.observe(...restReading(angle, bias));
    const [bx, by, bz] = [e.bx, e.by, e.bz];
    // A bar accelerating steadily at 90 degrees reads 35 mg short of gravity for one stretch.
    const [x, y, z] = restReading(90, bias);
    const short = 0.965;
    expect(e.observe(x * short, y * short, z * short, false)).toBe(false);
    expect(Math.hypot(e.bx - bx, e.by - by, e.bz - bz)).toBeLessThan(1e-9);
    // Gravity itself in another new orientation fits the estimate so far, and is taken at once.
    expect(e.observe(...restReading(60, bias), false)).toBe(true);
    // 18 mg from the fit so far, but held (three stretches in that orientation): taken.
    const held = new BiasEstimator();
    held.observe(...restReading(0, bias));
    const top = restReading(60, bias);
    expect(held.observe(...top, false)).toBe(false);
    expect(held.observe(...top, false)).toBe(false);
    expect(held.observe(...top, false)).toBe(true);
    // Fitted now: two orientations move the estimate (along the direction they span).
    expect(Math.hypot(held.bx, held.by, held.bz)).toBeGreaterThan(0.002);
  });

  it('ignores readings that cannot be gravity', () => {
    const e = new BiasEstimator();
    e.observe(0, 0, 3);
    e.observe(0, 0, 0.1);
    expect([e.bx, e.by, e.bz]).toEqual([0, 0, 0]);
  });

  it('pins the bias with rest-to-rest intervals where two rest orientations leave it open', () => {
    // A curl: rests only at the bottom (0 deg) and the top (120 deg). Two points on the sphere leave the
    // bias free along the chord's bisector, so the fit lands where the prior puts it, not on the truth.
    const bias: [number, number, number] = [0.009, 0, -0.007];
    const restsOnly = new BiasEstimator();
    const withIntervals = new BiasEstimator();
    for (let rep = 0; rep < 4; rep++) {
      for (const e of [restsOnly, withIntervals]) {
        e.observe(...restReading(0, bias));
        e.observe(...restReading(120, bias));
      }
      withIntervals.observeInterval(rollInterval(0, 120, bias));
      withIntervals.observeInterval(rollInterval(120, 0, bias));
    }
    const error = (e: BiasEstimator): number => Math.hypot(e.bx - bias[0], e.bz - bias[2]);
    expect(error(restsOnly)).toBeGreaterThan(0.004);
    expect(error(withIntervals)).toBeLessThan(0.001);
  });

  it('merges rests a few degrees apart without pulling them inside the sphere', () => {
    // The bar sways at the bottom, so rests there spread over 8 degrees: averaging those readings would
    // shorten their mean by 2.4 mg where the other rests are not shortened, which the fit would read as
    // bias. Averaged by direction and radius they stay on the sphere.
    const bias: [number, number, number] = [0.01, 0, 0.01];
    const e = new BiasEstimator();
    for (let i = 0; i < 10; i++) {
      e.observe(...restReading(-4, bias));
      e.observe(...restReading(4, bias));
      e.observe(...restReading(60, bias));
      e.observe(...restReading(120, bias));
    }
    expect(Math.hypot(e.bx - bias[0], e.bz - bias[2])).toBeLessThan(0.0005);
  });
});
