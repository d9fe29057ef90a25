/**
 * Zero-phase filtering of a whole stretch of samples at once (forward, then backward: the phase shifts
 * cancel, so a turning point stays where it was). Only for looking back over a finished stretch: it
 * needs the samples after each one, which a live stream does not have yet.
 */

/** A second-order section, normalised (a0 = 1). */
interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

const BUTTERWORTH_Q = Math.SQRT1_2;

/** Second-order Butterworth low-pass or high-pass at `cutoffHz` (bilinear transform, pre-warped). */
function butterworth(kind: 'low' | 'high', cutoffHz: number, sampleRateHz: number): Biquad {
  const w0 = (2 * Math.PI * cutoffHz) / sampleRateHz;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * BUTTERWORTH_Q);
  const a0 = 1 + alpha;
  const sign = kind === 'low' ? 1 : -1;
  const b0 = (1 - sign * cos) / 2 / a0;
  return { b0, b1: sign * 2 * b0, b2: b0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** Runs one section over `x` in place, starting from the steady state of its first value. */
function runInPlace(f: Biquad, x: Float64Array): void {
  if (x.length === 0) return;
  // Direct form II transposed, with the state a constant input x[0] would have settled to: a stretch
  // that starts away from zero does not ring.
  const dcGain = (f.b0 + f.b1 + f.b2) / (1 + f.a1 + f.a2);
  const x0 = x[0]!;
  const y0 = dcGain * x0;
  let z1 = y0 - f.b0 * x0;
  let z2 = f.b2 * x0 - f.a2 * y0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = f.b0 * xi + z1;
    z1 = f.b1 * xi - f.a1 * yi + z2;
    z2 = f.b2 * xi - f.a2 * yi;
    x[i] = yi;
  }
}

/**
 * `x` through the given sections forward and backward. The ends are padded with the signal mirrored
 * about its end value (as scipy's filtfilt does), so a stretch that ends mid-movement is not bent
 * towards zero there.
 */
function filtfilt(sections: readonly Biquad[], x: Float64Array, padN: number): Float64Array {
  const n = x.length;
  if (n === 0) return new Float64Array(0);
  const pad = Math.min(padN, n - 1);
  const y = new Float64Array(n + 2 * pad);
  const first = x[0]!;
  const last = x[n - 1]!;
  for (let i = 0; i < pad; i++) {
    y[i] = 2 * first - x[pad - i]!;
    y[pad + n + i] = 2 * last - x[n - 2 - i]!;
  }
  y.set(x, pad);
  for (const f of sections) runInPlace(f, y);
  y.reverse();
  for (const f of sections) runInPlace(f, y);
  y.reverse();
  return y.slice(pad, pad + n);
}

/** Zero-phase band-pass (second-order Butterworth high-pass and low-pass, each run both ways). */
export function bandPassZeroPhase(
  x: Float64Array,
  sampleRateHz: number,
  lowHz: number,
  highHz: number,
): Float64Array {
  const sections = [butterworth('high', lowHz, sampleRateHz), butterworth('low', highHz, sampleRateHz)];
  return filtfilt(sections, x, padLength(sampleRateHz, lowHz));
}

/** Zero-phase high-pass (second-order Butterworth, run both ways). */
export function highPassZeroPhase(x: Float64Array, sampleRateHz: number, cutoffHz: number): Float64Array {
  return filtfilt([butterworth('high', cutoffHz, sampleRateHz)], x, padLength(sampleRateHz, cutoffHz));
}

/** Padding long enough for the slowest section to settle: one period of its cutoff. */
function padLength(sampleRateHz: number, lowestHz: number): number {
  return Math.ceil(sampleRateHz / lowestHz);
}
