import type { RepMetrics } from '../shared/engine/types';
import { createRng, randomScenario, simulateSession } from '../shared/sim';
import type { TrueRep } from '../shared/sim/types';
import { AccuracyTally, Buckets, median, percentile } from './metrics';
import { analyzeAndMatch } from './sim-match';
import { markdownTable, num, pct, verdict } from './markdown';
import { errorMessage } from './section';

export interface SimulatorBenchOptions {
  scenarios: number;
  /** Seeds are firstSeed, firstSeed + 1, ...: fixed so every run (and every machine) measures the same sessions. */
  firstSeed: number;
}

export const DEFAULT_SIMULATOR_OPTIONS: SimulatorBenchOptions = { scenarios: 200, firstSeed: 1 };

const TARGETS = {
  precision: 0.995,
  recall: 0.995,
  withinTolerance: 0.95,
  medianErrorMs: 30,
  medianLatencyMs: 80,
};

const RATE_BUCKETS = ['25-49 Hz', '50-99 Hz', '100-200 Hz'];
const TEMPO_BUCKETS = ['ecc 1-2 s', 'ecc 2.5-4 s', 'ecc 4.5-8 s'];

function rateBucket(hz: number): string {
  if (hz < 50) return '25-49 Hz';
  return hz < 100 ? '50-99 Hz' : '100-200 Hz';
}

function tempoBucket(eccentricS: number | null): string {
  if (eccentricS === null) return 'ecc X';
  if (eccentricS <= 2) return 'ecc 1-2 s';
  return eccentricS <= 4 ? 'ecc 2.5-4 s' : 'ecc 4.5-8 s';
}

interface Tallies {
  all: AccuracyTally;
  exercise: Buckets<AccuracyTally>;
  rate: Buckets<AccuracyTally>;
  tempo: Buckets<AccuracyTally>;
  scenarioCount: Map<AccuracyTally, number>;
  rushedAgree: number;
  matchedReps: number;
  /** Matched reps whose range of motion, and mean concentric speed, came within ROUGH_SHARE of the truth. */
  romWithin: number;
  speedWithin: number;
  /** Sessions whose sets came out as many as were lifted. */
  setCountRight: number;
  sessions: number;
  failures: string[];
}

/** How close a rep's range of motion or mean speed must come to the truth to count as right. */
const ROUGH_SHARE = 0.2;

function within(value: number, truth: number): boolean {
  return Math.abs(value - truth) <= ROUGH_SHARE * truth;
}

/** Simulated sessions with exact ground truth: detection, eccentric timing accuracy and commit latency. */
export function runSimulatorBench(options: SimulatorBenchOptions = DEFAULT_SIMULATOR_OPTIONS): string {
  const tallies: Tallies = {
    all: new AccuracyTally(),
    exercise: new Buckets(() => new AccuracyTally()),
    rate: new Buckets(() => new AccuracyTally()),
    tempo: new Buckets(() => new AccuracyTally()),
    scenarioCount: new Map(),
    rushedAgree: 0,
    matchedReps: 0,
    romWithin: 0,
    speedWithin: 0,
    setCountRight: 0,
    sessions: 0,
    failures: [],
  };
  const startedMs = performance.now();
  for (let i = 0; i < options.scenarios; i++) runScenario(options.firstSeed + i, tallies);
  const elapsedS = (performance.now() - startedMs) / 1000;
  return render(options, tallies, elapsedS);
}

function runScenario(seed: number, tallies: Tallies): void {
  tallies.sessions++;
  const scenario = randomScenario(createRng(seed));
  const session = simulateSession(scenario, seed);
  const truth = session.truth.sets.flatMap((s) => s.reps);
  const scenarioTally = new AccuracyTally();
  try {
    const { analysis, originS, detected, pairs } = analyzeAndMatch(session);
    if (analysis.sets.length === session.truth.sets.length) tallies.setCountRight++;
    scenarioTally.addCounts(truth.length, detected.length, pairs.length);
    for (const [di, ti] of pairs) {
      const d = detected[di] as RepMetrics;
      const t = truth[ti] as TrueRep;
      const trueEccS = t.eccentric.endS - t.eccentric.startS;
      scenarioTally.addMatch(
        d.eccentric.durationS,
        trueEccS,
        d.eccentric.detectedAtS + originS - t.eccentric.endS,
      );
      tallies.matchedReps++;
      if (d.rushed === t.rushedByDesign) tallies.rushedAgree++;
      if (within(d.romM, t.romM)) tallies.romWithin++;
      if (within(d.meanConcentricVelocityMps, t.meanConcentricVelocityMps)) tallies.speedWithin++;
    }
  } catch (err) {
    // A crash on one session counts its reps as missed rather than hiding them from recall.
    tallies.failures.push(`seed ${seed}: ${errorMessage(err)}`);
    scenarioTally.addCounts(truth.length, 0, 0);
  }
  const buckets = [
    tallies.all,
    tallies.exercise.get(scenario.exercise),
    tallies.rate.get(rateBucket(scenario.sensor.sampleRateHz)),
    tallies.tempo.get(tempoBucket(scenario.prescription.eccentricS)),
  ];
  for (const b of buckets) {
    b.merge(scenarioTally);
    tallies.scenarioCount.set(b, (tallies.scenarioCount.get(b) ?? 0) + 1);
  }
}

function render(options: SimulatorBenchOptions, t: Tallies, elapsedS: number): string {
  const a = t.all;
  const errMedian = median(a.eccentricErrorMs);
  const latMedian = median(a.latencyMs);
  const headline = markdownTable(
    ['metric', 'value', 'target', ''],
    [
      ['rep precision', pct(a.precision), '>= 99.5%', verdict(a.precision, TARGETS.precision, true)],
      ['rep recall', pct(a.recall), '>= 99.5%', verdict(a.recall, TARGETS.recall, true)],
      [
        'eccentric within max(40 ms, 3%)',
        pct(a.withinToleranceShare),
        '>= 95%',
        verdict(a.withinToleranceShare, TARGETS.withinTolerance, true),
      ],
      [
        'eccentric error median',
        `${num(errMedian, 1)} ms`,
        '<= 30 ms',
        verdict(errMedian, TARGETS.medianErrorMs, false),
      ],
      ['eccentric error p95', `${num(percentile(a.eccentricErrorMs, 0.95))} ms`, '', ''],
      [
        'eccentric-end latency median',
        `${num(latMedian, 1)} ms`,
        '<= 80 ms',
        verdict(latMedian, TARGETS.medianLatencyMs, false),
      ],
      ['eccentric-end latency p95', `${num(percentile(a.latencyMs, 0.95))} ms`, '', ''],
      [
        'rushed flag = rushed by design',
        pct(t.matchedReps === 0 ? NaN : t.rushedAgree / t.matchedReps),
        '',
        '',
      ],
      ['range of motion within 20%', pct(t.matchedReps === 0 ? NaN : t.romWithin / t.matchedReps), '', ''],
      [
        'mean concentric speed within 20%',
        pct(t.matchedReps === 0 ? NaN : t.speedWithin / t.matchedReps),
        '',
        '',
      ],
      ['sessions with the right set count', pct(t.setCountRight / t.sessions), '', ''],
    ],
  );
  const rows = [
    bucketRow('all', a, t),
    ...t.exercise.entries(['squat', 'bench', 'deadlift', 'curl']).map(([k, v]) => bucketRow(k, v, t)),
    ...t.rate.entries(RATE_BUCKETS).map(([k, v]) => bucketRow(k, v, t)),
    ...t.tempo.entries(TEMPO_BUCKETS).map(([k, v]) => bucketRow(k, v, t)),
  ];
  const buckets = markdownTable(
    [
      'bucket',
      'scenarios',
      'true reps',
      'precision',
      'recall',
      'err med ms',
      'err p95 ms',
      'within tol',
      'lat med ms',
      'lat p95 ms',
    ],
    rows,
  );
  const last = options.firstSeed + options.scenarios - 1;
  const lines = [
    `${options.scenarios} random scenarios (seeds ${options.firstSeed}-${last}; tempos 1-8 s eccentric, pauses 0-3 s, squat/bench/deadlift/curl, 25-200 Hz, jitter, duplicates, drops), ${a.trueReps} true reps, ${elapsedS.toFixed(1)} s.`,
    '',
    headline,
    '',
    buckets,
  ];
  if (t.failures.length > 0) {
    lines.push('', `Engine threw on ${t.failures.length} scenario(s); first: ${t.failures[0]}`);
  }
  return lines.join('\n');
}

function bucketRow(name: string, b: AccuracyTally, t: Tallies): string[] {
  return [
    name,
    String(t.scenarioCount.get(b) ?? 0),
    String(b.trueReps),
    pct(b.precision),
    pct(b.recall),
    num(median(b.eccentricErrorMs)),
    num(percentile(b.eccentricErrorMs, 0.95)),
    pct(b.withinToleranceShare),
    num(median(b.latencyMs)),
    num(percentile(b.latencyMs, 0.95)),
  ];
}
