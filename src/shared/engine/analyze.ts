import type { EngineEvent, Gap, Sample, SetResult } from './types';
import type { Prescription } from '../tempo/types';
import { TempoEngine } from './engine';
import type { RecordedCurves } from './curves';

export interface EngineOptions {
  /** The tempo to score against; null or absent scores nothing and flags no rushed negatives. */
  prescription?: Prescription | null;
  /**
   * Keep the estimated velocity for each rep's curve (`Analysis.curves`, curves.ts repCurve). Off by
   * default. Costs 16 bytes per sample the tracker measured a segment over: 5.5 MB for the throughput
   * benchmark's hour at 200 Hz (20 sets, 41% of its samples), 11.5 MB for an hour of nothing but motion.
   * Events, sets and reps are the same either way.
   */
  curves?: boolean;
}

export interface InputStats {
  /** Samples offered to the engine, garbage and duplicates included. */
  samples: number;
  /** Samples the engine used (duplicates, garbage and out-of-order samples removed). */
  acceptedSamples: number;
  /** Why the others were not used. */
  dropped: { duplicates: number; garbage: number; outOfOrder: number };
  /** Absolute time of the first accepted sample; every other time is relative to it. */
  originS: number;
  durationS: number;
  /** Accepted samples per second of stream time. */
  sampleRateHz: number;
  gaps: Gap[];
}

export interface Analysis {
  input: InputStats;
  sets: SetResult[];
  events: EngineEvent[];
  /** Present when `EngineOptions.curves` was set (curves.ts repCurve reads it). */
  curves?: RecordedCurves;
}

/** Offline analysis: exactly the streaming engine run over the whole array in one chunk. */
export function analyzeSamples(samples: readonly Sample[], options: EngineOptions = {}): Analysis {
  const analysis = new AnalysisStream(options);
  analysis.process(samples);
  return analysis.finish();
}

/**
 * The same analysis over samples delivered in chunks (e.g. read from storage one block at a time, so a long
 * session is never held in memory whole). Streaming == batch: identical to analyzeSamples of the chunks joined.
 */
export function analyzeChunks(chunks: Iterable<readonly Sample[]>, options: EngineOptions = {}): Analysis {
  const analysis = new AnalysisStream(options);
  for (const chunk of chunks) analysis.process(chunk);
  return analysis.finish();
}

/**
 * The same analysis fed chunk by chunk (e.g. as a file is read), so the samples need never all be in memory;
 * any chunking gives the result analyzeSamples gives for the whole array.
 */
export class AnalysisStream {
  private readonly engine: TempoEngine;
  private events: EngineEvent[] = [];

  constructor(options: EngineOptions = {}) {
    this.engine = new TempoEngine(options);
  }

  process(chunk: readonly Sample[]): void {
    for (const e of this.engine.process(chunk)) this.events.push(e);
  }

  reset(): void {
    this.engine.reset();
    this.events = [];
  }

  finish(): Analysis {
    const engine = this.engine;
    for (const e of engine.finish()) this.events.push(e);
    const durationS = engine.durationS;
    const { offered, accepted, duplicates, garbage, outOfOrder } = engine.stats;
    return {
      input: {
        samples: offered,
        acceptedSamples: accepted,
        dropped: { duplicates, garbage, outOfOrder },
        originS: engine.streamOriginS,
        durationS,
        sampleRateHz: durationS > 0 ? (accepted - 1) / durationS : 0,
        gaps: [...engine.gaps],
      },
      sets: [...engine.sets],
      events: this.events,
      ...(engine.curves ? { curves: engine.curves } : {}),
    };
  }
}
