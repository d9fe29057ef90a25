import type { RepMetrics } from './types';
import { median } from './summary';

/**
 * A finished set's reps with distances no barbell travels taken out.
 *
 * A rep's range of motion is measured by integrating the bar's acceleration between rests, so a
 * velocity error the tracker carried through it (from a rest it took for one mid-stroke, or from the
 * bias) inflates it, and with it the rep's mean speeds. Its timing is unaffected. Within one set the
 * bar travels the same path rep after rep (the floor, the chest, the lockout bound it): one rep that
 * reads far longer than the set's median did not travel further. Shorter is left alone: a partial rep
 * is real, and worth showing a coach.
 */

/**
 * A rep measured more than this times its set's median range of motion is taken at the median.
 * Simulator, matched reps of seeds 1-800 (10,122): 252 reps above 1.3x their set's median, of which the
 * median is within 20% of the true range of motion for 230 and the measured value for 2; at 1.5x, 127
 * reps, 120 and 0.
 */
export const MAX_ROM_FRACTION_OF_MEDIAN = 1.3;
/** A median needs this many reps to say what the set's range of motion is. */
const MIN_REPS_FOR_MEDIAN = 3;

/**
 * `reps` with every range of motion over MAX_ROM_FRACTION_OF_MEDIAN of the set's median set to the
 * median, and the mean speeds that came from it measured over the same phases again. A peak speed is
 * never under the mean (a rep whose distance was not taken in still gets that floor).
 */
export function withPlausibleRom(reps: readonly RepMetrics[]): RepMetrics[] {
  const medianM = reps.length >= MIN_REPS_FOR_MEDIAN ? median(reps.map((r) => r.romM)) : NaN;
  return reps.map((rep) => {
    const out: RepMetrics = { ...rep };
    if (medianM > 0 && rep.romM > MAX_ROM_FRACTION_OF_MEDIAN * medianM) {
      out.romM = medianM;
      out.meanConcentricVelocityMps =
        rep.concentric.durationS > 0 ? medianM / rep.concentric.durationS : rep.meanConcentricVelocityMps;
      out.meanEccentricVelocityMps =
        rep.eccentric.durationS > 0 ? medianM / rep.eccentric.durationS : rep.meanEccentricVelocityMps;
    }
    out.peakConcentricVelocityMps = Math.max(out.peakConcentricVelocityMps, out.meanConcentricVelocityMps);
    return out;
  });
}
