import { describe, expect, it } from 'vitest';
import type { Stroke } from '../../../src/shared/engine/strokes';
import { cycleOffsetMps, turnsRetimed } from '../../../src/shared/engine/turns';
import { RepAssembler } from '../../../src/shared/engine/reps';
import type { EngineEvent, RepMetrics } from '../../../src/shared/engine/types';
import { restToRestStrokes } from '../../helpers/segments';

/** sin^2 pulse of height `peak` over [t0, t1]. */
function pulse(t: number, t0: number, t1: number, peak: number): number {
  if (t <= t0 || t >= t1) return 0;
  return peak * Math.sin((Math.PI * (t - t0)) / (t1 - t0)) ** 2;
}

/** The true velocity: a lift, a lowering and a lift overlapping by 0.2 s (touch-and-go turnarounds). */
const truth = (t: number): number => pulse(t, 1, 2.1, 0.8) - pulse(t, 1.9, 4.1, 0.4) + pulse(t, 3.9, 5, 0.8);

/** Where the true velocity crosses zero between fromS and toS. */
function turnS(fromS: number, toS: number): number {
  const sign = Math.sign(truth(fromS));
  let t = fromS;
  while (t < toS && Math.sign(truth(t)) === sign) t += 0.0005;
  return t;
}
const TOP_S = turnS(1.5, 2.5);
const BOTTOM_S = turnS(3.5, 4.5);

/**
 * The strokes measured with a velocity offset `offsetMps` from the first lift on (the error the tracker
 * carries through a set without rests), uncorrected at the end as in an open stretch of motion.
 */
function measuredChain(offsetMps: number): { liftBefore: Stroke; down: Stroke; liftAfter: Stroke } {
  const velocity = (t: number): number => truth(t) + (t > 1 ? offsetMps : 0);
  const strokes = restToRestStrokes(
    velocity,
    { fromS: 0, toS: 5.6, rateHz: 100 },
    { input: { endPinS: NaN } },
  );
  const [liftBefore, down, liftAfter] = strokes.filter((s) => s.displacementM > 0.02);
  expect([liftBefore?.direction, down?.direction, liftAfter?.direction]).toEqual([1, -1, 1]);
  return { liftBefore: liftBefore!, down: down!, liftAfter: liftAfter! };
}

describe('turnsRetimed', () => {
  it('puts turnarounds read early and late (offset below zero) back at the true top and bottom', () => {
    const { liftBefore, down, liftAfter } = measuredChain(-0.05);
    // As measured: the top early and the bottom late.
    expect(down.startS).toBeLessThan(TOP_S - 0.03);
    expect(down.endS).toBeGreaterThan(BOTTOM_S + 0.03);
    expect(cycleOffsetMps(down, liftBefore)).toBeCloseTo(-0.05, 2);
    const moved = turnsRetimed(down, liftBefore, liftBefore, liftAfter)!;
    expect(Math.abs(moved.startS - TOP_S)).toBeLessThan(0.01);
    expect(Math.abs(moved.endS - BOTTOM_S)).toBeLessThan(0.01);
  });

  it('moves the turnarounds into the lifts either side when the offset is above zero', () => {
    const { liftBefore, down, liftAfter } = measuredChain(0.05);
    // The top late and the bottom early.
    expect(down.startS).toBeGreaterThan(TOP_S + 0.03);
    expect(down.endS).toBeLessThan(BOTTOM_S - 0.03);
    const moved = turnsRetimed(down, liftBefore, liftBefore, liftAfter)!;
    expect(Math.abs(moved.startS - TOP_S)).toBeLessThan(0.01);
    expect(Math.abs(moved.endS - BOTTOM_S)).toBeLessThan(0.01);
    // Without the lift after it, only the top can move.
    expect(turnsRetimed(down, liftBefore, liftBefore, null)!.endS).toBe(down.endS);
  });

  it('re-times a lowering whose offset is faster than its measured peak, up to twice that', () => {
    // An offset of 0.23 m/s leaves the 0.4 m/s lowering a measured peak of 0.17 m/s.
    const { liftBefore, down, liftAfter } = measuredChain(0.23);
    expect(down.peakSpeedMps).toBeLessThan(0.18);
    const moved = turnsRetimed(down, liftBefore, liftBefore, liftAfter)!;
    expect(Math.abs(moved.startS - TOP_S)).toBeLessThan(0.02);
    expect(Math.abs(moved.endS - BOTTOM_S)).toBeLessThan(0.02);
    // At 0.28 m/s the offset is over twice the measured peak: a mismeasured stroke, left alone.
    const fast = measuredChain(0.28);
    expect(turnsRetimed(fast.down, fast.liftBefore, fast.liftBefore, fast.liftAfter)).toBeNull();
  });

  it('leaves a lowering alone that does not turn out of or into its rep’s lift', () => {
    const { liftBefore, down, liftAfter } = measuredChain(-0.05);
    const apart = { ...liftAfter, startS: liftAfter.startS + 1 };
    expect(turnsRetimed(down, apart, liftBefore, apart)).toBeNull();
    expect(
      turnsRetimed({ ...down, startsFromRest: true, endsAtRest: true }, liftBefore, liftBefore, liftAfter),
    ).toBeNull();
    expect(turnsRetimed({ ...down, inferred: true }, liftBefore, liftBefore, liftAfter)).toBeNull();
  });

  it('re-times the turnaround alone of a lowering with its other end at rest', () => {
    const { liftBefore, down, liftAfter } = measuredChain(-0.05);
    // From a top pause into a touch-and-go bottom: the bottom moves, the start stays.
    const fromRest = turnsRetimed({ ...down, startsFromRest: true }, liftAfter, null, liftAfter)!;
    expect(fromRest.startS).toBe(down.startS);
    expect(Math.abs(fromRest.endS - BOTTOM_S)).toBeLessThan(0.01);
    // From a touch-and-go top into a bottom pause: the top moves, with the rep's lift (lift first) or,
    // lowering first, with the lift it turned out of (its own lift comes after the pause).
    const toRest = { ...down, endsAtRest: true };
    const apart = { ...liftAfter, startS: liftAfter.startS + 1 };
    for (const moved of [
      turnsRetimed(toRest, liftBefore, liftBefore, null)!,
      turnsRetimed(toRest, apart, liftBefore, apart)!,
    ]) {
      expect(Math.abs(moved.startS - TOP_S)).toBeLessThan(0.01);
      expect(moved.endS).toBe(down.endS);
    }
  });
});

/** The reps a fresh assembler makes of `strokes`, the set closed at 20 s. */
function assembledReps(strokes: Stroke[]): RepMetrics[] {
  const assembler = new RepAssembler(null);
  const events: EngineEvent[] = [];
  for (const stroke of strokes) assembler.onStroke(stroke, events);
  assembler.finish(20, events);
  return assembler.sets.flatMap((s) => s.reps);
}

describe('RepAssembler with touch-and-go turnarounds', () => {
  it('times a lift-first rep’s lowering and lift to the re-timed top', () => {
    const { liftBefore, down, liftAfter } = measuredChain(-0.05);
    const [rep] = assembledReps([liftBefore, down, liftAfter]);
    expect(Math.abs(rep!.eccentric.startS - TOP_S)).toBeLessThan(0.01);
    expect(Math.abs(rep!.eccentric.endS - BOTTOM_S)).toBeLessThan(0.01);
    expect(rep!.concentric.endS).toBe(rep!.eccentric.startS);
    expect(rep!.topPause.durationS).toBe(0);
  });

  it('keeps a lift after a bottom pause where it was measured when the lowering’s top is re-timed', () => {
    // Lowering first: a lift, its lowering re-timed at the top with it, a pause, the rep's own lift.
    const { liftBefore, down, liftAfter } = measuredChain(-0.05);
    const toRest = { ...down, endsAtRest: true };
    const ownLift = {
      ...liftAfter,
      startS: liftAfter.startS + 1,
      endS: liftAfter.endS + 1,
      startsFromRest: true,
    };
    const first = {
      ...toRest,
      startS: liftBefore.startS - 3,
      endS: liftBefore.startS - 0.5,
      startsFromRest: true,
    };
    const reps = assembledReps([first, liftBefore, toRest, ownLift]);
    expect(reps).toHaveLength(2);
    expect(Math.abs(reps[1]!.eccentric.startS - TOP_S)).toBeLessThan(0.01);
    expect(reps[1]!.concentric.startS).toBe(ownLift.startS);
    expect(reps[1]!.bottomPause.durationS).toBeCloseTo(ownLift.startS - down.endS, 9);
  });

  it('re-times a lift-first rep’s bottom once the next lift shows the lowering turned into it', () => {
    // A lowering from a top pause into a touch-and-go bottom: its bottom is known when the lift comes.
    const { liftBefore, down, liftAfter } = measuredChain(-0.05);
    const lift = { ...liftBefore, endsAtRest: true };
    const fromPause = { ...down, startsFromRest: true };
    const lastLowering = {
      ...fromPause,
      startS: liftAfter.endS + 0.5,
      endS: liftAfter.endS + 2.5,
      endsAtRest: true,
    };
    const reps = assembledReps([lift, fromPause, liftAfter, lastLowering]);
    expect(down.endS).toBeGreaterThan(BOTTOM_S + 0.03);
    expect(Math.abs(reps[0]!.eccentric.endS - BOTTOM_S)).toBeLessThan(0.01);
    expect(reps[0]!.eccentric.startS).toBe(down.startS);
    expect(reps[1]!.concentric.startS).toBe(reps[0]!.eccentric.endS);
  });
});
