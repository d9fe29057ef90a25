export type Exercise = 'squat' | 'bench' | 'deadlift' | 'curl' | 'row' | 'press' | 'rdl';

/** Ground truth for one phase, on the simulated sensor's clock (same clock as Sample.t). */
export interface TruePhase {
  startS: number;
  endS: number;
}

/**
 * Ground truth for one rep. Phase boundaries follow the engine's definition exactly: a phase that starts
 * from rest starts when the bar speed rises above 5% of that phase's peak speed, one that ends at rest
 * ends when it falls below 5% of its peak; with no pause, the eccentric/concentric boundary is the
 * velocity zero crossing. Pauses lie between.
 */
export interface TrueRep {
  eccentric: TruePhase;
  bottomPause: TruePhase;
  concentric: TruePhase;
  topPause: TruePhase;
  romM: number;
  peakConcentricVelocityMps: number;
  /** Vertical distance between the concentric's truth boundaries / its duration. */
  meanConcentricVelocityMps: number;
  /** Same for the eccentric (positive). */
  meanEccentricVelocityMps: number;
  /** The prescription's eccentric target (null = X); the rep is rushed when eccentric duration < tolerance x this. */
  eccentricTargetS: number | null;
  /** The eccentric duration the simulated lifter aimed for (target with spread, fatigue or rushing applied). */
  intendedEccentricS: number;
  /** True where the scenario deliberately rushed this rep's negative. */
  rushedByDesign: boolean;
}

export interface TrueSet {
  startS: number;
  endS: number;
  reps: TrueRep[];
}
