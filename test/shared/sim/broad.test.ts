import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../src/shared/engine/types';
import { AZ, STATE_SIZE, type Trajectory } from '../../../src/shared/sim/motion';
import { Rng } from '../../../src/shared/sim/random';
import {
  BROAD_KINDS,
  broadScenario,
  startsWithEccentric,
  validateScenario,
  type Scenario,
} from '../../../src/shared/sim/scenario';
import { SimulatedLifter, simulateSession } from '../../../src/shared/sim/session';
import type { TrueRep } from '../../../src/shared/sim/types';
import { exactScenario, peakSpeed, verticalVelocity } from './helpers';

const G = 9.80665;

function verticalAccel(trajectory: Trajectory, tS: number): number {
  const state = new Float64Array(STATE_SIZE);
  trajectory.evaluate(tS, state);
  return state[AZ] as number;
}

function maxAbsAccelG(trajectory: Trajectory, fromS: number, toS: number): number {
  let peak = 0;
  for (let t = fromS; t <= toS; t += 0.002) peak = Math.max(peak, Math.abs(verticalAccel(trajectory, t)));
  return peak / G;
}

/** Each phase's edges sit at 5% of its own peak speed (the truth stays exact with the new motions). */
function expectExactEdges(trajectory: Trajectory, reps: readonly TrueRep[]): void {
  for (const rep of reps) {
    for (const phase of [rep.eccentric, rep.concentric]) {
      const peak = peakSpeed(trajectory, phase.startS, phase.endS);
      expect(Math.abs(verticalVelocity(trajectory, phase.startS))).toBeCloseTo(0.05 * peak, 4);
      expect(Math.abs(verticalVelocity(trajectory, phase.endS))).toBeCloseTo(0.05 * peak, 4);
    }
  }
}

describe('broadened scenarios (issue 19)', () => {
  it('overhead press: unracked and walked out, then the first movement of the set is a lift', () => {
    const sc = exactScenario('press', { sets: 1, repsPerSet: 3 });
    const { trajectory, truth } = simulateSession(sc, 3);
    const segs = trajectory.segments;
    const firstPhase = segs.findIndex((s) => s.kind === 'phase');
    // Rack work first: the lift off the hooks (up) and the steps back.
    const rackMoves = segs.slice(0, firstPhase).filter((s) => s.kind === 'move');
    expect(rackMoves.length).toBeGreaterThanOrEqual(2);
    expect(rackMoves[0]?.kind === 'move' && rackMoves[0].dzM).toBeGreaterThan(0.03);
    const phase = segs[firstPhase];
    expect(phase?.kind === 'phase' && phase.direction).toBe(1);
    const rep = truth.sets[0]?.reps[0] as TrueRep;
    expect(rep.concentric.startS).toBeLessThan(rep.eccentric.startS);
    expect(startsWithEccentric(sc)).toBe(false);
    expectExactEdges(trajectory, truth.sets[0]?.reps ?? []);
  });

  for (const kind of ['rdl', 'row'] as const) {
    it(`${kind} (broad): lowering first, and no rack work at all`, () => {
      let seed = 1;
      let found: Scenario | null = null;
      for (; found === null; seed++) {
        const b = broadScenario(new Rng(seed), [kind]);
        if (b.kind === kind) found = b.scenario;
      }
      expect(found.rack.kind).toBe('none');
      const { trajectory, truth } = simulateSession(found, seed);
      expect(trajectory.segments.some((s) => s.kind === 'move')).toBe(false);
      const first = trajectory.segments.find((s) => s.kind === 'phase');
      expect(first?.kind === 'phase' && first.direction).toBe(-1);
      for (const set of truth.sets) {
        const rep = set.reps[0] as TrueRep;
        expect(rep.eccentric.startS).toBeLessThan(rep.concentric.startS);
        expect(verticalVelocity(trajectory, 0.5 * (rep.eccentric.startS + rep.eccentric.endS))).toBeLessThan(
          0,
        );
      }
    });
  }

  it('eased negatives speed up and stop over about a quarter to a third of their length: low acceleration at the ends', () => {
    const base = { sets: 1, repsPerSet: 2, prescription: { eccentricS: 6, topPauseS: 1, bottomPauseS: 1 } };
    const eased = simulateSession(
      exactScenario('squat', {
        ...base,
        lifter: { eccentricEaseShare: 0.3, eccentricTimeToPeakFraction: 0.5 },
      }),
      4,
    );
    const plain = simulateSession(exactScenario('squat', base), 4);
    for (const session of [eased, plain])
      expectExactEdges(session.trajectory, session.truth.sets[0]?.reps ?? []);
    const ecc = (s: typeof eased): { startS: number; endS: number } =>
      (s.truth.sets[0]?.reps[0] as TrueRep).eccentric;
    const e = ecc(eased);
    const p = ecc(plain);
    const lengthS = e.endS - e.startS;
    // Eased: a tenth of the length or more to reach 90% of its peak; the plain negative takes a twentieth.
    const timeTo90 = (session: typeof eased, ph: { startS: number; endS: number }): number => {
      const peak = peakSpeed(session.trajectory, ph.startS, ph.endS);
      let t = ph.startS;
      while (Math.abs(verticalVelocity(session.trajectory, t)) < 0.9 * peak) t += 0.002;
      return t - ph.startS;
    };
    expect(timeTo90(eased, e)).toBeGreaterThan(0.1 * lengthS);
    expect(timeTo90(plain, p)).toBeLessThan(0.05 * lengthS);
    // The first and last quarter carry a few mg, a quarter of what the plain negative's ramps do.
    const easedEndsG = Math.max(
      maxAbsAccelG(eased.trajectory, e.startS, e.startS + lengthS / 4),
      maxAbsAccelG(eased.trajectory, e.endS - lengthS / 4, e.endS),
    );
    const plainEndsG = maxAbsAccelG(plain.trajectory, p.startS, p.startS + lengthS / 4);
    expect(easedEndsG).toBeLessThan(0.015);
    expect(easedEndsG).toBeLessThan(0.35 * plainEndsG);
  });

  it('top pauses with small movements: centimetres of drift and sway, slower than the set, edges still exact', () => {
    const sc = exactScenario('squat', {
      sets: 1,
      repsPerSet: 4,
      prescription: { eccentricS: 2, topPauseS: 2.5, bottomPauseS: 0.5 },
      lifter: { topPauseSwayM: 0.03, topPauseSwaySpeedFraction: 0.4 },
    });
    const { trajectory, truth } = simulateSession(sc, 6);
    const reps = truth.sets[0]?.reps ?? [];
    expectExactEdges(trajectory, reps);
    let slowestPeak = Infinity;
    for (const r of reps) {
      slowestPeak = Math.min(
        slowestPeak,
        peakSpeed(trajectory, r.eccentric.startS, r.eccentric.endS),
        peakSpeed(trajectory, r.concentric.startS, r.concentric.endS),
      );
    }
    const state = new Float64Array(STATE_SIZE);
    // Top pauses between reps (the last rep's is zero-length).
    for (const r of reps.slice(0, -1)) {
      let lo = Infinity;
      let hi = -Infinity;
      let fastest = 0;
      for (let t = r.topPause.startS; t <= r.topPause.endS; t += 0.005) {
        trajectory.evaluate(t, state);
        lo = Math.min(lo, state[2] as number);
        hi = Math.max(hi, state[2] as number);
        fastest = Math.max(fastest, Math.abs(state[5] as number));
      }
      expect(hi - lo).toBeGreaterThan(0.005);
      expect(fastest).toBeLessThanOrEqual(0.4 * slowestPeak + 1e-9);
    }
    // Without the option a top pause barely moves (the usual 2 mm sway cap).
    const still = simulateSession(exactScenario('squat', { ...sc, lifter: {} }), 6);
    const r0 = still.truth.sets[0]?.reps[0] as TrueRep;
    let range = 0;
    let ref = NaN;
    for (let t = r0.topPause.startS; t <= r0.topPause.endS; t += 0.005) {
      still.trajectory.evaluate(t, state);
      if (Number.isNaN(ref)) ref = state[2] as number;
      range = Math.max(range, Math.abs((state[2] as number) - ref));
    }
    expect(range).toBeLessThan(0.003);
  });

  it('per-axis scale error scales each axis by its own factor', () => {
    const base = exactScenario('curl', {
      sets: 1,
      repsPerSet: 2,
      sensor: { mounting: 'random', hasGyro: false },
    });
    const scaled = { ...base, sensor: { ...base.sensor, accelScaleError: [0.02, -0.015, 0.01] as const } };
    const a = simulateSession(base, 8).samples;
    const b = simulateSession(scaled, 8).samples;
    expect(b.length).toBe(a.length);
    let checked = 0;
    for (let i = 0; i < a.length; i += 37) {
      const x = a[i] as Sample;
      const y = b[i] as Sample;
      expect(y.t).toBe(x.t);
      if (Math.abs(x.ax) > 0.1) expect(y.ax / x.ax).toBeCloseTo(1.02, 12);
      if (Math.abs(x.ay) > 0.1) expect(y.ay / x.ay).toBeCloseTo(0.985, 12);
      if (Math.abs(x.az) > 0.1) expect(y.az / x.az).toBeCloseTo(1.01, 12);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    // Drawn per axis within the maximum when not given.
    const drawn = simulateSession({ ...base, sensor: { ...base.sensor, accelScaleErrorMax: 0.02 } }, 8);
    const gains = drawn.sensorSetup.accelGain;
    for (const g of gains) expect(Math.abs(g - 1)).toBeLessThanOrEqual(0.02);
    expect(new Set(gains).size).toBe(3);
  });

  it('a 4 g range clips the clanks on the hooks that a 16 g range reads whole', () => {
    const sc = (clipG: number): Scenario =>
      exactScenario('squat', { sets: 1, repsPerSet: 2, sensor: { impactPeakG: 8, clipG } });
    const wide = simulateSession(sc(16), 9);
    const narrow = simulateSession(sc(4), 9);
    const axes = (s: Sample): number[] => [s.ax, s.ay, s.az];
    const wideMax = Math.max(...wide.samples.flatMap(axes).map(Math.abs));
    expect(wideMax).toBeGreaterThan(4.5);
    // The same readings, each clipped at 4 g (the range changes nothing else).
    expect(narrow.samples).toHaveLength(wide.samples.length);
    let clipped = 0;
    wide.samples.forEach((w, i) => {
      const n = narrow.samples[i] as Sample;
      for (const [wv, nv] of [
        [w.ax, n.ax],
        [w.ay, n.ay],
        [w.az, n.az],
      ] as const) {
        expect(nv).toBe(Math.max(-4, Math.min(4, wv)));
        if (Math.abs(wv) > 4) clipped++;
      }
    });
    expect(clipped).toBeGreaterThan(0);
    // Clanks only at the rack: unrack and re-rack.
    expect(narrow.trajectory.impacts).toHaveLength(2);
    // Without impacts nothing in a squat comes near 4 g.
    const calm = simulateSession(exactScenario('squat', { sets: 1, repsPerSet: 2, sensor: { clipG: 4 } }), 9);
    expect(Math.max(...calm.samples.flatMap(axes).map(Math.abs))).toBeLessThan(3);
  });

  it('broadScenario: only the kinds asked for, every one valid, and the live source streams them the same', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 200; seed++) {
      const { kind, scenario } = broadScenario(new Rng(seed));
      seen.add(kind);
      expect(() => validateScenario(scenario)).not.toThrow();
      const dev = broadScenario(new Rng(seed), ['press', 'eased-negative']);
      expect(['press', 'eased-negative']).toContain(dev.kind);
    }
    expect([...seen].sort()).toEqual([...BROAD_KINDS].sort());
    const mixed = (() => {
      for (let seed = 1; ; seed++) {
        const b = broadScenario(new Rng(seed), ['mixed']);
        if (b.scenario.sensor.impactPeakG > 0 && b.scenario.rack.kind !== 'none') return b.scenario;
      }
    })();
    const session = simulateSession({ ...mixed, sets: 1 }, 12);
    const live = new SimulatedLifter(mixed, 12);
    const endS = (session.truth.sets[0]?.endS ?? NaN) + 1;
    const chunked: Sample[] = [];
    for (let t = 0.7; t < endS; t += 0.7) chunked.push(...live.takeUntil(t));
    chunked.push(...live.takeUntil(endS));
    expect(chunked).toEqual(session.samples.filter((s) => s.t <= endS));
  });

  it('validateScenario rejects the new parameters out of range', () => {
    const sc = exactScenario('rdl');
    expect(() => validateScenario(sc)).not.toThrow();
    expect(() => validateScenario({ ...sc, lifter: { ...sc.lifter, eccentricEaseShare: 0.9 } })).toThrow(
      /eccentricEaseShare/,
    );
    expect(() => validateScenario({ ...sc, sensor: { ...sc.sensor, accelScaleErrorMax: 0.7 } })).toThrow(
      /scale/,
    );
    expect(() => validateScenario({ ...sc, sensor: { ...sc.sensor, impactPeakG: -1 } })).toThrow(
      /impactPeakG/,
    );
  });
});
