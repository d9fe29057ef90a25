import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../src/shared/engine/types';
import { defaultScenario } from '../../../src/shared/sim/scenario';
import { STANDARD_GRAVITY_MPS2 } from '../../../src/shared/sim/sensor';
import { simulateSession } from '../../../src/shared/sim/session';
import { exactScenario } from './helpers';

const magnitude = (s: Sample): number => Math.hypot(s.ax, s.ay, s.az);
const within = (samples: Sample[], a: number, b: number): Sample[] =>
  samples.filter((s) => s.t >= a && s.t <= b);

/** World-frame vertical specific force (g) from a sensor-frame sample, for a rotation M (v_world = M v_sensor). */
function worldZ(s: Sample, m: Float64Array): number {
  return (m[6] as number) * s.ax + (m[7] as number) * s.ay + (m[8] as number) * s.az;
}

/** Double trapezoid integration of (vertical specific force - 1 g), starting at rest. */
function integrateDisplacementM(samples: Sample[], m: Float64Array): number {
  let v = 0;
  let z = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1] as Sample;
    const b = samples[i] as Sample;
    const dt = b.t - a.t;
    const acc0 = (worldZ(a, m) - 1) * STANDARD_GRAVITY_MPS2;
    const acc1 = (worldZ(b, m) - 1) * STANDARD_GRAVITY_MPS2;
    const v1 = v + 0.5 * (acc0 + acc1) * dt;
    z += 0.5 * (v + v1) * dt;
    v = v1;
  }
  return z;
}

describe('simulated sensor', () => {
  it('reads exactly 1 g at rest in any mounting, and 1 g +- noise with a real sensor', () => {
    const clean = exactScenario('squat', { sensor: { mounting: 'random' } });
    for (const seed of [1, 2, 3]) {
      const run = simulateSession(clean, seed);
      const rest = within(run.samples, 0, clean.leadInS - 0.5);
      expect(rest.length).toBeGreaterThan(100);
      for (const s of rest) {
        expect(magnitude(s)).toBeCloseTo(1, 12);
        expect(s.gx).toBeCloseTo(0, 12);
      }
    }
    const real = defaultScenario('squat', { sets: 1, repsPerSet: 2 });
    const run = simulateSession(real, 4);
    const rest = within(run.samples, 0, real.leadInS - 0.5);
    const meanOf = (f: (s: Sample) => number): number => rest.reduce((acc, s) => acc + f(s), 0) / rest.length;
    const meanAx = meanOf((s) => s.ax);
    const sdAx = Math.sqrt(meanOf((s) => (s.ax - meanAx) ** 2));
    expect(sdAx).toBeGreaterThan(0.008);
    expect(sdAx).toBeLessThan(0.012);
    expect(meanOf(magnitude)).toBeGreaterThan(0.98);
    expect(meanOf(magnitude)).toBeLessThan(1.02);
  });

  it('integrating the clean accelerometer recovers each true ROM within 3 mm (identity and random mounting)', () => {
    for (const mounting of ['identity', 'random'] as const) {
      const sc = exactScenario('squat', {
        sets: 1,
        repsPerSet: 3,
        lifter: { swayAmplitudeM: 0, tiltDegOverRom: 0, rollDegOverRom: 0, romCv: 0.05 },
        sensor: mounting === 'random' ? { mounting: 'random' } : {},
      });
      const run = simulateSession(sc, 17);
      const m = run.sensorSetup.mounting;
      for (const rep of run.truth.sets[0]?.reps ?? []) {
        const midBottom = 0.5 * (rep.bottomPause.startS + rep.bottomPause.endS);
        const down = within(run.samples, rep.eccentric.startS - 0.3, midBottom);
        const up = within(run.samples, midBottom, rep.concentric.endS + 0.3);
        expect(integrateDisplacementM(down, m)).toBeCloseTo(-rep.romM, 2);
        expect(Math.abs(integrateDisplacementM(down, m) + rep.romM)).toBeLessThan(0.003);
        expect(Math.abs(integrateDisplacementM(up, m) - rep.romM)).toBeLessThan(0.003);
      }
    }
  });

  it('a slow eccentric has > 2 s where the accelerometer reads what it reads at rest (within noise)', () => {
    const sc = exactScenario('squat', {
      sets: 1,
      repsPerSet: 2,
      prescription: { eccentricS: 5 },
      sensor: { mounting: 'random' },
    });
    const run = simulateSession(sc, 23);
    for (const rep of run.truth.sets[0]?.reps ?? []) {
      const ecc = within(run.samples, rep.eccentric.startS, rep.eccentric.endS);
      let longest = 0;
      let runStart: number | null = null;
      for (const s of ecc) {
        if (Math.abs(magnitude(s) - 1) < 0.01) {
          runStart ??= s.t;
          longest = Math.max(longest, s.t - runStart);
        } else runStart = null;
      }
      expect(longest).toBeGreaterThan(2);
      // ...but the eccentric does start and end with a visible acceleration.
      const extreme = Math.max(...ecc.map((s) => Math.abs(magnitude(s) - 1)));
      expect(extreme).toBeGreaterThan(0.03);
    }
  });

  it('the gyro reads the true bar rotation (curls roll the bar a lot), and zero at rest', () => {
    const sc = exactScenario('curl', {
      sets: 1,
      repsPerSet: 3,
      lifter: { tiltDegOverRom: 0, romCv: 0.04 },
      sensor: { mounting: 'random' },
    });
    const run = simulateSession(sc, 5);
    for (const rep of run.truth.sets[0]?.reps ?? []) {
      const con = within(run.samples, rep.concentric.startS - 0.2, rep.concentric.endS + 0.2);
      let angleDeg = 0;
      for (let i = 1; i < con.length; i++) {
        const a = con[i - 1] as Sample;
        const b = con[i] as Sample;
        const rate = (s: Sample): number => Math.hypot(s.gx ?? NaN, s.gy ?? NaN, s.gz ?? NaN);
        angleDeg += 0.5 * (rate(a) + rate(b)) * (b.t - a.t);
      }
      expect(angleDeg).toBeCloseTo((sc.lifter.rollDegOverRom * rep.romM) / sc.lifter.romM, 0);
    }
    const rest = within(run.samples, 0, sc.leadInS - 0.5);
    for (const s of rest) expect(Math.hypot(s.gx ?? NaN, s.gy ?? NaN, s.gz ?? NaN)).toBe(0);
  });

  it('omits the gyro when the sensor has none, and clips at the accelerometer full scale', () => {
    const sc = exactScenario('bench', { sets: 1, repsPerSet: 2, sensor: { hasGyro: false, clipG: 0.7 } });
    const run = simulateSession(sc, 1);
    expect(run.samples.every((s) => s.gx === undefined && s.gy === undefined && s.gz === undefined)).toBe(
      true,
    );
    const values = run.samples.flatMap((s) => [s.ax, s.ay, s.az]);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.7);
    expect(values.filter((v) => Math.abs(v) === 0.7).length).toBeGreaterThan(10);
  });
});

describe('sample timing and link flaws', () => {
  const base = { sets: 1, repsPerSet: 3 } as const;

  it('device clock: regular, non-decreasing timestamps at the nominal rate', () => {
    const sc = defaultScenario('squat', { ...base, sensor: { sampleRateHz: 52, deviceJitterS: 0.0005 } });
    const run = simulateSession(sc, 2);
    const ts = run.samples.map((s) => s.t);
    for (let i = 1; i < ts.length; i++) {
      const dt = (ts[i] as number) - (ts[i - 1] as number);
      expect(dt).toBeGreaterThanOrEqual(0);
      expect(Math.abs(dt - 1 / 52)).toBeLessThan(0.005);
    }
    expect(ts.length / run.durationS).toBeCloseTo(52, 0);
    expect(ts[0]).toBeGreaterThanOrEqual(-0.003);
    expect(ts[ts.length - 1]).toBeLessThanOrEqual(run.durationS + 0.003);
  });

  it('host clock: samples arrive in bursts once per connection interval with bunched timestamps', () => {
    const sc = defaultScenario('squat', {
      ...base,
      sensor: { sampleRateHz: 200, timing: 'host', hostIntervalS: 0.03, hostBurstSpacingS: 0.0005 },
    });
    const run = simulateSession(sc, 3);
    const diffs = run.samples.slice(1).map((s, i) => s.t - (run.samples[i] as Sample).t);
    expect(Math.min(...diffs)).toBeGreaterThanOrEqual(0);
    const bursts = diffs.filter((d) => d > 0.005).length + 1;
    expect(bursts / run.durationS).toBeCloseTo(1 / 0.03, -1);
    const inBurst = diffs.filter((d) => d <= 0.005);
    expect(inBurst.length).toBeGreaterThan(run.samples.length * 0.7);
    // Bunched: within a burst samples are 0.5 ms apart, far closer than the 5 ms sample period.
    for (const d of inBurst) expect(d).toBeCloseTo(0.0005, 9);
    expect(run.samples.length / run.durationS).toBeCloseTo(200, -1);
  });

  it('duplicates are exact copies of the previous row; drops leave gaps; garbage is NaN/Infinity/absurd', () => {
    const sc = defaultScenario('squat', {
      ...base,
      sensor: {
        sampleRateHz: 100,
        duplicateProbability: 0.02,
        dropProbability: 0.01,
        garbageProbability: 0.005,
      },
    });
    const run = simulateSession(sc, 9);
    const { samples, flaws } = run;
    let duplicates = 0;
    for (let i = 1; i < samples.length; i++) {
      const a = samples[i - 1] as Sample;
      const b = samples[i] as Sample;
      if (a.t === b.t) {
        expect(b).toEqual(a);
        expect(b).not.toBe(a);
        duplicates++;
      }
    }
    expect(flaws.duplicates).toBeGreaterThan(5);
    expect(duplicates).toBe(flaws.duplicates);

    expect(flaws.droppedRuns.length).toBeGreaterThan(2);
    for (const gap of flaws.droppedRuns) {
      expect(samples.some((s) => s.t >= gap.startS - 0.001 && s.t <= gap.endS + 0.001)).toBe(false);
      const before = samples.filter((s) => s.t < gap.startS).pop();
      const after = samples.find((s) => s.t > gap.endS);
      if (before && after) expect(after.t - before.t).toBeGreaterThan(0.02 + 0.005);
    }
    const expected = Math.round(run.durationS * 100) - flaws.droppedSamples + flaws.duplicates;
    expect(Math.abs(samples.length - expected)).toBeLessThanOrEqual(1);

    const bad = (s: Sample): boolean =>
      [s.ax, s.ay, s.az].some((v) => !Number.isFinite(v) || Math.abs(v) >= 100);
    // A garbage row may have been duplicated: count distinct rows.
    const garbageRows = samples.filter((s, i) => bad(s) && !(i > 0 && samples[i - 1]?.t === s.t));
    expect(flaws.garbage).toBeGreaterThan(0);
    expect(garbageRows.length).toBe(flaws.garbage);
    expect(samples.every((s) => Number.isFinite(s.t))).toBe(true);
  });
});
