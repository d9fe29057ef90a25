/** Fakes for the session core: a hand-cranked sample source, a scripted engine, timers over vi's fake clock. */
import { vi } from 'vitest';
import type { EngineEvent, Sample } from '../../src/shared/engine/types';
import type { EventChannel, EventContract, SensorStatus } from '../../src/shared/ipc/contract';
import type { EngineLike } from '../../src/main/session/live-session';
import type { SampleSource, SourceContext } from '../../src/main/session/source';
import type { Timers } from '../../src/main/session/timers';

export class FakeSource implements SampleSource {
  readonly kind = 'simulated' as const;
  onSamples: ((chunk: Sample[]) => void) | null = null;
  starts = 0;
  context: SourceContext | null = null;
  start(onSamples: (chunk: Sample[]) => void, context: SourceContext): void {
    this.starts++;
    this.context = context;
    this.onSamples = onSamples;
  }
  stop(): void {
    this.onSamples = null;
  }
  status(): SensorStatus {
    return { source: 'simulated', connected: true, message: 'fake sensor' };
  }
  push(chunk: Sample[]): void {
    this.onSamples?.(chunk);
  }
}

/** Emits one 'phase-changed' per processed chunk; finish() emits one 'gap' as a recognisable marker. */
export class ScriptedEngine implements EngineLike {
  chunks: (readonly Sample[])[] = [];
  finished = false;
  /** The fake's "velocity" is the last sample's ax, so a test can tell which sample a trace point read. */
  liveVelocityMps: number | null = null;
  durationS = 0;
  process(chunk: readonly Sample[]): EngineEvent[] {
    this.chunks.push(chunk);
    const last = chunk[chunk.length - 1];
    // Like the real engine, a sample older than the last accepted one does not move its clock.
    if (last && (this.chunks.length === 1 || last.t > this.durationS)) {
      this.liveVelocityMps = last.ax;
      this.durationS = last.t;
    }
    const atS = chunk[0]?.t ?? 0;
    return [{ type: 'phase-changed', setIndex: 1, repIndex: 1, phase: 'eccentric', atS, committedAtS: atS }];
  }
  finish(): EngineEvent[] {
    this.finished = true;
    return [{ type: 'gap', gap: { startS: 0, endS: 0 }, committedAtS: 0 }];
  }
}

export function sample(t: number): Sample {
  return { t, ax: 0, ay: 0, az: 1 };
}

/** Timers backed by the global (vi.useFakeTimers-controlled) clock, as production uses them. */
export const fakeableTimers: Timers = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h),
};

export interface Emitted {
  channel: EventChannel;
  payload: unknown;
}

export function recordingSink() {
  const emitted: Emitted[] = [];
  const emit = vi.fn(<C extends EventChannel>(channel: C, payload: EventContract[C]) => {
    emitted.push({ channel, payload });
  });
  const of = <C extends EventChannel>(channel: C) =>
    emitted.filter((e) => e.channel === channel).map((e) => e.payload as EventContract[C]);
  return { emit, emitted, of };
}
