/**
 * Replays a recorded canonical CSV (`t,ax,ay,az[,gx,gy,gz]`) in real time (or faster) behind the SampleSource
 * interface, so the live screen can be demonstrated and debugged with a real recording and no sensor.
 */
import type { Sample } from '../../shared/engine/types';
import type { SensorStatus } from '../../shared/ipc/contract';
import { readSamplesText } from '../../shared/io/read-samples';
import { OUT_OF_ORDER_S } from '../../shared/io/file-checks';
import type { SampleSource } from '../session/source';
import { systemTimers, type TimerHandle, type Timers } from '../session/timers';

export interface ReplaySourceOptions {
  /** Samples in time order (readSamplesText output: checked, sorted where the file was not). */
  samples: readonly Sample[];
  /** Shown in the status banner, e.g. the file name. */
  label: string;
  /** What the reader did to the file (e.g. sorted it), shown after the label in the banner. */
  notices?: readonly string[];
  /** Recorded seconds per real second. */
  speed?: number;
  /** Delivery interval, ~a BLE connection interval so the pipeline sees realistic chunks. */
  tickMs?: number;
  /** Start over at the end instead of going quiet. */
  loop?: boolean;
  timers?: Timers;
}

export class ReplaySource implements SampleSource {
  readonly kind = 'replay' as const;
  private readonly speed: number;
  private readonly tickMs: number;
  private readonly timers: Timers;
  private handle: TimerHandle | null = null;
  private finished = false;
  /** From the first sample to the latest (the reader lets jitter within OUT_OF_ORDER_S through unsorted). */
  private readonly spanS: number;

  constructor(private readonly options: ReplaySourceOptions) {
    this.speed = options.speed ?? 1;
    this.tickMs = options.tickMs ?? 20;
    this.timers = options.timers ?? systemTimers;
    if (!(this.speed > 0)) throw new Error(`ReplaySource: speed must be > 0, got ${this.speed}`);
    if (options.samples.length === 0) throw new Error('ReplaySource: the recording has no samples');
    // The replay waits for each sample's time: a time that is not finite, or far behind the latest, would
    // stall it or (looped) never let a lap end. The checked reader refuses such files; this guards the rest.
    let latestS = -Infinity;
    for (const s of options.samples) {
      if (!Number.isFinite(s.t) || s.t < latestS - OUT_OF_ORDER_S) {
        throw new Error(
          `ReplaySource: sample times must be finite and in order (got ${s.t} after ${latestS})`,
        );
      }
      latestS = Math.max(latestS, s.t);
    }
    this.spanS = latestS - (options.samples[0]?.t ?? latestS);
  }

  static fromCsv(
    text: string,
    label: string,
    options: Omit<ReplaySourceOptions, 'samples' | 'label'> = {},
  ): ReplaySource {
    const { samples, notices } = readSamplesText(text);
    return new ReplaySource({ ...options, samples, notices, label });
  }

  start(onSamples: (chunk: Sample[]) => void): void {
    this.stop();
    this.finished = false;
    const samples = this.options.samples;
    const firstS = samples[0]?.t ?? 0;
    const spanS = this.spanS;
    let index = 0;
    let lap = 0;
    const startMs = this.timers.now();
    this.handle = this.timers.setInterval(() => {
      const playedS = ((this.timers.now() - startMs) / 1000) * this.speed;
      const chunk: Sample[] = [];
      for (;;) {
        const s = samples[index];
        if (!s) {
          if (!this.options.loop) break;
          // Each lap is shifted past the previous one (plus a period-ish pause) so time never runs backwards.
          lap++;
          index = 0;
          continue;
        }
        const offsetS = lap * (spanS + 1);
        if (s.t - firstS + offsetS > playedS) break;
        chunk.push(lap === 0 ? s : { ...s, t: s.t + offsetS });
        index++;
      }
      if (chunk.length > 0) onSamples(chunk);
      if (!this.options.loop && index >= samples.length) {
        this.finished = true;
        this.stop();
      }
    }, this.tickMs);
  }

  stop(): void {
    if (this.handle !== null) this.timers.clearInterval(this.handle);
    this.handle = null;
  }

  /** True once a non-looping replay delivered its last sample. */
  get done(): boolean {
    return this.finished;
  }

  status(): SensorStatus {
    return {
      source: 'replay',
      connected: !this.finished,
      message: this.finished
        ? `Replay of ${this.options.label} finished`
        : `Replaying ${this.options.label}${this.options.notices?.length ? ` (${this.options.notices.join('; ')})` : ''}`,
    };
  }
}
