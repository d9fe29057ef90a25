import type { EngineEvent, Gap, Sample, SetResult } from './types';
import type { Prescription } from '../tempo/types';

export interface EngineOptions {
  /** The tempo to score against; null or absent scores nothing and flags no rushed negatives. */
  prescription?: Prescription | null;
}

export interface InputStats {
  /** Samples offered to the engine, garbage and duplicates included. */
  samples: number;
  durationS: number;
  /** Accepted samples per second of stream time. */
  sampleRateHz: number;
  gaps: Gap[];
}

export interface Analysis {
  input: InputStats;
  sets: SetResult[];
  events: EngineEvent[];
}

/** Offline analysis: the streaming engine run over the whole array (placeholder until the engine lands). */
export function analyzeSamples(samples: readonly Sample[], options: EngineOptions = {}): Analysis {
  void samples;
  void options;
  throw new Error('engine not implemented yet');
}
