import type { PhaseName } from '../../shared/engine/types';
import type { Verdict } from './model';

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

/** The word beside a negative's figure: its colour alone must not be the only cue. */
export const VERDICT_WORD: Record<Verdict, string> = {
  fine: 'GOOD',
  rushed: 'RUSHED',
  unsure: 'UNSURE',
  untimed: 'NO TARGET',
};

/** `12.3-14.0 s`: where a dropout lies on the session's clock. */
export const span = (fromS: number, toS: number): string => `${seconds(fromS)}-${seconds(toS)} s`;
