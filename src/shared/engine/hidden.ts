import { PHASE_EDGE_FRACTION, SPEED_LEVELS, speedCrossingS, type Stroke } from './strokes';
import { LOWERING_END_RAMP_S, NO_LOCATOR, type LocatedLowering, type LocateLowering } from './locate';

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
 * Walking the bar out of the rack leaves an upward velocity error (the magnitude reads the steps'
 * horizontal acceleration as +a_h^2 / 2g: 0.1-0.4 m/s over three steps), which the tracker holds through
 * the settle as a slow upward plateau. The set's first lowering then cancels that speed and reads as the
 * walk-out's end, its steady descent as rest, and its bottom as the next lift's start. The held speed is
 * the lowering's speed: the lowering starts where the walk-out's measured speed falls from the hold, and
 * ends where the next lift's rises through it. A hold this long marks that plateau (the pauses between
 * steps last 0.15-0.4 s). Simulator within tolerance (seeds 1-200 / 121-320): 89.8 -> 90.7% / 91.6 ->
 * 92.5% (0.3-1 s alike, 1.5 s 90.4%; applied to every hidden lowering, not only the set's first, no
 * better); first squat reps far off (over 3x tolerance) 25 -> 12.
 */
const MIN_WALKOUT_HOLD_S = 0.5;
/** Only the upper half of a stroke's fall is searched for that hold. */
const MIN_TOP_HOLD_FRACTION = 0.5;

/**
 * The held plateau in the upper half of a stroke's speed: the widest gap in time between two
 * neighbouring levels of its rise or fall table (the speed stayed between them; a plateau at the peak
 * itself shows in the rise table, one below it in the fall table).
 */
function topHold(stroke: Stroke): { fromS: number; untilS: number; speedMps: number } | null {
  const rise = stroke.riseS;
  const fall = stroke.fallS;
  if (!rise || !fall) return null;
  let hold: { fromS: number; untilS: number; speedMps: number } | null = null;
  let widest = 0;
  for (let k = SPEED_LEVELS - 2; k >= 0 && (k + 1) / SPEED_LEVELS >= MIN_TOP_HOLD_FRACTION; k--) {
    // Between levels k + 1 and k + 2 (of SPEED_LEVELS), on the way up to the peak or down from it.
    for (const [fromS, untilS] of [
      [rise[k]!, rise[k + 1]!],
      [fall[k + 1]!, fall[k]!],
    ] as const) {
      if (untilS - fromS > widest) {
        widest = untilS - fromS;
        hold = { fromS, untilS, speedMps: ((k + 1.5) / SPEED_LEVELS) * stroke.peakSpeedMps };
      }
    }
  }
  return hold;
}

/** The next lift's bottom hold (see bottomHold), if its speed agrees with the lowering's. */
function matchingBottomHold(next: Stroke, loweringSpeedMps: number): ReturnType<typeof bottomHold> {
  const held = bottomHold(next);
  return held &&
    held.speedMps > loweringSpeedMps / MAX_HOLD_MISMATCH &&
    held.speedMps < loweringSpeedMps * MAX_HOLD_MISMATCH
    ? held
    : null;
}

/**
 * The lowering read as rest at `offsetMps`, from `topS` to where the next lift's measured speed rises
 * through that offset (or its bottom hold), or null where the tables do not give a consistent order.
 */
function offsetLowering(
  plain: HiddenLowering,
  next: Stroke,
  offsetMps: number,
  topS: number,
  startsFromRest: boolean,
  liftEndS: number,
  hold: ReturnType<typeof bottomHold>,
): HiddenLowering | null {
  // Without a hold the bottom is a turnaround, where the lift starts too; after a hold the lift starts
  // where its speed leaves the hold's.
  const bottomS = hold ? hold.bottomS : speedCrossingS(next, offsetMps, 'rise');
  const liftStartS = hold ? hold.liftStartS : bottomS;
  if (bottomS === null || liftStartS === null || !(topS < bottomS && bottomS <= liftStartS)) return null;
  return {
    lowering: {
      ...plain.lowering,
      startS: topS,
      endS: bottomS,
      startsFromRest,
      endsAtRest: bottomS < liftStartS,
      peakSpeedMps: offsetMps,
      displacementM: offsetMps * (bottomS - topS),
    },
    liftEndS,
    nextLift: { ...next, startS: liftStartS, startsFromRest: bottomS < liftStartS },
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
  afterWalkOut = false,
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
  if (afterWalkOut) {
    // The "lift" was the walk-out, held at its velocity error until the lowering began (see above).
    const held = topHold(lift);
    if (held && held.untilS - held.fromS >= MIN_WALKOUT_HOLD_S) {
      // The lowering starts from rest: at 5% of its speed, where the measured speed is 95% of the hold's.
      const topS = speedCrossingS(lift, (1 - PHASE_EDGE_FRACTION) * held.speedMps, 'fall');
      const found =
        topS === null
          ? null
          : offsetLowering(
              plain,
              next,
              held.speedMps,
              topS,
              true,
              held.fromS,
              matchingBottomHold(next, held.speedMps),
            );
      if (found) return found;
    }
  }
  // First the lowering's own edges, in the readings between the lifts (locate.ts). Simulator within
  // tolerance (seeds 1-200 / 121-320): 85.5 / 86.7% with the speed tables below tried first, 86.1 /
  // 87.5% with the readings first, 84.8 / 85.0% with the readings alone.
  const found = locate(lift.endS, next.startS, plain.lowering.displacementM);
  if (found) {
    return { ...plain, lowering: locatedLowering(found, plain.lowering.displacementM, next.committedAtS) };
  }
  // Not found with both edges: from a touch-and-go top (or a lift whose end took in the lowering's slow
  // start) the lowering set off at the lift's end, merged with its deceleration, and the readings hold
  // its end alone (with no start between: locate.ts).
  const ended = locate(lift.endS, next.startS, plain.lowering.displacementM, { startedAtS: lift.endS });
  if (ended) {
    const lowering = locatedLowering(ended, plain.lowering.displacementM, next.committedAtS);
    return { ...plain, lowering: { ...lowering, startsFromRest: false } };
  }
  // Over a whole cycle the bar returns to where it was (see above).
  const cycleOffsetMps = lift.displacementM / (next.startS - lift.startS);
  // A hold measured at a speed far from that is not the bottom pause (the lift's own slow start).
  const hold = matchingBottomHold(next, cycleOffsetMps);
  const offsetMps = hold ? hold.speedMps : cycleOffsetMps;
  if (!(offsetMps < MAX_OFFSET_FRACTION * Math.min(lift.peakSpeedMps, next.peakSpeedMps))) return plain;
  // From a top pause the lowering starts at rest; from a touch-and-go top, where the lift's measured
  // speed is down to the offset.
  const fromTopPause = loweringOnsetS > lift.endS && loweringOnsetS < next.startS;
  const topS = fromTopPause ? loweringOnsetS : speedCrossingS(lift, offsetMps, 'fall');
  if (topS === null || !(topS <= (fromTopPause ? loweringOnsetS : lift.endS))) return plain;
  const timed = offsetLowering(
    plain,
    next,
    offsetMps,
    topS,
    fromTopPause,
    fromTopPause ? lift.endS : topS,
    hold,
  );
  if (!timed || fromTopPause || hold) return timed ?? plain;
  // Into a touch-and-go bottom: the lowering may have left the top after a pause, which the readings
  // from the top to before the bottom's deceleration show as its start (locate.ts).
  const started = locate(topS, timed.lowering.endS - LOWERING_END_RAMP_S, NaN, { runsOnMps: offsetMps });
  if (!started || !(started.startS > topS)) return timed;
  const { endS } = timed.lowering;
  return {
    ...timed,
    lowering: {
      ...timed.lowering,
      startS: started.startS,
      startsFromRest: true,
      displacementM: offsetMps * (endS - started.startS),
    },
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
