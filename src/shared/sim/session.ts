/**
 * Whole simulated sessions (tests, benchmarks) and the endless live source (the app's default sensor).
 * Both use the same planner and sensor stream, seeded from independent sub-streams of one seed.
 */
import type { Sample } from '../engine/types';
import type { Trajectory } from './motion';
import { Planner } from './plan';
import { Rng, deriveSeed } from './random';
import { validateScenario, type Scenario } from './scenario';
import { SensorStream, createSensorSetup, type FlawLog, type SensorSetup } from './sensor';
import type { TrueSet } from './types';

const PLAN_STREAM = 1;
const SETUP_STREAM = 2;
const SENSOR_STREAM = 3;

export interface SimulatedSession {
  samples: Sample[];
  truth: { sets: TrueSet[] };
  scenario: Scenario;
  /** The exact bar motion (tests evaluate it to check the truth). */
  trajectory: Trajectory;
  /** Mounting rotation, biases, bar tilt/roll rates, BLE interval actually used. */
  sensorSetup: SensorSetup;
  flaws: FlawLog;
  /** Time of the last acquisition window (end of the tail rest). */
  durationS: number;
}

function makeParts(scenario: Scenario, seed: number): { planner: Planner; setup: SensorSetup } {
  validateScenario(scenario);
  const planner = new Planner(scenario, new Rng(deriveSeed(seed, PLAN_STREAM)));
  const setup = createSensorSetup(
    scenario.sensor,
    new Rng(deriveSeed(seed, SETUP_STREAM)),
    planner.tiltRadPerM,
    planner.rollRadPerM,
  );
  return { planner, setup };
}

/** A whole session: lead-in rest, sets separated by rests, tail rest. Time starts at 0 on Sample.t's clock. */
export function simulateSession(scenario: Scenario, seed: number): SimulatedSession {
  const { planner, setup } = makeParts(scenario, seed);
  const sets: TrueSet[] = [];
  planner.hold(scenario.leadInS, 0);
  for (let s = 0; s < scenario.sets; s++) {
    if (s > 0) planner.hold(scenario.restBetweenSetsS, 0);
    sets.push(planner.planSet());
  }
  planner.hold(scenario.tailS, 0);
  const durationS = planner.timeS;
  const stream = new SensorStream(
    scenario.sensor,
    setup,
    planner.trajectory,
    new Rng(deriveSeed(seed, SENSOR_STREAM)),
    0,
    durationS,
  );
  const samples: Sample[] = [];
  stream.takeUntil(Infinity, samples);
  return {
    samples,
    truth: { sets },
    scenario,
    trajectory: planner.trajectory,
    sensorSetup: setup,
    flaws: stream.flaws,
    durationS,
  };
}

/** How far ahead of the requested time the motion is planned (covers jitter and BLE bursts). */
const PLAN_AHEAD_S = 2;
/** Truth history kept by the live source. */
const MAX_TRUTH_SETS = 500;

/**
 * Endless live source: a lead-in rest, then set after set with restBetweenSetsS between them, forever.
 * takeUntil(tS) returns every sample with Sample.t <= tS not returned before; the concatenation of all
 * chunks is the same for a seed however the calls are chunked. Delivered samples and motion are forgotten.
 */
export class SimulatedLifter {
  readonly scenario: Scenario;
  private readonly planner: Planner;
  private readonly stream: SensorStream;
  private readonly sets: TrueSet[] = [];
  private deliveredUntilS = -Infinity;

  constructor(scenario: Scenario, seed: number) {
    this.scenario = scenario;
    const { planner, setup } = makeParts(scenario, seed);
    this.planner = planner;
    planner.hold(scenario.leadInS, 0);
    this.stream = new SensorStream(
      scenario.sensor,
      setup,
      planner.trajectory,
      new Rng(deriveSeed(seed, SENSOR_STREAM)),
      0,
      Infinity,
    );
  }

  get sensorSetup(): SensorSetup {
    return this.stream.setup;
  }

  get flaws(): FlawLog {
    return this.stream.flaws;
  }

  /** Motion segments still held in memory (bounded: delivered motion is forgotten). */
  get bufferedSegments(): number {
    return this.planner.trajectory.segments.length;
  }

  takeUntil(tS: number): Sample[] {
    if (!Number.isFinite(tS)) throw new Error('SimulatedLifter.takeUntil: tS must be finite');
    while (this.planner.timeS < Math.max(tS, this.stream.nextAcquisitionS) + PLAN_AHEAD_S) {
      if (this.sets.length > 0) this.planner.hold(this.scenario.restBetweenSetsS, 0);
      this.sets.push(this.planner.planSet());
      if (this.sets.length > MAX_TRUTH_SETS) this.sets.shift();
    }
    const out: Sample[] = [];
    this.stream.takeUntil(tS, out);
    this.deliveredUntilS = Math.max(this.deliveredUntilS, tS);
    this.planner.trajectory.dropBefore(this.stream.nextAcquisitionS - PLAN_AHEAD_S);
    return out;
  }

  /**
   * Truth up to the last takeUntil time: finished sets whole; the set in progress with only its finished
   * reps (a rep is finished when its last pause ends) and endS = the last finished rep's end.
   */
  truthSoFar(): TrueSet[] {
    const t = this.deliveredUntilS;
    const result: TrueSet[] = [];
    for (const set of this.sets) {
      if (set.startS > t) break;
      if (set.endS <= t) {
        result.push(set);
        continue;
      }
      const reps = set.reps.filter((rep) => repEndS(rep) <= t);
      const last = reps[reps.length - 1];
      result.push({ startS: set.startS, endS: last ? repEndS(last) : set.startS, reps });
    }
    return result;
  }
}

function repEndS(rep: TrueSet['reps'][number]): number {
  return Math.max(rep.topPause.endS, rep.bottomPause.endS, rep.concentric.endS, rep.eccentric.endS);
}
