import { analyzeSamples, type Analysis } from '../engine/analyze';
import { parseTempo } from '../tempo/parse';
import type { Prescription } from '../tempo/types';
import type { Scoring, SessionData } from './types';

/** The prescription a session is scored against; null when it prescribes nothing. */
export function prescriptionOf(scoring: Scoring): Prescription | null {
  return scoring.tempo === null ? null : parseTempo(scoring.tempo, scoring.tolerance);
}

/** A session's derived figures, recomputed from its raw samples (the source of truth) and its scoring. */
export function analyzeSession(data: SessionData): Analysis {
  return analyzeSamples(data.samples, { prescription: prescriptionOf(data.scoring) });
}
