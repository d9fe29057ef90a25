import type { PhaseName } from '../../shared/engine/types';

export const seconds = (s: number): string => s.toFixed(1);

/** Gym words, not biomechanics words: readable at a glance mid-set. */
export const PHASE_LABEL: Record<PhaseName, string> = {
  eccentric: 'LOWER',
  bottomPause: 'PAUSE',
  concentric: 'DRIVE',
  topPause: 'TOP',
};

export const PHASE_DETAIL: Record<PhaseName, string> = {
  eccentric: 'eccentric',
  bottomPause: 'bottom pause',
  concentric: 'concentric',
  topPause: 'top pause',
};
