import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeChunks, analyzeSamples, type Analysis } from '../../../src/shared/engine/analyze';
import { curveOfRep, MAX_CURVE_POINTS, repCurve, type RepCurve } from '../../../src/shared/engine/curves';
import { TempoEngine } from '../../../src/shared/engine/engine';
import type { RepMetrics } from '../../../src/shared/engine/types';
import {
  createRng,
  defaultScenario,
  randomScenario,
  simulateSession,
  STATE_SIZE,
  VZ,
  type Exercise,
  type ScenarioOverrides,
  type SimulatedSession,
} from '../../../src/shared/sim';

/** A clean device-clock session (truth and samples on one clock), analysed with curves recorded. */
function simulated(
  exercise: Exercise,
  overrides: ScenarioOverrides,
  seed: number,
): { session: SimulatedSession; analysis: Analysis } {
  const scenario = defaultScenario(exercise, {
    sets: 1,
    repsPerSet: 5,
    ...overrides,
    lifter: { rushedRepProbability: 0, ...overrides.lifter },
    sensor: { sampleRateHz: 100, timing: 'device', ...overrides.sensor },
  });
  const session = simulateSession(scenario, seed);
  return {
    session,
    analysis: analyzeSamples(session.samples, { prescription: scenario.prescription, curves: true }),
  };
}

function allReps(analysis: Analysis): { setIndex: number; rep: RepMetrics }[] {
  return analysis.sets.flatMap((s) => s.reps.map((rep) => ({ setIndex: s.index, rep })));
}

/** The simulated bar's true vertical velocity at an analysis time. */
function trueVelocity(session: SimulatedSession, analysis: Analysis, tS: number): number {
  const state = new Float64Array(STATE_SIZE);
  session.trajectory.evaluate(tS + analysis.input.originS, state);
  return state[VZ]!;
}

/** RMS of the curve's velocity against the truth (optionally the truth sign-flipped or shifted in time). */
function rmsErrorMps(
  curve: RepCurve,
  truth: (tS: number) => number,
  { flip = false, shiftS = 0 } = {},
): number {
  let sum = 0;
  curve.tS.forEach((tS, k) => {
    const expected = (flip ? -1 : 1) * truth(tS + shiftS);
    sum += (curve.velocityMps[k]! - expected) ** 2;
  });
  return Math.sqrt(sum / curve.tS.length);
}

/** The curve's value at time tS, linearly interpolated. */
function at(curve: RepCurve, values: number[], tS: number): number {
  const k = curve.tS.findIndex((t) => t >= tS);
  if (k <= 0) return values[Math.max(k, 0)]!;
  const f = (tS - curve.tS[k - 1]!) / (curve.tS[k]! - curve.tS[k - 1]!);
  return values[k - 1]! + f * (values[k]! - values[k - 1]!);
}

function between(curve: RepCurve, fromS: number, toS: number): number[] {
  return curve.velocityMps.filter((_, k) => curve.tS[k]! >= fromS && curve.tS[k]! <= toS);
}

describe('recorded curves leave the analysis as it was', () => {
  it('are off by default, and on give byte-identical input, sets and events', () => {
    for (const seed of [1, 2, 3]) {
      const { samples, scenario } = simulateSession(randomScenario(createRng(seed)), seed);
      const off = analyzeSamples(samples, { prescription: scenario.prescription });
      const on = analyzeSamples(samples, { prescription: scenario.prescription, curves: true });
      expect(off.curves).toBeUndefined();
      expect(on.curves).toBeDefined();
      const { curves: _recorded, ...rest } = on;
      expect(JSON.stringify(rest)).toBe(JSON.stringify(off));
    }
    expect(new TempoEngine().curves).toBeNull();
  });

  it('are gone after reset', () => {
    const { samples, scenario } = simulateSession(defaultScenario('squat', { sets: 1, repsPerSet: 3 }), 5);
    const engine = new TempoEngine({ prescription: scenario.prescription, curves: true });
    engine.process(samples);
    engine.finish();
    expect(engine.curves!.trackerSamples(-Infinity, Infinity).tS.length).toBeGreaterThan(0);
    engine.reset();
    expect(engine.curves!.trackerSamples(-Infinity, Infinity).tS.length).toBe(0);
    expect(engine.curves!.lookedBackOver(-Infinity, Infinity)).toBeNull();
    expect(engine.curves!.sizeBytes).toBe(0);
  });
});

describe('a tracker rep curve against the simulator truth', () => {
  // Squat 3-1-X-0: lowering first, a bottom pause; 5 reps at 100 Hz.
  const { session, analysis } = simulated('squat', {}, 21);
  // The set's first lowering (after the walk-out) is partly read as rest and located in the readings:
  // drawn from the looked-back estimate (below).
  const reps = allReps(analysis).filter(
    ({ setIndex, rep }) => repCurve(analysis, setIndex, rep.index)?.source === 'tracker',
  );
  const truth = (tS: number): number => trueVelocity(session, analysis, tS);

  it('follows the true velocity within a few cm/s, and not flipped or a phase late', () => {
    expect(allReps(analysis)).toHaveLength(5);
    expect(reps.length).toBeGreaterThanOrEqual(4);
    for (const { setIndex, rep } of reps) {
      const curve = repCurve(analysis, setIndex, rep.index)!;
      const peakMps = Math.max(...curve.tS.map((t) => Math.abs(truth(t))));
      expect(peakMps).toBeGreaterThan(0.3);
      expect(rmsErrorMps(curve, truth)).toBeLessThan(0.04);
      expect(rmsErrorMps(curve, truth, { flip: true })).toBeGreaterThan(0.15);
      expect(rmsErrorMps(curve, truth, { shiftS: rep.eccentric.durationS })).toBeGreaterThan(0.08);
    }
  });

  it('reads the rep ROM off its position (zero at the top), and the true depth', () => {
    for (const { setIndex, rep } of reps) {
      const curve = repCurve(analysis, setIndex, rep.index)!;
      expect(Math.abs(at(curve, curve.positionM, rep.startS))).toBeLessThan(1e-4);
      const loweredM =
        at(curve, curve.positionM, rep.eccentric.startS) - at(curve, curve.positionM, rep.eccentric.endS);
      const liftedM =
        at(curve, curve.positionM, rep.concentric.endS) - at(curve, curve.positionM, rep.concentric.startS);
      // The engine's ROM is the mean of the lowering's and the lift's measured travel.
      expect(Math.abs(0.5 * (loweredM + liftedM) - rep.romM)).toBeLessThan(Math.max(0.005, 0.03 * rep.romM));
      // Against the truth, as good as the tracker's own ROM (within 4% on these reps).
      const trueRep = session.truth.sets[0]!.reps.find(
        (r) => Math.abs(r.eccentric.startS - analysis.input.originS - rep.eccentric.startS) < 0.5,
      )!;
      const depthM = -Math.min(...curve.positionM);
      expect(Math.abs(depthM - trueRep.romM)).toBeLessThan(0.08 * trueRep.romM);
    }
  });

  it('is still at the bottom pause and moves down then up where the phases say', () => {
    for (const { setIndex, rep } of reps) {
      const curve = repCurve(analysis, setIndex, rep.index)!;
      const pause = rep.bottomPause;
      const middle = between(
        curve,
        pause.startS + 0.25 * pause.durationS,
        pause.endS - 0.25 * pause.durationS,
      );
      expect(middle.length).toBeGreaterThan(0);
      for (const v of middle) expect(Math.abs(v)).toBeLessThan(0.05);
      const ecc = rep.eccentric;
      const con = rep.concentric;
      for (const v of between(curve, ecc.startS + 0.1 * ecc.durationS, ecc.endS - 0.1 * ecc.durationS))
        expect(v).toBeLessThan(0);
      for (const v of between(curve, con.startS + 0.1 * con.durationS, con.endS - 0.1 * con.durationS))
        expect(v).toBeGreaterThan(0);
    }
  });

  it('keeps its phases and a margin either side', () => {
    const { setIndex, rep } = reps[2]!;
    const curve = repCurve(analysis, setIndex, rep.index, 0.5)!;
    expect(curve.phases.eccentric).toEqual({ startS: rep.eccentric.startS, endS: rep.eccentric.endS });
    expect(curve.phases.topPause).toEqual({ startS: rep.topPause.startS, endS: rep.topPause.endS });
    expect(curve.romM).toBe(rep.romM);
    expect(curve.tS[0]).toBeLessThan(rep.startS - 0.4);
    expect(curve.tS[curve.tS.length - 1]).toBeGreaterThan(rep.endS + 0.4);
    expect(repCurve(analysis, setIndex, 99)).toBeNull();
    expect(repCurve({ sets: analysis.sets }, setIndex, rep.index)).toBeNull();
  });
});

describe('turnarounds and other lifts', () => {
  it('crosses zero at a touch-and-go bottom where the eccentric ends', () => {
    const { session, analysis } = simulated('squat', { prescription: { bottomPauseS: 0, topPauseS: 1 } }, 8);
    const reps = allReps(analysis);
    expect(reps.length).toBeGreaterThanOrEqual(4);
    let tracked = 0;
    for (const { setIndex, rep } of reps) {
      const curve = repCurve(analysis, setIndex, rep.index)!;
      if (curve.source !== 'tracker') continue;
      tracked++;
      expect(rmsErrorMps(curve, (t) => trueVelocity(session, analysis, t))).toBeLessThan(0.05);
      // The last downward sample before the lift: the crossing lies within a sample period or two of the
      // eccentric's end (which turns.ts may re-time for the cycle's velocity offset).
      const k = curve.tS.findIndex((t, i) => t > rep.eccentric.startS && curve.velocityMps[i]! > 0);
      expect(Math.abs(curve.tS[k]! - rep.eccentric.endS)).toBeLessThan(0.06);
    }
    expect(tracked).toBeGreaterThanOrEqual(4);
  });

  it('starts a lift-first rep (deadlift) at zero at the bottom and goes up first', () => {
    const { session, analysis } = simulated('deadlift', {}, 4);
    const reps = allReps(analysis);
    expect(reps.length).toBeGreaterThanOrEqual(4);
    for (const { setIndex, rep } of reps) {
      const curve = repCurve(analysis, setIndex, rep.index)!;
      if (curve.source !== 'tracker') continue;
      expect(rmsErrorMps(curve, (t) => trueVelocity(session, analysis, t))).toBeLessThan(0.05);
      const topM = at(curve, curve.positionM, rep.concentric.endS);
      expect(Math.abs(topM - session.scenario.lifter.romM)).toBeLessThan(0.05 * session.scenario.lifter.romM);
    }
  });
});

describe('the looked-back estimate', () => {
  it('draws a lowering the tracker read as rest (a hole in its samples) and the engine located', () => {
    let holes = 0;
    for (const [exercise, seed] of [
      ['squat', 21],
      ['squat', 8],
      ['bench', 3],
    ] as const) {
      const { session, analysis } = simulated(exercise, {}, seed);
      for (const { setIndex, rep } of allReps(analysis)) {
        const ecc = rep.eccentric;
        const { tS } = analysis.curves!.trackerSamples(ecc.startS, ecc.endS);
        const longestS = Math.max(
          ecc.endS - ecc.startS - (tS.length > 0 ? tS[tS.length - 1]! - tS[0]! : 0),
          ...tS.slice(1).map((t, k) => t - tS[k]!),
        );
        if (longestS < 0.5 * ecc.durationS) continue;
        holes++;
        const curve = repCurve(analysis, setIndex, rep.index)!;
        expect(curve.source).toBe('looked-back');
        const truth = (t: number): number => trueVelocity(session, analysis, t);
        expect(rmsErrorMps(curve, truth)).toBeLessThan(0.12);
      }
    }
    expect(holes).toBeGreaterThan(0);
  });

  it('draws estimated reps, and roughly follows the truth', () => {
    let estimated = 0;
    for (let seed = 1; seed <= 10 && estimated === 0; seed++) {
      const session = simulateSession(randomScenario(createRng(seed), { flaws: false }), seed);
      const analysis = analyzeSamples(session.samples, {
        prescription: session.scenario.prescription,
        curves: true,
      });
      for (const { setIndex, rep } of allReps(analysis)) {
        if (!rep.estimated) continue;
        estimated++;
        const curve = repCurve(analysis, setIndex, rep.index)!;
        expect(curve.source).toBe('looked-back');
        const truth = (t: number): number => trueVelocity(session, analysis, t);
        expect(rmsErrorMps(curve, truth)).toBeLessThan(0.12);
        expect(rmsErrorMps(curve, truth, { flip: true })).toBeGreaterThan(0.25);
      }
    }
    expect(estimated).toBeGreaterThan(0);
  });

  it('is on the 50 ms grid of the readings, integrated to a position', () => {
    const { session, analysis } = simulated('bench', {}, 3);
    const { rep } = allReps(analysis)[1]!;
    // The looked-back velocity of a tracker rep, as it would be drawn had the tracker lost it.
    const curve = curveOfRep(analysis.curves!, { ...rep, estimated: true })!;
    expect(curve.source).toBe('looked-back');
    expect(curve.tS[1]! - curve.tS[0]!).toBeCloseTo(0.05, 9);
    const truth = (t: number): number => trueVelocity(session, analysis, t);
    expect(rmsErrorMps(curve, truth)).toBeLessThan(0.12);
    expect(rmsErrorMps(curve, truth, { flip: true })).toBeGreaterThan(0.25);
    // A band-pass down to 0.1 Hz shortens a 3 s lowering's travel, but not by half.
    const depthM = -Math.min(...curve.positionM);
    expect(depthM).toBeGreaterThan(0.5 * rep.romM);
    expect(depthM).toBeLessThan(1.2 * rep.romM);
  });
});

describe('thinning', () => {
  it('draws at most MAX_CURVE_POINTS points, keeping both ends', () => {
    const { analysis } = simulated(
      'squat',
      { prescription: { eccentricS: 6, bottomPauseS: 2 }, sensor: { sampleRateHz: 200 } },
      2,
    );
    const { setIndex, rep } = allReps(analysis)[1]!;
    const curve = repCurve(analysis, setIndex, rep.index, 1)!;
    const full = analysis.curves!.trackerSamples(rep.startS - 1, rep.endS + 1);
    expect(full.tS.length).toBeGreaterThan(MAX_CURVE_POINTS);
    expect(curve.tS.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(curve.tS.length).toBeGreaterThan(MAX_CURVE_POINTS / 2);
    expect(curve.tS[0]).toBe(full.tS[0]);
    expect(curve.tS[curve.tS.length - 1]).toBe(full.tS[full.tS.length - 1]);
    // Thinned, not re-estimated: every drawn point is a recorded one.
    const recorded = new Map(Array.from(full.tS, (t, k) => [t, full.velocityMps[k]!]));
    curve.tS.forEach((t, k) => expect(curve.velocityMps[k]).toBe(recorded.get(t)));
  });
});

describe('streaming equals batch for the curves', () => {
  const scenario = defaultScenario('squat', {
    sets: 2,
    repsPerSet: 4,
    restBetweenSetsS: 20,
    sensor: { sampleRateHz: 60, timing: 'host', duplicateProbability: 0.02, dropProbability: 0.002 },
  });
  const { samples } = simulateSession(scenario, 11);
  const options = { prescription: scenario.prescription, curves: true };
  const batch = analyzeSamples(samples, options);
  const curvesOf = (a: Analysis): (RepCurve | null)[] =>
    allReps(a).map(({ setIndex, rep }) => repCurve(a, setIndex, rep.index));

  it('records the same velocities and draws the same rep curves for random chunkings', () => {
    expect(allReps(batch).length).toBeGreaterThan(4);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }), (sizes) => {
        const chunks = [];
        for (let i = 0, k = 0; i < samples.length; k++) {
          const size = sizes[k % sizes.length]!;
          chunks.push(samples.slice(i, i + size));
          i += size;
        }
        const streamed = analyzeChunks(chunks, options);
        expect(streamed.events).toEqual(batch.events);
        expect(streamed.curves!.trackerSamples(-Infinity, Infinity)).toEqual(
          batch.curves!.trackerSamples(-Infinity, Infinity),
        );
        expect(streamed.curves!.sizeBytes).toBe(batch.curves!.sizeBytes);
        expect(curvesOf(streamed)).toEqual(curvesOf(batch));
      }),
      { numRuns: 8, seed: 19 },
    );
  });
});
