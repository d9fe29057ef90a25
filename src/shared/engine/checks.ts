/**
 * Checks of a measured lowering against the raw readings (locate.ts). Where a slow lowering meets a
 * pause, the stop or start between them is a small acceleration that noise can hide: the tracker then
 * holds the lowering's speed through the pause, or measures a wobble and reads the lowering as rest.
 * The edges fitted in the readings, with the lift's distance, say where the lowering really was.
 */
import type { Stroke } from './strokes';
import {
  LIFT_LEAD_S,
  LIFT_TAIL_S,
  LOWERING_END_RAMP_S,
  type LocatedLowering,
  type LocateLowering,
} from './locate';

/**
 * A lowering measured into the lift (see loweringEndS): the longest bottom pause it may have before the
 * lift, how long it must be to be checked, how much of the top pause the search takes in, how far the
 * found start may be from the measured one, and how much earlier the found end must be. Simulator
 * within tolerance (seeds 1-200 / 121-320) 86.3 / 87.7% before; measured lowerings ending at a
 * turnaround only 86.4 / 88.1%; also those ending within 0.15 s of the lift 86.7 / 88.7% (0.6 s the
 * same, any pause 86.5 / 88.3%); also inferred ones 86.7 / 89.2% (then 87.3 / 89.3% with locate.ts's
 * each-edge rule); also lift-first sets' lowerings that end at a turnaround into the next lift 87.5 /
 * 90.2%; and those that ended at rest, checked when the next lift comes, 88.0 / 90.6% -> 88.3 / 90.9%.
 * Minimum 1-3 s, start within 0.25-1 s and gains of 0.1-0.2 s all alike.
 */
const MAX_BOTTOM_PAUSE_S = 0.15;
/**
 * The same at the top (see loweringStartS): 87.5 / 90.2% -> 87.9 / 90.5% (lift-first reps alone 87.7 /
 * 90.5%; stretches reaching 0.3 s past a lowering that ended at rest, or a top pause up to 0.5 s,
 * alike). A longer measured top pause of a lift-first rep is checked for a lowering that set off at the
 * top (loweringStartedAtTop): simulator (seeds 1-200 / 121-320 / 321-520) within tolerance 92.8 ->
 * 93.0% / 93.7 -> 93.8% / 91.9 -> 92.2% (the same for lowering-first reps found nothing).
 */
const MAX_TOP_PAUSE_S = 0.15;
const MIN_REFINED_LOWERING_S = 2;
const TOP_LEAD_S = 0.5;
const MAX_START_DISAGREEMENT_S = 0.5;
const MIN_END_GAIN_S = 0.2;
/**
 * stopBeforePauseS: how close the fitted start must be to the measured one, and how far the fitted end
 * may be from the measured one to be taken. Simulator within tolerance (seeds 1-200 / 121-320 /
 * 321-520): 93.7 -> 93.8% / 94.5 -> 94.6% / 92.6 -> 92.7% (shifts from 0.03-0.15 s, agreement 0.1-0.3 s
 * alike) for lowering-first reps; for lift-first ones too (checked when the next lift comes) 93.8% /
 * 94.7% / 92.7%.
 */
const STOP_START_AGREEMENT_S = 0.15;
/** How far past a lowering that ended at rest the readings are searched for its stop (0.3-1 s alike). */
export const STOP_SEARCH_S = 0.5;
const MIN_STOP_SHIFT_S = 0.08;
const MAX_STOP_SHIFT_S = 0.5;
/**
 * The shortest lowering whose stop is checked, and the largest share of the end's shift the start may
 * move the same way. Matched reps within tolerance (seeds 1-200 / 121-320 / 321-520): 2,391 / 2,399 /
 * 2,454 of 2,518 / 2,503 / 2,602 with 2 s and no translation test; 0.5 of the shift 2,392 / 2,399 /
 * 2,454 (0.3-0.8 alike); then 1 s 2,394 / 2,400 / 2,455 (0.8-1.2 alike; 1.5-1.8 s 2,393 / 2,399 / 2,455;
 * 0.5 s 2,393 / 2,400 / 2,454).
 */
const MIN_STOP_CHECKED_S = 1;
const MAX_STOP_TRANSLATION = 0.5;
/**
 * loweringBeforeSlowLift: how much earlier than measured the lowering's found stop may be (it was
 * measured early, so the stop found lies later).
 */
const MAX_EARLIER_STOP_S = 0.1;
/**
 * A lowering measured short (see loweringMissed): under this share of the lift's distance, with more
 * than this rest before the lift, and found ending this much later. Lowering-first reps: simulator
 * (seeds 1-200 / 121-320): precision 98.7 -> 98.9% / 98.7 -> 98.9%, recall 98.6 -> 98.9% / 98.8 ->
 * 99.0%, within 87.9 -> 88.0% / 90.5 -> 90.6% (shares 0.7-1.0, rests 0.15-0.6 s, gains 0.15-0.6 s
 * alike; 0.5x fewer found; a search from the measured start or 0.5 s before it found almost none).
 * Lift-first reps too (checked when the next lift comes): precision 98.9 -> 99.0% / 98.9%, recall
 * 99.1% / 99.1 -> 99.2%.
 */
const MISSED_LOWERING_FRACTION = 0.7;
const MIN_MISSED_GAP_S = 0.3;
const MIN_MISSED_GAIN_S = 0.3;

/**
 * Whether a lowering that ended at `endS` stopped for a bottom pause before the next lift (false when
 * that lift is not known yet, NaN): checked as one before a pause (stopBeforePauseS), not as one run
 * into the lift.
 */
export function pausesBeforeLift(endS: number, nextLiftStartS: number): boolean {
  return nextLiftStartS - endS > MAX_BOTTOM_PAUSE_S;
}

/**
 * A slow lowering measured straight into the lift (no bottom pause, or a stop found only as the lift
 * began) may have held its speed through a stop lost in noise, and so through the bottom pause (the
 * held speed ends only when the lift's burst comes). So may one inferred between two lifts (hidden.ts),
 * over the longer stretch from lift to lift. Its edges are looked for in the readings (locate.ts) with
 * the lift's distance; found starting where it was measured to and ending well before, the bar stopped
 * there. Before a bottom pause, its stop is checked instead (stopBeforePauseS). `nextLiftStartS`: NaN
 * when that lift is not known yet (a lift-first rep whose lowering ended at rest: it is not checked).
 */
export function loweringEndS(
  locate: LocateLowering,
  down: Stroke,
  startS: number,
  endS: number,
  liftDistanceM: number,
  nextLiftStartS: number,
): number {
  if (pausesBeforeLift(endS, nextLiftStartS)) {
    return stopBeforePauseS(locate, down, startS, endS, liftDistanceM, nextLiftStartS);
  }
  // The next lift not known yet: not checked.
  if (Number.isNaN(nextLiftStartS) || endS - startS < MIN_REFINED_LOWERING_S) return endS;
  // From rest, the stretch takes in some of the top pause; from a turnaround, the lift before it
  // decelerates just as the lowering sets off, and is left out.
  const fromS = startS - (down.startsFromRest ? TOP_LEAD_S : 0) - LIFT_TAIL_S;
  const found = locate(fromS, endS, liftDistanceM);
  if (found && Math.abs(found.startS - startS) <= MAX_START_DISAGREEMENT_S) {
    return found.endS < endS - MIN_END_GAIN_S ? found.endS : endS;
  }
  // From a turnaround the lowering's start merges with the lift's last deceleration, and a fit of both
  // edges can miss it: the stretch from the measured start holds the end alone (locate.ts).
  const ended = locate(startS, endS, liftDistanceM, { startedAtS: startS });
  return ended && ended.endS < endS - MIN_END_GAIN_S ? ended.endS : endS;
}

/**
 * loweringEndS's mirror at the top: a slow lowering measured straight from the lift's end (no top
 * pause) may have taken in the top pause, its slow start lost in noise. Its edges are looked for in
 * the readings from the lift's end to the lowering's, with the lift's distance; found ending where it
 * was measured to (or well before, with its start confirmed alone) and starting well after, the bar
 * set off there. Simulator within tolerance (seeds 1-200 / 121-320 / 321-520) for the ending well
 * before: 94.2% / 95.1% / 93.6 -> 93.7% (seed 425: both ends of a 39 Hz squat's lowerings 1.8 s off).
 */
export function loweringStartS(
  locate: LocateLowering,
  down: Stroke,
  liftEndS: number,
  liftDistanceM: number,
): number {
  const { startS, endS } = down;
  if (!(startS - liftEndS <= MAX_TOP_PAUSE_S) || endS - startS < MIN_REFINED_LOWERING_S) return startS;
  const found = locate(liftEndS, endS + LIFT_LEAD_S, liftDistanceM);
  if (!found || !(found.startS > startS + MIN_END_GAIN_S)) return startS;
  // Found ending well before the measured end, the measured lowering also ran on through the bottom
  // pause (its start is then confirmed alone, as below; loweringEndS later finds the end).
  const endsInside = found.endS < endS - MAX_START_DISAGREEMENT_S;
  if (!endsInside && Math.abs(found.endS - endS) > MAX_START_DISAGREEMENT_S) return startS;
  if (down.startsFromRest && !endsInside) return found.startS;
  // Measured from a turnaround, the lowering may have set off there, its start merged with the lift's
  // deceleration, and the fit then puts a start in noise: the bar must be seen still before it and at
  // the lowering's speed after it (the stretch ends before the lowering's deceleration, locate.ts).
  const started = locate(liftEndS, found.endS - LOWERING_END_RAMP_S, NaN, { runsOnMps: found.speedMps });
  return started && Math.abs(started.startS - found.startS) <= MAX_START_DISAGREEMENT_S
    ? found.startS
    : startS;
}

/**
 * A lowering measured far shorter than the lift after it, with a rest between them: a small movement
 * at the top (the lift's velocity error, a wobble) was measured and the slow lowering itself read as
 * rest. It is looked for in the readings from the measured start to the lift, with the lift's
 * distance, and taken when it ends well after the measured one.
 */
export function loweringMissed(
  locate: LocateLowering,
  down: Stroke,
  startS: number,
  endS: number,
  liftDistanceM: number,
  liftStartS: number,
): LocatedLowering | null {
  if (!(down.displacementM < MISSED_LOWERING_FRACTION * liftDistanceM)) return null;
  if (!(liftStartS - endS > MIN_MISSED_GAP_S)) return null;
  // From LIFT_TAIL_S after the measured start, as after a lift's end: the small movement's own start
  // and the lift's last deceleration before it are left out (from the start itself, none was found).
  const found = locate(startS, liftStartS, liftDistanceM);
  if (!found || found.endS < endS + MIN_MISSED_GAIN_S || found.startS < startS - MAX_START_DISAGREEMENT_S) {
    return null;
  }
  return found;
}

/**
 * A lowering measured from rest some time after its lift may have set off at the top, its slow start
 * read as a top pause (the readings of a bar at constant speed are those of rest). It is looked for in
 * the readings as a lowering that set off at the lift's end (its end alone, with no start in between,
 * locate.ts): found ending where it was measured to, it started at the top. `searchToS`: where the
 * stretch searched ends (past the lowering's stop).
 */
export function loweringStartedAtTop(
  locate: LocateLowering,
  down: Stroke,
  liftEndS: number,
  liftDistanceM: number,
  searchToS: number,
): number {
  if (!down.startsFromRest || !(down.startS - liftEndS > MAX_TOP_PAUSE_S)) return down.startS;
  const ended = locate(liftEndS, searchToS, liftDistanceM, { startedAtS: liftEndS });
  if (!ended || Math.abs(ended.endS - down.endS) > MAX_START_DISAGREEMENT_S) return down.startS;
  return liftEndS;
}

/**
 * loweringEndS before a bottom pause: a slow lowering from rest that ended at rest. Its stop, a small
 * deceleration over a few tenths of a second, can hide in noise until the rest is confirmed, or its
 * tail pass for stillness early. Both edges are fitted in the readings with the lift's distance, from
 * some of the top pause to past the stop (not into the lift at `nextLiftStartS`): where the start
 * agrees with the measured one, an end found 0.08-0.5 s from the measured one is taken. So for one
 * measured to a turnaround that no lift followed: the tracker's velocity error crossed zero before the
 * bar stopped, and was then held as rest. Simulator within tolerance (seeds 1-200 / 121-320 / 321-520):
 * 94.6 -> 94.7% / 95.4% / 94.0%; with a lift-first set's, checked when the next lift or the set's end
 * comes, matched reps within 2,383 -> 2,387 of 2,518 / 2,387 -> 2,395 of 2,503 / 2,445 -> 2,449 of
 * 2,602 (94.8% / 95.7% / 94.1%). Shortest lowering checked 1-2 s alike; from a turnaround too, no change.
 */
function stopBeforePauseS(
  locate: LocateLowering,
  down: Stroke,
  startS: number,
  endS: number,
  liftDistanceM: number,
  nextLiftStartS: number,
): number {
  if (!down.startsFromRest || endS - startS < MIN_STOP_CHECKED_S) return endS;
  const searchToS = Math.min(endS + STOP_SEARCH_S, nextLiftStartS);
  const found = locate(startS - TOP_LEAD_S - LIFT_TAIL_S, searchToS, liftDistanceM);
  if (!found || Math.abs(found.startS - startS) > STOP_START_AGREEMENT_S) return endS;
  const shiftS = Math.abs(found.endS - endS);
  // Measured to a turnaround, the end was the velocity error's zero crossing, not a stop: the fit's is
  // taken however near (seeds 1-200 / 121-320 / 321-520: 2,387 -> 2,391 / 2,395 -> 2,399 / 2,449 ->
  // 2,454 within; 0.03 s alike, and so is taking only ends later than measured).
  const minShiftS = down.endsAtRest ? MIN_STOP_SHIFT_S : 0;
  // A fit whose start moved the same way by half as much or more is the lowering shifted as a whole
  // (a fit error at low rates, seed 18 at 35 Hz), not a different stop.
  const startShiftS = found.startS - startS;
  const translated =
    Math.sign(startShiftS) === Math.sign(found.endS - endS) &&
    Math.abs(startShiftS) > MAX_STOP_TRANSLATION * shiftS;
  if (translated) return endS;
  return shiftS >= minShiftS && shiftS <= MAX_STOP_SHIFT_S ? found.endS : endS;
}

/**
 * How much of the slow rise before a set's first lowering (see loweringAfterWalkOut) is searched.
 * Simulator within tolerance (seeds 1-200 / 121-320 / 321-520): 94.2 -> 94.5% / 95.1 -> 95.3% / 93.7 ->
 * 93.9% (0.5-3 s alike); also lowerings measured from rest 94.4 / 95.2 / 93.9%; also later reps'
 * lowerings that turned out of a rise that was not a lift: no change.
 */
const WALK_OUT_LEAD_S = 0.8;

/**
 * A set's first lowering measured from a turnaround: the bar stood still at the top after the
 * walk-out, but the tracker kept the velocity error the walk-out left (held as a slow rise), so the
 * lowering's edges were taken where the measured speed crossed zero, not that error: inside the true
 * ones at both ends. Both edges are fitted in the readings, from some of the "rise" to the lift, with
 * the lift's distance; found starting before the measured start and ending near the measured end, they
 * are the lowering's.
 */
export function loweringAfterWalkOut(
  locate: LocateLowering,
  down: Stroke,
  liftStartS: number,
  liftDistanceM: number,
): LocatedLowering | null {
  if (down.startsFromRest) return null;
  const found = locate(down.startS - WALK_OUT_LEAD_S, liftStartS, liftDistanceM);
  if (!found || found.startS > down.startS || Math.abs(found.endS - down.endS) > MAX_START_DISAGREEMENT_S) {
    return null;
  }
  return found;
}

/**
 * A lowering measured into a turnaround whose lift dwelt at a low speed before it rose (see reps.ts):
 * it ended early, where the tracker's velocity error crossed zero, and the error was then held as a
 * slow lift through the bottom pause. It is looked for in the readings up to the lift's real start
 * `liftStartS`, both edges (from some of the top pause if it set off from rest) or, from a turnaround,
 * its end alone, with the lift's distance; taken when it ends before that lift and not well before the
 * measured end `endS`. Its start is the later of the found and the measured one.
 */
export function loweringBeforeSlowLift(
  locate: LocateLowering,
  down: Stroke,
  startS: number,
  endS: number,
  liftStartS: number,
  liftDistanceM: number,
): { startS: number; endS: number } | null {
  const lead = down.startsFromRest ? TOP_LEAD_S + LIFT_TAIL_S : 0;
  const found =
    locate(startS - lead, liftStartS, liftDistanceM) ??
    (down.startsFromRest ? null : locate(startS, liftStartS, liftDistanceM, { startedAtS: startS }));
  if (!found || !(found.endS > endS - MAX_EARLIER_STOP_S && found.endS < liftStartS)) return null;
  return { startS: Math.max(found.startS, startS), endS: found.endS };
}
