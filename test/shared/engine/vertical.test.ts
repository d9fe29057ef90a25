import { describe, expect, it } from 'vitest';
import { VerticalProjector, STANDARD_GRAVITY_MPS2 } from '../../../src/shared/engine/vertical';
import type { CleanSample } from '../../../src/shared/engine/clean';
import { createRng } from '../../../src/shared/sim';

const BIAS_G: [number, number, number] = [0.012, -0.004, 0.015];
const RATE_HZ = 100;

/** A bar at rest (no acceleration) rolled by `angleDeg` about the sensor's y axis, with bias and noise. */
function reading(t: number, angleDeg: number, noise: () => number): CleanSample {
  const a = (angleDeg * Math.PI) / 180;
  return {
    t,
    ax: Math.sin(a) + BIAS_G[0] + noise(),
    ay: BIAS_G[1] + noise(),
    az: Math.cos(a) + BIAS_G[2] + noise(),
    gx: NaN,
    gy: NaN,
    gz: NaN,
  };
}

describe('VerticalProjector', () => {
  it('learns the bias from a steady stretch in a new orientation that the tracker never called a rest', () => {
    // A curl: the bar rests at the bottom, rolls 120 degrees on the way up, and is held at the top. The
    // top is never confirmed as a rest, yet it reads gravity alone; with the bias unknown it would read
    // a constant acceleration of b . (u_top - u_bottom), here -0.12 m/s^2.
    const rng = createRng(3);
    const noise = (): number => rng.normal(0, 0.01);
    const projector = new VerticalProjector();
    let t = 0;
    const step = (angleDeg: number, calibrate: boolean): number => {
      const s = reading(t, angleDeg, noise);
      t += 1 / RATE_HZ;
      const accel = projector.verticalAccelMps2(s);
      if (calibrate) projector.calibrate(s, 0.02);
      return accel;
    };
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
});
