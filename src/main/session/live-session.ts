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
import type { Load, Scoring } from '../../shared/session/types';
import { DEFAULT_TOLERANCE, formatTempo } from '../../shared/tempo/parse';
import type { Prescription } from '../../shared/tempo/types';
import type { SampleSource } from './source';
import { systemTimers, type TimerHandle, type Timers } from './timers';

/** What the session needs from src/shared/engine's TempoEngine. */
export interface EngineLike {
  process(chunk: readonly Sample[]): EngineEvent[];
  finish(): EngineEvent[];
  /** The engine's vertical velocity estimate after the last sample (null: none); drawn live. */
  readonly liveVelocityMps: number | null;
  /** Seconds from the first to the last accepted sample: the events' clock. */
  readonly durationS: number;
}

/** Where a live session's samples and results are kept as they come (src/main/storage's SessionRecorder). */
export interface SessionRecording {
  readonly sessionId: number;
  append(samples: readonly Sample[]): void;
  recordEvents(events: readonly EngineEvent[]): void;
  /** Commits the rest and marks the session complete. */
  finish(): unknown;
  /** Deletes the session (nothing was recorded). */
  discard(): void;
}

export interface RecordingStart {
  sensorKind: SampleSource['kind'];
  scoring: Scoring;
  athlete: string | null;
  exercise: string | null;
  load: Load | null;
  /** The recorder's own timer failed to save (disk full, file gone): the message to show. */
  onError: (message: string) => void;
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
  /** Sensor seconds between points of the live velocity trace (25 Hz is plenty for a glance). */
  tracePeriodS?: number;
  wallClock?: () => number;
  /** Starts storing a session (absent: nothing is kept, e.g. the database could not be opened). */
  record?: (start: RecordingStart) => SessionRecording;
}

export class LiveSession {
  private readonly timers: Timers;
  private readonly flushIntervalMs: number;
  private readonly tracePeriodS: number;
  private readonly wallClock: () => number;
  private engine: EngineLike | null = null;
  private recording: SessionRecording | null = null;
  /** Samples handed to the recording: none means there is nothing worth keeping. */
  private savedSamples = 0;
  private flushHandle: TimerHandle | null = null;
  private pendingEvents: EngineEvent[] = [];
  private pendingTrace: SampleTrace = { t: [], velocityMps: [] };
  /** Sensor time of the next trace point, and of the last (a clock that jumps back restarts the spacing). */
  private nextTraceS = -Infinity;
  private lastTraceS = -Infinity;
  private state: Omit<SessionState, 'sensor'> = {
    running: false,
    tempo: null,
    prescription: null,
    startedAtMs: null,
    error: null,
    athlete: null,
    exercise: null,
    load: null,
    sessionId: null,
  };

  constructor(private readonly deps: LiveSessionDeps) {
    this.timers = deps.timers ?? systemTimers;
    this.flushIntervalMs = deps.flushIntervalMs ?? 75;
    this.tracePeriodS = Math.max(0, deps.tracePeriodS ?? 0.04);
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
    this.pendingTrace = { t: [], velocityMps: [] };
    this.nextTraceS = -Infinity;
    this.lastTraceS = -Infinity;
    this.state = {
      running: true,
      tempo,
      prescription,
      startedAtMs: this.wallClock(),
      error: null,
      athlete: label(req.athlete),
      exercise: label(req.exercise),
      load: req.load ? { ...req.load } : null,
      sessionId: null,
    };
    this.startRecording(prescription);
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

  /** Opens the stored session; a database that refuses leaves the set running, unsaved, and says so. */
  private startRecording(prescription: Prescription | null): void {
    const record = this.deps.record;
    if (!record) return;
    const { athlete, exercise, load } = this.state;
    this.savedSamples = 0;
    try {
      this.recording = record({
        sensorKind: this.deps.source.kind,
        scoring: prescription
          ? { tempo: formatTempo(prescription), tolerance: prescription.tolerance }
          : { tempo: null, tolerance: DEFAULT_TOLERANCE },
        athlete,
        exercise,
        load,
        onError: (message) => this.stopSaving(message),
      });
      this.state.sessionId = this.recording.sessionId;
    } catch (err) {
      this.stopSaving(errorText(err));
    }
  }

  /** Saving failed: the lifter keeps lifting (the live figures go on) and is told it is not being kept. */
  private stopSaving(message: string): void {
    this.recording = null;
    this.state = { ...this.state, error: `Not saving this session: ${message}` };
    this.publishState();
  }

  /** Hands samples and the events they produced to the recording (which commits at least once a second). */
  private save(chunk: readonly Sample[], events: readonly EngineEvent[]): void {
    const recording = this.recording;
    if (!recording) return;
    try {
      recording.append(chunk);
      this.savedSamples += chunk.length;
      if (events.length > 0) recording.recordEvents(events);
    } catch (err) {
      this.stopSaving(errorText(err));
    }
  }

  private onSamples(chunk: Sample[]): void {
    const engine = this.engine;
    if (!engine) return;
    const eventsBefore = this.pendingEvents.length;
    try {
      // The chunk is fed in pieces ending at each trace point, so the velocity read there is the
      // engine's at that very sample (the engine's results do not depend on how a stream is chunked).
      let from = 0;
      for (let i = 0; i < chunk.length; i++) {
        const t = chunk[i]!.t;
        if (!(t >= this.nextTraceS || t < this.lastTraceS)) continue;
        this.pendingEvents.push(
          ...engine.process(from === 0 && i === chunk.length - 1 ? chunk : chunk.slice(from, i + 1)),
        );
        from = i + 1;
        this.lastTraceS = t;
        this.nextTraceS = t + this.tracePeriodS;
        this.traceVelocity(engine);
      }
      if (from < chunk.length)
        this.pendingEvents.push(...engine.process(from === 0 ? chunk : chunk.slice(from)));
    } catch (err) {
      // A throwing engine inside a timer callback would crash main; end the session and say why instead.
      this.halt(`Tempo engine failed: ${errorText(err)}`);
      return;
    }
    this.save(chunk, this.pendingEvents.slice(eventsBefore));
  }

  private traceVelocity(engine: EngineLike): void {
    const trace = this.pendingTrace;
    const t = engine.durationS;
    // A sample the engine rejected (duplicate, out of order) leaves its clock where it was.
    if (trace.t.length > 0 && trace.t[trace.t.length - 1] === t) return;
    trace.t.push(t);
    trace.velocityMps.push(engine.liveVelocityMps);
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
        const events = engine.finish();
        this.pendingEvents.push(...events);
        this.save([], events);
      } catch (err) {
        error = `Tempo engine failed: ${errorText(err)}`;
      }
    }
    error = this.endRecording() ?? error;
    this.flush();
    this.state = { ...this.state, running: false, error: error ?? this.state.error };
    this.publishState();
  }

  /** Completes the stored session (or drops an empty one); a failure's message, else null. */
  private endRecording(): string | null {
    const recording = this.recording;
    this.recording = null;
    if (!recording) return null;
    try {
      if (this.savedSamples === 0) recording.discard();
      else recording.finish();
      return null;
    } catch (err) {
      // The samples committed so far are kept; the next start recovers the session.
      return `Saving the session failed: ${errorText(err)}`;
    }
  }

  private flush(): void {
    if (this.pendingEvents.length > 0) {
      const batch = this.pendingEvents;
      this.pendingEvents = [];
      this.deps.emit('session:engine-events', batch);
    }
    if (this.pendingTrace.t.length > 0) {
      const trace = this.pendingTrace;
      this.pendingTrace = { t: [], velocityMps: [] };
      this.deps.emit('session:samples', trace);
    }
  }

  private publishState(): SessionState {
    const state = this.getState();
    this.deps.emit('session:state', state);
    return state;
  }
}

/** A trimmed name, or null when blank. */
function label(text: string | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
