import { describe, expect, it } from 'vitest';
import { MAX_ROM_FRACTION_OF_MEDIAN, withPlausibleRom } from '../../../src/shared/engine/plausible';
import { laidOutRep } from '../../helpers/reps';
import type { RepMetrics } from '../../../src/shared/engine/types';

/** A rep of `romM` lowered over 3 s and lifted over 1 s, its speeds measured from that distance. */
function rep(index: number, romM: number): RepMetrics {
  return laidOutRep(index, 10 * index, { eccS: 3, bottomS: 0.5, conS: 1, topS: 1 }, 0, {
    romM,
    meanConcentricVelocityMps: romM,
    peakConcentricVelocityMps: 1.8 * romM,
    meanEccentricVelocityMps: romM / 3,
  });
}

describe('withPlausibleRom', () => {
  it("takes a rep measured far longer than its set's median at the median, with its mean speeds", () => {
    const reps = [rep(1, 0.5), rep(2, 0.52), rep(3, 1.0), rep(4, 0.48)];
    const out = withPlausibleRom(reps);
    expect(out.map((r) => r.romM)).toEqual([0.5, 0.52, 0.52, 0.48]);
    expect(out[2]!.meanConcentricVelocityMps).toBeCloseTo(0.52, 9);
    expect(out[2]!.meanEccentricVelocityMps).toBeCloseTo(0.52 / 3, 9);
    // Its timing and peak speed stay as measured; the input is not changed.
    expect(out[2]!.eccentric).toEqual(reps[2]!.eccentric);
    expect(out[2]!.peakConcentricVelocityMps).toBe(1.8);
    expect(reps[2]!.romM).toBe(1.0);
  });

  it('keeps a rep just inside the limit, a short (partial) rep, and sets too small for a median', () => {
    const inside = 0.99 * MAX_ROM_FRACTION_OF_MEDIAN * 0.5;
    expect(withPlausibleRom([rep(1, 0.5), rep(2, 0.5), rep(3, inside)])[2]!.romM).toBe(inside);
    expect(withPlausibleRom([rep(1, 0.5), rep(2, 0.5), rep(3, 0.2)])[2]!.romM).toBe(0.2);
    expect(withPlausibleRom([rep(1, 0.5), rep(2, 1.5)]).map((r) => r.romM)).toEqual([0.5, 1.5]);
  });

  it('never reports a peak concentric speed under the mean', () => {
    const slowPeak = { ...rep(1, 0.5), peakConcentricVelocityMps: 0.3 };
    expect(withPlausibleRom([slowPeak])[0]!.peakConcentricVelocityMps).toBe(0.5);
  });
});
