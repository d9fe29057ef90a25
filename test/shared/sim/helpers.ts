import { STATE_SIZE, VZ, type Trajectory } from '../../../src/shared/sim/motion';
import { defaultScenario, type Scenario, type ScenarioOverrides } from '../../../src/shared/sim/scenario';
import type { Exercise } from '../../../src/shared/sim/types';

/** A scenario with no human variability, no sway/wobble, and a perfect sensor in a known orientation. */
export function exactScenario(exercise: Exercise, overrides: ScenarioOverrides = {}): Scenario {
  return defaultScenario(exercise, {
    sets: 2,
    repsPerSet: 4,
    restBetweenSetsS: 10,
    ...overrides,
    lifter: {
      romCv: 0,
      durationCv: 0,
      pauseCv: 0,
      eccentricShorteningPerRep: 0,
      velocityLossFraction: 0,
      rushedRepProbability: 0,
      ...overrides.lifter,
    },
    sensor: {
      sampleRateHz: 200,
      mounting: { rollDeg: 0, pitchDeg: 0, yawDeg: 0 },
      accelNoiseG: 0,
      accelBiasMaxG: 0,
      gyroNoiseDps: 0,
      gyroBiasMaxDps: 0,
      deviceJitterS: 0,
      ...overrides.sensor,
    },
  });
}

/** Vertical velocity of the trajectory at tS. */
export function verticalVelocity(trajectory: Trajectory, tS: number): number {
  const state = new Float64Array(STATE_SIZE);
  trajectory.evaluate(tS, state);
  return state[VZ] as number;
}

/** Largest |vertical velocity| on [startS, endS], scanned every 0.5 ms. */
export function peakSpeed(trajectory: Trajectory, startS: number, endS: number): number {
  let peak = 0;
  for (let t = startS; t <= endS; t += 0.0005)
    peak = Math.max(peak, Math.abs(verticalVelocity(trajectory, t)));
  return peak;
}
