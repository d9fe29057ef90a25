import { describe, expect, it } from 'vitest';
import { BiasEstimator } from '../../../src/shared/engine/bias';

/** Rest readings of gravity (1 g) seen in several orientations, plus a fixed bias. */
function restReading(angleDeg: number, bias: [number, number, number]): [number, number, number] {
  const a = (angleDeg * Math.PI) / 180;
  return [Math.sin(a) + bias[0], bias[1], Math.cos(a) + bias[2]];
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

  it('ignores readings that cannot be gravity', () => {
    const e = new BiasEstimator();
    e.observe(0, 0, 3);
    e.observe(0, 0, 0.1);
    expect([e.bx, e.by, e.bz]).toEqual([0, 0, 0]);
  });
});
