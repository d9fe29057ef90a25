/**
 * A stored session, as the database, the JSON session file, the reports and the app all see it. Pure
 * types: no Node, no DOM. Raw samples are the source of truth; every rep, phase and summary is derived
 * from them by the engine (`analyzeSamples`) and can be recomputed with another prescription.
 */
import type { Gap, Sample } from '../engine/types';

export type LoadUnit = 'kg' | 'lb';

/** A bar load as the lifter entered it (never converted: 225 lb stays 225 lb). */
export interface Load {
  value: number;
  unit: LoadUnit;
}

/**
 * `recording`: samples are still being written (or the recorder died and nobody has looked yet);
 * `complete`: stopped cleanly; `recovered`: found interrupted (crash, kill -9, power loss) and kept.
 */
export type SessionStatus = 'recording' | 'complete' | 'recovered';

/** The prescription a session's figures are scored against, as notation (canonical, `formatTempo`). */
export interface Scoring {
  /** e.g. "3-1-X-0"; null = nothing prescribed (no scores, no rushed flags). */
  tempo: string | null;
  /** (0, 1]; an eccentric under tolerance x target is rushed. */
  tolerance: number;
}

/** What the lifter or coach says about a session; everything but the samples and the analysis. */
export interface SessionInfo {
  /** ISO 8601 UTC with milliseconds, wall clock when recording started (or the file's import time). */
  startedAt: string;
  /** ISO 8601 UTC; null while recording (or when unknown, e.g. an interrupted session). */
  endedAt: string | null;
  /** A user-given title; null = none (lists show date and exercise). */
  name: string | null;
  athlete: string | null;
  /** The session's exercise, used for sets without their own. */
  exercise: string | null;
  /** The session's load, used for sets without their own. */
  load: Load | null;
  /** Where the samples came from, e.g. "simulated lifter", "WT901BLE68", "import: squat.csv". */
  sensor: string;
  notes: string;
  status: SessionStatus;
}

/** Per-set metadata the user gave (the engine finds the sets; this is keyed by their 1-based index). */
export interface SetInfo {
  index: number;
  /** null = the session's. */
  exercise: string | null;
  /** null = the session's. */
  load: Load | null;
  notes: string;
}

/** Everything needed to reproduce a session's analysis and reports. */
export interface SessionData {
  info: SessionInfo;
  scoring: Scoring;
  /** Only sets the user said something about; sorted by index, each index at most once. */
  setInfo: SetInfo[];
  /** In recording order, times on the sensor's (or host's) clock, as delivered to the engine. */
  samples: Sample[];
  /**
   * Sensor dropouts seen while recording (connection lost, samples missing), on the samples' clock.
   * The engine also finds gaps from the timestamps; these are the ones the recorder knew of.
   */
  dropouts: Gap[];
}

/** One line of a sessions list (`sessions list --json` prints exactly these fields first). */
export interface SessionSummary {
  id: number;
  startedAt: string;
  /** Seconds between the first and last stored sample (0 with fewer than two). */
  durationS: number;
  samples: number;
  sets: number;
  reps: number;
  status: SessionStatus;
  name: string | null;
  athlete: string | null;
  exercise: string | null;
  load: Load | null;
  tempo: string | null;
}
