import { describe, expect, it } from 'vitest';
import { analyzeSamples } from '../../../src/shared/engine/analyze';
import { TempoEngine } from '../../../src/shared/engine/engine';
import { parseTempo } from '../../../src/shared/tempo/parse';
import { synthesize, type Move } from '../../helpers/synthetic';
import { defaultScenario, simulateSession } from '../../../src/shared/sim';

function squatSet(reps: number, eccS: number, bottomS: number, conS: number, topS: number): Move[] {
  const moves: Move[] = [{ dz: 0, durationS: 2 }];
  for (let i = 0; i < reps; i++) {
    moves.push({ dz: -0.5, durationS: eccS }, { dz: 0, durationS: bottomS }, { dz: 0.5, durationS: conS });
    moves.push({ dz: 0, durationS: i === reps - 1 ? 3 : topS });
  }
  return moves;
}

describe('TempoEngine on clean synthetic squats', () => {
  it('finds every rep and times the eccentric to the 5% edges', () => {
    const syn = synthesize(squatSet(5, 2, 1, 1, 1.5), { rateHz: 100, noiseG: 0.005 });
    const result = analyzeSamples(syn.samples, { prescription: parseTempo('2-1-X-1') });
    expect(result.sets).toHaveLength(1);
    const reps = result.sets[0]!.reps;
    expect(reps).toHaveLength(5);
    const downs = syn.strokes.filter((s) => s.dz < 0);
    reps.forEach((rep, i) => {
      expect(rep.eccentric.startS).toBeCloseTo(downs[i]!.startS, 1);
      expect(rep.eccentric.endS).toBeCloseTo(downs[i]!.endS, 1);
      expect(rep.romM).toBeGreaterThan(0.4);
      expect(rep.romM).toBeLessThan(0.6);
    });
  });
});

describe('streaming equals batch', () => {
  it('gives identical events for random chunkings', () => {
    const syn = synthesize(squatSet(3, 3, 0, 1, 1), { rateHz: 100, noiseG: 0.01, seed: 7 });
    const batch = analyzeSamples(syn.samples, { prescription: parseTempo('3-0-X-1') });
    let seed = 3;
    for (let trial = 0; trial < 5; trial++) {
      const engine = new TempoEngine({ prescription: parseTempo('3-0-X-1') });
      const events = [];
      let i = 0;
      while (i < syn.samples.length) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const size = 1 + (seed % 97);
        events.push(...engine.process(syn.samples.slice(i, i + size)));
        i += size;
      }
      events.push(...engine.finish());
      expect(events).toEqual(batch.events);
    }
  });
});

describe('engine on the simulated sensor', () => {
  it('streams identically to batch over a flawed simulated session, for random chunkings', () => {
    const scenario = defaultScenario('squat', {
      sets: 2,
      repsPerSet: 4,
      restBetweenSetsS: 20,
      sensor: {
        sampleRateHz: 60,
        timing: 'host',
        duplicateProbability: 0.02,
        dropProbability: 0.002,
        garbageProbability: 0.002,
      },
    });
    const { samples } = simulateSession(scenario, 11);
    const batch = analyzeSamples(samples, { prescription: scenario.prescription });
    let seed = 17;
    for (let trial = 0; trial < 3; trial++) {
      const engine = new TempoEngine({ prescription: scenario.prescription });
      const events = [];
      for (let i = 0; i < samples.length;) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const size = 1 + (seed % 250);
        events.push(...engine.process(samples.slice(i, i + size)));
        i += size;
      }
      events.push(...engine.finish());
      expect(events).toEqual(batch.events);
    }
  });

  it('times a default 3-1-X-0 bench set within tolerance of the truth', () => {
    const scenario = defaultScenario('bench', {
      sets: 1,
      repsPerSet: 5,
      lifter: { rushedRepProbability: 0 },
    });
    const session = simulateSession(scenario, 1);
    const result = analyzeSamples(session.samples, { prescription: scenario.prescription });
    const truth = session.truth.sets[0]!.reps;
    const reps = result.sets.flatMap((s) => s.reps);
    expect(reps).toHaveLength(truth.length);
    reps.forEach((rep, i) => {
      const trueDuration = truth[i]!.eccentric.endS - truth[i]!.eccentric.startS;
      expect(Math.abs(rep.eccentric.durationS - trueDuration)).toBeLessThan(
        Math.max(0.04, 0.03 * trueDuration),
      );
    });
  });

  it('finds no reps in a bar at rest, and reports nothing but the stream', () => {
    const syn = synthesize([{ dz: 0, durationS: 30 }], { rateHz: 100, noiseG: 0.01 });
    const result = analyzeSamples(syn.samples);
    expect(result.sets).toEqual([]);
    expect(result.events).toEqual([]);
    expect(result.input.durationS).toBeCloseTo(30, 1);
  });

  it('reports a gap in the stream as a gap', () => {
    const a = synthesize([{ dz: 0, durationS: 5 }], { rateHz: 100, noiseG: 0.005 });
    const b = synthesize([{ dz: 0, durationS: 5 }], { rateHz: 100, noiseG: 0.005, t0: 7, seed: 5 });
    const result = analyzeSamples([...a.samples, ...b.samples]);
    expect(result.input.gaps).toHaveLength(1);
    expect(result.input.gaps[0]!.startS).toBeCloseTo(5, 1);
    expect(result.input.gaps[0]!.endS).toBeCloseTo(7, 1);
    expect(result.events.filter((e) => e.type === 'gap')).toHaveLength(1);
  });
});

describe('lifts that start with the concentric', () => {
  it('orders a deadlift rep concentric, top pause, eccentric, bottom pause', () => {
    const moves: Move[] = [{ dz: 0, durationS: 2 }];
    for (let i = 0; i < 4; i++) {
      moves.push({ dz: 0.6, durationS: 1.2 }, { dz: 0, durationS: 1 }, { dz: -0.6, durationS: 2.5 });
      moves.push({ dz: 0, durationS: i === 3 ? 3 : 1.5 });
    }
    const syn = synthesize(moves, { rateHz: 100, noiseG: 0.005 });
    const reps = analyzeSamples(syn.samples).sets.flatMap((s) => s.reps);
    expect(reps).toHaveLength(4);
    for (const rep of reps) {
      expect(rep.concentric.startS).toBeLessThan(rep.topPause.startS + 1e-9);
      expect(rep.topPause.endS).toBeLessThanOrEqual(rep.eccentric.startS + 1e-9);
      expect(rep.eccentric.durationS).toBeGreaterThan(2);
      expect(rep.topPause.durationS).toBeGreaterThan(0.8);
    }
  });
});

describe('rushed negatives', () => {
  it('flags the rushed rep at its bottom, before its concentric ends', () => {
    const moves: Move[] = [{ dz: 0, durationS: 2 }];
    const eccentrics = [3, 3, 1.2, 3];
    eccentrics.forEach((ecc, i) => {
      moves.push({ dz: -0.5, durationS: ecc + 0.1 }, { dz: 0, durationS: 1 }, { dz: 0.5, durationS: 1 });
      moves.push({ dz: 0, durationS: i === eccentrics.length - 1 ? 3 : 1.5 });
    });
    const syn = synthesize(moves, { rateHz: 100, noiseG: 0.005 });
    const result = analyzeSamples(syn.samples, { prescription: parseTempo('3-1-X-1') });
    const reps = result.sets.flatMap((s) => s.reps);
    expect(reps.map((r) => r.rushed)).toEqual([false, false, true, false]);
    const warnings = result.events.filter((e) => e.type === 'eccentric-ended' && e.rushed);
    expect(warnings).toHaveLength(1);
    const warning = warnings[0]!;
    const rushedRep = reps[2]!;
    expect(warning.committedAtS).toBeLessThan(rushedRep.concentric.endS);
  });
});

describe('reset', () => {
  it('leaves the engine exactly as new: the same stream gives the same events again', () => {
    const scenario = defaultScenario('bench', { sets: 1, repsPerSet: 3, sensor: { timing: 'host' } });
    const { samples } = simulateSession(scenario, 5);
    const other = simulateSession(defaultScenario('curl', { sets: 1, repsPerSet: 2 }), 9).samples;
    const fresh = new TempoEngine({ prescription: scenario.prescription });
    const expected = [...fresh.process(samples), ...fresh.finish()];
    const reused = new TempoEngine({ prescription: scenario.prescription });
    reused.process(other);
    reused.finish();
    reused.reset();
    expect([...reused.process(samples), ...reused.finish()]).toEqual(expected);
  });
});

describe('cycle count', () => {
  it('counts one rise per lift of a clean set, and reset() forgets them', () => {
    const syn = synthesize(squatSet(5, 2, 1, 1, 1.5), { rateHz: 100, noiseG: 0.005 });
    const counting = new TempoEngine();
    counting.process(syn.samples);
    counting.finish();
    expect(counting.cycleRises).toBe(5);
    counting.reset();
    expect(counting.cycleRises).toBe(0);
  });
});
