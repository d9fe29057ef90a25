import { SPEED_LEVELS, speedCrossingS, type Stroke } from './strokes';

/**
 * Touch-and-go turnarounds re-timed from the cycle's velocity offset.
 *
 * Through reps without a rest the tracker's velocity keeps the error it gathered since the last rest,
 * and it takes its zero crossings for the turnarounds. With an offset d (measured = true + d), a top
 * comes early and a bottom late when d < 0 (the lowering reads long, the lift short), and the other way
 * when d > 0. Over a lift and a lowering the bar returns to where it was, so their measured distances
 * differ by d times their two durations; the true turnarounds are where the measured speed crosses d,
 * read from the strokes' speed tables (the lowering's own when d < 0, the lifts either side when d > 0).
 * The same holds for a lowering with one end at rest: the offset has grown since, and only its
 * turnaround moves.
 */

/**
 * An offset as fast as the lowering itself is not a drift but a mismeasured stroke. Simulator within
 * tolerance (seeds 1-200 / 121-320 / 321-520): 91.0 -> 92.0% / 92.5 -> 93.0% / 89.2 -> 90.5%; near
 * misses on lowerings touch-and-go at both ends 38 -> 20 (seeds 1-200). A limit of 0.5 or 3 of the
 * peak, or on how far an edge may move (0.3-0.5 s), alike; offsets below zero only (the lowering's own
 * tables) 91.5 / 92.8%. Later also lowerings with one end at rest (the other re-timed): from a top
 * pause into a touch-and-go bottom 93.0 -> 93.3% / 93.9 -> 94.1% / 92.3 -> 92.4%; a lift-first rep's
 * touch-and-go top into a bottom pause -> 93.4 / 94.2 / 92.5%; a lowering-first rep's, its cycle with
 * the lift before it -> 93.6 / 94.2 / 92.5%. Re-measured later (matched reps within, of 2,518 / 2,503 /
 * 2,602): a limit of 1 2,381 / 2,386 / 2,443, 1.5 2,382 / 2,386 / 2,444, 2 2,383 / 2,387 / 2,445, 3 as
 * 2. An offset above zero cuts the lowering's measured peak by itself, so 2 of the measured peak is
 * 2/3 of the true one (seed 80: a 186 Hz touch-and-go squat set whose offset reached 0.26 m/s).
 */
const MAX_OFFSET_FRACTION = 2;

/** Strokes either side of a turnaround meet within a sample period (the crossing falls between samples). */
const MAX_TURN_GAP_S = 0.05;

/** Whether `after` turns straight out of `before`. */
function touches(before: Stroke, after: Stroke): boolean {
  return !before.endsAtRest && !after.startsFromRest && Math.abs(after.startS - before.endS) < MAX_TURN_GAP_S;
}

/** The velocity offset over a lift and a lowering that return the bar to where it was (m/s). */
export function cycleOffsetMps(down: Stroke, up: Stroke): number {
  return (up.displacementM - down.displacementM) / (up.endS - up.startS + (down.endS - down.startS));
}

/**
 * When a stroke that starts or ends at a turnaround passes `speedMps` on its way from or to it: its
 * speed tables, and below their first level a straight line from the turnaround (speed zero).
 */
function crossingS(stroke: Stroke, speedMps: number, which: 'rise' | 'fall'): number | null {
  const level = stroke.peakSpeedMps / SPEED_LEVELS;
  if (speedMps >= level) return speedCrossingS(stroke, speedMps, which);
  const first = speedCrossingS(stroke, level, which);
  if (first === null) return null;
  const turnS = which === 'rise' ? stroke.startS : stroke.endS;
  return turnS + (speedMps / level) * (first - turnS);
}

/**
 * The lift that makes one cycle with `down`: one it turns into or out of (a rest between them would
 * reset the tracker's velocity). Its rep's lift `up` first, or, where the lowering stops at the bottom,
 * the lift it turned out of at the top (`liftBefore`).
 */
function cyclePartner(
  down: Stroke,
  up: Stroke,
  liftBefore: Stroke | null,
  liftAfter: Stroke | null,
): Stroke | null {
  if (up === liftBefore ? touches(up, down) : up === liftAfter && touches(down, up)) return up;
  return down.endsAtRest && liftBefore && touches(liftBefore, down) ? liftBefore : null;
}

/**
 * The measured lowering `down` re-timed at its turnarounds for its cycle's offset (with `up`, the lift
 * of its rep). `liftBefore` / `liftAfter`: the lifts it turned from and into, where known. An edge at
 * rest stays where it was measured (the tracker's velocity was zero there). Null when it has no
 * turnaround with a lift of its cycle, or nothing moves.
 */
export function turnsRetimed(
  down: Stroke,
  up: Stroke,
  liftBefore: Stroke | null,
  liftAfter: Stroke | null,
): { startS: number; endS: number } | null {
  if (down.inferred) return null;
  const partner = cyclePartner(down, up, liftBefore, liftAfter);
  if (!partner || partner.inferred) return null;
  const offsetMps = cycleOffsetMps(down, partner);
  if (!(Math.abs(offsetMps) < MAX_OFFSET_FRACTION * down.peakSpeedMps)) return null;
  const speedMps = Math.abs(offsetMps);
  const startS = down.startsFromRest
    ? down.startS
    : offsetMps < 0
      ? crossingS(down, speedMps, 'rise')
      : liftBefore && touches(liftBefore, down)
        ? crossingS(liftBefore, speedMps, 'fall')
        : down.startS;
  const endS = down.endsAtRest
    ? down.endS
    : offsetMps < 0
      ? crossingS(down, speedMps, 'fall')
      : liftAfter && touches(down, liftAfter)
        ? crossingS(liftAfter, speedMps, 'rise')
        : down.endS;
  if (startS === null || endS === null || !(startS < endS)) return null;
  return startS === down.startS && endS === down.endS ? null : { startS, endS };
}
