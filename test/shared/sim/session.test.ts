import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../src/shared/engine/types';
import { Rng } from '../../../src/shared/sim/random';
import { defaultScenario, isEccentricFirst, randomScenario } from '../../../src/shared/sim/scenario';
import { SimulatedLifter, simulateSession } from '../../../src/shared/sim/session';

describe('simulateSession', () => {
  it('is deterministic from the seed', () => {
    const sc = defaultScenario('bench', {
      sets: 2,
      repsPerSet: 4,
      restBetweenSetsS: 10,
      sensor: {
        timing: 'host',
        duplicateProbability: 0.01,
        dropProbability: 0.01,
        garbageProbability: 0.002,
      },
    });
    const a = simulateSession(sc, 99);
    const b = simulateSession(sc, 99);
    const c = simulateSession(sc, 100);
    expect(b.samples).toEqual(a.samples);
    expect(b.truth).toEqual(a.truth);
    expect(c.samples.length === a.samples.length && c.samples[500]?.ax === a.samples[500]?.ax).toBe(false);
    expect(c.truth).not.toEqual(a.truth);
  });

  it('rejects impossible scenarios', () => {
    expect(() => simulateSession(defaultScenario('squat', { repsPerSet: 0 }), 1)).toThrow(/repsPerSet/);
    expect(() => simulateSession(defaultScenario('squat', { sensor: { sampleRateHz: 0 } }), 1)).toThrow(
      /sampleRateHz/,
    );
    expect(
      () => new SimulatedLifter(defaultScenario('row', { prescription: { eccentricS: -1 } }), 1),
    ).toThrow(/eccentricS/);
  });

  it('generates a 1-hour 200 Hz session (720k samples) in a few seconds', () => {
    const sc = defaultScenario('squat', {
      sets: 10,
      repsPerSet: 10,
      restBetweenSetsS: 325,
      leadInS: 5,
      sensor: { sampleRateHz: 200 },
    });
    const started = performance.now();
    const run = simulateSession(sc, 1);
    const elapsedS = (performance.now() - started) / 1000;
    expect(run.durationS).toBeGreaterThan(3500);
    expect(run.samples.length).toBeGreaterThan(700_000);
    expect(elapsedS).toBeLessThan(5);
  });

  it('randomScenario: deterministic, within constraints, and every generated session is consistent', () => {
    const scenarios = Array.from({ length: 12 }, (_, i) => randomScenario(new Rng(i)));
    expect(randomScenario(new Rng(3))).toEqual(scenarios[3]);
    const exercises = new Set(scenarios.map((s) => s.exercise));
    expect(exercises.size).toBeGreaterThan(2);
    scenarios.forEach((sc, i) => {
      expect(['squat', 'bench', 'deadlift', 'curl']).toContain(sc.exercise);
      expect(sc.prescription.eccentricS).toBeGreaterThanOrEqual(1);
      expect(sc.prescription.eccentricS).toBeLessThanOrEqual(8);
      expect(sc.sensor.sampleRateHz).toBeGreaterThanOrEqual(25);
      expect(sc.sensor.sampleRateHz).toBeLessThanOrEqual(200);
      const run = simulateSession(sc, i);
      expect(run.truth.sets).toHaveLength(sc.sets);
      for (const set of run.truth.sets) {
        expect(set.reps).toHaveLength(sc.repsPerSet);
        for (const rep of set.reps) {
          const order = isEccentricFirst(sc.exercise)
            ? [rep.eccentric, rep.bottomPause, rep.concentric, rep.topPause]
            : [rep.concentric, rep.topPause, rep.eccentric, rep.bottomPause];
          for (let k = 0; k < order.length; k++) {
            expect(order[k]?.endS).toBeGreaterThanOrEqual(order[k]?.startS ?? NaN);
            if (k > 0) expect(order[k]?.startS).toBe(order[k - 1]?.endS);
          }
          if (sc.prescription.bottomPauseS === 0) expect(rep.bottomPause.endS).toBe(rep.bottomPause.startS);
        }
      }
      const ordered = run.samples.every((s, k) => k === 0 || s.t >= (run.samples[k - 1] as { t: number }).t);
      expect(ordered).toBe(true);
    });
  });
});

describe('SimulatedLifter (live source)', () => {
  const sc = defaultScenario('squat', {
    repsPerSet: 3,
    restBetweenSetsS: 8,
    sensor: {
      sampleRateHz: 104,
      timing: 'host',
      duplicateProbability: 0.01,
      dropProbability: 0.005,
      garbageProbability: 0.002,
    },
  });

  it('yields the same stream however takeUntil() is chunked', () => {
    const whole = new SimulatedLifter(sc, 7).takeUntil(120);
    const chunked: Sample[] = [];
    const lifter = new SimulatedLifter(sc, 7);
    const rng = new Rng(1);
    let t = 0;
    while (t < 120) {
      t = Math.min(120, t + rng.pick([0.001, 0.013, 0.1, 0.5, 3]));
      const chunk = lifter.takeUntil(t);
      for (const s of chunk) expect(s.t).toBeLessThanOrEqual(t);
      chunked.push(...chunk);
    }
    expect(chunked.length).toBe(whole.length);
    expect(chunked).toEqual(whole);
    const other = new SimulatedLifter(sc, 7);
    other.takeUntil(120);
    expect(lifter.truthSoFar()).toEqual(other.truthSoFar());
  });

  it('matches simulateSession for the same seed over the sets they share', () => {
    const session = simulateSession({ ...sc, sets: 2 }, 5);
    const live = new SimulatedLifter(sc, 5);
    const endS = (session.truth.sets[1]?.endS ?? NaN) + 1;
    const samples = live.takeUntil(endS);
    expect(samples).toEqual(session.samples.filter((s) => s.t <= endS));
    expect(live.truthSoFar()).toEqual(session.truth.sets);
  });

  it('reports only finished sets and reps as truth so far, and keeps memory bounded', () => {
    const lifter = new SimulatedLifter(sc, 3);
    lifter.takeUntil(5);
    expect(lifter.truthSoFar()).toEqual([]);
    let samples = 0;
    let maxSegments = 0;
    for (let t = 10; t <= 3600; t += 10) {
      samples += lifter.takeUntil(t).length;
      maxSegments = Math.max(maxSegments, lifter.bufferedSegments);
      for (const set of lifter.truthSoFar()) {
        expect(set.endS).toBeLessThanOrEqual(t);
        for (const rep of set.reps) expect(rep.topPause.endS).toBeLessThanOrEqual(t);
      }
    }
    expect(samples / 3600).toBeCloseTo(104, -1);
    const sets = lifter.truthSoFar();
    expect(sets.length).toBeGreaterThan(50);
    expect(sets.slice(0, -1).every((s) => s.reps.length === 3)).toBe(true);
    expect(maxSegments).toBeLessThan(200);
  });
});
