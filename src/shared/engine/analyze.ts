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
  return analyzeChunks([samples], options);
}

/**
 * The same analysis over samples delivered in chunks (e.g. read from storage one block at a time, so a long
 * session is never held in memory whole). Streaming == batch: identical to analyzeSamples of the chunks joined.
 */
export function analyzeChunks(chunks: Iterable<readonly Sample[]>, options: EngineOptions = {}): Analysis {
  const engine = new TempoEngine(options);
  const events: EngineEvent[] = [];
  for (const chunk of chunks) for (const e of engine.process(chunk)) events.push(e);
  for (const e of engine.finish()) events.push(e);
  const durationS = engine.durationS;
  return {
    input: {
      samples: engine.stats.offered,
      acceptedSamples: engine.stats.accepted,
      originS: engine.streamOriginS,
      durationS,
      sampleRateHz: durationS > 0 ? (engine.stats.accepted - 1) / durationS : 0,
      gaps: [...engine.gaps],
    },
    sets: [...engine.sets],
    events,
    ...(engine.curves ? { curves: engine.curves } : {}),
  };
}
