import { describe, expect, it } from 'vitest';
import {
  BOUNDARY_FRACTION,
  evaluatePhase,
  solvePhase,
  type PhaseProfile,
  type PhaseSpec,
} from '../../../src/shared/sim/profile';

function spec(overrides: Partial<PhaseSpec>): PhaseSpec {
  return {
    durationS: 1,
    displacementM: 0.5,
    startsFromRest: true,
    endsAtRest: true,
    timeToPeakFraction: 0.5,
    rampTotalMaxS: 1,
    wobbleFraction: 0.03,
    wobbleU: [0.3, 0.6, 0.2, 0.8],
    ...overrides,
  };
}

function at(p: PhaseProfile, tauS: number): [number, number, number] {
  const out = new Float64Array(3);
  evaluatePhase(p, tauS, out, 0);
  return [out[0] as number, out[1] as number, out[2] as number];
}

function scanPeak(p: PhaseProfile): number {
  let peak = 0;
  for (let t = 0; t <= p.totalS; t += 1e-4) peak = Math.max(peak, at(p, t)[1]);
  return peak;
}

describe('solvePhase', () => {
  const cases: [string, Partial<PhaseSpec>][] = [
    ['fast bell', { durationS: 0.8 }],
    ['slow eccentric with plateau and wobble', { durationS: 4, timeToPeakFraction: 0.45 }],
    ['8 s eccentric', { durationS: 8 }],
    ['into a reversal', { durationS: 2.5, endsAtRest: false }],
    ['out of a reversal', { durationS: 0.9, startsFromRest: false }],
    ['shortened reversal ramp', { durationS: 1.2, endsAtRest: false, rampDownMaxS: 0.1 }],
  ];
  for (const [name, overrides] of cases) {
    it(`${name}: truth boundaries are at 5% of the peak (or v = 0) and span the intended duration`, () => {
      const s = spec(overrides);
      const p = solvePhase(s);
      expect(p.truthEndS - p.truthStartS).toBeCloseTo(s.durationS, 9);
      const peak = scanPeak(p);
      expect(p.peakSpeedMps).toBeCloseTo(peak, 6);
      const threshold = BOUNDARY_FRACTION * p.peakSpeedMps;
      expect(at(p, p.truthStartS)[1]).toBeCloseTo(s.startsFromRest ? threshold : 0, 9);
      expect(at(p, p.truthEndS)[1]).toBeCloseTo(s.endsAtRest ? threshold : 0, 9);
      // Below the threshold outside, above inside (1 ms away).
      // At a rest end: below the threshold outside, above inside (1 ms away). At a reversal: moving inside.
      const inside = (end: boolean): number => at(p, end ? p.truthEndS - 0.001 : p.truthStartS + 0.001)[1];
      if (s.startsFromRest) {
        expect(at(p, p.truthStartS - 0.001)[1]).toBeLessThan(threshold);
        expect(inside(false)).toBeGreaterThan(threshold);
      } else expect(inside(false)).toBeGreaterThan(0);
      if (s.endsAtRest) {
        expect(at(p, p.truthEndS + 0.001)[1]).toBeLessThan(threshold);
        expect(inside(true)).toBeGreaterThan(threshold);
      } else expect(inside(true)).toBeGreaterThan(0);
      expect(at(p, p.totalS)[0]).toBeCloseTo(s.displacementM, 12);
    });
  }

  it('acceleration is the derivative of speed and speed the derivative of displacement', () => {
    for (const s of [spec({ durationS: 4 }), spec({ durationS: 0.9, startsFromRest: false })]) {
      const p = solvePhase(s);
      const h = 1e-6;
      for (let tau = 0.01; tau < p.totalS - 0.01; tau += 0.037) {
        const [d0, v0] = at(p, tau - h);
        const [d1, v1] = at(p, tau + h);
        const [, v, a] = at(p, tau);
        expect((d1 - d0) / (2 * h)).toBeCloseTo(v, 5);
        expect((v1 - v0) / (2 * h)).toBeCloseTo(a, 4);
      }
    }
  });

  it('a slow eccentric is a short ramp, a long plateau with a few % wobble, and a ramp down', () => {
    const p = solvePhase(spec({ durationS: 4, timeToPeakFraction: 0.45 }));
    expect(p.rampUpS).toBeGreaterThan(0.3);
    expect(p.rampUpS).toBeLessThan(0.5);
    expect(p.plateauS).toBeGreaterThan(3);
    let min = Infinity;
    let max = 0;
    for (let t = p.rampUpS; t < p.rampUpS + p.plateauS; t += 0.001) {
      const v = at(p, t)[1];
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(max / p.speedMps - 1).toBeGreaterThan(0.005);
    expect(max / p.speedMps - 1).toBeLessThan(0.05);
    expect(1 - min / p.speedMps).toBeLessThan(0.05);
  });

  it('a fast concentric peaks at its time-to-peak fraction of the phase', () => {
    const p = solvePhase(spec({ durationS: 0.9, timeToPeakFraction: 0.47, rampTotalMaxS: 1.3 }));
    expect(p.plateauS).toBe(0);
    expect((p.rampUpS - p.truthStartS) / (p.truthEndS - p.truthStartS)).toBeCloseTo(0.47, 6);
  });
});
