import { describe, expect, it } from 'vitest';
import { summarizeSet } from '../../../src/shared/engine/summary';
import type { RepMetrics } from '../../../src/shared/engine/types';
import { laidOutRep } from '../../helpers/reps';
import { parseTempo } from '../../../src/shared/tempo';

/** A rep with the given phase durations and mean concentric velocity, laid out from t = 10 x index. */
function rep(
  index: number,
  ecc: number,
  bottom: number,
  con: number,
  top: number,
  v: number,
  rushed = false,
): RepMetrics {
  return laidOutRep(index, index * 10, { eccS: ecc, bottomS: bottom, conS: con, topS: top }, 0.05, {
    meanConcentricVelocityMps: v,
    peakConcentricVelocityMps: v * 1.6,
    rushed,
  });
}

describe('summarizeSet', () => {
  // Eccentrics 3, 2.5, 2, 1.5 s: mean 2.25; deviations ±0.25, ±0.75 -> SS = 1.25; sample SD = sqrt(1.25 / 3).
  const reps = [
    rep(1, 3, 1, 0.8, 0, 0.6),
    rep(2, 2.5, 1, 0.9, 0.1, 0.62),
    rep(3, 2, 0.5, 1.0, 0.5, 0.5, true),
    rep(4, 1.5, 1.3, 1.1, 0, 0.465, true),
  ];

  it('computes eccentric mean, sample SD, CV and the least-squares trend', () => {
    const s = summarizeSet(reps, null);
    expect(s.repCount).toBe(4);
    expect(s.eccentricMeanS).toBeCloseTo(2.25, 12);
    expect(s.eccentricSdS).toBeCloseTo(Math.sqrt(1.25 / 3), 12); // 0.6455
    expect(s.eccentricCv).toBeCloseTo(Math.sqrt(1.25 / 3) / 2.25, 12); // 0.2869
    // x = 1..4 (mean 2.5), Sxx = 5, Sxy = (-1.5)(0.75)+(-0.5)(0.25)+(0.5)(-0.25)+(1.5)(-0.75) = -2.5 -> -0.5 s/rep.
    expect(s.eccentricTrendSPerRep).toBeCloseTo(-0.5, 12);
    expect(s.rushedCount).toBe(2);
    expect(s.adherence).toBeNull();
    // best 0.62, last 0.465: (0.62 - 0.465) / 0.62 = 25%.
    expect(s.velocityLossPct).toBeCloseTo(25, 10);
  });

  it('scores adherence per phase against the prescription', () => {
    // 3-1-X-0 at 0.8: eccentric within [2.4, 3.75] -> reps 1, 2 (2/4); bottom within [0.8, 1.25] -> reps 1, 2 (2/4);
    // concentric X -> null; top <= 0.25 s -> reps 1, 2, 4 (3/4).
    const s = summarizeSet(reps, parseTempo('3-1-X-0'));
    expect(s.adherence).toEqual({ eccentric: 0.5, bottomPause: 0.5, concentric: null, topPause: 0.75 });
  });

  it('uses rep numbers, not positions, for the trend', () => {
    const s = summarizeSet([rep(1, 3, 0, 1, 0, 0.5), rep(3, 2, 0, 1, 0, 0.5)], null);
    expect(s.eccentricTrendSPerRep).toBeCloseTo(-0.5, 12); // -1 s over 2 reps
  });

  it('gives zeros for one rep and an empty set', () => {
    const one = summarizeSet([rep(1, 3, 1, 0.8, 0, 0.6)], parseTempo('3-1-X-0'));
    expect(one).toMatchObject({
      repCount: 1,
      eccentricMeanS: 3,
      eccentricSdS: 0,
      eccentricCv: 0,
      eccentricTrendSPerRep: 0,
      velocityLossPct: 0,
    });
    expect(one.adherence).toEqual({ eccentric: 1, bottomPause: 1, concentric: null, topPause: 1 });
    const none = summarizeSet([], parseTempo('3-1-X-0'));
    expect(none).toEqual({
      repCount: 0,
      eccentricMeanS: 0,
      eccentricSdS: 0,
      eccentricCv: 0,
      eccentricTrendSPerRep: 0,
      rushedCount: 0,
      adherence: { eccentric: null, bottomPause: null, concentric: null, topPause: null },
      velocityLossPct: 0,
    });
  });

  it('reports no velocity loss when the last rep is the fastest', () => {
    expect(summarizeSet([rep(1, 3, 0, 1, 0, 0.4), rep(2, 3, 0, 1, 0, 0.5)], null).velocityLossPct).toBe(0);
  });
});
