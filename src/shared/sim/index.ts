export * from './types';
export { Rng, createRng, deriveSeed } from './random';
export {
  DEFAULT_PRESCRIPTION,
  defaultLifter,
  defaultRack,
  defaultScenario,
  defaultSensor,
  isEccentricFirst,
  randomScenario,
  validateScenario,
  type EulerDeg,
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
