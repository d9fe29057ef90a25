/**
 * Locating a lowering that read as rest, from the raw readings of the stretch between two lifts.
 *
 * Between a lift's top and the next lift's start the bar is still at both ends, so the velocity change
 * over the stretch is zero: the mean reading over it is gravity (plus bias) exactly, whatever the
 * gravity reference thought. Integrated against that mean, the readings give the velocity: zero, then
 * the lowering's speed, then zero again. Where the distance is unknown, a box fitted to the integrated
 * readings over every start and end says whether there is a lowering and how deep.
 *
 * Its edges are then fitted in the readings themselves (fitEdges), for a distance that is known (the
 * lift's, which the lowering has to travel back) or the box's: the integral of the noise is a random
 * walk that over a 7 s stretch wanders as far as a slow lowering's speed, and a box fitted to it wanders
 * with it, while each edge (the speed ramping over a few tenths of a second) stands out over its own
 * width, and a constant gravity error cancels between the two.
 */

export interface LocatedLowering {
  startS: number;
  endS: number;
  speedMps: number;
}

/**
 * A stretch that holds only one of the lowering's edges: its start, the lowering running on past the
 * stretch at `runsOnMps` (into a touch-and-go bottom), or its end, the lowering having set off at
 * `startedAtS` before the stretch (from a touch-and-go top, or with a slow start taken for rest).
 */
export type OneEdge = { runsOnMps: number } | { startedAtS: number };

/** Below this share of the integrated readings' variance explained, the box is not believed. */
const MIN_EXPLAINED = 0.5;
/**
 * The box's edges are where the speed is half-way through its ramps; the phase edges (5% of the speed)
 * lie about a third of a ramp outside them (a smooth ramp of 0.3 s). Measured on the simulator (seeds
 * 1-200 / 121-320 within tolerance): 0.03 s 84.3 / 85.6%, 0.06 s 84.6 / 85.8%, 0.1 s 84.7 / 86.2%,
 * 0.16 s 84.6 / 86.2%.
 */
const RAMP_WIDEN_S = 0.1;
/**
 * fitEdges: the width of each edge's pulse (a speed ramp), the share of it the phase edge (5% of the
 * speed) lies outside the pulse's centre, and how far the pair must stand out of the noise. Simulator
 * within tolerance (seeds 1-200 / 121-320) against the box fit's 84.7 / 86.1%: 85.3 / 86.5%; widths 0.25
 * and 0.4 s and mixed widths no better, a widening of 0.3 or 0.6 of the width 84.9-85.2%, 4 or 5 sigmas
 * 85.1 / 86.4%; re-measured once all the checks of reps.ts used it, 2.5 sigmas 88.3 -> 88.5% / 90.9%
 * (2: 88.4 / 90.9%, 3.5: 88.1 / 90.6%; widths 0.25 and 0.4 s still worse). Each edge must also stand
 * EDGE_MIN_SIGMAS_EACH out on its own (measured with reps.ts's check of lowerings that ran into the
 * lift: 86.7 / 89.2% -> 87.3 / 89.3%; 1-1.25 alike, 2 87.1 / 89.0%, 3 86.5 / 88.2%). Of unknown
 * depth, the box decides whether there is a lowering and how deep, and the edges are then fitted (85.5 /
 * 86.7%): searching by edges alone also found within 85.5% but cost precision and recall (98.7 ->
 * 98.4-98.6%) and a real set (bicep_adam_set2 9 of 10).
 */
const EDGE_WIDTH_S = 0.3;
const EDGE_WIDEN_FRACTION = 0.45;
const EDGE_MIN_SIGMAS = 2.5;
const EDGE_MIN_SIGMAS_EACH = 1.5;
/** How far outside a fitted edge's pulse centre the phase edge lies. */
const EDGE_WIDEN_S = EDGE_WIDEN_FRACTION * EDGE_WIDTH_S;
/**
 * locateStart: the start's edge must lose at least this share of the lowering's speed, and the velocity
 * before and after it differ from 0 and -V by no more than this share (faster after it, see
 * START_FAST_MISMATCH). Simulator within tolerance (seeds 1-200 / 121-320 / 321-520): 92.0 -> 92.2% / 93.0% / 90.5 -> 90.8%; without the before/after
 * test 92.3 / 93.0% and a false rep (seed 267: a stretch that began mid-lowering); shares 0.3-0.7 and
 * 2-3.5 sigmas alike. locateEnd likewise for the stop (within this share of V) and the velocity before
 * and after it (-V and 0).
 */
const START_MISMATCH = 0.5;
/**
 * locateStart: how much faster than the speed it was given the bar may move after the start. That speed
 * is often a mean over the lowering, ramps included, and its plateau runs faster (seed 520: a curl's
 * lowering found at 0.10 m/s, 0.16 m/s after its start). Matched reps within tolerance (seeds 1-200 /
 * 121-320 / 321-520): 2,397 / 2,401 / 2,469 -> 2,398 / 2,402 / 2,470 of 2,518 / 2,503 / 2,603 (0.6:
 * 2,397 / 2,402 / 2,469; 1: 2,398 / 2,402 / 2,468; 1.5: 2,398 / 2,403 / 2,467).
 */
const START_FAST_MISMATCH = 0.75;
/**
 * How long before its end a lowering's deceleration begins: a search for its start alone stops there.
 * After a top pause into a touch-and-go bottom (hidden.ts), simulator within tolerance (seeds 1-200 /
 * 121-320 / 321-520): 92.0 -> 92.2% / 93.0% / 90.5 -> 90.8% (0.3 and 0.8 s alike).
 */
export const LOWERING_END_RAMP_S = 0.5;
/** A lowering shorter than this is not looked for: it would have been measured. */
const MIN_LOWERING_S = 0.5;

/**
 * `valuesMps2`: |reading - bias| per bin of `binS` from `startS`, over a stretch still at both ends;
 * `displacementM`: how far the bar was lowered, or NaN when unknown (the box is then as deep as the
 * velocity under it). Null when nothing in the stretch looks like a lowering.
 */
export function locateLowering(
  valuesMps2: Float64Array,
  startS: number,
  binS: number,
  displacementM: number,
  only?: OneEdge,
): LocatedLowering | null {
  const n = valuesMps2.length;
  if (only && 'runsOnMps' in only) return locateStart(valuesMps2, startS, binS, only.runsOnMps);
  if (only) return locateEnd(valuesMps2, startS, binS, displacementM, only.startedAtS);
  const freeDepth = Number.isNaN(displacementM);
  if (n < 4 || !(freeDepth || displacementM > 0)) return null;
  const mean = meanOf(valuesMps2);
  // Against the mean reading, velocity[0] = velocity[n] = 0.
  const velocity = integrated(valuesMps2, mean, binS);
  const minBins = Math.max(2, Math.ceil(MIN_LOWERING_S / binS));
  let found = freeDepth ? null : fitEdges(velocity, valuesMps2, mean, binS, minBins, displacementM);
  let widenS = EDGE_WIDEN_S;
  if (freeDepth) {
    // The box says whether there is a lowering, and how deep; its edges are then fitted as for a known
    // depth, where they stand out (else the box's own edges stand).
    const box = fitBox(velocity, minBins);
    if (!box) return null;
    found = fitEdges(velocity, valuesMps2, mean, binS, minBins, box.speedMps * (box.j - box.i) * binS);
    if (!found) {
      found = box;
      widenS = RAMP_WIDEN_S;
    }
  }
  if (!found) return null;
  return {
    startS: Math.max(startS + found.i * binS - widenS, startS),
    endS: Math.min(startS + found.j * binS + widenS, startS + n * binS),
    speedMps: found.speedMps,
  };
}

/**
 * A lowering at `speedMps` that starts in the stretch and runs on past its end (into a touch-and-go
 * bottom, where no stop marks its end): only its start, a pulse of -V, is in the readings. The velocity
 * lost over the stretch is V, which gives gravity from the mean reading; the start is where the most
 * velocity is lost over an edge's width, if that stands out of the noise and is most of V.
 */
function locateStart(
  valuesMps2: Float64Array,
  startS: number,
  binS: number,
  speedMps: number,
): LocatedLowering | null {
  const n = valuesMps2.length;
  const width = edgeWidthBins(binS);
  if (n < 2 * width) return null;
  const mean = meanOf(valuesMps2);
  const gravity = mean + speedMps / (n * binS);
  const edgeNoise = edgeNoiseOf(valuesMps2, mean, binS, width);
  const velocity = integrated(valuesMps2, gravity, binS);
  const gained = edgeGains(velocity, width);
  let best = -1;
  let lost = 0;
  for (let c = 0; c <= n; c++) {
    if (-gained[c]! > lost) {
      lost = -gained[c]!;
      best = c;
    }
  }
  if (best < 0 || lost < EDGE_MIN_SIGMAS * edgeNoise || lost < START_MISMATCH * speedMps) return null;
  // Still before the edge and moving at the lowering's speed after it: else the stretch did not hold
  // the start (it began mid-lowering, or the bar moved otherwise).
  const around = speedsAround(velocity, best, width);
  if (
    Math.abs(around.beforeMps) > START_MISMATCH * speedMps ||
    around.afterMps + speedMps > START_MISMATCH * speedMps ||
    -(around.afterMps + speedMps) > START_FAST_MISMATCH * speedMps
  ) {
    return null;
  }
  return { startS: Math.max(startS + best * binS - EDGE_WIDEN_S, startS), endS: startS + n * binS, speedMps };
}

/**
 * A lowering of `displacementM` that set off at `startedAtS` (a touch-and-go top, before the stretch)
 * and stops in the stretch: only its end, a pulse of +V, is in the readings, with V the distance over
 * the time from the top to that end. The velocity gained over the stretch is V, which gives gravity
 * from the mean reading; the end is where that pulse fits best, if it stands out of the noise and is
 * about V, and the bar moves at -V before it (with no start in the stretch: at constant speed the
 * readings are those of rest, so only a start's pulse tells a pause from a lowering) and is still after.
 */
function locateEnd(
  valuesMps2: Float64Array,
  startS: number,
  binS: number,
  displacementM: number,
  startedAtS: number,
): LocatedLowering | null {
  const n = valuesMps2.length;
  const width = edgeWidthBins(binS);
  if (n < 2 * width || !(displacementM > 0)) return null;
  const mean = meanOf(valuesMps2);
  const edgeNoise = edgeNoiseOf(valuesMps2, mean, binS, width);
  // Velocity against the mean reading; against gravity it gains a further V / n per bin, from -V.
  const relative = integrated(valuesMps2, mean, binS);
  const gained = edgeGains(relative, width);
  const first = Math.max(1, Math.ceil((startedAtS + MIN_LOWERING_S - startS) / binS));
  let best = -1;
  let bestScore = 0;
  let bestSpeed = 0;
  let bestGain = 0;
  for (let c = first; c <= n; c++) {
    const speed = displacementM / (startS + c * binS - startedAtS);
    const from = Math.max(0, Math.round(c - width / 2));
    const to = Math.min(n, Math.round(c + width / 2));
    const gain = gained[c]! + (speed * (to - from)) / n;
    const score = speed * (2 * gain - speed);
    if (score > bestScore) {
      bestScore = score;
      best = c;
      bestSpeed = speed;
      bestGain = gain;
    }
  }
  // The stop is also about the speed the distance gives (a lowering that set off later, from rest, stops
  // from a higher speed than the distance over the whole time suggests).
  const mismatch = Math.abs(bestGain - bestSpeed);
  if (best < 0 || bestGain < EDGE_MIN_SIGMAS * edgeNoise || mismatch > START_MISMATCH * bestSpeed)
    return null;
  const velocity = relative.map((v, k) => v + (bestSpeed * k) / n - bestSpeed);
  const around = speedsAround(velocity, best, width);
  // No start in the stretch: a bar that set off later, from a pause, loses its speed in a pulse there.
  const trueGains = edgeGains(velocity, width);
  let lost = 0;
  for (let c = 0; c <= around.lastBefore; c++) lost = Math.max(lost, -trueGains[c]!);
  if (lost > START_MISMATCH * bestSpeed && lost > EDGE_MIN_SIGMAS * edgeNoise) return null;
  // At the lowering's speed before the end, still after it.
  if (
    Math.abs(around.beforeMps + bestSpeed) > START_MISMATCH * bestSpeed ||
    Math.abs(around.afterMps) > START_MISMATCH * bestSpeed
  ) {
    return null;
  }
  return {
    startS: startedAtS,
    endS: Math.min(startS + best * binS + EDGE_WIDEN_S, startS + n * binS),
    speedMps: bestSpeed,
  };
}

/**
 * The readings integrated against `referenceMps2` (gravity, or the stretch's mean reading): velocity[k]
 * at the edge between bins k-1 and k, from velocity[0] = 0.
 */
function integrated(valuesMps2: Float64Array, referenceMps2: number, binS: number): Float64Array {
  const velocity = new Float64Array(valuesMps2.length + 1);
  for (let k = 1; k <= valuesMps2.length; k++) {
    velocity[k] = velocity[k - 1]! + (valuesMps2[k - 1]! - referenceMps2) * binS;
  }
  return velocity;
}

/**
 * The mean velocity before and after an edge's pulse centred on bin edge `c` (`width` bins wide), and
 * the last bin edge before it.
 */
function speedsAround(
  velocity: Float64Array,
  c: number,
  width: number,
): { lastBefore: number; beforeMps: number; afterMps: number } {
  const n = velocity.length - 1;
  const lastBefore = Math.max(0, c - Math.ceil(width / 2));
  const firstAfter = Math.min(n, c + Math.ceil(width / 2));
  return {
    lastBefore,
    beforeMps: meanOf(velocity.subarray(0, lastBefore + 1)),
    afterMps: meanOf(velocity.subarray(firstAfter)),
  };
}

/** How many bins an edge's pulse spans (EDGE_WIDTH_S). */
function edgeWidthBins(binS: number): number {
  return Math.max(1, Math.round(EDGE_WIDTH_S / binS));
}

/** The noise in the velocity gained over one edge's width (`width` bins), from the readings' spread. */
function edgeNoiseOf(valuesMps2: Float64Array, mean: number, binS: number, width: number): number {
  return spreadOf(valuesMps2, mean) * binS * Math.sqrt(width);
}

/** Mean of the values. */
function meanOf(values: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k]!;
  return sum / values.length;
}

/** Standard deviation of the readings about `mean`. */
function spreadOf(values: Float64Array, mean: number): number {
  let variance = 0;
  for (let k = 0; k < values.length; k++) variance += (values[k]! - mean) ** 2;
  return Math.sqrt(variance / values.length);
}

/** The velocity gained over an edge's width (`width` bins) centred on each bin edge. */
function edgeGains(velocity: Float64Array, width: number): Float64Array {
  const n = velocity.length - 1;
  const gained = new Float64Array(n + 1);
  for (let c = 0; c <= n; c++) {
    const from = Math.max(0, Math.round(c - width / 2));
    const to = Math.min(n, Math.round(c + width / 2));
    gained[c] = velocity[to]! - velocity[from]!;
  }
  return gained;
}

interface Fit {
  /** The lowering's edges, as bin edges. */
  i: number;
  j: number;
  speedMps: number;
}

/**
 * Least squares of velocity[k] + V * [i <= k < j], the box as deep as the velocity under it (a lowering:
 * below zero): the cost beyond sum(velocity^2) is 2 V sum(velocity over the box) + V^2 (j - i).
 */
function fitBox(velocity: Float64Array, minBins: number): Fit | null {
  const n = velocity.length - 1;
  const prefix = new Float64Array(n + 2);
  let sumSquares = 0;
  for (let k = 0; k <= n; k++) {
    prefix[k + 1] = prefix[k]! + velocity[k]!;
    sumSquares += velocity[k]! * velocity[k]!;
  }
  if (!(sumSquares > 0)) return null;
  const boxSpeed = (i: number, j: number): number => Math.max(0, -(prefix[j]! - prefix[i]!) / (j - i));
  let best = 0;
  let fit: Fit | null = null;
  for (let i = 0; i < n; i++) {
    for (let j = i + minBins; j <= n; j++) {
      const speed = boxSpeed(i, j);
      const cost = 2 * speed * (prefix[j]! - prefix[i]!) + speed * speed * (j - i);
      if (cost < best) {
        best = cost;
        fit = { i, j, speedMps: speed };
      }
    }
  }
  return fit && -best / sumSquares >= MIN_EXPLAINED ? fit : null;
}

/**
 * A lowering of known distance d from bin edge i to j is, in the readings, a pulse of -V spread over
 * EDGE_WIDTH_S around i and one of +V around j (V = d / duration). With gained[c] the velocity gained
 * over the pulse window around c, least squares picks the pair maximising 2 V (gained[j] - gained[i]) -
 * 2 V^2, and the pair must stand out of the noise: (gained[j] - gained[i] - V) / noise over two windows
 * >= EDGE_MIN_SIGMAS / 2. (A constant gravity error cancels in the difference.)
 */
function fitEdges(
  velocity: Float64Array,
  valuesMps2: Float64Array,
  mean: number,
  binS: number,
  minBins: number,
  displacementM: number,
): Fit | null {
  const n = velocity.length - 1;
  const width = edgeWidthBins(binS);
  const noise = spreadOf(valuesMps2, mean) * binS * Math.sqrt(2 * width);
  if (!(noise > 0)) return null;
  const gained = edgeGains(velocity, width);
  let best = 0;
  let fit: Fit | null = null;
  for (let i = 0; i <= n; i++) {
    if (gained[i]! >= 0) continue;
    for (let j = i + minBins; j <= n; j++) {
      const speed = displacementM / ((j - i) * binS);
      const diff = gained[j]! - gained[i]!;
      const gain = 2 * speed * diff - 2 * speed * speed;
      if (gain > best) {
        best = gain;
        fit = { i, j, speedMps: speed };
      }
    }
  }
  if (!fit) return null;
  // Each edge on its own too: a strong start must not carry an end that is noise (a touch-and-go
  // bottom searched for a stop).
  const edgeNoise = noise / Math.SQRT2;
  if (
    gained[fit.j]! < EDGE_MIN_SIGMAS_EACH * edgeNoise ||
    -gained[fit.i]! < EDGE_MIN_SIGMAS_EACH * edgeNoise
  ) {
    return null;
  }
  return (2 * (gained[fit.j]! - gained[fit.i]!) - 2 * fit.speedMps) / noise >= EDGE_MIN_SIGMAS ? fit : null;
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
  only?: OneEdge,
) => LocatedLowering | null;
export const LIFT_TAIL_S = 0.3;
export const LIFT_LEAD_S = 0.1;

export const NO_LOCATOR: LocateLowering = () => null;
