import { describe, expect, it } from 'vitest';
import { StreamCleaner } from '../../../src/shared/engine/clean';
import type { Sample } from '../../../src/shared/engine/types';

const at = (t: number, az = 1): Sample => ({ t, ax: 0, ay: 0, az });

describe('StreamCleaner', () => {
  it('drops exact repeats of the previous reading whatever their timestamp', () => {
    const c = new StreamCleaner();
    const out = c.process([at(0, 1), at(0.01, 1.01), at(0.02, 1.01), at(0.02, 1.01), at(0.03, 1.02)]);
    expect(out.map((s) => s.az)).toEqual([1, 1.01, 1.02]);
    expect(c.stats.duplicates).toBe(2);
  });

  it('drops garbage: non-finite values, absurd accelerations, a zero vector, absurd gyro', () => {
    const c = new StreamCleaner();
    const out = c.process([
      at(0, 1),
      { t: 0.01, ax: NaN, ay: 0, az: 1 },
      { t: 0.02, ax: 0, ay: 0, az: 500 },
      { t: 0.03, ax: 0, ay: 0, az: 0 },
      { t: 0.04, ax: 0, ay: 0, az: 1.01, gx: 1e6, gy: 0, gz: 0 },
      { t: Infinity, ax: 0, ay: 0, az: 1.02 },
      at(0.05, 1.03),
    ]);
    expect(out.map((s) => s.az)).toEqual([1, 1.03]);
    expect(c.stats.garbage).toBe(5);
  });

  it('drops a large step back in time and keeps the stream strictly increasing', () => {
    const c = new StreamCleaner();
    const out = c.process([at(10, 1), at(10.01, 1.001), at(5, 1.002), at(10.02, 1.003)]);
    expect(out.map((s) => s.az)).toEqual([1, 1.001, 1.003]);
    expect(c.stats.outOfOrder).toBe(1);
    for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThan(out[i - 1]!.t);
  });

  it('re-times bursty host timestamps to an even spacing, within the arrival lag', () => {
    // 100 Hz sampling delivered in bursts of three every 30 ms, stamped on arrival 0.5 ms apart.
    const samples: Sample[] = [];
    for (let i = 0; i < 300; i++) {
      const burst = Math.floor(i / 3);
      samples.push(at(burst * 0.03 + 0.01 + (i % 3) * 0.0005, 1 + i * 1e-4));
    }
    const out = new StreamCleaner().process(samples);
    const gaps = out.slice(50).map((s, i) => s.t - out[49 + i]!.t);
    for (const g of gaps) expect(g).toBeCloseTo(0.01, 3);
    out.forEach((s, i) => {
      expect(s.t).toBeLessThanOrEqual(samples[i]!.t + 1e-12);
      expect(samples[i]!.t - s.t).toBeLessThanOrEqual(0.0601);
    });
  });

  it('keeps a real gap as a gap', () => {
    const samples: Sample[] = [];
    for (let i = 0; i < 100; i++) samples.push(at(i * 0.01, 1 + i * 1e-4));
    for (let i = 0; i < 50; i++) samples.push(at(2 + i * 0.01, 1.1 + i * 1e-4));
    const out = new StreamCleaner().process(samples);
    const jump = out[100]!.t - out[99]!.t;
    expect(jump).toBeGreaterThan(1);
  });

  it('gives the same output for any chunking', () => {
    const samples: Sample[] = [];
    for (let i = 0; i < 500; i++)
      samples.push(at(Math.floor(i / 4) * 0.04 + (i % 4) * 0.0005, 1 + (i % 7) * 1e-3));
    const batch = new StreamCleaner().process(samples);
    const c = new StreamCleaner();
    const streamed = [];
    for (let i = 0; i < samples.length; i += 13) streamed.push(...c.process(samples.slice(i, i + 13)));
    expect(streamed).toEqual(batch);
  });
});
