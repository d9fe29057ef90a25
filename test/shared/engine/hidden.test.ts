import { describe, expect, it } from 'vitest';
import { speedCrossingS, type Stroke } from '../../../src/shared/engine/strokes';
import { restToRestStrokes } from '../../helpers/segments';
import { inferHiddenLowering } from '../../../src/shared/engine/hidden';
import type { LocateLowering } from '../../../src/shared/engine/locate';
import { RepAssembler } from '../../../src/shared/engine/reps';
import type { EngineEvent } from '../../../src/shared/engine/types';

const RATE_HZ = 200;
const LOWERING_MPS = 0.2;

/** sin^2 pulse of height `peak` over [t0, t0 + widthS]. */
function pulse(t: number, t0: number, widthS: number, peak: number): number {
  if (t <= t0 || t >= t0 + widthS) return 0;
  return peak * Math.sin((Math.PI * (t - t0)) / widthS) ** 2;
}

/**
 * The single up stroke the tracker measures over [fromS, toS] for a bar whose true velocity is
 * `velocity`, taking the velocity at `fromS` and `toS` for zero (rests at both ends), as it does when
 * it takes an even lowering for rest.
 */
function measuredLift(velocity: (t: number) => number, fromS: number, toS: number): Stroke {
  const lifts = restToRestStrokes(velocity, { fromS, toS, rateHz: RATE_HZ }).filter((s) => s.direction > 0);
  expect(lifts).toHaveLength(1);
  return lifts[0]!;
}

/** A lift as measured, without speed tables (nothing to re-time it from). */
function plainLift(startS: number, endS: number, displacementM: number): Stroke {
  return {
    direction: 1,
    startS,
    endS,
    startsFromRest: true,
    endsAtRest: true,
    peakSpeedMps: 0.8,
    displacementM,
    committedAtS: endS + 0.4,
  };
}

/** Lifts every 5 s (a 2 s sin^2 pulse of 1 m/s over a 0.2 m/s lowering): the bar returns each cycle. */
function touchAndGo(t: number): number {
  const k = Math.floor(t / 5);
  return -LOWERING_MPS + pulse(t - 5 * k, 1, 2, 1);
}

/** Where the true velocity of a touch-and-go pulse crosses zero, from its start. */
const TURN_S = (2 / Math.PI) * Math.asin(Math.sqrt(LOWERING_MPS));

/**
 * The bar stands still after the walk-out; the tracker holds the walk-out's +0.3 m/s error as an upward
 * plateau. The lowering (0.3 m/s from 4.0 s, its 5% start `startS` = 4.057 s) cancels it and reads as
 * the walk-out's end; its bottom (a turnaround at `turnS`) reads as the start of the next lift.
 */
function walkOutCase(): { walkOut: Stroke; next: Stroke; startS: number; turnS: number } {
  const errorMps = 0.3;
  const ramp = (t: number, t0: number, widthS: number): number =>
    t <= t0 ? 0 : t >= t0 + widthS ? 1 : Math.sin(((Math.PI / 2) * (t - t0)) / widthS) ** 2;
  const truth = (t: number): number =>
    -errorMps * (ramp(t, 4, 0.4) - ramp(t, 6, 0.4) + ramp(t, 8.4, 0.4)) + pulse(t, 6.2, 2, 1);
  let turnS = 6;
  while (truth(turnS) < 0) turnS += 0.001;
  return {
    walkOut: measuredLift((t) => errorMps * ramp(t, 1, 1.5) + truth(t), 0, 5),
    next: measuredLift(truth, 5, 10),
    startS: 4 + (0.4 * Math.asin(Math.sqrt(0.05))) / (Math.PI / 2),
    turnS,
  };
}

describe('speedCrossingS', () => {
  it('reads when the speed rose and fell through a level, from the stroke alone', () => {
    const lift = measuredLift((t) => pulse(t, 1, 2, 1), 0, 4);
    const at = (level: number): number => 1 + (2 / Math.PI) * Math.asin(Math.sqrt(level));
    expect(speedCrossingS(lift, 0.3, 'rise')).toBeCloseTo(at(0.3), 2);
    expect(speedCrossingS(lift, 0.3, 'fall')).toBeCloseTo(4 - at(0.3), 2);
    expect(speedCrossingS(lift, 1.5, 'rise')).toBeNull();
  });
});

describe('inferHiddenLowering', () => {
  it('puts a touch-and-go lowering read as rest between the true turnarounds', () => {
    const lift = measuredLift(touchAndGo, 0, 5);
    const next = measuredLift(touchAndGo, 5, 10);
    const { lowering, liftEndS, nextLift } = inferHiddenLowering(lift, next);
    // Measured from "rest", the lift seems to end where its speed fades: 0.15 s after the true top.
    expect(lift.endS - (3 - TURN_S)).toBeGreaterThan(0.1);
    expect(Math.abs(lowering.startS - (3 - TURN_S))).toBeLessThan(0.02);
    expect(Math.abs(lowering.endS - (6 + TURN_S))).toBeLessThan(0.02);
    expect(liftEndS).toBe(lowering.startS);
    expect(nextLift.startS).toBe(lowering.endS);
    expect(Math.abs(lowering.displacementM - LOWERING_MPS * (3 + 2 * TURN_S))).toBeLessThan(0.03);
  });

  it('ends the lowering where the bar stopped, and starts the lift after the bottom pause', () => {
    // The lowering (read as rest) stops over 0.4 s at 6.0-6.4 s, the bar is held 1 s, then lifted and
    // lowered again.
    const withPause = (t: number): number => {
      if (t < 6) return touchAndGo(t);
      if (t < 6.4) return -LOWERING_MPS * Math.cos(((Math.PI / 2) * (t - 6)) / 0.4) ** 2;
      // The lift, then over its top into the next lowering.
      const intoLowering = t < 8.4 ? 0 : t > 9.4 ? 1 : Math.sin((Math.PI / 2) * (t - 8.4)) ** 2;
      return pulse(t, 7.4, 2, 1) - LOWERING_MPS * intoLowering;
    };
    const lift = measuredLift(withPause, 0, 5);
    const next = measuredLift((t) => withPause(t), 5.5, 10);
    const { lowering, nextLift } = inferHiddenLowering(lift, next);
    // Measured from "rest", the lift seems to start as the lowering stops.
    expect(next.startS).toBeLessThan(6.3);
    expect(Math.abs(lowering.endS - 6.4)).toBeLessThan(0.08);
    expect(lowering.endsAtRest).toBe(true);
    expect(Math.abs(nextLift.startS - 7.4)).toBeLessThan(0.15);
    expect(nextLift.startsFromRest).toBe(true);
  });

  it('takes the lowering found in the readings before the one the lifts time', () => {
    const lift = measuredLift(touchAndGo, 0, 5);
    const next = measuredLift(touchAndGo, 5, 10);
    const located = inferHiddenLowering(lift, next, NaN, () => ({ startS: 2.9, endS: 6.2, speedMps: 0.1 }));
    expect(located.lowering).toMatchObject({
      startS: 2.9,
      endS: 6.2,
      startsFromRest: true,
      endsAtRest: true,
    });
    // Nothing stands out in the readings: the lifts' speed tables time it (see the first case).
    const timed = inferHiddenLowering(lift, next, NaN, () => null);
    expect(Math.abs(timed.lowering.startS - (3 - TURN_S))).toBeLessThan(0.02);
    expect(Math.abs(timed.lowering.endS - (6 + TURN_S))).toBeLessThan(0.02);
  });

  it('looks for the lowering in the readings when the lifts cannot time it', () => {
    // Lifts without speed tables (nothing to re-time them from): the stretch between them is searched.
    const lift = plainLift(1, 2, 0.5);
    const next = plainLift(12, 13, 0.54);
    const asked: number[][] = [];
    const { lowering, nextLift } = inferHiddenLowering(lift, next, NaN, (fromS, toS, displacementM) => {
      asked.push([fromS, toS, displacementM]);
      return { startS: 4, endS: 10, speedMps: 0.087 };
    });
    expect(asked).toEqual([[2, 12, 0.52]]);
    expect(lowering).toMatchObject({ startS: 4, endS: 10, startsFromRest: true, endsAtRest: true });
    expect(lowering.peakSpeedMps).toBe(0.087);
    expect(nextLift).toBe(next);
    // Found nowhere: from the lift's end to the next lift's start, as before.
    expect(inferHiddenLowering(lift, next).lowering).toMatchObject({ startS: 2, endS: 12 });
  });

  it("looks for a lowering's end alone from the lift's end when both edges are not found", () => {
    const next = plainLift(12, 13, 0.5);
    const asked: (number | undefined)[] = [];
    const endOnly: LocateLowering = (fromS, _toS, _d, only) => {
      asked.push(only && 'startedAtS' in only ? only.startedAtS : undefined);
      return only && 'startedAtS' in only ? { startS: only.startedAtS, endS: 9.5, speedMps: 0.067 } : null;
    };
    // Both edges were not found; from the lift's end, the end was.
    const { lowering } = inferHiddenLowering(plainLift(1, 2, 0.5), next, NaN, endOnly);
    expect(asked).toEqual([undefined, 2]);
    expect(lowering).toMatchObject({ startS: 2, endS: 9.5, startsFromRest: false, endsAtRest: true });
  });

  it('starts a lowering into a touch-and-go bottom where the readings show it left a top pause', () => {
    const lift = measuredLift(touchAndGo, 0, 5);
    const next = measuredLift(touchAndGo, 5, 10);
    const asked: (number | undefined)[][] = [];
    const { lowering, liftEndS } = inferHiddenLowering(lift, next, NaN, (fromS, toS, _d, only) => {
      const runsOnMps = only && 'runsOnMps' in only ? only.runsOnMps : undefined;
      if (!only || runsOnMps) asked.push([fromS, toS, runsOnMps]);
      return runsOnMps ? { startS: 3.4, endS: toS, speedMps: runsOnMps } : null;
    });
    // Searched from the top to before the bottom's deceleration, at the cycle's speed.
    expect(asked).toHaveLength(2);
    expect(Math.abs(asked[1]![0]! - (3 - TURN_S))).toBeLessThan(0.02);
    expect(Math.abs(asked[1]![1]! - (6 + TURN_S - 0.5))).toBeLessThan(0.02);
    expect(Math.abs(asked[1]![2]! - LOWERING_MPS)).toBeLessThan(0.01);
    expect(lowering.startS).toBe(3.4);
    expect(lowering.startsFromRest).toBe(true);
    expect(Math.abs(lowering.endS - (6 + TURN_S))).toBeLessThan(0.02);
    // The lift still ends at the top: the pause lies between.
    expect(Math.abs(liftEndS - (3 - TURN_S))).toBeLessThan(0.02);
  });

  it('starts the lowering at a measured onset after a top pause, leaving the lift as measured', () => {
    const lift = measuredLift(touchAndGo, 0, 5);
    const next = measuredLift(touchAndGo, 5, 10);
    const { lowering, liftEndS } = inferHiddenLowering(lift, next, 3.5);
    expect(lowering.startS).toBe(3.5);
    expect(lowering.startsFromRest).toBe(true);
    expect(liftEndS).toBe(lift.endS);
  });

  it('times the first lowering after a walk-out from the velocity error the walk-out left', () => {
    const { walkOut, next, startS, turnS } = walkOutCase();
    const { lowering, liftEndS, nextLift } = inferHiddenLowering(walkOut, next, NaN, () => null, true);
    expect(Math.abs(lowering.startS - startS)).toBeLessThan(0.03);
    expect(Math.abs(lowering.endS - turnS)).toBeLessThan(0.03);
    expect(Math.abs(lowering.peakSpeedMps - 0.3)).toBeLessThan(0.02);
    expect(lowering.startsFromRest).toBe(true);
    // The walk-out "ends" where the bar stood still, before the lowering.
    expect(liftEndS).toBeLessThan(2.6);
    expect(nextLift.startS).toBe(lowering.endS);
    // Taken for a lift, the walk-out times the lowering from the whole cycle's offset: far off.
    const asLift = inferHiddenLowering(walkOut, next, NaN, () => null);
    expect(
      Math.abs(asLift.lowering.startS - startS) + Math.abs(asLift.lowering.endS - turnS),
    ).toBeGreaterThan(0.3);
  });
});

describe('RepAssembler with a hidden lowering', () => {
  it('ends the rep before at the top turnaround, so phases do not overlap', () => {
    const lift = measuredLift(touchAndGo, 0, 5);
    const next = measuredLift(touchAndGo, 5, 10);
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    // A measured first lowering opens a lowering-first set.
    const firstLowering: Stroke = {
      direction: -1,
      startS: -3,
      endS: lift.startS,
      startsFromRest: true,
      endsAtRest: false,
      peakSpeedMps: 0.3,
      displacementM: 0.6,
      committedAtS: lift.startS,
    };
    assembler.onStroke(firstLowering, events);
    assembler.onStroke(lift, events);
    assembler.onStroke(next, events);
    assembler.finish(20, events);
    const reps = assembler.sets.flatMap((s) => s.reps);
    expect(reps).toHaveLength(2);
    const [first, second] = reps as [(typeof reps)[0], (typeof reps)[0]];
    expect(first.concentric.endS).toBeCloseTo(second.eccentric.startS, 6);
    expect(first.topPause.durationS).toBe(0);
    expect(second.eccentric.startS).toBeLessThan(lift.endS - 0.1);
    expect(second.concentric.startS).toBeGreaterThanOrEqual(second.eccentric.endS);
    // The inferred lowering's distance is an estimate: the rep's range of motion is its lift's.
    expect(second.romM).toBe(next.displacementM);
    expect(first.romM).toBeCloseTo(0.5 * (0.6 + lift.displacementM), 9);
  });

  it('ends a lift-first rep’s lift at the top turnaround too', () => {
    // Lifted from a still bar (a curl): the first lift opens the rep and is still pending when the
    // hidden lowering closes it.
    const lift = measuredLift(touchAndGo, 0, 5);
    const next = measuredLift(touchAndGo, 5, 10);
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    assembler.onStroke(lift, events);
    assembler.onStroke(next, events);
    assembler.finish(20, events);
    const [rep] = assembler.sets.flatMap((s) => s.reps);
    expect(rep).toBeDefined();
    expect(rep!.concentric.endS).toBeLessThan(lift.endS - 0.1);
    expect(rep!.concentric.endS).toBeCloseTo(rep!.eccentric.startS, 6);
    expect(rep!.topPause.durationS).toBe(0);
  });

  it('takes the set\'s first "lift" after a lift-off for the walk-out, not a lift', () => {
    const { walkOut, next, startS, turnS } = walkOutCase();
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    // Off the hooks: a few centimetres up, then the walk-out.
    const liftOff: Stroke = {
      direction: 1,
      startS: -1.5,
      endS: -0.8,
      startsFromRest: true,
      endsAtRest: true,
      peakSpeedMps: 0.1,
      displacementM: 0.05,
      committedAtS: -0.4,
    };
    for (const stroke of [liftOff, walkOut, next]) assembler.onStroke(stroke, events);
    assembler.finish(20, events);
    const reps = assembler.sets.flatMap((s) => s.reps);
    expect(reps).toHaveLength(1);
    expect(Math.abs(reps[0]!.eccentric.startS - startS)).toBeLessThan(0.03);
    expect(Math.abs(reps[0]!.eccentric.endS - turnS)).toBeLessThan(0.03);
  });
});
