import type { CleanSample } from '../engine/clean';
import { STANDARD_GRAVITY_MPS2 } from '../engine/vertical';

/**
 * The readings of a whole recording as the smoother needs them: |specific force| per sample (orientation-
 * free, as the engine's VerticalProjector), gravity's level over the whole recording, the sensor's noise,
 * and which samples are quiet. Gravity is one level for the recording, not a fit at each rest: a local fit
 * takes in the few-mg ramp of a slow lowering's start and erases it (issue 19). What the level misses
 * (bias along the vertical, scale) the smoother fits per cycle as a constant offset.
 */

/** Half-width of the window over which quietness is judged. */
const QUIET_HALF_WINDOW_S = 0.15;
/** A window is quiet when the spread of |f| in it is at most this many times the quietest windows'. */
const QUIET_SPREAD_FACTOR = 3;
/** Share of windows taken as the sensor's own noise (the quietest): a recording is mostly rest. */
const NOISE_QUANTILE = 0.2;

export interface RecordingReadings {
  /** Seconds, on the clock the caller chose. */
  tS: Float64Array;
  magnitudeG: Float64Array;
  /** |f| at rest (median of the quiet samples), g. */
  gravityG: number;
  /** Spread of one sample's |f| at rest, g. */
  noiseG: number;
  /** Mean sample period, s. */
  periodS: number;
  /** Per sample: no movement within QUIET_HALF_WINDOW_S (spread of |f| <= QUIET_SPREAD_FACTOR x noise). */
  quiet: Uint8Array;
}

function quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export function readRecording(samples: readonly CleanSample[], originS = 0): RecordingReadings {
  const n = samples.length;
  const tS = new Float64Array(n);
  const magnitudeG = new Float64Array(n);
  samples.forEach((s, i) => {
    tS[i] = s.t - originS;
    magnitudeG[i] = Math.sqrt(s.ax * s.ax + s.ay * s.ay + s.az * s.az);
  });
  // Spread of |f| in a window around each sample, from prefix sums.
  const sum = new Float64Array(n + 1);
  const sumSq = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    sum[i + 1] = sum[i]! + magnitudeG[i]!;
    sumSq[i + 1] = sumSq[i]! + magnitudeG[i]! ** 2;
  }
  const spread = new Float64Array(n);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    while (tS[i]! - tS[lo]! > QUIET_HALF_WINDOW_S) lo++;
    while (hi < n && tS[hi]! - tS[i]! <= QUIET_HALF_WINDOW_S) hi++;
    const m = hi - lo;
    const mean = (sum[hi]! - sum[lo]!) / m;
    spread[i] = Math.sqrt(Math.max((sumSq[hi]! - sumSq[lo]!) / m - mean * mean, 0));
  }
  const noiseG = Math.max(quantile(spread, NOISE_QUANTILE), 1e-4);
  const quiet = new Uint8Array(n);
  const quietMagnitudes: number[] = [];
  for (let i = 0; i < n; i++) {
    if (spread[i]! <= QUIET_SPREAD_FACTOR * noiseG) {
      quiet[i] = 1;
      quietMagnitudes.push(magnitudeG[i]!);
    }
  }
  const gravityG = quietMagnitudes.length > 0 ? quantile(Float64Array.from(quietMagnitudes), 0.5) : 1;
  const periodS = n > 1 ? (tS[n - 1]! - tS[0]!) / (n - 1) : 0.01;
  return { tS, magnitudeG, gravityG, noiseG, periodS, quiet };
}

/** Vertical acceleration (m/s^2, up) of samples from..to inclusive, against the recording's gravity. */
export function verticalAccelMps2(r: RecordingReadings, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from + 1);
  for (let i = from; i < to; i++) {
    // Trapezoid: the interval's mean reading.
    out[i - from] = ((r.magnitudeG[i]! + r.magnitudeG[i + 1]!) / 2 - r.gravityG) * STANDARD_GRAVITY_MPS2;
  }
  return out;
}
