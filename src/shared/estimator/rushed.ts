import { isRushed } from '../tempo/score';
import type { Prescription } from '../tempo/types';

/**
 * Standard deviations the line must lie from a re-timed eccentric for the rushed call to be made: within
 * them, the rep is "unsure" (shown as such, never as fine). 2 sd: about 2% of calls wrong by chance.
 */
export const RUSHED_CALL_SD = 2;

/** Rushed (true), not rushed (false), or 'unsure' where the line lies within the estimate's uncertainty. */
export function rushedCall(
  eccentric: { durationS: number; sdS: number },
  prescription: Prescription,
): boolean | 'unsure' {
  if (prescription.eccentricS === null) return false;
  const lineS = prescription.tolerance * prescription.eccentricS;
  if (Math.abs(eccentric.durationS - lineS) < RUSHED_CALL_SD * eccentric.sdS) return 'unsure';
  return isRushed(eccentric.durationS, prescription);
}
