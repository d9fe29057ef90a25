import type { PhaseName, PhaseScore } from '../engine/types';
import type { PhaseDurations } from './parse';
import type { Prescription } from './types';

/**
 * Slack for a 0 s target (no pause prescribed), in seconds. Even a "no pause" rep spends some time near zero
 * speed while the bar turns around, and the engine's rest threshold (5% of the phase's peak speed) counts part
 * of that turnaround as pause. A touch-and-go turnaround measures ~0.1-0.2 s; at 25 Hz a boundary is also
 * uncertain by a sample (40 ms) at each end. A deliberate pause, counted by a lifter, is ~1 s. 0.25 s sits above
 * the turnaround + detection jitter and well below any intentional pause.
 */
export const ZERO_TARGET_SLACK_S = 0.25;

/** Absolute slack for float comparisons, so 2.4 s against 0.8 x 3 s (= 2.4000000000000004) is within. */
const EPSILON_S = 1e-9;

export const PHASES: readonly PhaseName[] = ['eccentric', 'bottomPause', 'concentric', 'topPause'];

const DURATION_KEY: Record<PhaseName, keyof PhaseDurations> = {
  eccentric: 'eccentricS',
  bottomPause: 'bottomPauseS',
  concentric: 'concentricS',
  topPause: 'topPauseS',
};

export interface RepScore {
  /** The eccentric was shorter than tolerance x its target. */
  rushed: boolean;
  scores: Record<PhaseName, PhaseScore>;
}

/** Scores one phase: within tolerance when tolerance x T <= d <= T / tolerance; a 0 s target allows ZERO_TARGET_SLACK_S. */
export function scorePhase(durationS: number, targetS: number | null, tolerance: number): PhaseScore {
  if (targetS === null) return { targetS: null, withinTolerance: null };
  if (targetS === 0) return { targetS, withinTolerance: durationS <= ZERO_TARGET_SLACK_S + EPSILON_S };
  const within = durationS >= tolerance * targetS - EPSILON_S && durationS <= targetS / tolerance + EPSILON_S;
  return { targetS, withinTolerance: within };
}

/** True when the eccentric is shorter than tolerance x its target; never with no eccentric target. */
export function isRushed(eccentricS: number, prescription: Prescription): boolean {
  const target = prescription.eccentricS;
  if (target === null) return false;
  return eccentricS < prescription.tolerance * target - EPSILON_S;
}

export function scoreRep(durations: PhaseDurations, prescription: Prescription): RepScore {
  const scores = {} as Record<PhaseName, PhaseScore>;
  for (const phase of PHASES) {
    const target = prescription[DURATION_KEY[phase]];
    scores[phase] = scorePhase(durations[DURATION_KEY[phase]], target, prescription.tolerance);
  }
  return { rushed: isRushed(durations.eccentricS, prescription), scores };
}

/** The durations of a rep's phases, in the shape scoreRep and formatActualTempo take. */
export function phaseDurations(rep: Record<PhaseName, { durationS: number }>): PhaseDurations {
  return {
    eccentricS: rep.eccentric.durationS,
    bottomPauseS: rep.bottomPause.durationS,
    concentricS: rep.concentric.durationS,
    topPauseS: rep.topPause.durationS,
  };
}
