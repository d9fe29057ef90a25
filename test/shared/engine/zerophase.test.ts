import { describe, expect, it } from 'vitest';
import { bandPassZeroPhase, highPassZeroPhase } from '../../../src/shared/engine/zerophase';

const RATE_HZ = 20;
const sampled = (n: number, f: (tS: number) => number): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => f(i / RATE_HZ));

/** Index of the largest value in [from, to). */
function argmax(x: Float64Array, from: number, to: number): number {
  let best = from;
  for (let i = from; i < to; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

describe('zero-phase filters', () => {
  it('take a constant and a slow drift out, and leave the band in place', () => {
    const n = 60 * RATE_HZ;
    const wave = (tS: number): number => Math.sin(2 * Math.PI * 0.3 * tS);
    const y = bandPassZeroPhase(
      sampled(n, (tS) => 9.81 + 0.02 * tS + wave(tS)),
      RATE_HZ,
      0.1,
      2.5,
    );
    // Away from the ends: the 0.3 Hz wave passes with its peaks where they were (run one way only, the
    // sections would move them 0.14 s) and nearly its amplitude; the constant and drift are gone.
    const mid = y.subarray(20 * RATE_HZ, 40 * RATE_HZ);
    const mean = mid.reduce((a, b) => a + b, 0) / mid.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    const peak = argmax(y, 20 * RATE_HZ, 23 * RATE_HZ);
    expect(Math.abs(peak / RATE_HZ - (20 + 2.5 / 3))).toBeLessThanOrEqual(1 / RATE_HZ);
    expect(y[peak]!).toBeGreaterThan(0.95);
    expect(y[peak]!).toBeLessThan(1.01);
  });

  it('stops what is faster than the band', () => {
    const y = bandPassZeroPhase(
      sampled(40 * RATE_HZ, (tS) => Math.sin(2 * Math.PI * 8 * tS)),
      RATE_HZ,
      0.1,
      2.5,
    );
    const mid = y.subarray(10 * RATE_HZ, 30 * RATE_HZ);
    expect(Math.max(...mid.map(Math.abs))).toBeLessThan(0.02);
  });

  it('start from the first value without ringing, and take short or empty input', () => {
    // A step held from the start: a filter started from zero would ring for seconds.
    const y = highPassZeroPhase(
      sampled(30 * RATE_HZ, () => 5),
      RATE_HZ,
      0.1,
    );
    expect(Math.max(...y.map(Math.abs))).toBeLessThan(1e-9);
    expect(highPassZeroPhase(new Float64Array(0), RATE_HZ, 0.1)).toHaveLength(0);
    expect(Array.from(highPassZeroPhase(Float64Array.of(3), RATE_HZ, 0.1))).toEqual([0]);
  });
});
