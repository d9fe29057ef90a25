import { describe, expect, it } from 'vitest';
import { riseAfterDwellS, type Stroke } from '../../../src/shared/engine/strokes';
import { restToRestStrokes } from '../../helpers/segments';
import { createRng } from '../../../src/shared/sim';

const RATE_HZ = 100;
const NOISE_MPS2 = 0.1;

/** Lowering at a constant speed between sin^2 ramps, from rest to rest. */
function speedAt(t: number, t0: number, t1: number, speedMps: number, rampS: number): number {
  if (t <= t0 || t >= t1) return 0;
  const ramp = Math.min(t - t0, t1 - t, rampS) / rampS;
  return speedMps * Math.sin((Math.PI / 2) * ramp) ** 2;
}

/** Rest 0-1 s, a 6 s negative at 0.08 m/s, rest to 9 s, with white noise; the strokes found. */
function slowNegative(seed: number): Stroke[] {
  const rng = createRng(seed);
  return restToRestStrokes(
    (s) => -speedAt(s, 1, 7, 0.08, 0.4),
    { fromS: 0, toS: 9, rateHz: RATE_HZ },
    {
      noise: () => rng.normal(0, NOISE_MPS2),
      input: { restUntilS: 0.9, restFromS: 7.1, noiseMps2: NOISE_MPS2 },
    },
  );
}

describe('findStrokes', () => {
  it('ends a lowering at the turnaround a segment was closed just past', () => {
    // Touch-and-go at 3 s; the tracker confirmed the turnaround at 3.04 s, so the segment holds the
    // first 0.04 s of the lift, far too little to be a stroke.
    const velocity = (s: number): number =>
      s < 1 ? 0 : s < 3 ? -0.4 * Math.sin((Math.PI * (s - 1)) / 2) : 0.6 * Math.sin(Math.PI * (s - 3));
    const strokes = restToRestStrokes(
      velocity,
      { fromS: 0, toS: 3.04, rateHz: RATE_HZ },
      { input: { endPinS: 3, endsAtTurn: true } },
    );
    expect(strokes).toHaveLength(1);
    expect(strokes[0]!.direction).toBe(-1);
    expect(strokes[0]!.endsAtRest).toBe(false);
    expect(Math.abs(strokes[0]!.endS - 3)).toBeLessThan(0.006);
  });

  it('does not integrate noise through the steady part of a slow negative', () => {
    // Integrated over 6 s, 0.01 g of noise walks the velocity by ~0.025 m/s, a third of the bar's own
    // speed, which moves the 5% edges by tenths of a second. While the bar is steady its speed does not
    // change, so nothing is integrated there.
    const edgeS = ((Math.asin(Math.sqrt(0.05)) * 2) / Math.PI) * 0.4;
    let good = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const downs = slowNegative(seed).filter((s) => s.direction < 0 && s.displacementM > 0.1);
      const down = downs[0];
      if (
        downs.length === 1 &&
        down &&
        Math.abs(down.endS - down.startS - (6 - 2 * edgeS)) < 0.03 * 6 &&
        Math.abs(down.displacementM - 0.464) < 0.05
      ) {
        good++;
      }
    }
    expect(good).toBeGreaterThanOrEqual(34);
  });
});

describe('riseAfterDwellS', () => {
  /** sin^2 pulse of height `peak` over [t0, t1]. */
  const pulse = (t: number, t0: number, t1: number, peak: number): number =>
    t <= t0 || t >= t1 ? 0 : peak * Math.sin((Math.PI * (t - t0)) / (t1 - t0)) ** 2;
  /** A 0.35 m/s lowering from 4 to 6 s, measured from 1 s with an error of `errorMps` held until then. */
  const lowering = (errorMps: number): Stroke => {
    const velocity = (t: number): number => -(speedAt(t, 1, 6.2, errorMps, 0.2) + pulse(t, 4, 6, 0.35));
    const strokes = restToRestStrokes(velocity, { fromS: 0, toS: 7, rateHz: RATE_HZ });
    expect(strokes).toHaveLength(1);
    return strokes[0]!;
  };
  // Where the lowering itself passes 5% of its peak.
  const trueStartS = 4 + (2 / Math.PI) * Math.asin(Math.sqrt(0.05));

  it('starts a stroke after a dwell at a low speed where it rose on past it', () => {
    const measured = lowering(0.045);
    expect(measured.startS).toBeLessThan(1.2);
    expect(riseAfterDwellS(measured, 1, 0.75)).toBeCloseTo(trueStartS, 1);
    // A dwell shorter than asked for, or above the share of the peak searched, is not one.
    expect(riseAfterDwellS(measured, 3, 0.75)).toBeNull();
    expect(riseAfterDwellS(measured, 1, 0.05)).toBeNull();
  });

  it('finds no dwell in a lowering from rest', () => {
    expect(riseAfterDwellS(lowering(0), 1, 0.75)).toBeNull();
  });
});
