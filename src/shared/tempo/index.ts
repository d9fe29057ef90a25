export type { Prescription } from './types';
export { TempoError } from './errors';
export {
  DEFAULT_TOLERANCE,
  MAX_PHASE_TARGET_S,
  parseTempo,
  parseTolerance,
  formatTempo,
  formatActualTempo,
  type PhaseDurations,
} from './parse';
export {
  ZERO_TARGET_SLACK_S,
  PHASES,
  scorePhase,
  isRushed,
  scoreRep,
  phaseDurations,
  type RepScore,
} from './score';
