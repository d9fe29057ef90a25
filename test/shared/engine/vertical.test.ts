import { describe, expect, it } from 'vitest';
import { VerticalProjector, STANDARD_GRAVITY_MPS2 } from '../../../src/shared/engine/vertical';
import type { CleanSample } from '../../../src/shared/engine/clean';
import { createRng } from '../../../src/shared/sim';

const BIAS_G: [number, number, number] = [0.012, -0.004, 0.015];
const RATE_HZ = 100;

/** A bar at rest (no acceleration) rolled by `angleDeg` about the sensor's y axis, with bias and noise. */
function reading(
  t: number,
  angleDeg: number,
  noise: () => number,
  bias: readonly number[] = BIAS_G,
): CleanSample {
  const a = (angleDeg * Math.PI) / 180;
  return {
    t,
    ax: Math.sin(a) + bias[0]! + noise(),
    ay: bias[1]! + noise(),
    az: Math.cos(a) + bias[2]! + noise(),
    gx: NaN,
    gy: NaN,
    gz: NaN,
  };
}

/** A projector fed a bar rolled to `angleDeg` each step; `calibrate` marks samples the tracker calls rest. */
function rollingBar(
  seed: number,
  bias: readonly number[] = BIAS_G,
): {
  projector: VerticalProjector;
  step: (angleDeg: number, calibrate: boolean) => number;
} {
  const rng = createRng(seed);
  const noise = (): number => rng.normal(0, 0.01);
  const projector = new VerticalProjector();
  let t = 0;
  const step = (angleDeg: number, calibrate: boolean): number => {
    const s = reading(t, angleDeg, noise, bias);
    t += 1 / RATE_HZ;
    const accel = projector.verticalAccelMps2(s);
    if (calibrate) projector.calibrate(s, 0.02);
    return accel;
  };
  return { projector, step };
}

describe('VerticalProjector', () => {
  it('does not take a first reading taken mid-lift for gravity (a stream that starts mid-set)', () => {
    const projector = new VerticalProjector();
    const still = (t: number): CleanSample => ({ t, ax: 0, ay: 0.6, az: 0.8, gx: NaN, gy: NaN, gz: NaN });
    // The first sample catches the bar accelerating upwards at 0.3 g, the next ones holding still.
    projector.verticalAccelMps2({ ...still(0), ay: 0.78, az: 1.04 });
    for (let i = 1; i <= 10; i++) {
      expect(Math.abs(projector.verticalAccelMps2(still(i / RATE_HZ)))).toBeLessThan(0.01);
    }
    // A first reading within a few per cent of 1 g is the sensor's own scale at rest: kept.
    const scaled = new VerticalProjector();
    scaled.verticalAccelMps2({ ...still(0), ay: 0.612, az: 0.816 });
    expect(Math.abs(scaled.verticalAccelMps2({ ...still(0.01), ay: 0.612, az: 0.816 }))).toBeLessThan(1e-9);
  });

  it('learns the bias from a steady stretch in a new orientation that the tracker never called a rest', () => {
    // A curl: the bar rests at the bottom, rolls 120 degrees on the way up, and is held at the top. The
    // top is never confirmed as a rest, yet it reads gravity alone; with the bias unknown it would read
    // a constant acceleration of b . (u_top - u_bottom), here -0.12 m/s^2.
    const { step } = rollingBar(3);
    for (let i = 0; i < 3 * RATE_HZ; i++) step(0, true);
    for (let i = 0; i < RATE_HZ; i++) step((120 * i) / RATE_HZ, false);
    const top: number[] = [];
    for (let i = 0; i < 2 * RATE_HZ; i++) top.push(step(120, false));
    const late = top.slice(-RATE_HZ / 2);
    const meanMps2 = late.reduce((sum, a) => sum + a, 0) / late.length;
    const expectedWithoutBias =
      (BIAS_G[0] * Math.sin((2 * Math.PI) / 3) + BIAS_G[2] * (Math.cos((2 * Math.PI) / 3) - 1)) *
      STANDARD_GRAVITY_MPS2;
    expect(expectedWithoutBias).toBeLessThan(-0.1);
    expect(Math.abs(meanMps2)).toBeLessThan(0.03);
  });

  it('pins the bias through a lowering in which the bar rolls, from rests at the top and bottom only', () => {
    // Two rest orientations leave the bias free along their bisector; mid-roll that error reads as a
    // constant acceleration through the whole lowering. Each rest-to-rest interval says the mean
    // |f - b| over it is gravity, which fixes it.
    const { projector, step } = rollingBar(5);
    const midRoll: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      for (let i = 0; i < 2 * RATE_HZ; i++) step(0, true);
      for (let i = 0; i < RATE_HZ; i++) step((120 * i) / RATE_HZ, false);
      for (let i = 0; i < 2 * RATE_HZ; i++) step(120, false);
      for (let i = 0; i < 3 * RATE_HZ; i++) {
        const accel = step(120 - (120 * i) / (3 * RATE_HZ), false);
        if (rep === 4 && i > RATE_HZ && i < 2 * RATE_HZ) midRoll.push(accel);
      }
    }
    const [bx, , bz] = projector.biasG;
    expect(Math.hypot(bx - BIAS_G[0], bz - BIAS_G[2])).toBeLessThan(0.002);
    const meanMps2 = midRoll.reduce((sum, a) => sum + a, 0) / midRoll.length;
    expect(Math.abs(meanMps2)).toBeLessThan(0.015);
  });

  it('learns from a set however long, with no rest at the top (slow touch-and-go curls), for the next set', () => {
    // Sets of 8 curls of 9 s, rolling 0 -> 120 -> 0 degrees with no steady moment: 72 s from rest to
    // rest. The rests alone leave the bias free where it reads as acceleration mid-roll: the velocity
    // the projector's reading gains over a curl's 8 s lowering, in the first set and the second.
    const { step } = rollingBar(7, [0.015, 0, -0.01]);
    const loweringVelocityMps: number[] = [];
    for (let i = 0; i < 5 * RATE_HZ; i++) step(0, true);
    for (let set = 0; set < 2; set++) {
      let gainedMps = 0;
      for (let rep = 0; rep < 8; rep++) {
        for (let i = 0; i < RATE_HZ; i++) step((120 * i) / RATE_HZ, false);
        gainedMps = 0;
        for (let i = 0; i < 8 * RATE_HZ; i++) {
          gainedMps += step(120 - (120 * i) / (8 * RATE_HZ), false) / RATE_HZ;
        }
      }
      loweringVelocityMps.push(gainedMps);
      for (let i = 0; i < 20 * RATE_HZ; i++) step(0, true);
    }
    expect(Math.abs(loweringVelocityMps[0]!)).toBeGreaterThan(1);
    expect(Math.abs(loweringVelocityMps[1]!)).toBeLessThan(0.1);
  });

  it('does not take a calibrated stretch in which the reading rolled for a rest reading of gravity', () => {
    // A slow phase taken for a rest: its mean reading lies inside the sphere and would drag the fit.
    const { projector, step } = rollingBar(7);
    for (let i = 0; i < 2 * RATE_HZ; i++) step(0, true);
    for (let i = 0; i < 0.5 * RATE_HZ; i++) step((40 * i) / (0.5 * RATE_HZ), false);
    for (let i = 0; i < RATE_HZ; i++) step(40 + (30 * i) / RATE_HZ, true);
    // Long enough for that "rest" to be closed, too short for a steady stretch at the new angle.
    for (let i = 0; i < 0.3 * RATE_HZ; i++) step(70, false);
    // Only one orientation was really seen at rest: nothing to tell bias from gravity.
    expect(projector.biasG).toEqual([0, 0, 0]);
  });
});
