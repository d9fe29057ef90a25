/**
 * The live-session core: sample source → tempo engine → batched events to the renderer. No Electron
 * imports, so it runs (and is tested) in plain Node; the composition root supplies the emitter.
 */
import type { EngineEvent, Sample } from '../../shared/engine/types';
import type {
  EventChannel,
  EventContract,
  SampleTrace,
  SessionState,
  StartSessionRequest,
} from '../../shared/ipc/contract';
import type { Prescription } from '../../shared/tempo/types';
import type { SampleSource } from './source';
import { systemTimers, type TimerHandle, type Timers } from './timers';

/** What the session needs from src/shared/engine's TempoEngine. */
export interface EngineLike {
  process(chunk: readonly Sample[]): EngineEvent[];
  finish(): EngineEvent[];
}

export type EventSink = <C extends EventChannel>(channel: C, payload: EventContract[C]) => void;

export interface LiveSessionDeps {
  source: SampleSource;
  emit: EventSink;
  createEngine: (prescription: Prescription | null) => EngineLike;
  /** Throws with a user-facing message on bad notation. */
  parsePrescription: (tempo: string, tolerance: number | undefined) => Prescription;
  timers?: Timers;
  /** Batch window: short enough to feel instant at the rack, long enough to coalesce a burst of decisions. */
  flushIntervalMs?: number;
  /** Forward every Nth sample to the live trace (~25 Hz from a 100 Hz sensor is plenty for a glance). */
  traceEvery?: number;
  wallClock?: () => number;
}

export class LiveSession {
  private readonly timers: Timers;
  private readonly flushIntervalMs: number;
  private readonly traceEvery: number;
  private readonly wallClock: () => number;
  private engine: EngineLike | null = null;
  private flushHandle: TimerHandle | null = null;
  private pendingEvents: EngineEvent[] = [];
  private pendingTrace: SampleTrace = { t: [], magnitudeG: [] };
  private sampleCounter = 0;
  private state: Omit<SessionState, 'sensor'> = {
    running: false,
    tempo: null,
    prescription: null,
    startedAtMs: null,
    error: null,
  };

  constructor(private readonly deps: LiveSessionDeps) {
    this.timers = deps.timers ?? systemTimers;
    this.flushIntervalMs = deps.flushIntervalMs ?? 75;
    this.traceEvery = Math.max(1, Math.floor(deps.traceEvery ?? 4));
    this.wallClock = deps.wallClock ?? Date.now;
  }

  getState(): SessionState {
    return { ...this.state, sensor: this.deps.source.status() };
  }

  /** Starts a session; a running one is stopped first (its final events are flushed). */
  start(req: StartSessionRequest = {}): SessionState {
    const tempo = req.tempo?.trim() ? req.tempo.trim() : null;
    // Parse before touching the running session: a typo must not end the set in progress.
    const prescription = tempo === null ? null : this.deps.parsePrescription(tempo, req.tolerance);
    if (this.state.running) this.halt(null);

    this.engine = this.deps.createEngine(prescription);
    this.pendingEvents = [];
    this.pendingTrace = { t: [], magnitudeG: [] };
    this.sampleCounter = 0;
    this.state = { running: true, tempo, prescription, startedAtMs: this.wallClock(), error: null };
    this.flushHandle = this.timers.setInterval(() => this.flush(), this.flushIntervalMs);
    this.deps.source.start((chunk) => this.onSamples(chunk), { prescription });
    return this.publishState();
  }

  stop(): SessionState {
    if (this.state.running) this.halt(null);
    return this.getState();
  }

  /** Re-sends the sensor status (e.g. after the window reloads). */
  publishSensorStatus(): void {
    this.deps.emit('sensor:status', this.deps.source.status());
  }

  private onSamples(chunk: Sample[]): void {
    const engine = this.engine;
    if (!engine) return;
    try {
      this.pendingEvents.push(...engine.process(chunk));
    } catch (err) {
      // A throwing engine inside a timer callback would crash main; end the session and say why instead.
      this.halt(`Tempo engine failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    for (const s of chunk) {
      if (this.sampleCounter++ % this.traceEvery !== 0) continue;
      this.pendingTrace.t.push(s.t);
      this.pendingTrace.magnitudeG.push(Math.hypot(s.ax, s.ay, s.az));
    }
  }

  private halt(error: string | null): void {
    this.deps.source.stop();
    if (this.flushHandle !== null) this.timers.clearInterval(this.flushHandle);
    this.flushHandle = null;
    const engine = this.engine;
    this.engine = null;
    if (engine && error === null) {
      try {
        // finish() commits the last rep/set, which would otherwise wait for samples that never come.
        this.pendingEvents.push(...engine.finish());
      } catch (err) {
        error = `Tempo engine failed: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    this.flush();
    this.state = { ...this.state, running: false, error };
    this.publishState();
  }

  private flush(): void {
    if (this.pendingEvents.length > 0) {
      const batch = this.pendingEvents;
      this.pendingEvents = [];
      this.deps.emit('session:engine-events', batch);
    }
    if (this.pendingTrace.t.length > 0) {
      const trace = this.pendingTrace;
      this.pendingTrace = { t: [], magnitudeG: [] };
      this.deps.emit('session:samples', trace);
    }
  }

  private publishState(): SessionState {
    const state = this.getState();
    this.deps.emit('session:state', state);
    return state;
  }
}
