import { describe, expect, it } from 'vitest';
import { AZ, STATE_SIZE, VZ, Z } from '../../../src/shared/sim/motion';
import { defaultScenario, isEccentricFirst } from '../../../src/shared/sim/scenario';
import { simulateSession } from '../../../src/shared/sim/session';
import type { Exercise, TruePhase, TrueRep } from '../../../src/shared/sim/types';
import { exactScenario, peakSpeed, verticalVelocity } from './helpers';

const PHASES = ['eccentric', 'bottomPause', 'concentric', 'topPause'] as const;
const duration = (p: TruePhase): number => p.endS - p.startS;

function repOrder(rep: TrueRep, eccFirst: boolean): TruePhase[] {
  return eccFirst
    ? [rep.eccentric, rep.bottomPause, rep.concentric, rep.topPause]
    : [rep.concentric, rep.topPause, rep.eccentric, rep.bottomPause];
}

describe('ground truth', () => {
  it('matches the prescription exactly when the lifter has no variability', () => {
    const sc = exactScenario('squat', {
      prescription: { eccentricS: 3, bottomPauseS: 1, concentricS: 1.5, topPauseS: 2 },
    });
    const { truth } = simulateSession(sc, 11);
    expect(truth.sets).toHaveLength(2);
    for (const set of truth.sets) {
      expect(set.reps).toHaveLength(4);
      set.reps.forEach((rep, i) => {
        expect(duration(rep.eccentric)).toBeCloseTo(3, 9);
        expect(duration(rep.bottomPause)).toBeCloseTo(1, 9);
        expect(duration(rep.concentric)).toBeCloseTo(1.5, 9);
        expect(duration(rep.topPause)).toBeCloseTo(i === 3 ? 0 : 2, 9);
        expect(rep.romM).toBeCloseTo(sc.lifter.romM, 12);
        expect(rep.rushedByDesign).toBe(false);
      });
    }
  });

  it('keeps short pauses exact: the phases stop and start more sharply instead', () => {
    const sc = exactScenario('bench', {
      prescription: { eccentricS: 1.2, bottomPauseS: 0.1, concentricS: null, topPauseS: 0.15 },
    });
    for (const rep of simulateSession(sc, 2).truth.sets[0]?.reps.slice(0, 3) ?? []) {
      expect(duration(rep.bottomPause)).toBeCloseTo(0.1, 9);
      expect(duration(rep.topPause)).toBeCloseTo(0.15, 9);
      expect(duration(rep.eccentric)).toBeCloseTo(1.2, 9);
    }
  });

  it('uses the natural concentric (ROM / mean velocity) for X', () => {
    const sc = exactScenario('bench', { prescription: { concentricS: null } });
    const { truth } = simulateSession(sc, 3);
    const expected = sc.lifter.romM / sc.lifter.concentricMeanVelocityMps;
    for (const rep of truth.sets[0]?.reps ?? []) expect(duration(rep.concentric)).toBeCloseTo(expected, 9);
  });

  it('stays within the configured human spread, fatigue and rushing', () => {
    const sc = defaultScenario('squat', {
      sets: 3,
      repsPerSet: 10,
      restBetweenSetsS: 5,
      prescription: { eccentricS: 4, bottomPauseS: 1, concentricS: null, topPauseS: 1 },
      lifter: { durationCv: 0.08, eccentricShorteningPerRep: 0.02, rushedRepProbability: 0.2 },
    });
    const { truth } = simulateSession(sc, 5);
    const cv = sc.lifter.durationCv;
    let rushed = 0;
    const ratios: number[] = [];
    for (const set of truth.sets) {
      set.reps.forEach((rep, i) => {
        const ratio = duration(rep.eccentric) / 4;
        expect(duration(rep.eccentric)).toBeCloseTo(rep.intendedEccentricS, 9);
        expect(rep.eccentricTargetS).toBe(4);
        if (rep.rushedByDesign) {
          rushed++;
          expect(ratio).toBeGreaterThanOrEqual(0.4);
          expect(ratio).toBeLessThanOrEqual(0.7);
        } else {
          const fatigue = 1 - 0.02 * i;
          expect(ratio).toBeGreaterThanOrEqual(fatigue * (1 - 2.5 * cv) - 1e-9);
          expect(ratio).toBeLessThanOrEqual(fatigue * (1 + 2.5 * cv) + 1e-9);
          ratios.push(ratio / fatigue);
        }
        expect(duration(rep.bottomPause)).toBeGreaterThan(1 - 2.5 * sc.lifter.pauseCv - 1e-9);
        expect(duration(rep.bottomPause)).toBeLessThan(1 + 2.5 * sc.lifter.pauseCv + 1e-9);
      });
    }
    expect(rushed).toBeGreaterThan(0);
    // The spread is really there, and about the configured size.
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    const sd = Math.sqrt(ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / (ratios.length - 1));
    expect(sd).toBeGreaterThan(cv * 0.5);
    expect(sd).toBeLessThan(cv * 1.6);
  });

  it('concentric velocity falls over the set by about the configured loss', () => {
    const sc = exactScenario('deadlift', { repsPerSet: 6, lifter: { velocityLossFraction: 0.25 } });
    const reps = simulateSession(sc, 8).truth.sets[0]?.reps ?? [];
    const first = reps[0]?.meanConcentricVelocityMps ?? 0;
    const last = reps[reps.length - 1]?.meanConcentricVelocityMps ?? 0;
    expect(1 - last / first).toBeCloseTo(0.25, 2);
  });

  const exercises: Exercise[] = ['squat', 'bench', 'deadlift', 'curl', 'row', 'press'];
  for (const exercise of exercises) {
    it(`${exercise}: phases are contiguous, in order, and boundaries sit at 5% of each phase's peak`, () => {
      const sc = defaultScenario(exercise, { sets: 1, repsPerSet: 5 });
      const { truth, trajectory } = simulateSession(sc, 21);
      const eccFirst = isEccentricFirst(exercise);
      const set = truth.sets[0];
      expect(set?.reps).toHaveLength(5);
      let previousEnd = set?.startS ?? NaN;
      for (const rep of set?.reps ?? []) {
        const seq = repOrder(rep, eccFirst);
        for (const p of seq) {
          expect(p.startS).toBeCloseTo(previousEnd, 12);
          expect(p.endS).toBeGreaterThanOrEqual(p.startS);
          previousEnd = p.endS;
        }
        for (const phase of [rep.eccentric, rep.concentric]) {
          const peak = peakSpeed(trajectory, phase.startS, phase.endS);
          expect(Math.abs(verticalVelocity(trajectory, phase.startS))).toBeCloseTo(0.05 * peak, 4);
          expect(Math.abs(verticalVelocity(trajectory, phase.endS))).toBeCloseTo(0.05 * peak, 4);
        }
        const conPeak = peakSpeed(trajectory, rep.concentric.startS, rep.concentric.endS);
        expect(rep.peakConcentricVelocityMps).toBeCloseTo(conPeak, 4);
        // Direction: eccentric goes down, concentric up.
        const mid = (p: TruePhase): number => 0.5 * (p.startS + p.endS);
        expect(verticalVelocity(trajectory, mid(rep.eccentric))).toBeLessThan(0);
        expect(verticalVelocity(trajectory, mid(rep.concentric))).toBeGreaterThan(0);
      }
      expect(set?.endS).toBeCloseTo(previousEnd, 12);
      const first = set?.reps[0];
      if (eccFirst) expect(first?.eccentric.startS).toBeLessThan(first?.concentric.startS ?? 0);
      else expect(first?.concentric.startS).toBeLessThan(first?.eccentric.startS ?? 0);
      // The last rep's trailing pause is zero-length at the end of its last phase.
      const last = set?.reps[4];
      const trailing = eccFirst ? last?.topPause : last?.bottomPause;
      expect(trailing?.startS).toBe(trailing?.endS);
    });
  }

  it('true ROM is the vertical displacement between the rests around each phase', () => {
    const sc = defaultScenario('squat', { sets: 1, repsPerSet: 4, lifter: { swayAmplitudeM: 0 } });
    const { truth, trajectory } = simulateSession(sc, 4);
    const s = new Float64Array(STATE_SIZE);
    const zAt = (t: number): number => {
      trajectory.evaluate(t, s);
      return s[Z] as number;
    };
    for (const rep of truth.sets[0]?.reps ?? []) {
      const top = zAt(rep.eccentric.startS - 0.3);
      const bottom = zAt(rep.bottomPause.startS + 0.5 * duration(rep.bottomPause));
      expect(top - bottom).toBeCloseTo(rep.romM, 9);
    }
  });

  it('touch-and-go: the reversal is a velocity zero crossing with non-zero, continuous acceleration', () => {
    const sc = defaultScenario('squat', {
      sets: 1,
      repsPerSet: 5,
      prescription: { eccentricS: 2, bottomPauseS: 0, concentricS: null, topPauseS: 0 },
    });
    const { truth, trajectory } = simulateSession(sc, 2);
    const s = new Float64Array(STATE_SIZE);
    const accel = (t: number): number => {
      trajectory.evaluate(t, s);
      return s[AZ] as number;
    };
    const reps = truth.sets[0]?.reps ?? [];
    reps.forEach((rep, i) => {
      expect(duration(rep.bottomPause)).toBe(0);
      if (i < reps.length - 1) expect(duration(rep.topPause)).toBe(0);
      const tBottom = rep.eccentric.endS;
      expect(Math.abs(verticalVelocity(trajectory, tBottom))).toBeLessThan(1e-9);
      expect(verticalVelocity(trajectory, tBottom - 0.01)).toBeLessThan(0);
      expect(verticalVelocity(trajectory, tBottom + 0.01)).toBeGreaterThan(0);
      const before = accel(tBottom - 1e-6);
      const after = accel(tBottom + 1e-6);
      expect(before).toBeGreaterThan(1); // m/s^2, a real bounce
      expect(Math.abs(after - before) / before).toBeLessThan(0.05);
      expect(duration(rep.eccentric)).toBeGreaterThan(1.5);
    });
    // Top reversals decelerate downwards through zero.
    const topS = reps[0]?.concentric.endS ?? 0;
    expect(verticalVelocity(trajectory, topS - 0.01)).toBeGreaterThan(0);
    expect(verticalVelocity(trajectory, topS + 0.01)).toBeLessThan(0);
    expect(accel(topS)).toBeLessThan(-1);
  });

  it('rests carry tiny sway: moving, but far below 5% of the set phase peaks', () => {
    const sc = defaultScenario('bench', { sets: 1, repsPerSet: 4 });
    const { truth, trajectory } = simulateSession(sc, 6);
    const set = truth.sets[0];
    if (set === undefined) throw new Error('no set');
    let minPeak = Infinity;
    for (const rep of set.reps) {
      for (const p of [rep.eccentric, rep.concentric])
        minPeak = Math.min(minPeak, peakSpeed(trajectory, p.startS, p.endS));
    }
    const s = new Float64Array(STATE_SIZE);
    const holds = trajectory.segments.filter(
      (seg) => seg.kind === 'hold' && seg.t0S > set.startS && seg.t1S < set.endS,
    );
    expect(holds.length).toBe(2 * set.reps.length - 1);
    for (const hold of holds) {
      let maxSpeed = 0;
      let minZ = Infinity;
      let maxZ = -Infinity;
      for (let t = hold.t0S; t <= hold.t1S; t += 0.002) {
        trajectory.evaluate(t, s);
        maxSpeed = Math.max(maxSpeed, Math.abs(s[VZ] as number));
        minZ = Math.min(minZ, s[Z] as number);
        maxZ = Math.max(maxZ, s[Z] as number);
      }
      expect(maxSpeed).toBeLessThan(0.05 * minPeak * 0.25);
      expect(maxZ - minZ).toBeGreaterThan(1e-5); // not perfectly still
      expect(maxZ - minZ).toBeLessThan(0.01); // mm-level
    }
    // Within every truth pause the speed stays under 5% of the faster neighbouring phase's peak.
    set.reps.forEach((rep) => {
      const bound = 0.05 * peakSpeed(trajectory, rep.concentric.startS, rep.concentric.endS);
      for (let t = rep.bottomPause.startS; t <= rep.bottomPause.endS; t += 0.002) {
        expect(Math.abs(verticalVelocity(trajectory, t))).toBeLessThanOrEqual(bound * 1.000001);
      }
    });
  });

  it('unrack, walk-out and re-rack are motion but never reps', () => {
    for (const exercise of ['squat', 'bench'] as const) {
      const sc = defaultScenario(exercise, { sets: 2, repsPerSet: 3, restBetweenSetsS: 10 });
      const { truth, trajectory } = simulateSession(sc, 13);
      const moves = trajectory.segments.filter((seg) => seg.kind === 'move');
      // squat: unrack + 3 steps out + 3 steps back + re-rack; bench: unrack, travel, travel back, re-rack.
      expect(moves.length).toBe(exercise === 'squat' ? 2 * 8 : 2 * 4);
      for (const set of truth.sets) {
        expect(set.reps).toHaveLength(3);
        for (const m of moves) expect(m.t1S <= set.startS || m.t0S >= set.endS).toBe(true);
        const before = moves.filter((m) => m.t1S <= set.startS && m.t0S > set.startS - 20);
        expect(before.some((m) => m.dzM > 0.02)).toBe(true); // lifted off the hooks
        expect(before.some((m) => Math.abs(m.dxM) > 0.05)).toBe(true); // walked / moved out
      }
      // The bar ends on the hooks where it started.
      const s = new Float64Array(STATE_SIZE);
      trajectory.evaluate(trajectory.endS, s);
      expect(Math.abs(s[Z] as number)).toBeLessThan(1e-9);
    }
  });

  it('deadlift starts and ends on the floor with the concentric first', () => {
    const sc = defaultScenario('deadlift', { sets: 1, repsPerSet: 3 });
    const { truth, trajectory } = simulateSession(sc, 1);
    const set = truth.sets[0];
    const s = new Float64Array(STATE_SIZE);
    trajectory.evaluate((set?.startS ?? 0) - 0.5, s);
    expect(s[Z]).toBe(0);
    expect(s[VZ]).toBe(0); // on the floor: no sway
    trajectory.evaluate((set?.endS ?? 0) + 0.5, s);
    expect(Math.abs(s[Z] as number)).toBeLessThan(1e-9);
    expect(set?.reps[0]?.concentric.startS).toBe(set?.startS);
    for (const name of PHASES) expect(set?.reps[0]?.[name].endS).toBeGreaterThanOrEqual(set?.startS ?? 0);
  });
});
