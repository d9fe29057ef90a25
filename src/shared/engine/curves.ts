import type { PhaseName, RepMetrics } from './types';
import type { SegmentVelocitySink } from './strokes';
import { PHASES } from '../tempo/score';

/**
 * The engine's own estimate of the bar's vertical velocity, kept so that a rep's curve can be drawn with
 * the phase boundaries the engine gave it (the app's review). Recorded only when asked for
 * (`EngineOptions.curves`): the hot path and memory stay as they are otherwise.
 *
 * Two estimators leave a velocity behind:
 * - the tracker (motion.ts, strokes.ts): each segment between zero-velocity points is integrated and its
 *   drift removed against both ends when it is finalised; that final velocity, the one its strokes (and
 *   so the tracker's reps) were timed from, is recorded per accepted sample. Between segments the tracker
 *   held the bar at rest: velocity zero.
 * - the looked-back detector (lobes.ts): the band-passed velocity of a finished set's readings, from which
 *   the lifts of `estimated` reps were taken (one value per 50 ms bin, at the times lobes.ts uses).
 * Nothing is integrated again here except position, the integral of the recorded velocity within a rep.
 */

/** Samples per storage block (16 bytes each: time and velocity): no copying as a long session grows. */
const BLOCK_SIZE = 1 << 16;
/** Consecutive tracker samples further apart than this have a rest (or a lost stretch) between them. */
const HOLE_S = 0.25;
/** A curve is thinned to at most this many points for drawing. */
export const MAX_CURVE_POINTS = 600;
/**
 * The tracker measured a rep when its segments cover this share of the rep's eccentric and concentric and
 * its position travels at least this share of the rep's ROM. Otherwise it read (part of) the rep as rest
 * and the engine timed it another way: a lowering located in the readings (locate.ts), or a lift from the
 * looked-back detector (an `estimated` rep).
 */
const MIN_TRACKER_COVERAGE = 0.8;
const MIN_TRACKER_TRAVEL_FRACTION = 0.5;
/**
 * Nor when its position travels over this share of the rep's ROM: a velocity error held through part of
 * the rep (the engine then timed or sized the rep from elsewhere: plausible.ts, locate.ts).
 */
const MAX_TRACKER_TRAVEL_FRACTION = 1.5;

/** The looked-back velocity of one stretch: value k at `startS + k * stepS`. */
export interface LookedBackStretch {
  startS: number;
  stepS: number;
  velocityMps: Float64Array;
}

/** Read access to what was recorded (times on the analysis clock). */
export interface RecordedCurves {
  /** The tracker's recorded samples with fromS <= t <= toS, in time order. */
  trackerSamples(fromS: number, toS: number): { tS: Float64Array; velocityMps: Float64Array };
  /** The looked-back stretch covering most of [fromS, toS] (the latest of equals); null when none does. */
  lookedBackOver(fromS: number, toS: number): LookedBackStretch | null;
  /** Memory held by the recording. */
  readonly sizeBytes: number;
}

/** Records both estimators' velocities as the engine finalises them (see the file comment). */
export class CurveRecorder implements SegmentVelocitySink, RecordedCurves {
  private tBlocks: Float64Array[] = [];
  private vBlocks: Float64Array[] = [];
  private count = 0;
  private stretches: LookedBackStretch[] = [];

  reset(): void {
    this.tBlocks = [];
    this.vBlocks = [];
    this.count = 0;
    this.stretches = [];
  }

  get sizeBytes(): number {
    const stretchBytes = this.stretches.reduce((sum, s) => sum + s.velocityMps.byteLength, 0);
    return this.tBlocks.length * BLOCK_SIZE * 16 + stretchBytes;
  }

  segment(t: Float64Array, first: number, velocityMps: Float64Array, n: number): void {
    // A segment starts where the last one ended (its turnaround sample) or inside the rest it ended in:
    // the later estimate of those samples replaces the earlier one.
    this.count = this.indexFrom(t[first]!);
    for (let k = 0; k < n; k++) this.append(t[first + k]!, velocityMps[k]!);
  }

  lookedBack(startS: number, stepS: number, velocityMps: Float64Array): void {
    this.stretches.push({ startS, stepS, velocityMps });
  }

  trackerSamples(fromS: number, toS: number): { tS: Float64Array; velocityMps: Float64Array } {
    const from = this.indexFrom(fromS);
    const to = this.indexFrom(toS, true);
    const n = Math.max(to - from, 0);
    const tS = new Float64Array(n);
    const velocityMps = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const i = from + k;
      tS[k] = this.tBlocks[i >> 16]![i & (BLOCK_SIZE - 1)]!;
      velocityMps[k] = this.vBlocks[i >> 16]![i & (BLOCK_SIZE - 1)]!;
    }
    return { tS, velocityMps };
  }

  lookedBackOver(fromS: number, toS: number): LookedBackStretch | null {
    let best: LookedBackStretch | null = null;
    let bestS = 0;
    for (const s of this.stretches) {
      const endS = s.startS + (s.velocityMps.length - 1) * s.stepS;
      const coveredS = Math.min(endS, toS) - Math.max(s.startS, fromS);
      if (coveredS > 0 && coveredS >= bestS) {
        best = s;
        bestS = coveredS;
      }
    }
    return best;
  }

  private timeAt(i: number): number {
    return this.tBlocks[i >> 16]![i & (BLOCK_SIZE - 1)]!;
  }

  /** The first stored sample at or after `tS` (after it, with `after`), by bisection; count if none. */
  private indexFrom(tS: number, after = false): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = this.timeAt(mid);
      if (t < tS || (after && t === tS)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private append(tS: number, velocityMps: number): void {
    const i = this.count++;
    const block = i >> 16;
    if (block === this.tBlocks.length) {
      this.tBlocks.push(new Float64Array(BLOCK_SIZE));
      this.vBlocks.push(new Float64Array(BLOCK_SIZE));
    }
    this.tBlocks[block]![i & (BLOCK_SIZE - 1)] = tS;
    this.vBlocks[block]![i & (BLOCK_SIZE - 1)] = velocityMps;
  }
}

export type CurveSource = 'tracker' | 'looked-back';

/** A rep's curve: the engine's velocity and its integral, with the rep's phases (analysis clock). */
export interface RepCurve {
  /** Which estimator the velocity is (see the file comment). */
  source: CurveSource;
  tS: number[];
  velocityMps: number[];
  /** The integral of velocityMps, zero at the rep's start; a rest between tracker segments adds nothing. */
  positionM: number[];
  startS: number;
  endS: number;
  /** The rep's ROM as the engine reported it (the position's range reads the same for tracker curves). */
  romM: number;
  phases: Record<PhaseName, { startS: number; endS: number }>;
}

/**
 * The curve of rep `repIndex` (1-based) of set `setIndex` (1-based), from `marginS` before its start to
 * `marginS` after its end, thinned to MAX_CURVE_POINTS. Null when the analysis recorded no curves
 * (`EngineOptions.curves`) or has no such rep.
 */
export function repCurve(
  analysis: { sets: readonly { index: number; reps: readonly RepMetrics[] }[]; curves?: RecordedCurves },
  setIndex: number,
  repIndex: number,
  marginS = 0.5,
): RepCurve | null {
  const rep = analysis.sets.find((s) => s.index === setIndex)?.reps.find((r) => r.index === repIndex);
  return rep && analysis.curves ? curveOfRep(analysis.curves, rep, marginS) : null;
}

/** The same for a rep at hand (e.g. one the live engine just announced, with `TempoEngine.curves`). */
export function curveOfRep(curves: RecordedCurves, rep: RepMetrics, marginS = 0.5): RepCurve | null {
  const fromS = rep.startS - marginS;
  const toS = rep.endS + marginS;
  const tracked = curves.trackerSamples(fromS, toS);
  const trackerCurve = tracked.tS.length >= 2 ? integrated(tracked.tS, tracked.velocityMps, rep) : null;
  if (trackerCurve && !rep.estimated && trackerMeasured(trackerCurve, rep)) {
    return finished('tracker', trackerCurve, rep);
  }
  const stretch = curves.lookedBackOver(fromS, toS);
  const lookedBack = stretch && lookedBackSamples(stretch, fromS, toS);
  if (lookedBack && lookedBack.tS.length >= 2) {
    return finished('looked-back', integrated(lookedBack.tS, lookedBack.velocityMps, rep), rep);
  }
  return trackerCurve && finished('tracker', trackerCurve, rep);
}

interface FullCurve {
  tS: Float64Array;
  velocityMps: Float64Array;
  positionM: Float64Array;
}

/** Position by the trapezoid rule, a hole between tracker samples counted as rest, zero at the rep's start. */
function integrated(tS: Float64Array, velocityMps: Float64Array, rep: RepMetrics): FullCurve {
  const n = tS.length;
  const positionM = new Float64Array(n);
  for (let k = 1; k < n; k++) {
    const dt = tS[k]! - tS[k - 1]!;
    const step = dt > HOLE_S ? 0 : 0.5 * (velocityMps[k - 1]! + velocityMps[k]!) * dt;
    positionM[k] = positionM[k - 1]! + step;
  }
  const zeroM = valueAt(tS, positionM, rep.startS);
  for (let k = 0; k < n; k++) positionM[k] = positionM[k]! - zeroM;
  return { tS, velocityMps, positionM };
}

/** `values` at time `atS`, linearly interpolated; the end value outside (a rest holds its position). */
function valueAt(tS: Float64Array, values: Float64Array, atS: number): number {
  const n = tS.length;
  if (atS <= tS[0]!) return values[0]!;
  if (atS >= tS[n - 1]!) return values[n - 1]!;
  let k = 1;
  while (tS[k]! < atS) k++;
  const f = (atS - tS[k - 1]!) / (tS[k]! - tS[k - 1]!);
  return values[k - 1]! + f * (values[k]! - values[k - 1]!);
}

/** Whether the tracker's segments cover the rep's strokes and travel its range (see MIN_TRACKER_COVERAGE). */
function trackerMeasured(curve: FullCurve, rep: RepMetrics): boolean {
  const movingS = rep.eccentric.durationS + rep.concentric.durationS;
  const coveredS = coveredWithin(curve.tS, rep.eccentric) + coveredWithin(curve.tS, rep.concentric);
  if (!(movingS > 0) || coveredS < MIN_TRACKER_COVERAGE * movingS) return false;
  let lowM = Infinity;
  let highM = -Infinity;
  for (let k = 0; k < curve.tS.length; k++) {
    const tS = curve.tS[k]!;
    if (tS < rep.startS || tS > rep.endS) continue;
    lowM = Math.min(lowM, curve.positionM[k]!);
    highM = Math.max(highM, curve.positionM[k]!);
  }
  const travelM = highM - lowM;
  return (
    travelM >= MIN_TRACKER_TRAVEL_FRACTION * rep.romM && travelM <= MAX_TRACKER_TRAVEL_FRACTION * rep.romM
  );
}

/** Seconds of [startS, endS] between tracker samples less than HOLE_S apart. */
function coveredWithin(tS: Float64Array, span: { startS: number; endS: number }): number {
  let coveredS = 0;
  for (let k = 1; k < tS.length; k++) {
    if (tS[k]! - tS[k - 1]! > HOLE_S) continue;
    coveredS += Math.max(0, Math.min(tS[k]!, span.endS) - Math.max(tS[k - 1]!, span.startS));
  }
  return coveredS;
}

function lookedBackSamples(
  stretch: LookedBackStretch,
  fromS: number,
  toS: number,
): { tS: Float64Array; velocityMps: Float64Array } {
  const { startS, stepS, velocityMps } = stretch;
  const from = Math.max(0, Math.ceil((fromS - startS) / stepS));
  const to = Math.min(velocityMps.length - 1, Math.floor((toS - startS) / stepS));
  const n = Math.max(to - from + 1, 0);
  const tS = new Float64Array(n);
  for (let k = 0; k < n; k++) tS[k] = startS + (from + k) * stepS;
  return { tS, velocityMps: velocityMps.slice(from, from + n) };
}

/** The curve thinned for drawing (every k-th point and the last), with the rep's phases. */
function finished(source: CurveSource, curve: FullCurve, rep: RepMetrics): RepCurve {
  const n = curve.tS.length;
  const stride = Math.max(1, Math.ceil((n - 1) / (MAX_CURVE_POINTS - 1)));
  const out: RepCurve = {
    source,
    tS: [],
    velocityMps: [],
    positionM: [],
    startS: rep.startS,
    endS: rep.endS,
    romM: rep.romM,
    phases: Object.fromEntries(
      PHASES.map((p) => [p, { startS: rep[p].startS, endS: rep[p].endS }]),
    ) as RepCurve['phases'],
  };
  for (let k = 0; k < n; k += stride) push(out, curve, k);
  if ((n - 1) % stride !== 0) push(out, curve, n - 1);
  return out;
}

function push(out: RepCurve, curve: FullCurve, k: number): void {
  out.tS.push(curve.tS[k]!);
  out.velocityMps.push(curve.velocityMps[k]!);
  out.positionM.push(curve.positionM[k]!);
}
