/**
 * Production wiring of the session core: the real tempo engine, tempo parser and simulator. Kept apart
 * from live-session.ts so the core's tests run with fakes and do not depend on these modules.
 */
import { TempoEngine } from '../../shared/engine/engine';
import { defaultScenario, SimulatedLifter, type ScenarioOverrides } from '../../shared/sim';
import { parseTempo } from '../../shared/tempo';
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

export function createLiveSession(source: SampleSource, emit: EventSink, timers?: Timers): LiveSession {
  return new LiveSession({
    source,
    emit,
    timers,
    createEngine: (prescription) => new TempoEngine({ prescription }),
    parsePrescription: (tempo, tolerance) => parseTempo(tempo, tolerance),
  });
}
