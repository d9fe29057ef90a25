/**
 * Simulated bar sensor with exact ground truth.
 *
 * Clock: simulateSession / SimulatedLifter time starts at 0. Truth times (TrueSet/TrueRep) are on the same
 * clock as Sample.t. With timing 'device' each sample is acquired at a regular instant
 * (random phase + k / sampleRateHz) and stamped with that instant (+ deviceJitterS of stamp noise), so
 * truth and samples line up. With timing 'host' acquisition is the same, but Sample.t is the host arrival
 * time: acquisition + [0, hostIntervalS) of batching + hostLatencyS + ~1 ms OS jitter; samples (and truth
 * durations) are unbiased relative to each other, but every sample is late by that delay.
 *
 * Truth boundaries are computed in closed form from the velocity profile (not from samples): a phase
 * starting/ending at rest starts/ends where the vertical speed crosses 5% of that phase's peak; a
 * touch-and-go reversal (prescribed pause 0 or null) is the zero crossing. Pauses are what lies between.
 * The last rep's trailing pause is zero-length. Speed means vertical speed (the bar path's horizontal part
 * is proportional to it, so the 5% points are identical for the full 3-D speed).
 */
export * from './types';
export { Rng, createRng, deriveSeed } from './random';
export {
  BROAD_KINDS,
  broadScenario,
  startsWithEccentric,
  DEFAULT_PRESCRIPTION,
  defaultLifter,
  defaultRack,
  defaultScenario,
  defaultSensor,
  isEccentricFirst,
  randomScenario,
  validateScenario,
  type BroadKind,
  type BroadScenario,
  type EulerDeg,
  type RepOrder,
  type LifterParams,
  type RackKind,
  type RackParams,
  type RandomScenarioConstraints,
  type Scenario,
  type ScenarioOverrides,
  type SensorParams,
  type TimingMode,
} from './scenario';
export { BOUNDARY_FRACTION, solvePhase, evaluatePhase, type PhaseProfile, type PhaseSpec } from './profile';
export {
  Trajectory,
  evaluateSegment,
  STATE_SIZE,
  X,
  Y,
  Z,
  VX,
  VY,
  VZ,
  AX,
  AY,
  AZ,
  type Segment,
} from './motion';
export {
  STANDARD_GRAVITY_MPS2,
  idealReading,
  rotationFromEuler,
  type FlawLog,
  type SensorSetup,
} from './sensor';
export { simulateSession, SimulatedLifter, type SimulatedSession } from './session';
export { lifterProfileFromRepStats } from './repStats';
