/**
 * The live writer: samples as they come and the engine's events, committed to the database at least every
 * `flushIntervalMs` (wall clock) and every `maxBufferedS` of sample time, each flush one transaction. So a
 * crash, a power loss or kill -9 loses at most what arrived since the last flush (< 1 s); the next start
 * finds the session still `recording` and recovers it (SessionStore.recoverInterrupted).
 *
 * Rep results are stored as the engine finalises them: `rep-completed` adds a rep, `set-ended` is the final
 * word on its set (the reps it dropped go). `finish()` marks the session complete with its end time and the
 * analysis of the stored samples (streaming == batch: the same sets the live engine closed).
 */
import type { EngineEvent, Gap, Sample } from '../../shared/engine/types';
import type { Scoring } from '../../shared/session/types';
import { StorageError } from './errors';
import type { RecordingBatch, SessionStore, StoredAnalysis } from './session-store';
import { checkGap, checkTimestamp } from './validate';

export interface RecorderOptions {
  /** Longest wall-clock time samples wait in memory (default 500 ms: at most 1 s is ever lost). */
  flushIntervalMs?: number;
  /** Longest stretch of sample time held in memory (default 0.5 s; matters when samples come faster than real time). */
  maxBufferedS?: number;
  /** Monotonic milliseconds (tests and the benchmark inject their own). */
  now?: () => number;
  /** Runs the idle flush; false: only append() and flush() write (the caller drives time). */
  timer?: boolean;
  /** A flush started by the timer failed (disk full, file gone): the recording should stop. */
  onError?: (err: StorageError) => void;
}

/** With nothing to write, the recorder still says it is alive this often (recovery leaves live sessions alone). */
const HEARTBEAT_MS = 5_000;

export class SessionRecorder {
  private readonly flushIntervalMs: number;
  private readonly maxBufferedS: number;
  private readonly now: () => number;
  private buffer: Sample[] = [];
  private batch: Omit<RecordingBatch, 'samples'> = emptyBatch();
  private nextSeq = 0;
  private lastFlushMs: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private done = false;
  private failure: StorageError | null = null;
  private stored = 0;

  /** Use SessionStore.startRecording. */
  constructor(
    private readonly store: SessionStore,
    readonly sessionId: number,
    private readonly scoring: Scoring,
    private readonly options: RecorderOptions,
    private readonly release: () => void,
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 500;
    this.maxBufferedS = options.maxBufferedS ?? 0.5;
    this.now = options.now ?? (() => performance.now());
    if (
      !(this.flushIntervalMs > 0 && this.flushIntervalMs <= 1000) ||
      !(this.maxBufferedS > 0 && this.maxBufferedS <= 1)
    )
      throw new StorageError('the recorder must flush at least once a second', 'invalid-argument');
    this.lastFlushMs = this.now();
    if (options.timer !== false) {
      this.timer = setInterval(() => this.tick(), Math.min(this.flushIntervalMs, 250));
      this.timer.unref();
    }
  }

  /** Samples committed so far. */
  get storedSamples(): number {
    return this.stored;
  }

  /** Takes samples in recording order; commits when the buffer is due. */
  append(samples: readonly Sample[]): void {
    this.checkOpen();
    for (const s of samples) this.buffer.push(s);
    const first = this.buffer[0];
    const last = this.buffer[this.buffer.length - 1];
    const spanS = first && last ? last.t - first.t : 0;
    if (spanS >= this.maxBufferedS || this.now() - this.lastFlushMs >= this.flushIntervalMs) this.flush();
  }

  /** Takes the engine's events (the ones that carry results are stored with the next flush). */
  recordEvents(events: readonly EngineEvent[]): void {
    this.checkOpen();
    for (const e of events) {
      if (e.type === 'set-started') this.batch.startedSets.push({ index: e.setIndex, startS: e.atS });
      else if (e.type === 'rep-completed') this.batch.reps.push({ setIndex: e.setIndex, rep: e.rep });
      else if (e.type === 'set-ended') this.batch.endedSets.push(e.set);
      else if (e.type === 'gap') this.batch.engineGaps.push(e.gap);
    }
  }

  /** A dropout the source reported (connection lost, samples missing), on the samples' clock. */
  addDropout(gap: Gap): void {
    this.checkOpen();
    this.batch.dropouts.push(checkGap(gap, 'dropout'));
  }

  /** Commits everything buffered in one transaction. */
  flush(): void {
    this.checkOpen();
    const samples = this.buffer;
    const batch = this.batch;
    // On failure both stay buffered (the transaction rolled back), so a later flush may still save them.
    this.nextSeq = this.store.writeRecording(this.sessionId, this.scoring, this.nextSeq, {
      ...batch,
      samples,
    });
    this.stored += samples.length;
    this.buffer = [];
    this.batch = emptyBatch();
    this.lastFlushMs = this.now();
  }

  /** Commits the rest, marks the session complete and stores the final analysis. */
  finish(endedAt: string = new Date().toISOString()): StoredAnalysis {
    checkTimestamp(endedAt, 'endedAt');
    this.flush();
    this.close();
    return this.store.finishRecording(this.sessionId, this.scoring, endedAt);
  }

  /** Deletes the session (e.g. nothing was recorded). */
  discard(): void {
    if (this.done) throw new StorageError(`session ${this.sessionId} was already finished`, 'closed');
    this.close();
    this.store.discardRecording(this.sessionId);
  }

  private close(): void {
    this.done = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.release();
  }

  private checkOpen(): void {
    if (this.failure !== null) throw this.failure;
    if (this.done) throw new StorageError(`session ${this.sessionId} was already finished`, 'closed');
  }

  private tick(): void {
    if (this.done || this.failure !== null) return;
    const idleMs = this.now() - this.lastFlushMs;
    const pending = this.buffer.length > 0 || hasResults(this.batch);
    if ((pending && idleMs >= this.flushIntervalMs) || idleMs >= HEARTBEAT_MS) {
      try {
        this.flush();
      } catch (err) {
        this.failure =
          err instanceof StorageError ? err : new StorageError(`saving failed: ${String(err)}`, 'failed');
        this.options.onError?.(this.failure);
      }
    }
  }
}

function emptyBatch(): Omit<RecordingBatch, 'samples'> {
  return { startedSets: [], reps: [], endedSets: [], engineGaps: [], dropouts: [] };
}

function hasResults(b: Omit<RecordingBatch, 'samples'>): boolean {
  return (
    b.startedSets.length + b.reps.length + b.endedSets.length + b.engineGaps.length + b.dropouts.length > 0
  );
}
