/**
 * The engine's contracts. Units convention: every name carries its unit (`S` seconds, `Mps` m/s,
 * `M` metres, `G` standard gravity, `Dps` degrees per second) except the raw sample fields, whose
 * units are fixed here once: t in seconds, ax/ay/az in g, gx/gy/gz in deg/s.
 */

/** One accelerometer sample as a sensor driver delivers it, in the sensor's own frame. */
export interface Sample {
  /** Seconds on the sensor's (or host's) clock; any origin. */
  t: number;
  /** Specific force in g, gravity included (a sensor at rest reads 1 g upwards). */
  ax: number;
  ay: number;
  az: number;
  /** Angular rate in deg/s, when the sensor has a gyroscope. */
  gx?: number;
  gy?: number;
  gz?: number;
}

export type PhaseName = 'eccentric' | 'bottomPause' | 'concentric' | 'topPause';

/** A measured phase. All times are seconds from the first accepted sample of the stream. */
export interface PhaseTiming {
  startS: number;
  endS: number;
  durationS: number;
  /** Sample time (same origin) at which the engine committed this phase's end. */
  detectedAtS: number;
}

/** How one phase compared with the prescription; null where the prescription sets no target (X). */
export interface PhaseScore {
  targetS: number | null;
  withinTolerance: boolean | null;
}

export interface RepMetrics {
  /** 1-based within its set. */
  index: number;
  startS: number;
  endS: number;
  eccentric: PhaseTiming;
  bottomPause: PhaseTiming;
  concentric: PhaseTiming;
  topPause: PhaseTiming;
  romM: number;
  meanConcentricVelocityMps: number;
  peakConcentricVelocityMps: number;
  /** Magnitude (positive) of the mean lowering speed. */
  meanEccentricVelocityMps: number;
  /** The actual tempo in the prescription's order, e.g. `3.1-0.4-0.9-1.2`. */
  tempo: string;
  rushed: boolean;
  /** Per-phase adherence when a prescription is set, in tempo order. */
  scores: Record<PhaseName, PhaseScore> | null;
  /**
   * Set on a rep the tracker missed and the cycle detector's lift stands in for (reconcile.ts): it is
   * counted, but its phases are rough (the eccentric located in the readings between two lifts where it
   * can be, else spanning from the neighbouring lift; no top pause).
   */
  estimated?: true;
}

export interface SetSummary {
  repCount: number;
  eccentricMeanS: number;
  eccentricSdS: number;
  /** Coefficient of variation of eccentric durations (SD / mean), 0..1. */
  eccentricCv: number;
  /** Least-squares slope of eccentric duration against rep number, seconds per rep (negative: shortening). */
  eccentricTrendSPerRep: number;
  rushedCount: number;
  /** Share of reps within tolerance, per phase (null where nothing is prescribed). */
  adherence: Record<PhaseName, number | null> | null;
  /** (best - last) / best of mean concentric velocity, in percent. */
  velocityLossPct: number;
}

export interface SetResult {
  /** 1-based. */
  index: number;
  startS: number;
  endS: number;
  reps: RepMetrics[];
  summary: SetSummary;
}

export interface Gap {
  startS: number;
  endS: number;
}

/** Events the streaming engine emits. `atS` is the time described, `committedAtS` the sample time of the decision. */
export type EngineEvent =
  | { type: 'gap'; gap: Gap; committedAtS: number }
  | { type: 'set-started'; setIndex: number; atS: number; committedAtS: number }
  | { type: 'rep-started'; setIndex: number; repIndex: number; atS: number; committedAtS: number }
  | {
      type: 'phase-changed';
      setIndex: number;
      repIndex: number;
      phase: PhaseName;
      atS: number;
      committedAtS: number;
    }
  | {
      type: 'eccentric-ended';
      setIndex: number;
      repIndex: number;
      atS: number;
      durationS: number;
      rushed: boolean;
      committedAtS: number;
    }
  | { type: 'rep-completed'; setIndex: number; rep: RepMetrics; committedAtS: number }
  | { type: 'set-ended'; set: SetResult; committedAtS: number };

export type EngineEventType = EngineEvent['type'];
