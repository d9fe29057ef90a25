/**
 * Locating a lowering that read as rest, from the raw readings of the stretch between two lifts.
 *
 * Between a lift's top and the next lift's start the bar is still at both ends, so the velocity change
 * over the stretch is zero: the mean reading over it is gravity (plus bias) exactly, whatever the
 * gravity reference thought. Integrated against that mean, the readings give the velocity: zero, then
 * the lowering's speed, then zero again. Its two edges are tiny blips of acceleration, each alone lost
 * in noise, but the whole step is not: a box of the known area (the lift's distance, which the lowering
 * has to travel back) is fitted to the integrated readings, over every start and end.
 */

export interface LocatedLowering {
  startS: number;
  endS: number;
  speedMps: number;
}

/** Below this share of the integrated readings' variance explained, the box is not believed. */
const MIN_EXPLAINED = 0.5;
/**
 * The box's edges are where the speed is half-way through its ramps; the phase edges (5% of the speed)
 * lie about a third of a ramp outside them (a smooth ramp of 0.3 s). Measured on the simulator (seeds
 * 1-200 / 121-320 within tolerance): 0.03 s 84.3 / 85.6%, 0.06 s 84.6 / 85.8%, 0.1 s 84.7 / 86.2%,
 * 0.16 s 84.6 / 86.2%.
 */
const RAMP_WIDEN_S = 0.1;
/** A lowering shorter than this is not looked for: it would have been measured. */
const MIN_LOWERING_S = 0.5;

/**
 * `valuesMps2`: |reading - bias| per bin of `binS` from `startS`, over a stretch still at both ends;
 * `displacementM`: how far the bar was lowered, or NaN when unknown (the box is then as deep as the
 * velocity under it). Null when no box explains the stretch.
 */
export function locateLowering(
  valuesMps2: Float64Array,
  startS: number,
  binS: number,
  displacementM: number,
): LocatedLowering | null {
  const n = valuesMps2.length;
  const freeDepth = Number.isNaN(displacementM);
  if (n < 4 || !(freeDepth || displacementM > 0)) return null;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += valuesMps2[k]!;
  mean /= n;
  // velocity[k] at the edge between bins k-1 and k (velocity[0] = velocity[n] = 0); prefix sums of it.
  const prefix = new Float64Array(n + 2);
  let velocity = 0;
  let sumSquares = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) velocity += (valuesMps2[k - 1]! - mean) * binS;
    prefix[k + 1] = prefix[k]! + velocity;
    sumSquares += velocity * velocity;
  }
  if (!(sumSquares > 0)) return null;
  // Least squares of velocity[k] + V * [i <= k < j] with V = displacement / ((j - i) * binS): the cost
  // beyond sumSquares is 2 V sum(velocity over the box) + V^2 (j - i).
  // Without a known distance the box is as deep as the velocity over it (a lowering: below zero).
  const boxSpeed = (i: number, j: number): number =>
    freeDepth ? Math.max(0, -(prefix[j]! - prefix[i]!) / (j - i)) : displacementM / ((j - i) * binS);
  const minBins = Math.max(2, Math.ceil(MIN_LOWERING_S / binS));
  let best = 0;
  let bestI = -1;
  let bestJ = -1;
  for (let i = 0; i < n; i++) {
    for (let j = i + minBins; j <= n; j++) {
      const speed = boxSpeed(i, j);
      const cost = 2 * speed * (prefix[j]! - prefix[i]!) + speed * speed * (j - i);
      if (cost < best) {
        best = cost;
        bestI = i;
        bestJ = j;
      }
    }
  }
  if (bestI < 0 || -best / sumSquares < MIN_EXPLAINED) return null;
  const from = startS + bestI * binS - RAMP_WIDEN_S;
  const to = startS + bestJ * binS + RAMP_WIDEN_S;
  return {
    startS: Math.max(from, startS),
    endS: Math.min(to, startS + n * binS),
    speedMps: boxSpeed(bestI, bestJ),
  };
}

/**
 * Locates a lowering of `displacementM` (NaN: unknown) between the end of one lift, or any still moment,
 * and the start of the next lift (stream times), or null: see locateLowering. The stretch searched
 * leaves out LIFT_TAIL_S after the first and LIFT_LEAD_S before the second, where a lift's edges (5% of
 * its speed, or the detector's active part) may still hold some of its motion.
 */
export type LocateLowering = (
  liftEndS: number,
  nextLiftStartS: number,
  displacementM: number,
) => LocatedLowering | null;
export const LIFT_TAIL_S = 0.3;
export const LIFT_LEAD_S = 0.1;

export const NO_LOCATOR: LocateLowering = () => null;
