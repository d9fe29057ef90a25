import { describe, expect, it } from 'vitest';
import { Rng, deriveSeed } from '../../../src/shared/sim/random';

describe('Rng', () => {
  it('is a pure function of its seed', () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const c = new Rng(124);
    const seqA = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(seqA);
  });

  it('has the right moments: uniform, normal, int, chance', () => {
    const rng = new Rng(7);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let hits = 0;
    const counts = [0, 0, 0, 0];
    let minU = 1;
    let maxU = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal(2, 3);
      sum += x;
      sumSq += x * x;
      const u = rng.uniform(-1, 1);
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      const k = rng.int(0, 3);
      counts[k] = (counts[k] as number) + 1;
      if (rng.chance(0.2)) hits++;
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(2, 1);
    expect(Math.sqrt(sumSq / n - mean * mean)).toBeCloseTo(3, 1);
    expect(minU).toBeGreaterThanOrEqual(-1);
    expect(maxU).toBeLessThan(1);
    for (const c of counts) expect(c / n).toBeCloseTo(0.25, 2);
    expect(hits / n).toBeCloseTo(0.2, 2);
  });

  it('clippedNormal stays within its limit', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.clippedNormal(1, 0.1, 2.5);
      expect(x).toBeGreaterThanOrEqual(0.75 - 1e-12);
      expect(x).toBeLessThanOrEqual(1.25 + 1e-12);
    }
  });

  it('derived seeds give independent streams', () => {
    expect(deriveSeed(1, 1)).not.toBe(deriveSeed(1, 2));
    expect(deriveSeed(1, 1)).not.toBe(deriveSeed(2, 1));
    expect(deriveSeed(5, 3)).toBe(deriveSeed(5, 3));
  });
});
