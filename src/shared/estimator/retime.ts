import { StreamCleaner } from '../engine/clean';
import type { RepMetrics, Sample, SetResult } from '../engine/types';
import { STANDARD_GRAVITY_MPS2 } from '../engine/vertical';
import { smoothCycleVelocity, type BridgeModel, type SmoothedVelocity } from './bridge';
import { readCycleEdges, type CycleEdges } from './edges';
import { readRecording, verticalAccelMps2, type RecordingReadings } from './vertical';

/**
 * Re-times, once a set has ended, the reps the engine found. Each rep is one cycle holding its lift and
 * its lowering between two instants where the bar is still and at the same height: a lowering-first rep
 * from the end of the previous lift to the end of its own, a lift-first rep from the start of its lift to
 * the start of the next. Those instants are the engine's lift edges (a lift is fast and well timed); at
 * a set's open end (before its first lowering, after its last), a point of the quiet stretch there. Over
 * the cycle one smoothing fit (bridge.ts) gives the velocity, and one rule (edges.ts) its phase edges.
 */

/** Prior sd of the cycle's acceleration offset: gravity's level, bias and scale along the vertical. */
const OFFSET_SIGMA_G = 0.01;
/** The bar may end a cycle this far from its starting height. */
const HEIGHT_SIGMA_M = 0.01;
/** And moving this fast at a lift's edge the engine gave (a 5% point, or a few ms off a zero crossing). */
const END_SPEED_SIGMA_MPS = 0.01;
/** How far before a set's first lowering (after a lift-first set's last) a still point is looked for. */
const OPEN_END_SEARCH_S = 6;
/** Without movement in the search, the still point is this far out. */
const OPEN_END_DEFAULT_S = 2;
/** Movements the quiet test sees within this of the engine's edge may be the phase itself. */
const OPEN_END_GUARD_S = 0.3;
/**
 * A lift's edge as the engine gives it is its 5% point, where the bar still moves (5% of a 1 m/s lift
 * is 0.05 m/s, held through the pause if pinned to 0 there). The still instant is looked for this far
 * beyond it: the first quiet sample (a turnaround with no pause: the edge itself).
 */
const STILL_SEARCH_S = 0.4;

export interface RetimedRep {
  setIndex: number;
  repIndex: number;
  /** The cycle fitted, engine time (s). */
  windowStartS: number;
  windowEndS: number;
  eccentric: CycleEdges['eccentric'];
  concentric: CycleEdges['concentric'];
  velocity: SmoothedVelocity;
}

const lowersFirst = (r: RepMetrics): boolean => r.eccentric.startS < r.concentric.startS;

/** Index of the first sample at or after tS (binary search). */
function indexAt(r: RecordingReadings, tS: number): number {
  let lo = 0;
  let hi = r.tS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r.tS[mid]! < tS) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A still point on the open side of a set (dir -1: before edgeS, +1: after): halfway between the engine's
 * edge and the nearest movement beyond OPEN_END_GUARD_S (a walk-out, the re-rack), within limitS.
 */
function openEnd(r: RecordingReadings, edgeS: number, dir: -1 | 1, limitS: number): number {
  const farS =
    dir < 0 ? Math.max(edgeS - OPEN_END_SEARCH_S, limitS) : Math.min(edgeS + OPEN_END_SEARCH_S, limitS);
  let i = indexAt(r, edgeS + dir * OPEN_END_GUARD_S);
  while (i > 0 && i < r.tS.length - 1 && (r.tS[i]! - farS) * dir < 0 && r.quiet[i] === 1) i += dir;
  const movementS = r.tS[i]!;
  if (r.quiet[i] === 1)
    return dir < 0
      ? Math.max(edgeS - OPEN_END_DEFAULT_S, movementS)
      : Math.min(edgeS + OPEN_END_DEFAULT_S, movementS);
  return (edgeS + movementS) / 2;
}

/** The first quiet sample from a lift's edge outwards (dir), within STILL_SEARCH_S and before limitS. */
function stillBeyond(r: RecordingReadings, edgeS: number, dir: -1 | 1, limitS: number): number {
  const farS = dir > 0 ? Math.min(edgeS + STILL_SEARCH_S, limitS) : Math.max(edgeS - STILL_SEARCH_S, limitS);
  let i = indexAt(r, edgeS);
  if (dir < 0 && r.tS[i]! > edgeS && i > 0) i--;
  while (i + dir >= 0 && i + dir < r.tS.length && (farS - r.tS[i]!) * dir > 0 && r.quiet[i] !== 1) i += dir;
  return r.quiet[i] === 1 ? r.tS[i]! : edgeS;
}

function cycleWindow(reps: readonly RepMetrics[], k: number, r: RecordingReadings): [number, number] {
  const rep = reps[k]!;
  const first = r.tS[0]!;
  const last = r.tS[r.tS.length - 1]!;
  const prev = reps[k - 1];
  const next = reps[k + 1];
  if (lowersFirst(rep)) {
    const startS = prev
      ? stillBeyond(r, prev.concentric.endS, 1, rep.eccentric.startS)
      : openEnd(r, rep.eccentric.startS, -1, first);
    return [startS, stillBeyond(r, rep.concentric.endS, 1, next ? next.eccentric.startS : last)];
  }
  const startS = stillBeyond(r, rep.concentric.startS, -1, prev ? prev.eccentric.endS : first);
  const endS = next
    ? stillBeyond(r, next.concentric.startS, -1, rep.eccentric.endS)
    : openEnd(r, rep.eccentric.endS, 1, last);
  return [startS, endS];
}

function retimeCycle(
  r: RecordingReadings,
  startS: number,
  endS: number,
): { edges: CycleEdges; velocity: SmoothedVelocity } | null {
  const from = indexAt(r, startS);
  const to = indexAt(r, endS);
  if (to - from < 8) return null;
  const model: BridgeModel = {
    noiseDensityMps: r.noiseG * STANDARD_GRAVITY_MPS2 * Math.sqrt(r.periodS),
    offsetSigmaMps2: OFFSET_SIGMA_G * STANDARD_GRAVITY_MPS2,
    heightSigmaM: HEIGHT_SIGMA_M,
    endSpeedSigmaMps: END_SPEED_SIGMA_MPS,
  };
  const velocity = smoothCycleVelocity(r.tS.subarray(from, to + 1), verticalAccelMps2(r, from, to), model);
  const edges = readCycleEdges(velocity);
  return edges ? { edges, velocity } : null;
}

/** The re-timed reps of the engine's sets, from the raw samples the engine was given (engine time). */
export function retimeSets(
  samples: readonly Sample[],
  sets: readonly SetResult[],
  originS: number,
): RetimedRep[] {
  const clean = new StreamCleaner().process(samples);
  if (clean.length < 16) return [];
  const readings = readRecording(clean, originS);
  const out: RetimedRep[] = [];
  for (const set of sets) {
    set.reps.forEach((rep, k) => {
      const [windowStartS, windowEndS] = cycleWindow(set.reps, k, readings);
      const fit = retimeCycle(readings, windowStartS, windowEndS);
      if (!fit) return;
      out.push({
        setIndex: set.index,
        repIndex: rep.index,
        windowStartS,
        windowEndS,
        ...fit.edges,
        velocity: fit.velocity,
      });
    });
  }
  return out;
}
