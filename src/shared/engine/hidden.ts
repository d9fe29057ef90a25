import { SPEED_LEVELS, speedCrossingS, type Stroke } from './strokes';
import { NO_LOCATOR, type LocatedLowering, type LocateLowering } from './locate';

/**
 * A lowering the tracker never measured: the bar went up twice with nothing in between, so it came
 * down in between, slowly enough to read as rest from end to end (a slow negative at an even speed).
 *
 * Taking that "rest" for zero velocity offsets everything measured around it by the lowering's speed:
 * the lifts read faster and longer than they were, and each reads as ending (and the next as starting)
 * where its measured speed fades, well after the top turnaround and well before the bottom. Over a
 * whole cycle the bar returns to where it was, which gives the offset: the lift's measured distance
 * over the time from its start to the next lift's start. With it, the turnarounds are where the lifts'
 * measured speed crosses the offset. That is the second resort: the lowering's own edges, found in the
 * raw readings between the lifts (locate.ts), come first.
 */
export interface HiddenLowering {
  lowering: Stroke;
  /** When the lift before it really ended (its top). */
  liftEndS: number;
  /** The lift after it, starting where it really started (after any bottom pause). */
  nextLift: Stroke;
}

/** The offset is only trusted well below the lifts' own measured speeds. */
const MAX_OFFSET_FRACTION = 0.5;

/** A stretch this long inside a lift's rise at one speed is the bar held still at the bottom. */
const MIN_BOTTOM_HOLD_S = 0.15;
/** A hold's speed and the cycle's offset disagree by at most this factor. */
const MAX_HOLD_MISMATCH = 2;
/** Only the slow start of a lift is searched for that hold. */
const MAX_HOLD_FRACTION = 0.6;

/**
 * The bottom pause inside a lift measured from a lowering taken for rest: the measured speed rises by
 * the lowering's speed as the bar stops, stays there while it is held, then rises with the lift. In the
 * rise table that is the widest gap in time between two neighbouring speeds.
 */
function bottomHold(next: Stroke): { bottomS: number; liftStartS: number; speedMps: number } | null {
  const rise = next.riseS;
  if (!rise) return null;
  let best = -1;
  let widest = MIN_BOTTOM_HOLD_S;
  for (let k = 0; k + 1 < SPEED_LEVELS && (k + 2) / SPEED_LEVELS <= MAX_HOLD_FRACTION; k++) {
    const gap = rise[k + 1]! - rise[k]!;
    if (gap > widest) {
      widest = gap;
      best = k;
    }
  }
  if (best < 0) return null;
  return {
    bottomS: rise[best]!,
    liftStartS: rise[best + 1]!,
    speedMps: ((best + 1) / SPEED_LEVELS) * next.peakSpeedMps,
  };
}

/**
 * `loweringOnsetS`: the start of a small lowering measured from rest after the lift (the bar left a top
 * pause, and the rest of its lowering then read as rest), or NaN.
 */
export function inferHiddenLowering(
  lift: Stroke,
  next: Stroke,
  loweringOnsetS = NaN,
  locate: LocateLowering = NO_LOCATOR,
): HiddenLowering {
  const plain: HiddenLowering = {
    lowering: {
      direction: -1,
      startS: lift.endS,
      endS: next.startS,
      startsFromRest: false,
      endsAtRest: false,
      peakSpeedMps: (0.5 * (lift.displacementM + next.displacementM)) / (next.startS - lift.endS),
      displacementM: 0.5 * (lift.displacementM + next.displacementM),
      committedAtS: next.committedAtS,
      inferred: true,
    },
    liftEndS: lift.endS,
    nextLift: next,
  };
  // First the lowering's own edges, in the readings between the lifts (locate.ts). Simulator within
  // tolerance (seeds 1-200 / 121-320): 85.5 / 86.7% with the speed tables below tried first, 86.1 /
  // 87.5% with the readings first, 84.8 / 85.0% with the readings alone.
  const found = locate(lift.endS, next.startS, plain.lowering.displacementM);
  if (found) {
    return { ...plain, lowering: locatedLowering(found, plain.lowering.displacementM, next.committedAtS) };
  }
  // Over a whole cycle the bar returns to where it was (see above).
  const cycleOffsetMps = lift.displacementM / (next.startS - lift.startS);
  // A hold measured at a speed far from that is not the bottom pause (the lift's own slow start).
  const held = bottomHold(next);
  const hold =
    held &&
    held.speedMps > cycleOffsetMps / MAX_HOLD_MISMATCH &&
    held.speedMps < cycleOffsetMps * MAX_HOLD_MISMATCH
      ? held
      : null;
  const offsetMps = hold ? hold.speedMps : cycleOffsetMps;
  if (!(offsetMps < MAX_OFFSET_FRACTION * Math.min(lift.peakSpeedMps, next.peakSpeedMps))) return plain;
  // From a top pause the lowering starts at rest; from a touch-and-go top, where the lift's measured
  // speed is down to the offset.
  const fromTopPause = loweringOnsetS > lift.endS && loweringOnsetS < next.startS;
  const topS = fromTopPause ? loweringOnsetS : speedCrossingS(lift, offsetMps, 'fall');
  // Without a hold the bottom is a turnaround, where the lift starts too; after a hold the lift starts
  // where its speed leaves the hold's.
  const bottomS = hold ? hold.bottomS : speedCrossingS(next, offsetMps, 'rise');
  const liftStartS = hold ? hold.liftStartS : bottomS;
  if (topS === null || bottomS === null || liftStartS === null) return plain;
  if (!(topS <= (fromTopPause ? loweringOnsetS : lift.endS) && topS < bottomS && bottomS <= liftStartS))
    return plain;
  return {
    lowering: {
      ...plain.lowering,
      startS: topS,
      endS: bottomS,
      startsFromRest: fromTopPause,
      endsAtRest: bottomS < liftStartS,
      peakSpeedMps: offsetMps,
      displacementM: offsetMps * (bottomS - topS),
    },
    liftEndS: fromTopPause ? lift.endS : topS,
    nextLift: { ...next, startS: liftStartS, startsFromRest: bottomS < liftStartS },
  };
}

/** A lowering found in the readings (locate.ts), as the stroke it would have been: never measured. */
export function locatedLowering(found: LocatedLowering, displacementM: number, committedAtS: number): Stroke {
  return {
    direction: -1,
    startS: found.startS,
    endS: found.endS,
    startsFromRest: true,
    endsAtRest: true,
    peakSpeedMps: found.speedMps,
    displacementM,
    committedAtS,
    inferred: true,
  };
}
