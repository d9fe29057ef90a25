import type { Sample } from '../../shared/engine/types';
import type { SensorStatus } from '../../shared/ipc/contract';
import type { Prescription } from '../../shared/tempo/types';
import type { SampleSource, SourceContext } from './source';
import { systemTimers, type Timers } from './timers';

/** What the source needs from the simulator (src/shared/sim's SimulatedLifter satisfies it). */
export interface SampleGenerator {
  /** All samples with t < tS not returned before, in order. */
  takeUntil(tS: number): Sample[];
}

export interface SimulatedSourceOptions {
  /**
   * A fresh lifter per start, so each session begins at the simulator's t = 0; it gets the session's
   * prescription so the simulated lifter follows the tempo typed on screen (null: its own default).
   */
  createLifter: (prescription: Prescription | null) => SampleGenerator;
  /** Simulated seconds per real second; > 1 runs a set in a fraction of the time (tests, demos). */
  speed?: number;
  /** How often to pull from the simulator; ~a BLE notification interval so the pipeline sees realistic chunks. */
  tickMs?: number;
  timers?: Timers;
  /** Banner text explaining why the simulator is in use. */
  message?: string | null;
}

/** Simulated time one tick may catch up, in ticks' worth. */
const MAX_TICKS_PER_PULL = 5;

/** Streams a SimulatedLifter in (optionally accelerated) real time on an interval timer. */
export class SimulatedSensorSource implements SampleSource {
  readonly kind = 'simulated' as const;
  private readonly speed: number;
  private readonly tickMs: number;
  private readonly timers: Timers;
  private handle: ReturnType<Timers['setInterval']> | null = null;

  constructor(private readonly options: SimulatedSourceOptions) {
    this.speed = options.speed ?? 1;
    this.tickMs = options.tickMs ?? 20;
    this.timers = options.timers ?? systemTimers;
    if (!(this.speed > 0)) throw new Error(`SimulatedSensorSource: speed must be > 0, got ${this.speed}`);
  }

  start(onSamples: (chunk: Sample[]) => void, context: SourceContext): void {
    this.stop();
    const lifter = this.options.createLifter(context.prescription);
    const t0 = this.timers.now();
    // A tick asks for at most this much simulated time: when the consumer is slower than `speed` (the engine
    // at 5000x), the simulation falls behind the wall clock instead of handing over ever larger chunks.
    const maxStepS = (MAX_TICKS_PER_PULL * this.tickMs * this.speed) / 1000;
    let pulledS = 0;
    this.handle = this.timers.setInterval(() => {
      const simS = Math.min(((this.timers.now() - t0) / 1000) * this.speed, pulledS + maxStepS);
      pulledS = simS;
      const chunk = lifter.takeUntil(simS);
      if (chunk.length > 0) onSamples(chunk);
    }, this.tickMs);
  }

  stop(): void {
    if (this.handle !== null) this.timers.clearInterval(this.handle);
    this.handle = null;
  }

  status(): SensorStatus {
    // The simulator cannot drop out, so it is always "connected".
    return { source: 'simulated', connected: true, message: this.options.message ?? null };
  }
}
