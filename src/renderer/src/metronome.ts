/**
 * The optional metronome: while the bar is lowered, a tick at each whole second of the prescribed
 * negative and a distinct one at its end. It keys off the engine's live velocity (trace.ts explains
 * why not its eccentric events) and is silent when off, with no target, or once the bar has stopped.
 */
import type { SampleTrace } from '../../shared/ipc/contract';
import { LoweringWatch } from './trace';

/** Seconds into the negative at which to tick: 1, 2, ... and the target itself (the last tick). */
export function tickTimesS(targetS: number): number[] {
  const times: number[] = [];
  for (let s = 1; s < targetS - 1e-9; s++) times.push(s);
  if (targetS > 0) times.push(targetS);
  return times;
}

export interface TickScheduler {
  /** Schedule a tick `inS` seconds from now; returns a handle to cancel it. */
  schedule(inS: number, last: boolean): { stop(): void } | null;
}

export class Metronome {
  private readonly watch = new LoweringWatch();
  private pending: { stop(): void }[] = [];
  private enabled = false;
  private targetS: number | null = null;

  constructor(private readonly ticks: TickScheduler) {}

  configure(enabled: boolean, targetS: number | null): void {
    this.enabled = enabled;
    this.targetS = targetS;
    if (!enabled || targetS === null) this.cancel();
  }

  /** Feed every trace batch as it arrives: the last point is "now". */
  onTrace(trace: SampleTrace): void {
    const n = Math.min(trace.t.length, trace.velocityMps.length);
    const nowS = trace.t[n - 1];
    for (let i = 0; i < n; i++) {
      const edge = this.watch.push(trace.velocityMps[i] ?? null);
      if (edge === 'end') this.cancel();
      if (edge === 'start' && nowS !== undefined) this.start(nowS - trace.t[i]!);
    }
  }

  /** A new session: forget a lowering in progress. */
  reset(): void {
    this.watch.reset();
    this.cancel();
  }

  private start(sinceOnsetS: number): void {
    this.cancel();
    if (!this.enabled || this.targetS === null || this.targetS <= 0) return;
    const times = tickTimesS(this.targetS);
    times.forEach((atS, i) => {
      const inS = atS - sinceOnsetS;
      if (inS < 0) return; // already past by the time the batch arrived
      const handle = this.ticks.schedule(inS, i === times.length - 1);
      if (handle) this.pending.push(handle);
    });
  }

  private cancel(): void {
    for (const tick of this.pending) {
      try {
        tick.stop();
      } catch {
        // Already played and stopped: nothing to cancel.
      }
    }
    this.pending = [];
  }
}
