/**
 * Strokes: the bar moving one way between two moments of zero velocity. Found offline over one
 * segment (zero-velocity point to zero-velocity point), where the velocity can be integrated and
 * drift-corrected because it is known to be zero at both ends.
 */

export interface Stroke {
  /** +1 up, -1 down. */
  direction: 1 | -1;
  startS: number;
  endS: number;
  /** Whether the stroke began from rest (5% rule) rather than at a turnaround (zero crossing). */
  startsFromRest: boolean;
  endsAtRest: boolean;
  peakSpeedMps: number;
  displacementM: number;
  /** Sample time at which the stroke was finalised. */
  committedAtS: number;
  /** A lowering inferred between two lifts, never measured (hidden.ts): its distance is an estimate. */
  inferred?: true;
  /** For a lowering stroke whose bottom was announced live: the sample time of that announcement. */
  announcedAtS?: number;
  /**
   * When the speed rose through (before the peak) and fell through (after it) k / SPEED_LEVELS of the
   * peak, k = 1..SPEED_LEVELS: enough of the profile to re-time the stroke's edges if the velocity it
   * was measured from turns out to be offset (see speedCrossingS).
   */
  riseS?: Float64Array;
  fallS?: Float64Array;
}

/** Resolution of a stroke's rise and fall tables. */
export const SPEED_LEVELS = 32;

/**
 * When the stroke's speed rose (or fell) through `speedMps`, interpolated between the levels of its
 * tables; null without tables or outside them.
 */
export function speedCrossingS(stroke: Stroke, speedMps: number, which: 'rise' | 'fall'): number | null {
  const table = which === 'rise' ? stroke.riseS : stroke.fallS;
  if (!table || !(stroke.peakSpeedMps > 0)) return null;
  const x = (speedMps / stroke.peakSpeedMps) * SPEED_LEVELS - 1;
  if (!(x >= 0 && x <= SPEED_LEVELS - 1)) return null;
  const k = Math.min(Math.floor(x), SPEED_LEVELS - 2);
  const f = x - k;
  return table[k]! + f * (table[k + 1]! - table[k]!);
}

/** Fraction of a phase's peak speed that marks its start and end when it starts or ends at rest. */
export const PHASE_EDGE_FRACTION = 0.05;

/**
 * Where a stroke's speed, having dwelt for over `minDwellS` between two levels of its rise table below
 * `maxFraction` of its peak, rose on past that dwell (at the dwell's speed plus the phase edge's share
 * of the rest of the peak): the speed it dwelt at was a velocity error held as a slow movement, not
 * the stroke. Null when it did not dwell.
 */
export function riseAfterDwellS(stroke: Stroke, minDwellS: number, maxFraction: number): number | null {
  const table = stroke.riseS;
  if (!table) return null;
  let dwellS = 0;
  let above = -1;
  for (let k = 1; k < maxFraction * SPEED_LEVELS; k++) {
    const gapS = table[k]! - table[k - 1]!;
    if (gapS > dwellS) {
      dwellS = gapS;
      above = k;
    }
  }
  if (!(dwellS > minDwellS)) return null;
  // The dwell lies between levels `above` and `above + 1` (of SPEED_LEVELS): half-way between.
  const dwellMps = ((above + 0.5) / SPEED_LEVELS) * stroke.peakSpeedMps;
  const edgeMps = dwellMps + PHASE_EDGE_FRACTION * (stroke.peakSpeedMps - dwellMps);
  return speedCrossingS(stroke, edgeMps, 'rise') ?? table[above]!;
}

/** Below these a run of one sign is sway or noise, not a stroke. */
const MIN_STROKE_PEAK_MPS = 0.03;
const MIN_STROKE_DISPLACEMENT_M = 0.015;

export interface SegmentInput {
  t: Float64Array;
  accelMps2: Float64Array;
  /** First and last sample index of the segment (inclusive). */
  first: number;
  last: number;
  /** Velocity at `first` (zero from rest, small after a turnaround between samples). */
  startVelocityMps: number;
  startsAtTurn: boolean;
  /**
   * The time at which velocity is known to be zero at the end (a turnaround may fall between samples);
   * NaN while the segment is still open, which leaves the velocity uncorrected.
   */
  endPinS: number;
  endsAtTurn: boolean;
  /**
   * When set, the segment ends in a rest that began at this time: the drift is removed so that the
   * velocity averages zero over the rest, which pins it far better than any single sample can.
   */
  restFromS?: number;
  /** When set, the segment starts with a rest lasting until this time (see restFromS). */
  restUntilS?: number;
  committedAtS: number;
  /** Standard deviation of the acceleration noise; lets steady stretches stop the drift clock. */
  noiseMps2?: number;
  /** Given the segment's final (drift-corrected) velocity, when the engine records curves (curves.ts). */
  velocitySink?: SegmentVelocitySink;
}

/**
 * Receives a finalised segment's velocity: `velocityMps[k]` (k < n) at time `t[first + k]`. Both arrays
 * are the tracker's and findStrokes' scratch space, valid only during the call.
 */
export interface SegmentVelocitySink {
  segment(t: Float64Array, first: number, velocityMps: Float64Array, n: number): void;
}

interface Run {
  sign: 1 | -1;
  from: number;
  to: number;
  peak: number;
  significant: boolean;
}

/** Scratch space reused across segments: the engine runs in a hot loop. */
let scratch = new Float64Array(1024);
let scratchClock = new Float64Array(1024);
let scratchSteady = new Uint8Array(1024);

/** Half-width of the centred window whose mean acceleration decides whether the bar is steady. */
const STEADY_HALF_WINDOW_S = 0.1;
/** The smallest mean acceleration that always counts as motion. */
const STEADY_MIN_ACCEL_MPS2 = 0.05;
/** A steady stretch shorter than this is the peak of a stroke (acceleration crossing zero), not a hold. */
const MIN_STEADY_S = 0.25;

/**
 * Marks samples where the bar's speed is not changing: the centred mean acceleration is within what
 * noise explains, for at least MIN_STEADY_S. Without a noise level nothing is steady.
 */
function markSteady(input: SegmentInput, n: number, steady: Uint8Array): void {
  steady.fill(0, 0, n);
  const sigma = input.noiseMps2;
  if (sigma === undefined || n < 4) return;
  const { t, accelMps2: a, first } = input;
  const periodS = (t[first + n - 1]! - t[first]!) / (n - 1);
  const threshold = Math.max(
    STEADY_MIN_ACCEL_MPS2,
    3 * sigma * Math.sqrt(periodS / (2 * STEADY_HALF_WINDOW_S)),
  );
  // Running integrals of acceleration up to the window's two ends, for the window means.
  let lo = 0;
  let hi = 0;
  let sumLo = 0;
  let sumHi = 0;
  let runStart = -1;
  for (let k = 0; k < n; k++) {
    const tk = t[first + k]!;
    while (hi < n - 1 && t[first + hi + 1]! <= tk + STEADY_HALF_WINDOW_S) {
      hi++;
      sumHi += 0.5 * (a[first + hi - 1]! + a[first + hi]!) * (t[first + hi]! - t[first + hi - 1]!);
    }
    while (lo < k && t[first + lo]! < tk - STEADY_HALF_WINDOW_S) {
      lo++;
      sumLo += 0.5 * (a[first + lo - 1]! + a[first + lo]!) * (t[first + lo]! - t[first + lo - 1]!);
    }
    const span = t[first + hi]! - t[first + lo]!;
    const quiet = span > 0 && Math.abs((sumHi - sumLo) / span) < threshold;
    if (quiet) {
      if (runStart < 0) runStart = k;
    }
    if ((!quiet || k === n - 1) && runStart >= 0) {
      const end = quiet ? k : k - 1;
      if (t[first + end]! - t[first + runStart]! >= MIN_STEADY_S) steady.fill(1, runStart, end + 1);
      runStart = -1;
    }
  }
}

export function findStrokes(input: SegmentInput): Stroke[] {
  const { t, accelMps2: a, first, last } = input;
  const n = last - first + 1;
  if (n < 3) return [];
  if (scratch.length < n) {
    scratch = new Float64Array(n * 2);
    scratchClock = new Float64Array(n * 2);
    scratchSteady = new Uint8Array(n * 2);
  }
  const v = scratch;
  // The drift clock: time during which acceleration was integrated. Where the bar is steady (no
  // acceleration beyond noise, whether at rest or at a constant speed) nothing is integrated and the
  // clock stops, so the velocity error is spread over the bursts that made it, not over the seconds
  // of a slow negative or a pause in which the bar's speed did not change.
  const clock = scratchClock;
  const steady = scratchSteady;
  markSteady(input, n, steady);
  v[0] = input.startVelocityMps;
  clock[0] = 0;
  for (let k = 1; k < n; k++) {
    const i = first + k;
    const dt = t[i]! - t[i - 1]!;
    if (steady[k - 1] === 1 && steady[k] === 1) {
      v[k] = v[k - 1]!;
      clock[k] = clock[k - 1]!;
    } else {
      v[k] = v[k - 1]! + 0.5 * (a[i - 1]! + a[i]!) * dt;
      clock[k] = clock[k - 1]! + dt;
    }
  }
  // Velocity (and drift clock) at the pin, interpolated; remove a linear drift so it is zero there.
  const t0 = t[first]!;
  const pin = Number.isNaN(input.endPinS) ? t[last]! : Math.min(Math.max(input.endPinS, t0), t[last]!);
  let vPin = v[n - 1]!;
  let cPin = clock[n - 1]!;
  for (let k = n - 1; k > 0; k--) {
    if (t[first + k - 1]! <= pin) {
      const ta = t[first + k - 1]!;
      const tb = t[first + k]!;
      const f = tb > ta ? (pin - ta) / (tb - ta) : 1;
      vPin = v[k - 1]! + f * (v[k]! - v[k - 1]!);
      cPin = clock[k - 1]! + f * (clock[k]! - clock[k - 1]!);
      break;
    }
  }
  // Drift removal: a straight line (in the drift clock) through two anchors where the velocity is
  // known. At the start that is the first sample (or, after a rest, the mean over the rest before the
  // motion, which a single sample at the end of a fading movement would misplace); at the end, the pin
  // or the mean over the rest that follows.
  let anchorAC = 0;
  let anchorAV = 0;
  if (input.restUntilS !== undefined) {
    const mean = meanOver(v, clock, t, first, n, t0, input.restUntilS);
    if (mean) {
      anchorAC = mean.c;
      anchorAV = mean.v;
    }
  }
  let anchorBC = NaN;
  let anchorBV = 0;
  if (input.restFromS !== undefined) {
    const mean = meanOver(v, clock, t, first, n, input.restFromS, Infinity);
    if (mean) {
      anchorBC = mean.c;
      anchorBV = mean.v;
    }
  } else if (!Number.isNaN(input.endPinS)) {
    anchorBC = cPin;
    anchorBV = vPin - input.startVelocityMps;
  }
  if (!Number.isNaN(anchorBC) && anchorBC > anchorAC) {
    const slope = (anchorBV - anchorAV) / (anchorBC - anchorAC);
    for (let k = 0; k < n; k++) v[k] = v[k]! - anchorAV - slope * (clock[k]! - anchorAC);
  } else if (anchorAV !== 0) {
    for (let k = 0; k < n; k++) v[k] = v[k]! - anchorAV;
  }
  input.velocitySink?.segment(t, first, v, n);

  const runs = signRuns(v, t, first, n);
  const strokes: Stroke[] = [];
  let i = 0;
  while (i < runs.length) {
    const r = runs[i]!;
    if (!r.significant) {
      i++;
      continue;
    }
    // Merge same-sign significant runs separated only by insignificant wobble.
    let j = i;
    let k = i + 1;
    while (k < runs.length) {
      const rk = runs[k]!;
      if (rk.significant) {
        if (rk.sign === r.sign) {
          j = k;
          k++;
          continue;
        }
        break;
      }
      k++;
    }
    const lastRun = runs[j]!;
    let peak = 0;
    let peakAt = r.from;
    for (let q = r.from; q <= lastRun.to; q++) {
      const s = Math.abs(v[q]!);
      if (s > peak && Math.sign(v[q]!) === r.sign) {
        peak = s;
        peakAt = q;
      }
    }
    const prev = i > 0 ? runs[i - 1] : undefined;
    const next = j + 1 < runs.length ? runs[j + 1] : undefined;
    const threshold = PHASE_EDGE_FRACTION * peak;

    let startS: number;
    let startsFromRest = true;
    if (r.from === 0 && input.startsAtTurn) {
      startS = t0;
      startsFromRest = false;
    } else if (prev && prev.significant && prev.sign !== r.sign) {
      startS = zeroCrossing(v, t, first, r.from);
      startsFromRest = false;
    } else {
      startS =
        refineRestEdge(v, t, first, r.from, peakAt, peak, 'start') ??
        riseTime(v, t, first, r.from, peakAt, threshold);
    }

    let endS: number;
    let endsAtRest = true;
    if (lastRun.to === n - 1 && input.endsAtTurn) {
      endS = pin;
      endsAtRest = false;
    } else if (input.endsAtTurn && next && runs.slice(j + 1).every((x) => !x.significant)) {
      // The segment was closed a few samples past the turnaround it ends at: what follows the crossing
      // is the next stroke's first movement, too small yet to count, not a rest (a touch-and-go bottom
      // read as a 0.02-0.03 s pause, its lowering ending 30-100 ms early at 5% of its speed).
      endS = zeroCrossing(v, t, first, next.from);
      endsAtRest = false;
    } else if (next && next.significant && next.sign !== r.sign) {
      endS = zeroCrossing(v, t, first, next.from);
      endsAtRest = false;
    } else {
      endS =
        refineRestEdge(v, t, first, peakAt, lastRun.to, peak, 'end') ??
        fallTime(v, t, first, r.from, lastRun.to, threshold);
    }

    let displacementM = 0;
    for (let q = Math.max(r.from, 1); q <= lastRun.to; q++) {
      displacementM += 0.5 * (v[q - 1]! + v[q]!) * (t[first + q]! - t[first + q - 1]!);
    }
    if (endS > startS) {
      strokes.push({
        direction: r.sign,
        startS,
        endS,
        startsFromRest,
        endsAtRest,
        peakSpeedMps: peak,
        displacementM: Math.abs(displacementM),
        committedAtS: input.committedAtS,
        ...speedTables(v, t, first, r.from, peakAt, lastRun.to, peak),
      });
    }
    i = j + 1;
  }
  return strokes;
}

/**
 * The rise and fall tables of a stroke (see Stroke.riseS). One pass each way: searching back from the
 * peak, the speed dips below a higher level no later than below a lower one (and forward from the end,
 * reaches a lower level no later than a higher one), as riseTime and fallTime find them one at a time.
 */
function speedTables(
  v: Float64Array,
  t: Float64Array,
  first: number,
  from: number,
  peakAt: number,
  to: number,
  peak: number,
): { riseS: Float64Array; fallS: Float64Array } {
  const riseS = new Float64Array(SPEED_LEVELS).fill(t[first + from]!);
  const fallS = new Float64Array(SPEED_LEVELS).fill(t[first + to]!);
  let j = SPEED_LEVELS - 1;
  for (let k = peakAt; k > from && j >= 0; k--) {
    const sp = Math.abs(v[k - 1]!);
    const s = Math.abs(v[k]!);
    while (j >= 0 && sp < ((j + 1) / SPEED_LEVELS) * peak) {
      const level = ((j + 1) / SPEED_LEVELS) * peak;
      const ta = t[first + k - 1]!;
      const tb = t[first + k]!;
      riseS[j] = s === sp ? tb : ta + ((Math.min(level, s) - sp) / (s - sp)) * (tb - ta);
      j--;
    }
  }
  j = 0;
  for (let k = to; k >= peakAt && j < SPEED_LEVELS; k--) {
    const s = Math.abs(v[k]!);
    while (j < SPEED_LEVELS && s >= ((j + 1) / SPEED_LEVELS) * peak) {
      const level = ((j + 1) / SPEED_LEVELS) * peak;
      if (k === to) {
        fallS[j] = t[first + k]!;
      } else {
        const sn = Math.abs(v[k + 1]!);
        const ta = t[first + k]!;
        const tb = t[first + k + 1]!;
        fallS[j] = s === sn ? ta : ta + ((s - level) / (s - sn)) * (tb - ta);
      }
      j++;
    }
  }
  return { riseS, fallS };
}

/** Part of the ramp (as fractions of the peak speed) used to fit a phase's edge at rest. */
const EDGE_FIT_LOW = 0.1;
const EDGE_FIT_HIGH = 0.45;

/**
 * A phase that starts (or ends) at rest does so smoothly: speed grows as the square of the time since
 * the motion began, for minimum-jerk and smoothstep profiles alike. Near 5% of the peak the measured
 * velocity is as small as its own drift, so the edge is found by fitting that square law to the part of
 * the ramp between 10% and 45% of the peak, where the signal is strong, and solving it for 5%.
 * sqrt(speed) is linear in time there, so this is a straight-line fit. Returns null when the ramp has
 * too few samples (the threshold crossing is used instead).
 */
function refineRestEdge(
  v: Float64Array,
  t: Float64Array,
  first: number,
  from: number,
  to: number,
  peak: number,
  which: 'start' | 'end',
): number | null {
  const lo = EDGE_FIT_LOW * peak;
  const hi = EDGE_FIT_HIGH * peak;
  // Walk from the peak outwards to the edge, collecting the samples inside the fit band.
  let sumT = 0;
  let sumY = 0;
  let sumTT = 0;
  let sumTY = 0;
  let count = 0;
  const step = which === 'start' ? -1 : 1;
  let k = which === 'start' ? to : from;
  const stop = which === 'start' ? from : to;
  for (; which === 'start' ? k >= stop : k <= stop; k += step) {
    const speed = Math.abs(v[k]!);
    if (speed < lo) break;
    if (speed <= hi) {
      const tk = t[first + k]!;
      const y = Math.sqrt(speed);
      sumT += tk;
      sumY += y;
      sumTT += tk * tk;
      sumTY += tk * y;
      count++;
    }
  }
  if (count < 4) return null;
  const denom = count * sumTT - sumT * sumT;
  if (denom === 0) return null;
  const slope = (count * sumTY - sumT * sumY) / denom;
  const intercept = (sumY - slope * sumT) / count;
  // A start rises (slope > 0), an end falls (slope < 0); anything else is not a clean ramp.
  if (which === 'start' ? slope <= 0 : slope >= 0) return null;
  const edgeS = (Math.sqrt(PHASE_EDGE_FRACTION * peak) - intercept) / slope;
  // The extrapolation must land within the run it was fitted on, or the ramp was not a square law.
  if (!(edgeS >= t[first + from]! && edgeS <= t[first + to]!)) return null;
  return edgeS;
}

/** Time-weighted mean of v (and of the drift clock) over samples with fromS <= t <= toS; null if none. */
function meanOver(
  v: Float64Array,
  clock: Float64Array,
  t: Float64Array,
  first: number,
  n: number,
  fromS: number,
  toS: number,
): { c: number; v: number } | null {
  let sumV = 0;
  let sumC = 0;
  let weight = 0;
  for (let k = 1; k < n; k++) {
    const tk = t[first + k]!;
    if (tk < fromS || tk > toS) continue;
    const w = tk - t[first + k - 1]!;
    sumV += w * v[k]!;
    sumC += w * clock[k]!;
    weight += w;
  }
  return weight > 0 ? { c: sumC / weight, v: sumV / weight } : null;
}

function signRuns(v: Float64Array, t: Float64Array, first: number, n: number): Run[] {
  const runs: Run[] = [];
  let from = 0;
  let sign: 1 | -1 = v[0]! >= 0 ? 1 : -1;
  let peak = Math.abs(v[0]!);
  let disp = 0;
  const close = (to: number): void => {
    runs.push({
      sign,
      from,
      to,
      peak,
      significant: peak >= MIN_STROKE_PEAK_MPS && disp >= MIN_STROKE_DISPLACEMENT_M,
    });
  };
  for (let k = 1; k < n; k++) {
    const s: 1 | -1 = v[k]! >= 0 ? 1 : -1;
    if (s !== sign) {
      close(k - 1);
      from = k;
      sign = s;
      peak = 0;
      disp = 0;
    }
    const sp = Math.abs(v[k]!);
    if (sp > peak) peak = sp;
    disp += sp * (t[first + k]! - t[first + k - 1]!);
  }
  close(n - 1);
  return runs;
}

/** Time at which v changes sign just before index k (k is the first sample of the new sign). */
function zeroCrossing(v: Float64Array, t: Float64Array, first: number, k: number): number {
  if (k <= 0) return t[first]!;
  const va = v[k - 1]!;
  const vb = v[k]!;
  const ta = t[first + k - 1]!;
  const tb = t[first + k]!;
  return va === vb ? tb : ta + (va / (va - vb)) * (tb - ta);
}

/**
 * The time |v| last rose through the threshold before the peak (index `to`), interpolated. Searching
 * back from the peak, not forward from the rest, keeps velocity noise in the rest before a slow stroke
 * from starting it early.
 */
function riseTime(
  v: Float64Array,
  t: Float64Array,
  first: number,
  from: number,
  to: number,
  threshold: number,
): number {
  for (let k = to; k > from; k--) {
    const sp = Math.abs(v[k - 1]!);
    if (sp < threshold) {
      const s = Math.abs(v[k]!);
      const ta = t[first + k - 1]!;
      const tb = t[first + k]!;
      return s === sp ? tb : ta + ((threshold - sp) / (s - sp)) * (tb - ta);
    }
  }
  return t[first + from]!;
}

/** Last time within [from, to] at which |v| falls to the threshold, interpolated. */
function fallTime(
  v: Float64Array,
  t: Float64Array,
  first: number,
  from: number,
  to: number,
  threshold: number,
): number {
  for (let k = to; k >= from; k--) {
    const s = Math.abs(v[k]!);
    if (s >= threshold) {
      if (k === to) return t[first + k]!;
      const sn = Math.abs(v[k + 1]!);
      const ta = t[first + k]!;
      const tb = t[first + k + 1]!;
      return s === sn ? ta : ta + ((s - threshold) / (s - sn)) * (tb - ta);
    }
  }
  return t[first + to]!;
}
