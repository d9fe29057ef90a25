import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lifterProfileFromRepStats } from '../../../src/shared/sim/repStats';
import { defaultScenario } from '../../../src/shared/sim/scenario';
import { simulateSession } from '../../../src/shared/sim/session';

const SUMMARY = resolve(__dirname, '../../../../shared/data/rep-stats/summary.json');

it('rejects a malformed summary', () => {
  expect(() => lifterProfileFromRepStats({}, 'squat')).toThrow(/missing back_squat/);
  expect(() => lifterProfileFromRepStats(null, 'bench')).toThrow();
});

describe.skipIf(!existsSync(SUMMARY))(`lifter profile from real rep statistics (needs ${SUMMARY})`, () => {
  const summary: unknown = existsSync(SUMMARY) ? JSON.parse(readFileSync(SUMMARY, 'utf8')) : null;

  it('takes the per-lift medians and keeps the hard-coded defaults close to them', () => {
    for (const exercise of ['squat', 'bench', 'deadlift', 'curl', 'row'] as const) {
      const profile = lifterProfileFromRepStats(summary, exercise);
      const defaults = defaultScenario(exercise).lifter;
      expect(profile.romM).toBeCloseTo(defaults.romM, 1);
      expect(
        Math.abs(profile.concentricMeanVelocityMps / defaults.concentricMeanVelocityMps - 1),
      ).toBeLessThan(0.05);
      expect(Math.abs(profile.naturalEccentricS / defaults.naturalEccentricS - 1)).toBeLessThan(0.05);
      expect(profile.concentricTimeToPeakFraction).toBeGreaterThan(0.4);
      expect(profile.concentricTimeToPeakFraction).toBeLessThan(0.6);
      expect(profile.durationCv).toBeGreaterThan(0.02);
      expect(profile.durationCv).toBeLessThan(0.25);
    }
    expect(lifterProfileFromRepStats(summary, 'press').romM).toBeGreaterThan(0.3);
  });

  it('a simulated X-tempo lifter built from it reproduces the real concentric statistics', () => {
    const summaryObj = summary as Record<string, { fields: Record<string, Record<string, number>> }>;
    const real = summaryObj['back_squat']?.fields;
    const lifter = lifterProfileFromRepStats(summary, 'squat');
    const sc = defaultScenario('squat', {
      sets: 3,
      repsPerSet: 10,
      restBetweenSetsS: 5,
      prescription: { eccentricS: null, bottomPauseS: 0.3, concentricS: null, topPauseS: 0.5 },
      lifter: { ...lifter, velocityLossFraction: 0.1 },
    });
    const reps = simulateSession(sc, 1).truth.sets.flatMap((s) => s.reps);
    const median = (xs: number[]): number =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const con = median(reps.map((r) => r.concentric.endS - r.concentric.startS));
    const peak = median(reps.map((r) => r.peakConcentricVelocityMps));
    const ecc = median(reps.map((r) => r.eccentric.endS - r.eccentric.startS));
    // Within the real inter-quartile ranges.
    expect(con).toBeGreaterThan(real?.['concentric_s']?.['p25'] ?? NaN);
    expect(con).toBeLessThan(real?.['concentric_s']?.['p75'] ?? NaN);
    expect(ecc).toBeGreaterThan(real?.['eccentric_s']?.['p25'] ?? NaN);
    expect(ecc).toBeLessThan(real?.['eccentric_s']?.['p75'] ?? NaN);
    expect(peak).toBeGreaterThan(real?.['con_peak_velocity_ms']?.['p05'] ?? NaN);
    expect(peak).toBeLessThan(real?.['con_peak_velocity_ms']?.['p95'] ?? NaN);
  });
});
