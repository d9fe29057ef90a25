import { describe, expect, it } from 'vitest';
import { SampleTimebase } from '../../../src/main/sensors/timebase';

/** Deterministic LCG so the bursty arrivals are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Burst {
  count: number;
  arrivalS: number;
  /** True acquisition time of each sample in the burst. */
  trueS: number[];
}

/**
 * A sensor acquiring at `realRateHz` (its crystal, not the configured rate) whose samples reach the host once
 * per connection event: arrival = next connection event after acquisition + latency + OS jitter.
 */
function bleArrivals(opts: {
  realRateHz: number;
  durationS: number;
  intervalS: number;
  latencyS: number;
  seed: number;
  dropFromS?: number;
  dropToS?: number;
}): Burst[] {
  const rand = rng(opts.seed);
  const bursts: Burst[] = [];
  const phase = rand() * opts.intervalS;
  let k = 0;
  for (let eventS = phase; eventS < opts.durationS; eventS += opts.intervalS) {
    const trueS: number[] = [];
    while (k / opts.realRateHz <= eventS) trueS.push(k++ / opts.realRateHz);
    if (trueS.length === 0) continue;
    if (opts.dropFromS !== undefined && eventS >= opts.dropFromS && eventS < (opts.dropToS ?? 0)) continue;
    bursts.push({ count: trueS.length, arrivalS: eventS + opts.latencyS + rand() * 0.002, trueS });
  }
  return bursts;
}

function run(tb: SampleTimebase, bursts: Burst[]) {
  const out: { t: number; trueS: number }[] = [];
  for (const b of bursts) {
    const times = tb.stamp(b.count, b.arrivalS);
    expect(times).toHaveLength(b.count);
    times.forEach((t, i) => out.push({ t, trueS: b.trueS[i] ?? NaN }));
  }
  return out;
}

describe('SampleTimebase without a device clock', () => {
  it('turns bursty arrivals into evenly spaced times and corrects a slow sensor clock', () => {
    // Configured 100 Hz, the sensor really runs at 97 Hz (WitMotion's real rates are often below nominal);
    // 45 ms connection interval -> bursts of 4-5 samples.
    const bursts = bleArrivals({ realRateHz: 97, durationS: 20, intervalS: 0.045, latencyS: 0.008, seed: 7 });
    const tb = new SampleTimebase({ nominalRateHz: 100 });
    const out = run(tb, bursts);

    // Arrival times alone are far from even: within a burst they are identical.
    const arrivalSteps = bursts.slice(1).map((b, i) => b.arrivalS - (bursts[i]?.arrivalS ?? 0));
    expect(Math.max(...arrivalSteps) - Math.min(...arrivalSteps)).toBeGreaterThan(0);

    expect(tb.rateHz).toBeGreaterThan(96.5);
    expect(tb.rateHz).toBeLessThan(97.5);

    const settled = out.filter((s) => s.trueS > 5);
    const steps = settled.slice(1).map((s, i) => s.t - (settled[i]?.t ?? 0));
    for (const step of steps) {
      // Evenly spaced: every step within 3% of the real period (no burst-sized jumps or zero steps).
      expect(Math.abs(step - 1 / 97)).toBeLessThan(0.03 / 97);
    }
    // Drift-corrected: the error against the true acquisition time is a constant latency, not a growing one.
    const errors = settled.map((s) => s.t - s.trueS);
    const spread = Math.max(...errors) - Math.min(...errors);
    expect(spread).toBeLessThan(0.004);
  });

  it('keeps configured spacing until the window can beat the burst jitter', () => {
    const tb = new SampleTimebase({ nominalRateHz: 100 });
    const a = tb.stamp(4, 10.0);
    const b = tb.stamp(5, 10.05);
    expect(a.map((t) => +t.toFixed(6))).toEqual([9.97, 9.98, 9.99, 10.0]);
    expect(b[0]).toBeCloseTo(10.01, 6);
    expect(tb.rateHz).toBe(100);
  });

  it('leaves a real outage as a gap instead of squeezing it away', () => {
    const bursts = bleArrivals({
      realRateHz: 100,
      durationS: 10,
      intervalS: 0.03,
      latencyS: 0.005,
      seed: 3,
      dropFromS: 4,
      dropToS: 5.5,
    });
    const tb = new SampleTimebase({ nominalRateHz: 100 });
    const out = run(tb, bursts);
    const steps = out.slice(1).map((s, i) => s.t - (out[i]?.t ?? 0));
    const big = steps.filter((d) => d > 0.25);
    expect(big).toHaveLength(1);
    expect(big[0]).toBeGreaterThan(1.4);
    expect(big[0]).toBeLessThan(1.6);
    expect(tb.runCount).toBe(2);
  });

  it('is strictly increasing, including across restart()', () => {
    const tb = new SampleTimebase({ nominalRateHz: 50 });
    const times = [...tb.stamp(3, 1.0), ...tb.stamp(3, 1.0), ...tb.stamp(2, 0.99)];
    tb.restart();
    times.push(...tb.stamp(2, 0.5)); // an arrival clock that went backwards must not make time go backwards
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] ?? Infinity);
  });
});

describe('SampleTimebase with a device clock', () => {
  it('keeps the device spacing and converges onto the host clock at the least-delayed frame', () => {
    const tb = new SampleTimebase({ nominalRateHz: 200 });
    // Polar-like: 10 samples per frame, exactly 5 ms apart on the device clock (seconds since 2000, ~6e8);
    // the first frame arrives 20 ms after its last sample, one later frame only 12 ms, the rest 20 ms.
    const dev = (frame: number) =>
      Array.from({ length: 10 }, (_, k) => 600_000_000 + frame * 0.05 + k * 0.005);
    const delayS = (frame: number) => (frame === 1 ? 0.012 : 0.02);
    const out: number[] = [];
    for (let f = 0; f < 40; f++) {
      const d = dev(f);
      out.push(...tb.stamp(10, (d[9] ?? 0) - 600_000_000 + 1 + delayS(f), d));
    }
    const steps = out.slice(1).map((t, i) => t - (out[i] ?? 0));
    // Device spacing survives (within the 2% slew used to follow the envelope; inputs near 6e8 s carry
    // ~1e-7 s of rounding).
    for (const s of steps) expect(Math.abs(s - 0.005)).toBeLessThanOrEqual(0.0001 + 1e-6);
    expect(steps.filter((s) => Math.abs(s - 0.005) < 1e-6).length).toBeGreaterThan(steps.length / 2);
    // ...and the times converge to device time + the smallest delay seen (12 ms).
    const lastDev = (dev(39)[9] ?? 0) - 600_000_000 + 1;
    expect(out[out.length - 1]).toBeCloseTo(lastDev + 0.012, 7);
    expect(tb.runCount).toBe(1);
  });

  it('re-anchors when the device clock steps back (sensor reset)', () => {
    const tb = new SampleTimebase({ nominalRateHz: 100 });
    tb.stamp(2, 5.0, [1000.0, 1000.01]);
    const after = tb.stamp(2, 5.5, [3.0, 3.01]);
    expect(after[1]).toBeCloseTo(5.5, 9);
    expect(tb.runCount).toBe(2);
  });
});
