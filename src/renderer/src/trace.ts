/**
 * The live vertical velocity the engine estimates (session:samples), kept for drawing and for the
 * metronome. A fixed ring buffer: an hour of 25 Hz points costs nothing more than the last minute.
 */
import type { SampleTrace } from '../../shared/ipc/contract';

/** Seconds of trace kept (the chart shows the last WINDOW_S of it). */
export const TRACE_KEEP_S = 12;
const CAPACITY = 2048; // > 12 s at 100 Hz: room even if main traces faster than 25 Hz

export class TraceBuffer {
  private readonly t = new Float64Array(CAPACITY);
  /** NaN where the engine had no estimate. */
  private readonly v = new Float64Array(CAPACITY);
  private start = 0;
  private count = 0;
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change, so a chart can tell whether to redraw. */
  version = 0;

  push(trace: SampleTrace): void {
    const n = Math.min(trace.t.length, trace.velocityMps.length);
    for (let i = 0; i < n; i++) {
      const slot = (this.start + this.count) % CAPACITY;
      this.t[slot] = trace.t[i]!;
      this.v[slot] = trace.velocityMps[i] ?? NaN;
      if (this.count < CAPACITY) this.count++;
      else this.start = (this.start + 1) % CAPACITY;
    }
    const latest = this.latestT();
    while (this.count > 0 && this.t[this.start]! < latest - TRACE_KEEP_S) {
      this.start = (this.start + 1) % CAPACITY;
      this.count--;
    }
    this.version++;
    for (const fn of this.listeners) fn();
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
    this.version++;
    for (const fn of this.listeners) fn();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get size(): number {
    return this.count;
  }

  latestT(): number {
    return this.count === 0 ? NaN : this.t[(this.start + this.count - 1) % CAPACITY]!;
  }

  /** Calls `fn` for every point, oldest first (velocity NaN where there was no estimate). */
  forEach(fn: (tS: number, velocityMps: number) => void): void {
    for (let i = 0; i < this.count; i++) {
      const slot = (this.start + i) % CAPACITY;
      fn(this.t[slot]!, this.v[slot]!);
    }
  }
}

/** Faster downwards than this and the bar is being lowered (the tracker's "significant" speed floor). */
export const LOWERING_ONSET_MPS = 0.05;

/**
 * Tells when a lowering starts and stops from the engine's velocity. The engine's own eccentric events
 * come once a lowering is over (its start is only settled at the next rest, 1-7 s later on the
 * simulator), which is too late to count a negative out loud; its live velocity is not.
 */
export class LoweringWatch {
  private lowering = false;

  /** 'start' / 'end' at the point where the lowering begins or ends, else null. */
  push(velocityMps: number | null): 'start' | 'end' | null {
    const down = velocityMps !== null && Number.isFinite(velocityMps) && velocityMps < -LOWERING_ONSET_MPS;
    // Ends once the bar has all but stopped (half the onset speed), or the estimate is lost.
    const stopped =
      velocityMps === null || !Number.isFinite(velocityMps) || velocityMps > -LOWERING_ONSET_MPS / 2;
    if (!this.lowering && down) {
      this.lowering = true;
      return 'start';
    }
    if (this.lowering && stopped) {
      this.lowering = false;
      return 'end';
    }
    return null;
  }

  reset(): void {
    this.lowering = false;
  }
}
