/**
 * Production wiring of the session core: the real tempo engine, tempo parser and simulator. Kept apart
 * from live-session.ts so the core's tests run with fakes and do not depend on these modules.
 */
import { TempoEngine } from '../../shared/engine/engine';
import { defaultScenario, SimulatedLifter, type ScenarioOverrides } from '../../shared/sim';
import { parseTempo } from '../../shared/tempo';
import type { AppStore } from '../storage';
import { LiveSession, type EventSink } from './live-session';
import { SimulatedSensorSource } from './simulated-source';
import type { SampleSource } from './source';
import type { Timers } from './timers';

export interface SimulatedSourceSettings {
  speed?: number;
  timers?: Timers;
  message?: string | null;
  /** Seed of the first session; each restart uses the next one so sets differ but stay reproducible. */
  seed?: number;
  /** Scenario tweaks (tests: more rushed reps, shorter lead-in). */
  overrides?: ScenarioOverrides;
}

export function createSimulatedSource(settings: SimulatedSourceSettings = {}): SimulatedSensorSource {
  let seed = settings.seed ?? 1;
  return new SimulatedSensorSource({
    createLifter: (prescription) =>
      new SimulatedLifter(
        defaultScenario('squat', {
          ...settings.overrides,
          // The simulated lifter aims for the tempo on screen; an untimed session keeps the scenario's own.
          ...(prescription ? { prescription } : {}),
        }),
        seed++,
      ),
    speed: settings.speed,
    timers: settings.timers,
    message: settings.message ?? null,
  });
}

/** What the stored session says its samples came from. */
const SENSOR_LABELS: Record<SampleSource['kind'], string> = {
  simulated: 'simulated lifter',
  ble: 'Bluetooth sensor',
  replay: 'file replay',
};

/**
 * The live session, saving every session in `store` as it is recorded (samples committed at least once a
 * second, results as the engine finalises them); without a store nothing is kept.
 */
export function createLiveSession(
  source: SampleSource,
  emit: EventSink,
  timers?: Timers,
  storage?: Pick<AppStore, 'store' | 'problem'>,
): LiveSession {
  const store = storage?.store ?? null;
  const problem = storage?.problem ?? null;
  return new LiveSession({
    source,
    emit,
    timers,
    createEngine: (prescription) => new TempoEngine({ prescription }),
    parsePrescription: (tempo, tolerance) => parseTempo(tempo, tolerance),
    record:
      storage === undefined
        ? undefined
        : ({ sensorKind, scoring, athlete, exercise, load, onError }) => {
            // Said at every start, so the lifter knows the set is not being kept.
            if (!store) throw new Error(problem ?? 'no database');
            return store.startRecording(
              { sensor: SENSOR_LABELS[sensorKind], scoring, athlete, exercise, load },
              { onError: (err) => onError(err.message) },
            );
          },
  });
}
