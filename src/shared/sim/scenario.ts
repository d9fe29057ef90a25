import type { Prescription } from '../tempo/types';
import type { Rng } from './random';
import type { Exercise } from './types';

/** How the lifter moves: size, speed, tempo adherence, fatigue and sloppiness. */
export interface LifterParams {
  /** Vertical range of motion per rep, metres, and its rep-to-rep coefficient of variation. */
  romM: number;
  romCv: number;
  /** Mean vertical speed of an unprescribed (X) concentric on the first rep of a set. */
  concentricMeanVelocityMps: number;
  /** Eccentric duration the lifter uses when the prescription does not set one (X). */
  naturalEccentricS: number;
  /** Time to peak speed as a share of the phase (the real data: about half the concentric). */
  concentricTimeToPeakFraction: number;
  eccentricTimeToPeakFraction: number;
  /** Rep-to-rep coefficient of variation of phase durations (clipped at ±2.5 SD). */
  durationCv: number;
  /** Rep-to-rep coefficient of variation of prescribed (non-zero) pauses. */
  pauseCv: number;
  /** Fatigue: each rep's eccentric is this share shorter than the previous one (0.01 = 1% per rep). */
  eccentricShorteningPerRep: number;
  /** Fatigue: mean concentric velocity lost from the first to the last rep of a set (0.2 = 20%). */
  velocityLossFraction: number;
  /** Chance that a rep's eccentric is deliberately rushed to a share in [rushedEccentricMin, Max] of its target. */
  rushedRepProbability: number;
  rushedEccentricMin: number;
  rushedEccentricMax: number;
  /** Amplitude of the slow speed wobble on a long eccentric/concentric plateau, share of the speed. */
  speedWobbleFraction: number;
  /** Largest sway displacement while holding the bar still, metres (its speed is capped separately). */
  swayAmplitudeM: number;
  /** Sway speed never exceeds this share of the smallest phase peak speed of the set (far below the 5% rule). */
  swaySpeedFraction: number;
  /** Horizontal bar travel per metre of vertical travel during reps (bar path is not perfectly vertical). */
  barPathSlope: number;
  /** Bar roll about its long axis over one full ROM (curls rotate a lot), degrees. */
  rollDegOverRom: number;
  /** Largest bar tilt (one end higher) over one full ROM, degrees; the sign is drawn per session. */
  tiltDegOverRom: number;
  /**
   * 0: a slow eccentric speeds up and stops within 1 s in all (ECCENTRIC_RAMPS_MAX_S). > 0: it eases in and
   * out, each ramp this share of the phase (0.25-0.33 is what lifters doing slow tempo work do).
   */
  eccentricEaseShare: number;
  /** 0: a top pause sways like any hold (swayAmplitudeM). > 0: up to this much slow drift and sway, metres. */
  topPauseSwayM: number;
  /** Top-pause movement speed cap, share of the set's slowest phase peak (well above the 5% rule). */
  topPauseSwaySpeedFraction: number;
}

export type RackKind = 'squat' | 'bench' | 'none';

/** Unrack, walk-out, settle, walk back and re-rack around each set: motion that must never count as a rep. */
export interface RackParams {
  kind: RackKind;
  /** How far the bar is lifted off the hooks (and lowered back onto them). */
  liftOffM: number;
  /** Squat: steps back after unracking (and forward before re-racking). */
  walkoutSteps: number;
  stepLengthM: number;
  /** Vertical bob of the bar during each step. */
  stepBobM: number;
  /** Bench: horizontal travel from the hooks to over the chest. */
  benchTravelM: number;
  /** Still time (with sway) between the walk-out and the first rep, and after the last rep. */
  settleS: number;
}

export type TimingMode = 'device' | 'host';

export interface EulerDeg {
  rollDeg: number;
  pitchDeg: number;
  yawDeg: number;
}

export interface SensorParams {
  sampleRateHz: number;
  /** Sensor-to-bar rotation; 'random' draws a uniformly random rotation from the seed. */
  mounting: 'random' | EulerDeg;
  /** White noise standard deviation per axis, g. */
  accelNoiseG: number;
  /** Constant per-axis bias drawn uniformly in ±accelBiasMaxG, or given explicitly. */
  accelBiasMaxG: number;
  accelBiasG: readonly [number, number, number] | null;
  hasGyro: boolean;
  gyroNoiseDps: number;
  gyroBiasMaxDps: number;
  /** Accelerometer full scale: readings saturate at ±clipG. */
  clipG: number;
  /**
   * 'device': regular acquisition stamped by the sensor clock (plus deviceJitterS of stamp noise).
   * 'host': BLE batching, samples arrive in bursts once per connection interval and carry the host arrival time.
   */
  timing: TimingMode;
  deviceJitterS: number;
  /** BLE connection interval, seconds (7.5-50 ms in practice); null draws one from the seed. */
  hostIntervalS: number | null;
  /** Fixed radio + OS delay from acquisition to host arrival. */
  hostLatencyS: number;
  /** Spacing of host timestamps within one burst (they bunch). */
  hostBurstSpacingS: number;
  /** Chance that a sample row is repeated verbatim right after itself. */
  duplicateProbability: number;
  /** Chance that a packet (host: a burst; device: packetS worth of samples) is lost; losses come in runs. */
  dropProbability: number;
  /** Chance that a sample carries NaN, ±Infinity or an absurd value instead of a reading. */
  garbageProbability: number;
  /** Per-axis accelerometer scale error drawn uniformly in ±accelScaleErrorMax (0.02 = 2%), or given. */
  accelScaleErrorMax: number;
  accelScaleError: readonly [number, number, number] | null;
  /**
   * 0: none. > 0: the bar's clank on the hooks (unrack, re-rack) and a deadlift's floor touch-downs ring
   * the sensor with a damped vibration of up to this peak, g (what makes a 4 g range clip on real bars).
   */
  impactPeakG: number;
}

/** Which phase a rep starts with. */
export type RepOrder = 'lowering-first' | 'lift-first';

export interface Scenario {
  exercise: Exercise;
  /** Absent: the exercise's usual order (isEccentricFirst). Rows are done both ways. */
  order?: RepOrder;
  prescription: Prescription;
  sets: number;
  repsPerSet: number;
  /** Still time between the end of one set's motion (re-rack) and the start of the next set's motion. */
  restBetweenSetsS: number;
  /** Still time before the first set (the engine needs rest to find gravity) and after the last. */
  leadInS: number;
  tailS: number;
  lifter: LifterParams;
  rack: RackParams;
  sensor: SensorParams;
}

export interface ScenarioOverrides {
  order?: RepOrder;
  prescription?: Partial<Prescription>;
  sets?: number;
  repsPerSet?: number;
  restBetweenSetsS?: number;
  leadInS?: number;
  tailS?: number;
  lifter?: Partial<LifterParams>;
  rack?: Partial<RackParams>;
  sensor?: Partial<SensorParams>;
}

/** Lifts whose reps start with the eccentric (bar starts at the top). The others start with the concentric. */
export function isEccentricFirst(exercise: Exercise): boolean {
  return exercise === 'squat' || exercise === 'bench' || exercise === 'rdl';
}

/** Whether this scenario's reps start with the eccentric: its order if set, else the exercise's. */
export function startsWithEccentric(sc: Scenario): boolean {
  return sc.order === undefined ? isEccentricFirst(sc.exercise) : sc.order === 'lowering-first';
}

interface ExerciseDefaults {
  romM: number;
  concentricMeanVelocityMps: number;
  naturalEccentricS: number;
  concentricTimeToPeakFraction: number;
  barPathSlope: number;
  rollDegOverRom: number;
  tiltDegOverRom: number;
  rack: RackKind;
}

/**
 * Rounded medians from the 1,400 camera-labelled reps of ../shared/data/rep-stats (ROM, mean concentric
 * velocity, eccentric duration, time-to-peak / concentric). The press is not in that data: its values are
 * assumptions. Bar path, roll and tilt are assumptions (curls roll the bar in the hands a lot).
 */
const EXERCISE_DEFAULTS: Record<Exercise, ExerciseDefaults> = {
  squat: {
    romM: 0.53,
    concentricMeanVelocityMps: 0.56,
    naturalEccentricS: 0.95,
    concentricTimeToPeakFraction: 0.5,
    barPathSlope: 0.05,
    rollDegOverRom: 4,
    tiltDegOverRom: 2,
    rack: 'squat',
  },
  bench: {
    romM: 0.46,
    concentricMeanVelocityMps: 0.61,
    naturalEccentricS: 0.82,
    concentricTimeToPeakFraction: 0.5,
    barPathSlope: 0.15,
    rollDegOverRom: 6,
    tiltDegOverRom: 2,
    rack: 'bench',
  },
  deadlift: {
    romM: 0.66,
    concentricMeanVelocityMps: 0.63,
    naturalEccentricS: 1.47,
    concentricTimeToPeakFraction: 0.45,
    barPathSlope: 0.05,
    rollDegOverRom: 5,
    tiltDegOverRom: 2,
    rack: 'none',
  },
  curl: {
    romM: 0.55,
    concentricMeanVelocityMps: 0.63,
    naturalEccentricS: 0.91,
    concentricTimeToPeakFraction: 0.5,
    barPathSlope: 0.3,
    rollDegOverRom: 120,
    tiltDegOverRom: 4,
    rack: 'none',
  },
  row: {
    romM: 0.42,
    concentricMeanVelocityMps: 0.65,
    naturalEccentricS: 0.69,
    concentricTimeToPeakFraction: 0.5,
    barPathSlope: 0.1,
    rollDegOverRom: 15,
    tiltDegOverRom: 3,
    rack: 'none',
  },
  // Overhead press from a stand rack: unrack and step back (the squat's rack work), then lift first.
  press: {
    romM: 0.45,
    concentricMeanVelocityMps: 0.5,
    naturalEccentricS: 1.0,
    concentricTimeToPeakFraction: 0.48,
    barPathSlope: 0.1,
    rollDegOverRom: 8,
    tiltDegOverRom: 2,
    rack: 'squat',
  },
  // Romanian deadlift: held at the hips, lowered first to mid-shin. Not in rep-stats: the deadlift's
  // speeds (slower concentric) with an assumed hip-to-shin range.
  rdl: {
    romM: 0.4,
    concentricMeanVelocityMps: 0.5,
    naturalEccentricS: 1.47,
    concentricTimeToPeakFraction: 0.45,
    barPathSlope: 0.05,
    rollDegOverRom: 4,
    tiltDegOverRom: 2,
    rack: 'none',
  },
};

export function defaultLifter(exercise: Exercise): LifterParams {
  const d = EXERCISE_DEFAULTS[exercise];
  return {
    romM: d.romM,
    romCv: 0.02,
    concentricMeanVelocityMps: d.concentricMeanVelocityMps,
    naturalEccentricS: d.naturalEccentricS,
    concentricTimeToPeakFraction: d.concentricTimeToPeakFraction,
    eccentricTimeToPeakFraction: 0.45,
    durationCv: 0.06,
    pauseCv: 0.1,
    eccentricShorteningPerRep: 0.01,
    velocityLossFraction: 0.2,
    rushedRepProbability: 0.1,
    rushedEccentricMin: 0.4,
    rushedEccentricMax: 0.7,
    speedWobbleFraction: 0.03,
    swayAmplitudeM: 0.002,
    swaySpeedFraction: 0.01,
    barPathSlope: d.barPathSlope,
    rollDegOverRom: d.rollDegOverRom,
    tiltDegOverRom: d.tiltDegOverRom,
    eccentricEaseShare: 0,
    topPauseSwayM: 0,
    topPauseSwaySpeedFraction: 0.3,
  };
}

export function defaultRack(exercise: Exercise): RackParams {
  return {
    kind: EXERCISE_DEFAULTS[exercise].rack,
    liftOffM: 0.045,
    walkoutSteps: 3,
    stepLengthM: 0.18,
    stepBobM: 0.015,
    benchTravelM: 0.25,
    settleS: 1.5,
  };
}

export function defaultSensor(): SensorParams {
  return {
    sampleRateHz: 100,
    mounting: 'random',
    accelNoiseG: 0.01,
    accelBiasMaxG: 0.01,
    accelBiasG: null,
    hasGyro: true,
    gyroNoiseDps: 0.15,
    gyroBiasMaxDps: 0.5,
    clipG: 16,
    timing: 'device',
    deviceJitterS: 0.0002,
    hostIntervalS: null,
    hostLatencyS: 0.005,
    hostBurstSpacingS: 0.0005,
    duplicateProbability: 0,
    dropProbability: 0,
    garbageProbability: 0,
    accelScaleErrorMax: 0,
    accelScaleError: null,
    impactPeakG: 0,
  };
}

/** 3-1-X-1: a slow negative (the hard case), a real bottom pause, an explosive concentric. */
export const DEFAULT_PRESCRIPTION: Prescription = {
  eccentricS: 3,
  bottomPauseS: 1,
  concentricS: null,
  topPauseS: 1,
  tolerance: 0.8,
};

export function defaultScenario(exercise: Exercise, overrides: ScenarioOverrides = {}): Scenario {
  return {
    exercise,
    ...(overrides.order === undefined ? {} : { order: overrides.order }),
    prescription: { ...DEFAULT_PRESCRIPTION, ...overrides.prescription },
    sets: overrides.sets ?? 3,
    repsPerSet: overrides.repsPerSet ?? 8,
    restBetweenSetsS: overrides.restBetweenSetsS ?? 90,
    leadInS: overrides.leadInS ?? 5,
    tailS: overrides.tailS ?? 3,
    lifter: { ...defaultLifter(exercise), ...overrides.lifter },
    rack: { ...defaultRack(exercise), ...overrides.rack },
    sensor: { ...defaultSensor(), ...overrides.sensor },
  };
}

export interface RandomScenarioConstraints {
  exercises?: readonly Exercise[];
  sampleRateHz?: readonly [number, number];
  eccentricS?: readonly [number, number];
  pauseS?: readonly [number, number];
  sets?: readonly [number, number];
  repsPerSet?: readonly [number, number];
  restBetweenSetsS?: readonly [number, number];
  /** false: clean device-clock streams only; true: always some flaws; undefined: half of the time. */
  flaws?: boolean;
}

/** A pause: exactly 0 (touch-and-go) a quarter of the time, else uniform in the range. */
function randomPause(rng: Rng, range: readonly [number, number]): number {
  if (range[0] <= 0 && rng.chance(0.25)) return 0;
  return Math.round(rng.uniform(Math.max(range[0], 0.3), range[1]) * 10) / 10;
}

/** Broad coverage for benchmarks: tempos 1-8 s eccentric, pauses 0-3 s, 25-200 Hz, with/without flaws. */
export function randomScenario(rng: Rng, constraints: RandomScenarioConstraints = {}): Scenario {
  const exercise = rng.pick(constraints.exercises ?? (['squat', 'bench', 'deadlift', 'curl'] as const));
  const eccRange = constraints.eccentricS ?? [1, 8];
  const pauseRange = constraints.pauseS ?? [0, 3];
  const rateRange = constraints.sampleRateHz ?? [25, 200];
  const sets = constraints.sets ?? [1, 3];
  const reps = constraints.repsPerSet ?? [3, 10];
  const rest = constraints.restBetweenSetsS ?? [20, 90];
  const flaws = constraints.flaws ?? rng.chance(0.5);
  const prescription: Prescription = {
    eccentricS: Math.round(rng.uniform(eccRange[0], eccRange[1]) * 2) / 2,
    bottomPauseS: randomPause(rng, pauseRange),
    concentricS: rng.chance(0.7) ? null : Math.round(rng.uniform(1, 2) * 2) / 2,
    topPauseS: randomPause(rng, pauseRange),
    tolerance: 0.8,
  };
  const timing: TimingMode = flaws && rng.chance(0.6) ? 'host' : 'device';
  const sensor: Partial<SensorParams> = {
    sampleRateHz: rng.int(rateRange[0], rateRange[1]),
    timing,
    deviceJitterS: flaws ? rng.uniform(0, 0.002) : 0.0002,
    hostIntervalS: rng.uniform(0.0075, 0.05),
    accelNoiseG: rng.uniform(0.005, 0.02),
    hasGyro: rng.chance(0.7),
    duplicateProbability: flaws && rng.chance(0.5) ? rng.uniform(0.001, 0.03) : 0,
    dropProbability: flaws && rng.chance(0.5) ? rng.uniform(0.001, 0.02) : 0,
    garbageProbability: flaws && rng.chance(0.3) ? rng.uniform(0.0005, 0.005) : 0,
  };
  const lifter: Partial<LifterParams> = {
    durationCv: rng.uniform(0.03, 0.1),
    eccentricShorteningPerRep: rng.uniform(0, 0.03),
    velocityLossFraction: rng.uniform(0.05, 0.35),
    rushedRepProbability: rng.uniform(0, 0.2),
  };
  const base = defaultLifter(exercise);
  lifter.romM = base.romM * rng.uniform(0.85, 1.15);
  lifter.concentricMeanVelocityMps = base.concentricMeanVelocityMps * rng.uniform(0.75, 1.25);
  return defaultScenario(exercise, {
    prescription,
    sets: rng.int(sets[0], sets[1]),
    repsPerSet: rng.int(reps[0], reps[1]),
    restBetweenSetsS: rng.uniform(rest[0], rest[1]),
    lifter,
    sensor,
  });
}

/** Throws on parameters the simulator cannot honour (caught early rather than as NaN samples). */
export function validateScenario(sc: Scenario): void {
  const problems: string[] = [];
  const check = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };
  const p = sc.prescription;
  for (const [name, v] of Object.entries({
    eccentricS: p.eccentricS,
    bottomPauseS: p.bottomPauseS,
    concentricS: p.concentricS,
    topPauseS: p.topPauseS,
  })) {
    check(
      v === null || (Number.isFinite(v) && v >= 0 && v <= 60),
      `prescription.${name} must be null or 0-60 s`,
    );
  }
  check(Number.isInteger(sc.sets) && sc.sets >= 1, 'sets must be a positive integer');
  check(Number.isInteger(sc.repsPerSet) && sc.repsPerSet >= 1, 'repsPerSet must be a positive integer');
  check(sc.restBetweenSetsS >= 0 && sc.leadInS >= 0 && sc.tailS >= 0, 'rests must be >= 0');
  check(sc.lifter.romM > 0.02 && sc.lifter.romM < 2, 'lifter.romM must be 0.02-2 m');
  check(sc.lifter.concentricMeanVelocityMps > 0, 'lifter.concentricMeanVelocityMps must be > 0');
  check(sc.lifter.naturalEccentricS > 0, 'lifter.naturalEccentricS must be > 0');
  check(
    sc.lifter.velocityLossFraction >= 0 && sc.lifter.velocityLossFraction < 0.9,
    'velocityLossFraction 0-0.9',
  );
  check(sc.lifter.rushedEccentricMin <= sc.lifter.rushedEccentricMax, 'rushedEccentricMin > Max');
  const ttp = [sc.lifter.concentricTimeToPeakFraction, sc.lifter.eccentricTimeToPeakFraction];
  check(
    ttp.every((f) => f > 0.1 && f < 0.9),
    'time-to-peak fractions must be 0.1-0.9',
  );
  check(sc.sensor.sampleRateHz >= 1 && sc.sensor.sampleRateHz <= 5000, 'sensor.sampleRateHz must be 1-5000');
  check(sc.sensor.clipG > 0, 'sensor.clipG must be > 0');
  check(
    sc.lifter.eccentricEaseShare >= 0 && sc.lifter.eccentricEaseShare <= 0.45,
    'lifter.eccentricEaseShare must be 0-0.45',
  );
  check(
    sc.lifter.topPauseSwayM >= 0 && sc.lifter.topPauseSwayM <= 0.1,
    'lifter.topPauseSwayM must be 0-0.1 m',
  );
  check(
    sc.lifter.topPauseSwaySpeedFraction >= 0 && sc.lifter.topPauseSwaySpeedFraction <= 1,
    'lifter.topPauseSwaySpeedFraction must be 0-1',
  );
  check(
    sc.sensor.accelScaleErrorMax >= 0 &&
      sc.sensor.accelScaleErrorMax < 0.5 &&
      (sc.sensor.accelScaleError ?? [0, 0, 0]).every((e) => Math.abs(e) < 0.5),
    'sensor scale errors must be under 50%',
  );
  check(sc.sensor.impactPeakG >= 0 && sc.sensor.impactPeakG <= 100, 'sensor.impactPeakG must be 0-100 g');
  check(
    sc.order === undefined || sc.order === 'lowering-first' || sc.order === 'lift-first',
    "order must be 'lowering-first' or 'lift-first'",
  );
  check(
    sc.sensor.hostIntervalS === null || sc.sensor.hostIntervalS > 0,
    'sensor.hostIntervalS must be null or > 0',
  );
  for (const key of ['duplicateProbability', 'dropProbability', 'garbageProbability'] as const) {
    check(sc.sensor[key] >= 0 && sc.sensor[key] < 1, `sensor.${key} must be in [0, 1)`);
  }
  if (problems.length > 0) throw new Error(`Invalid scenario: ${problems.join('; ')}`);
}

/**
 * Where the classic random scenarios are blind (issue 19's blind set): the new lifts, eased negatives,
 * top pauses with small movements, per-axis sensor errors and a 4 g range. 'mixed' draws all of them at
 * once over all lifts, as that blind set does.
 */
export const BROAD_KINDS = [
  'press',
  'row',
  'rdl',
  'eased-negative',
  'top-sway',
  'scale-bias',
  'clip-4g',
  'mixed',
] as const;
export type BroadKind = (typeof BROAD_KINDS)[number];

export interface BroadScenario {
  kind: BroadKind;
  scenario: Scenario;
}

const CLASSIC_EXERCISES: readonly Exercise[] = ['squat', 'bench', 'deadlift', 'curl'];
const ALL_EXERCISES: readonly Exercise[] = ['squat', 'bench', 'deadlift', 'curl', 'press', 'row', 'rdl'];

function easeNegatives(sc: Scenario, rng: Rng): void {
  sc.lifter.eccentricEaseShare = rng.uniform(0.25, 1 / 3);
  sc.lifter.eccentricTimeToPeakFraction = 0.5;
}

function swayAtTheTop(sc: Scenario, rng: Rng): void {
  sc.lifter.topPauseSwayM = rng.uniform(0.01, 0.04);
  sc.lifter.topPauseSwaySpeedFraction = rng.uniform(0.2, 0.5);
  // Movements at the top need a top pause to happen in.
  if (!(sc.prescription.topPauseS !== null && sc.prescription.topPauseS > 0)) {
    sc.prescription = { ...sc.prescription, topPauseS: Math.round(rng.uniform(0.5, 3) * 10) / 10 };
  }
}

function sensorErrors(sc: Scenario): void {
  sc.sensor.accelScaleErrorMax = 0.02;
  sc.sensor.accelBiasMaxG = 0.03;
}

/**
 * One scenario of a broadened kind (drawn from `kinds`), on the classic random base (tempos 1-8 s, pauses
 * 0-3 s, 25-200 Hz, flaws half of the time). Draws nothing that randomScenario's sessions depend on:
 * randomScenario itself is unchanged.
 */
export function broadScenario(rng: Rng, kinds: readonly BroadKind[] = BROAD_KINDS): BroadScenario {
  const kind = rng.pick(kinds);
  const exercises: readonly Exercise[] =
    kind === 'press' || kind === 'row' || kind === 'rdl'
      ? [kind]
      : kind === 'mixed'
        ? ALL_EXERCISES
        : kind === 'clip-4g'
          ? ['squat', 'bench', 'deadlift'] // the lifts that clank on hooks or the floor
          : CLASSIC_EXERCISES;
  const sc = randomScenario(rng, { exercises });
  if (kind === 'row' || kind === 'rdl') sc.order = 'lowering-first';
  if (kind === 'press') sc.order = 'lift-first';
  if (kind === 'eased-negative') easeNegatives(sc, rng);
  if (kind === 'top-sway') swayAtTheTop(sc, rng);
  if (kind === 'scale-bias') sensorErrors(sc);
  if (kind === 'clip-4g') {
    sc.sensor.clipG = 4;
    sc.sensor.impactPeakG = rng.uniform(4, 10);
  }
  if (kind === 'mixed') {
    if (sc.exercise === 'row' || sc.exercise === 'rdl') sc.order = 'lowering-first';
    if (rng.chance(0.5)) easeNegatives(sc, rng);
    if (rng.chance(0.4)) swayAtTheTop(sc, rng);
    if (rng.chance(0.5)) sensorErrors(sc);
    sc.sensor.clipG = rng.pick([4, 8, 16]);
    sc.sensor.impactPeakG = rng.uniform(2, 10);
    sc.sensor.accelNoiseG = rng.uniform(0.003, 0.02);
  }
  return { kind, scenario: sc };
}
