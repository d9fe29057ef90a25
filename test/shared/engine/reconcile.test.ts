import { describe, expect, it } from 'vitest';
import { SetReconciler, type StrokesIn } from '../../../src/shared/engine/reconcile';
import type { Swing } from '../../../src/shared/engine/cycles';
import type { EngineEvent, RepMetrics, SetResult } from '../../../src/shared/engine/types';
import { laidOutRep } from '../../helpers/reps';
import { summarizeSet } from '../../../src/shared/engine/summary';
import type { LocateLowering } from '../../../src/shared/engine/locate';

/** Lifts every 4 s: lowering t..t+2.5, lift t+2.5..t+3.5 (a squat set without pauses). */
const PERIOD_S = 4;
const liftStartS = (i: number): number => 10 + i * PERIOD_S + 2.5;
const NORMAL = { amplitudeM: 0.3, peakSpeedMps: 0.6 };

function trackerRep(i: number): RepMetrics {
  return laidOutRep(0, liftStartS(i) - 2.5, { eccS: 2.5, bottomS: 0, conS: 1, topS: 0 }, 0, {
    tempo: '2.5-0.0-1.0-0.0',
  });
}

function trackerSet(indices: number[]): SetResult {
  return setOf(indices.map(trackerRep));
}

/** A tracker set of these reps. */
function setOf(reps: RepMetrics[]): SetResult {
  return {
    index: 1,
    startS: reps[0]!.startS,
    endS: reps[reps.length - 1]!.endS,
    reps,
    summary: summarizeSet(reps, null),
  };
}

/** A lift-first rep (deadlift, curl): lift t..t+1, lowering from t+1 for eccS, then on the floor. */
function liftFirstRep(t: number, eccS = 2, floorS = 2): RepMetrics {
  return {
    ...laidOutRep(0, t + 1, { eccS, bottomS: floorS, conS: 0, topS: 0 }, 0),
    startS: t,
    concentric: { startS: t, endS: t + 1, durationS: 1, detectedAtS: t + 1 },
    topPause: { startS: t + 1, endS: t + 1, durationS: 0, detectedAtS: t + 1 },
  };
}

/** The detector's lowering and lift of rep i (band-passed: the lowering's swing is shorter). */
interface LiftShape {
  amplitudeM: number;
  peakSpeedMps: number;
  betweenFalls?: true;
}

/**
 * An accepted swing from fromS to toS, active from 0.1 s after its start to 0.1 s before its end, the
 * bar's own stroke estimated from its active part's start to 0.2 s after its end.
 */
function swing(direction: 1 | -1, fromS: number, toS: number, lift: LiftShape = NORMAL): Swing {
  return {
    direction,
    fromS,
    toS,
    amplitudeM: lift.amplitudeM,
    activeFromS: fromS + 0.1,
    activeToS: toS - 0.1,
    strokeFromS: fromS + 0.1,
    strokeToS: toS + 0.1,
    peakSpeedMps: lift.peakSpeedMps,
    accepted: true,
    committedAtS: toS + 0.3,
  };
}

function swings(i: number, lift: LiftShape = NORMAL): Swing[] {
  const t = liftStartS(i);
  const rise = swing(1, t - 0.2, t + 1.1, lift);
  return [swing(-1, t - 2.5, t - 0.2, lift), lift.betweenFalls ? { ...rise, betweenFalls: true } : rise];
}

/**
 * The reps of 8 lifts as the set comes out of the reconciler, when the tracker found lifts `found` as
 * usual plus `odd` (a rep it measured wrongly, in place among them).
 */
function reconciledWith(found: number[], odd: RepMetrics): RepMetrics[] {
  const set = trackerSet(found);
  set.reps.push(odd);
  set.reps.sort((a, b) => a.startS - b.startS);
  const reconciler = new SetReconciler(null);
  run(reconciler, 8, [set]);
  return reconciler.sets[0]!.reps;
}

const estimatedFlags = (reps: readonly RepMetrics[]): boolean[] => reps.map((r) => r.estimated === true);
/** n flags, true only at index i. */
const onlyAt = (n: number, i: number): boolean[] => Array.from({ length: n }, (_, k) => k === i);

function run(
  reconciler: SetReconciler,
  lifts: number,
  sets: SetResult[],
  liftOf = (_: number): LiftShape => NORMAL,
): EngineEvent[] {
  const events: EngineEvent[] = [];
  for (let i = 0; i < lifts; i++) for (const s of swings(i, liftOf(i))) reconciler.onSwing(s);
  for (const s of sets) reconciler.onTrackerSet(s);
  const lastS = liftStartS(lifts - 1) + 1;
  for (let t = lastS; t < lastS + 20; t += 0.5) reconciler.tick(t, false, events);
  return events;
}

describe('SetReconciler', () => {
  it("keeps the tracker's set when it found the lifts the detector saw", () => {
    const reconciler = new SetReconciler(null);
    const events = run(reconciler, 8, [trackerSet([0, 1, 2, 3, 4, 5, 6, 7])]);
    expect(events.filter((e) => e.type === 'set-ended')).toHaveLength(1);
    expect(reconciler.sets[0]!.reps).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((i, k) => ({ ...trackerRep(i), index: k + 1 })),
    );
  });

  it("announces a set with a rep measured far longer than the others at the set's range of motion", () => {
    // Rep 5's distance took in a velocity error (plausible.ts).
    const set = trackerSet([0, 1, 2, 3, 4, 5, 6, 7]);
    set.reps[5] = { ...set.reps[5]!, romM: 1.2 };
    const reconciler = new SetReconciler(null);
    run(reconciler, 8, [set]);
    expect(reconciler.sets[0]!.reps.map((r) => r.romM)).toEqual(Array.from({ length: 8 }, () => 0.5));
  });

  it("waits for a slow set's own rhythm before it announces the set", () => {
    // Lift-first reps every 14 s (7 s negatives): 12.5 s after the third, a fourth may still come
    // (reps.ts setBreakS); reps every 4 s have had their 12 s.
    const released = (periodS: number): number => {
      const reconciler = new SetReconciler(null);
      const events: EngineEvent[] = [];
      const starts = [10, 10 + periodS, 10 + 2 * periodS];
      for (const t of starts) reconciler.onSwing(swing(1, t - 0.2, t + 1.1));
      const reps = starts.map((t) => liftFirstRep(t, periodS / 2, 0));
      reconciler.onTrackerSet(setOf(reps));
      reconciler.tick(reps[2]!.endS + 12.5, false, events);
      return events.filter((e) => e.type === 'set-ended').length;
    };
    expect(released(14)).toBe(0);
    expect(released(4)).toBe(1);
  });

  it('splits a tracker set that held on through a rest between two runs of lifts', () => {
    // Deadlift reps every 5 s at 10-20 s and at 45-55 s; the live swing of the lift at 45 s rises from
    // the last turning point it saw, at 23 s, and the tracker kept one set open across the rest.
    const starts = [10, 15, 20, 45, 50, 55];
    const reps = starts.map((t) => liftFirstRep(t));
    reps[2] = { ...reps[2]!, bottomPause: { ...reps[2]!.bottomPause, endS: 45, durationS: 22 }, endS: 45 };
    const reconciler = new SetReconciler(null);
    for (const t of starts) {
      const lift = swing(1, t - 0.1, t + 1.1);
      reconciler.onSwing(t === 45 ? { ...lift, fromS: 23 } : lift);
    }
    reconciler.onTrackerSet(setOf(reps));
    reconciler.finish(90, []);
    const sets = reconciler.sets;
    expect(sets.map((s) => s.reps.map((r) => r.concentric.startS))).toEqual([
      [10, 15, 20],
      [45, 50, 55],
    ]);
    expect(estimatedFlags(sets.flatMap((s) => s.reps))).toEqual(starts.map(() => false));
    // The first set's last rep ends on the floor, not 22 s later.
    expect(sets[0]!.reps[2]!.bottomPause.durationS).toBe(0);
    expect(sets[0]!.endS).toBe(23);
  });

  it('fills in the lifts a lost tracker missed, timed from the detector', () => {
    const reconciler = new SetReconciler(null);
    run(reconciler, 8, [trackerSet([0, 3, 4])]);
    const reps = reconciler.sets[0]!.reps;
    expect(reps).toHaveLength(8);
    expect(reps.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // The tracker's reps are kept as they were; an inferred one lifts over the detector's estimate of
    // the bar's stroke and lowers from the previous lift's end.
    expect(reps[3]!.concentric.startS).toBe(liftStartS(3));
    const inferred = reps[1]!;
    expect(inferred.concentric.startS).toBeCloseTo(liftStartS(1) - 0.1, 9);
    expect(inferred.concentric.endS).toBeCloseTo(liftStartS(1) + 1.2, 9);
    expect(inferred.eccentric.startS).toBe(reps[0]!.concentric.endS);
    expect(inferred.eccentric.endS).toBe(inferred.concentric.startS);
    expect(inferred.romM).toBe(0.5);
    expect(estimatedFlags(reps)).toEqual([false, true, true, false, false, true, true, true]);
  });

  it("does not fill in a lost tracker's slow lift at the edge of a lowering-first set with no lowering into it", () => {
    // Lifts 0 and 7 move at 0.45 of the set's speed: a walk-out, a re-rack, the filter ringing either
    // side of the first and last lowering. No lowering is found before them, so they are not reps.
    const slowEdges = (speedMps: number) => (i: number) =>
      i === 0 || i === 7 ? { amplitudeM: 0.3, peakSpeedMps: speedMps } : NORMAL;
    const reconciler = new SetReconciler(null);
    run(reconciler, 8, [trackerSet([1, 2, 5])], slowEdges(0.27));
    const reps = reconciler.sets[0]!.reps;
    expect(reps).toHaveLength(6);
    expect(reps[0]!.concentric.startS).toBe(liftStartS(1));
    expect(reps[5]!.concentric.startS).toBeCloseTo(liftStartS(6) - 0.1, 9);
    // At half the set's speed, or with a lowering into them seen looking back over the set, they are.
    const halfSpeed = new SetReconciler(null);
    run(halfSpeed, 8, [trackerSet([1, 2, 5])], slowEdges(0.3));
    expect(halfSpeed.sets[0]!.reps).toHaveLength(8);
    const lookedBack = Array.from({ length: 8 }, (_, i) => swings(i, slowEdges(0.27)(i))).flat();
    const lowered = new SetReconciler(null, undefined, () => lookedBack);
    run(lowered, 8, [trackerSet([1, 2, 5])], slowEdges(0.27));
    expect(lowered.sets[0]!.reps).toHaveLength(8);
  });

  it("does not add a rep for a lift a tracker rep just outside the run's margins accounts for", () => {
    // The live detector missed lift 0, so the run starts at lift 1; looking back over the set finds
    // lift 0 again, and the tracker's rep 0 is made of it.
    const lookedBack = Array.from({ length: 8 }, (_, i) => swings(i)).flat();
    const reconciler = new SetReconciler(null, undefined, () => lookedBack);
    const events: EngineEvent[] = [];
    for (let i = 1; i < 8; i++) for (const s of swings(i)) reconciler.onSwing(s);
    reconciler.onTrackerSet(trackerSet([0, 1, 2, 3, 4, 5, 6, 7]));
    reconciler.finish(60, events);
    const reps = reconciler.sets[0]!.reps;
    expect(reps).toHaveLength(8);
    expect(estimatedFlags(reps)).toEqual(Array.from({ length: 8 }, () => false));
  });

  it('cuts a tracker rep whose lift ran over lifts it missed back to its own, and fills in the others', () => {
    // Deadlift reps every 5 s (lift t..t+1, lowering t+1..t+3); the tracker merged the lifts at 20, 25
    // and 30 s into one rep whose "lift" ran from 20 to 31 s and measured 1.5 m.
    const starts = [10, 15, 20, 25, 30, 35];
    const merged = {
      ...liftFirstRep(30),
      startS: 20,
      concentric: { startS: 20, endS: 31, durationS: 11, detectedAtS: 31 },
      romM: 1.5,
    };
    const reps = [liftFirstRep(10), liftFirstRep(15), merged, liftFirstRep(35)];
    const reconciler = new SetReconciler(null);
    for (const t of starts) reconciler.onSwing(swing(1, t - 0.1, t + 1.1));
    reconciler.onTrackerSet(setOf(reps));
    reconciler.finish(80, []);
    const out = reconciler.sets[0]!.reps;
    expect(out.map((r) => Math.round(r.concentric.startS))).toEqual(starts);
    expect(estimatedFlags(out)).toEqual([false, false, true, true, false, false]);
    // Its own lift is the one before its lowering, and its ROM the lowering's.
    const own = out[4]!;
    expect(own.concentric.startS).toBeCloseTo(30, 9);
    expect(own.eccentric.startS).toBe(31);
    expect(own.romM).toBeCloseTo(0.5, 9);
    for (let i = 1; i < out.length; i++) expect(out[i]!.startS).toBeGreaterThanOrEqual(out[i - 1]!.endS);
  });

  it('fills in a full-sized lift in a hole of the rhythm of a tracker that found most lifts', () => {
    const reconciler = new SetReconciler(null);
    run(reconciler, 8, [trackerSet([0, 1, 2, 4, 5, 6, 7])]);
    const reps = reconciler.sets[0]!.reps;
    expect(reps).toHaveLength(8);
    expect(estimatedFlags(reps)).toEqual(onlyAt(8, 3));
    // Not a small lift (a rack move, a step) in the same hole.
    const small = new SetReconciler(null);
    run(small, 8, [trackerSet([0, 1, 2, 4, 5, 6, 7])], (i) =>
      i === 3 ? { amplitudeM: 0.15, peakSpeedMps: 0.6 } : NORMAL,
    );
    expect(small.sets[0]!.reps).toHaveLength(7);
  });

  it('counts a lift under a tracker rep that ran over two lifts as missed', () => {
    // Rep 2's concentric runs on over lift 3 (two reps merged): it accounts for lift 2, nearer its middle.
    const merged = laidOutRep(0, liftStartS(2) - 2.5, { eccS: 2.5, bottomS: 0, conS: 4.5, topS: 0 }, 0);
    const reps = reconciledWith([0, 1, 4, 5, 6, 7], merged);
    expect(reps).toHaveLength(8);
    expect(reps[3]!.estimated).toBe(true);
    expect(reps[3]!.concentric.startS).toBeCloseTo(liftStartS(3) - 0.1, 9);
  });

  it("times a filled-in rep's lowering from the readings between the lifts where it is found there", () => {
    const asked: number[][] = [];
    const reconciler = new SetReconciler(null, (liftEndS, nextLiftStartS, displacementM) => {
      asked.push([liftEndS, nextLiftStartS, displacementM]);
      return { startS: liftEndS + 0.5, endS: nextLiftStartS - 0.3, speedMps: 0.3 };
    });
    run(reconciler, 8, [trackerSet([0, 3, 4])]);
    const reps = reconciler.sets[0]!.reps;
    // Rep 2 (index 1) lowers between rep 1's lift and its own: from the detector's active parts.
    expect(asked[0]![0]).toBe(reps[0]!.concentric.endS);
    expect(asked[0]![1]).toBeCloseTo(liftStartS(1) - 0.1, 9);
    expect(asked[0]![2]).toBe(0.5);
    expect(reps[1]!.eccentric.startS).toBeCloseTo(reps[0]!.concentric.endS + 0.5, 9);
    expect(reps[1]!.eccentric.endS).toBeCloseTo(liftStartS(1) - 0.4, 9);
    expect(reps[1]!.bottomPause.durationS).toBeCloseTo(0.3, 9);
    // Every filled-in rep here has a lift before it, so each one was searched.
    expect(asked).toHaveLength(5);
  });

  it("times a filled-in rep's lowering from the lift's top by its end alone when both edges are not found", () => {
    const asked: { fromS: number; startedAtS: number }[] = [];
    const reconciler = new SetReconciler(null, (fromS, toS, _d, only) => {
      if (!only || !('startedAtS' in only)) return null;
      asked.push({ fromS, startedAtS: only.startedAtS });
      return { startS: only.startedAtS, endS: toS - 0.5, speedMps: 0.2 };
    });
    run(reconciler, 8, [trackerSet([0, 3, 4])]);
    const reps = reconciler.sets[0]!.reps;
    // Lift 1's lowering set off at the top of lift 0 (a tracker rep) and stopped 0.5 s before lift 1.
    const filled = reps[1]!;
    expect(filled.estimated).toBe(true);
    expect(filled.eccentric.startS).toBe(reps[0]!.concentric.endS);
    expect(filled.eccentric.endS).toBeCloseTo(liftStartS(1) - 0.1 - 0.5, 9);
    expect(filled.bottomPause.durationS).toBeCloseTo(0.5, 9);
    // Only from a lift's top: every search set off where the stretch began.
    expect(asked.length).toBeGreaterThan(0);
    for (const a of asked) expect(a.startedAtS).toBe(a.fromS);
  });

  it("looks for lowerings with the distance the tracker's lifts travelled, not its reps' ROM", () => {
    // A velocity error held through the bottom pauses read each lowering as 1.3 m: ROM (0.5 + 1.3) / 2.
    const inflated = (indices: number[]): SetResult => {
      const set = trackerSet(indices);
      for (const rep of set.reps) rep.romM = 0.9;
      return set;
    };
    const asked: number[] = [];
    const reconciler = new SetReconciler(null, (fromS, toS, displacementM) => {
      asked.push(displacementM);
      return { startS: toS - 2.6, endS: toS - 0.2, speedMps: 0.2 };
    });
    // Lift 0 before the first rep (a trusted tracker: the run's edge), lift 4 in a hole of its rhythm.
    run(reconciler, 8, [inflated([1, 2, 3, 5, 6, 7])]);
    expect(estimatedFlags(reconciler.sets[0]!.reps)).toEqual([
      true,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
    ]);
    expect(asked.length).toBeGreaterThan(0);
    // Each lift is 0.5 m/s over 1 s.
    for (const displacementM of asked) expect(displacementM).toBeCloseTo(0.5, 9);
  });

  it('looks for the lowering of a filled-in lift at the start of the run within 1.5 typical lowerings', () => {
    const asked: number[][] = [];
    const reconciler = new SetReconciler(null, (fromS, toS, displacementM) => {
      asked.push([fromS, toS, displacementM]);
      return { startS: toS - 2.6, endS: toS - 0.2, speedMps: 0.2 };
    });
    run(reconciler, 8, [trackerSet([2, 3, 4, 5, 6, 7])]);
    const first = reconciler.sets[0]!.reps[0]!;
    // No lift before the first: the search reaches back 1.5 x the set's typical 2.5 s lowering.
    expect(asked[0]![0]).toBeCloseTo(liftStartS(0) - 0.1 - 3.75, 9);
    expect(asked[0]![1]).toBeCloseTo(liftStartS(0) - 0.1, 9);
    expect(first.eccentric.startS).toBeCloseTo(liftStartS(0) - 0.1 - 2.6, 9);
    expect(first.eccentric.endS).toBeCloseTo(liftStartS(0) - 0.3, 9);
    expect(first.bottomPause.durationS).toBeCloseTo(0.2, 9);
  });

  it('reaches back the usual bottom pause further for the lowering of a filled-in first lift', () => {
    const asked: number[][] = [];
    const reconciler = new SetReconciler(null, (fromS, toS) => {
      asked.push([fromS, toS]);
      return null;
    });
    // Reps 2-7 pause 1.5 s at the bottom (their lowerings 4 s before their lifts).
    const reps = [2, 3, 4, 5, 6, 7].map((i) =>
      laidOutRep(0, liftStartS(i) - 4, { eccS: 2.5, bottomS: 1.5, conS: 1, topS: 0 }, 0),
    );
    const set = {
      index: 1,
      startS: reps[0]!.startS,
      endS: reps[5]!.endS,
      reps,
      summary: summarizeSet(reps, null),
    };
    run(reconciler, 8, [set]);
    expect(asked[0]![0]).toBeCloseTo(liftStartS(0) - 0.1 - 3.75 - 1.5, 9);
  });

  it("fills in a lift before a trusted tracker's first rep only with a lowering found before it", () => {
    const withLowering = new SetReconciler(null, (fromS, toS) => ({
      startS: toS - 2.6,
      endS: toS - 0.2,
      speedMps: 0.2,
    }));
    run(withLowering, 8, [trackerSet([1, 2, 3, 4, 5, 6, 7])]);
    const reps = withLowering.sets[0]!.reps;
    expect(estimatedFlags(reps)).toEqual(onlyAt(8, 0));
    expect(reps[0]!.concentric.startS).toBeCloseTo(liftStartS(0) - 0.1, 9);
    // Nothing like a lowering before it (an unrack): the tracker's 7 of 8 lifts stand.
    const without = new SetReconciler(null, () => null);
    run(without, 8, [trackerSet([1, 2, 3, 4, 5, 6, 7])]);
    expect(without.sets[0]!.reps).toHaveLength(7);
  });

  it("fills in a lift after a trusted tracker's last rep only with a lowering found before its middle", () => {
    // The band-passed lift starts (0.1 s in) before the bar leaves the bottom (0.2 s in): the lowering
    // is only whole in a search that reaches past the lift's start.
    const bottomS = liftStartS(7) + 0.2;
    const asked: number[][] = [];
    const withLowering = new SetReconciler(null, (fromS, toS) => {
      asked.push([fromS, toS]);
      return toS >= bottomS ? { startS: liftStartS(7) - 2.5, endS: bottomS, speedMps: 0.2 } : null;
    });
    run(withLowering, 8, [trackerSet([0, 1, 2, 3, 4, 5, 6])]);
    const reps = withLowering.sets[0]!.reps;
    expect(estimatedFlags(reps)).toEqual(onlyAt(8, 7));
    expect(reps[7]!.concentric.startS).toBeCloseTo(liftStartS(7) - 0.1, 9);
    // Searched from the last rep's lift, not before it.
    expect(asked[0]![0]).toBeCloseTo(liftStartS(6) + 1, 9);
    // Nothing like a lowering after the last rep: the tracker's 7 of 8 lifts stand.
    const without = new SetReconciler(null, () => null);
    run(without, 8, [trackerSet([0, 1, 2, 3, 4, 5, 6])]);
    expect(without.sets[0]!.reps).toHaveLength(7);
  });

  it('cuts a tracker rep that took in a lift the detector saw back to after that lift', () => {
    // Rep 4's lowering was measured from lift 3's start (lift 3 itself read as a pause): lift 3 is filled
    // in, and rep 4 starts after it, lowering through to its own lift.
    const swallowing = laidOutRep(0, liftStartS(3) - 2.5, { eccS: 2.5, bottomS: 4, conS: 1, topS: 0 }, 0);
    const reps = reconciledWith([0, 1, 2, 5, 6, 7], swallowing);
    expect(estimatedFlags(reps)).toEqual(onlyAt(8, 3));
    const [filled, cut] = [reps[3]!, reps[4]!];
    expect(cut.concentric.startS).toBe(liftStartS(4));
    expect(cut.eccentric.startS).toBeCloseTo(filled.concentric.endS, 9);
    expect(cut.startS).toBe(cut.eccentric.startS);
    expect(cut.bottomPause.endS).toBe(cut.concentric.startS);
    for (let i = 1; i < reps.length; i++) expect(reps[i]!.startS).toBeGreaterThanOrEqual(reps[i - 1]!.endS);
  });

  it("locates a cut-back rep's lowering by its own lift's distance, by its end alone if need be", () => {
    // As above, with the lowering's measured distance (1.3 m, through lift 3) in the ROM.
    const swallowing = laidOutRep(0, liftStartS(3) - 2.5, { eccS: 2.5, bottomS: 4, conS: 1, topS: 0 }, 0, {
      romM: 0.9,
    });
    const set = trackerSet([0, 1, 2, 5, 6, 7]);
    set.reps.splice(3, 0, swallowing);
    const asked: { displacementM: number; startedAtS: number }[] = [];
    // Only the end stands out (the lowering set off at lift 3's top): 0.6 s before lift 4.
    const reconciler = new SetReconciler(null, (_fromS, toS, displacementM, only) => {
      if (!only || !('startedAtS' in only)) return null;
      asked.push({ displacementM, startedAtS: only.startedAtS });
      return { startS: only.startedAtS, endS: toS - 0.5, speedMps: 0.2 };
    });
    run(reconciler, 8, [set]);
    const [filled, cut] = [reconciler.sets[0]!.reps[3]!, reconciler.sets[0]!.reps[4]!];
    expect(cut.eccentric.startS).toBe(filled.concentric.endS);
    expect(cut.eccentric.endS).toBeCloseTo(liftStartS(4) - 0.5, 9);
    expect(cut.bottomPause.durationS).toBeCloseTo(0.5, 9);
    expect(asked.find((a) => a.startedAtS === filled.concentric.endS)?.displacementM).toBeCloseTo(0.5, 9);
  });

  it("takes a rise where a rep stops at the bottom for the filter's echo of the stop, not a lift", () => {
    // Squats with 2.5 s bottom pauses: the band-passed height rises as each lowering stops, so the
    // detector sees a slower "lift" there besides the real one: 16 lifts against 8 tracker reps.
    const reps = Array.from({ length: 8 }, (_, i) =>
      laidOutRep(0, 10 + 7 * i, { eccS: 2.5, bottomS: 2.5, conS: 1, topS: 1 }, 0),
    );
    const rise = (fromS: number, toS: number, peakSpeedMps: number): Swing => ({
      direction: 1,
      fromS,
      toS,
      amplitudeM: 0.3,
      activeFromS: fromS + 0.1,
      activeToS: toS - 0.1,
      strokeFromS: fromS + 0.1,
      strokeToS: toS + 0.1,
      peakSpeedMps,
      accepted: true,
      committedAtS: toS + 0.3,
    });
    const reconciler = new SetReconciler(null);
    for (const r of reps) {
      reconciler.onSwing(rise(r.eccentric.endS - 0.2, r.eccentric.endS + 1.3, 0.4));
      reconciler.onSwing(rise(r.concentric.startS - 0.1, r.concentric.endS + 0.1, 0.6));
    }
    reconciler.onTrackerSet({
      index: 1,
      startS: 10,
      endS: reps[7]!.endS,
      reps,
      summary: summarizeSet(reps, null),
    });
    const events: EngineEvent[] = [];
    for (let t = 70; t < 90; t += 0.5) reconciler.tick(t, false, events);
    expect(reconciler.sets).toHaveLength(1);
    expect(estimatedFlags(reconciler.sets[0]!.reps)).toEqual(Array.from({ length: 8 }, () => false));
  });

  it("ends a rep's trailing pause where a filled-in rep after it starts", () => {
    // Rep 2's top pause runs on over lift 3's lowering (the tracker missed lift 3).
    // Its lift was measured at 0.6 m/s, not the 0.5 m/s its range of motion over 1 s would give.
    const lingering = laidOutRep(0, liftStartS(2) - 2.5, { eccS: 2.5, bottomS: 0, conS: 1, topS: 3.9 }, 0, {
      meanConcentricVelocityMps: 0.6,
    });
    const reps = reconciledWith([0, 1, 4, 5, 6, 7], lingering);
    expect(estimatedFlags(reps)).toEqual(onlyAt(8, 3));
    expect(reps[2]!.topPause.endS).toBe(reps[3]!.startS);
    expect(reps[2]!.endS).toBe(reps[3]!.startS);
    // Only the pause changed: the lift keeps its measured speed.
    expect(reps[2]!.meanConcentricVelocityMps).toBe(0.6);
  });

  it('makes a set from the lifts alone when the tracker found none', () => {
    const reconciler = new SetReconciler(null);
    run(reconciler, 6, []);
    expect(reconciler.sets).toHaveLength(1);
    expect(reconciler.sets[0]!.reps).toHaveLength(6);
    // The lowering before the first lift was seen: the set is lowering-first.
    const first = reconciler.sets[0]!.reps[0]!;
    expect(first.eccentric.endS).toBeLessThanOrEqual(first.concentric.startS);
    expect(first.bottomPause.startS).toBe(first.eccentric.endS);
  });

  it('makes a lift-first set when no lowering led into the first lift (deadlift from the floor)', () => {
    const reconciler = new SetReconciler(null);
    const events: EngineEvent[] = [];
    for (let i = 0; i < 5; i++) {
      const t = 10 + i * PERIOD_S;
      reconciler.onSwing(swing(1, t, t + 1));
      reconciler.onSwing(swing(-1, t + 1, t + 3.5));
    }
    reconciler.finish(60, events);
    const reps = reconciler.sets[0]!.reps;
    expect(reps).toHaveLength(5);
    for (const r of reps) {
      expect(r.concentric.endS).toBeLessThanOrEqual(r.eccentric.startS);
      expect(r.topPause.startS).toBe(r.concentric.endS);
      expect(r.bottomPause.startS).toBe(r.eccentric.endS);
    }
  });

  it("takes a rise as a lift-first set's last lowering stops for the filter's echo, not a lift", () => {
    // Deadlift reps every 5 s: lift t..t+1, lowering t+1..t+3, 2 s on the floor; the tracker found all
    // four. The filter answers the last stop with a rise that starts before the bar is down.
    const rise = (fromS: number, toS: number): Swing => swing(1, fromS, toS);
    const repsWithLast = (lastRise: Swing, locate: LocateLowering, after: Swing[] = []): RepMetrics[] => {
      const reconciler = new SetReconciler(null, locate);
      const reps = [0, 1, 2, 3].map((i) => liftFirstRep(10 + 5 * i));
      for (const r of reps) reconciler.onSwing(rise(r.concentric.startS - 0.1, r.concentric.endS + 0.1));
      reconciler.onSwing(lastRise);
      for (const s of after) reconciler.onSwing(s);
      reconciler.onTrackerSet({ index: 1, startS: 10, endS: 29, reps, summary: summarizeSet(reps, null) });
      reconciler.finish(60, []);
      return reconciler.sets[0]!.reps;
    };
    const stopS = 28;
    const none: LocateLowering = () => null;
    expect(repsWithLast(rise(stopS - 0.3, stopS + 1.2), none)).toHaveLength(4);
    // A lowering after it makes it a lift; so does starting where the lowering ended (touch-and-go).
    const lowering: LocateLowering = (fromS) => ({ startS: fromS + 0.5, endS: fromS + 2.5, speedMps: 0.2 });
    expect(repsWithLast(rise(stopS - 0.3, stopS + 1.2), lowering)).toHaveLength(5);
    expect(repsWithLast(rise(stopS - 0.1, stopS + 1.2), none)).toHaveLength(5);
    // So does the detector seeing the bar come down again after it, where the readings showed no
    // lowering (../shared row_adam_set1 with a 2% gain error: its last row was dropped).
    const fallAfter = swing(-1, stopS + 1.2, stopS + 3);
    expect(repsWithLast(rise(stopS - 0.3, stopS + 1.2), none, [fallAfter])).toHaveLength(5);
  });

  it("takes a rise where a lift-first rep's lowering stops mid-set for the filter's echo, not a lift", () => {
    // Deadlift reps every 6 s (lift t..t+1, lowering t+1..t+3, 3 s on the floor); the tracker found all
    // four. Reps 0 and 1 dropped their bar fast: the filter answers each stop with a rise as big as a
    // lift, so the tracker found only 4 of 6 lifts and would fill in the rest.
    const repsWith = (echoOffsetS: number, locate: LocateLowering, falls: Swing[] = []): RepMetrics[] => {
      const reconciler = new SetReconciler(null, locate);
      const reps = [0, 1, 2, 3].map((i) => liftFirstRep(10 + 6 * i, 2, 3));
      reps.forEach((r, i) => {
        reconciler.onSwing(swing(1, r.concentric.startS - 0.1, r.concentric.endS + 0.1));
        const stopS = r.eccentric.endS + echoOffsetS;
        if (i < 2) reconciler.onSwing(swing(1, stopS - 0.1, stopS + 1.2));
      });
      for (const s of falls) reconciler.onSwing(s);
      reconciler.onTrackerSet({ index: 1, startS: 10, endS: 35, reps, summary: summarizeSet(reps, null) });
      reconciler.finish(60, []);
      return reconciler.sets[0]!.reps;
    };
    const none: LocateLowering = () => null;
    expect(repsWith(0, none)).toHaveLength(4);
    // Away from the stop, or with the bar lowered again before the next lift (in the readings, or as a
    // fall the detector accepted), they are lifts.
    expect(repsWith(0.6, none)).toHaveLength(6);
    const lowering: LocateLowering = (fromS) => ({ startS: fromS + 0.1, endS: fromS + 1.4, speedMps: 0.5 });
    expect(repsWith(0, lowering)).toHaveLength(6);
    expect(repsWith(0, none, [swing(-1, 14.3, 15.6), swing(-1, 20.3, 21.6)])).toHaveLength(6);
  });

  it('does not fill in slow lifts (re-racking, the filter settling) or too few lifts to be a set', () => {
    const reconciler = new SetReconciler(null);
    run(reconciler, 7, [], (i) => (i === 6 ? { amplitudeM: 0.15, peakSpeedMps: 0.2 } : NORMAL));
    expect(reconciler.sets[0]!.reps).toHaveLength(6);
    const few = new SetReconciler(null);
    run(few, 2, []);
    expect(few.sets).toHaveLength(0);
  });

  it('fills in a slow lift the detector accepted between two lowerings, unless it crawled', () => {
    const slowAt = (peakSpeedMps: number) => (i: number) =>
      i === 3 ? { amplitudeM: 0.15, peakSpeedMps, betweenFalls: true as const } : NORMAL;
    const slow = new SetReconciler(null);
    run(slow, 7, [], slowAt(0.2));
    expect(slow.sets[0]!.reps).toHaveLength(7);
    const crawl = new SetReconciler(null);
    run(crawl, 7, [], slowAt(0.15));
    expect(crawl.sets[0]!.reps).toHaveLength(6);
  });

  it('fills in a first lift that reads small but moves at full speed (the filter starting up)', () => {
    const reconciler = new SetReconciler(null);
    run(reconciler, 6, [], (i) => (i === 0 ? { amplitudeM: 0.14, peakSpeedMps: 0.6 } : NORMAL));
    expect(reconciler.sets[0]!.reps).toHaveLength(6);
  });

  it('counts the lifts seen looking back over the set where the live detector missed one', () => {
    // The live detector did not accept lift 5; looked for again over the whole set, it is there.
    const liveMissed = (i: number): LiftShape => (i === 5 ? { amplitudeM: 0.05, peakSpeedMps: 0.1 } : NORMAL);
    const lookedBack = Array.from({ length: 8 }, (_, i) => swings(i)).flat();
    const asked: number[][] = [];
    const strokesIn: StrokesIn = (fromS, toS) => {
      asked.push([fromS, toS]);
      return lookedBack;
    };
    const withLookBack = new SetReconciler(null, undefined, strokesIn);
    const live: Swing[] = [];
    for (let i = 0; i < 8; i++)
      live.push(...swings(i, liveMissed(i)).map((s) => ({ ...s, accepted: i !== 5 })));
    const feed = (reconciler: SetReconciler): RepMetrics[] => {
      for (const s of live) reconciler.onSwing(s);
      reconciler.onTrackerSet(trackerSet([0, 1, 2, 3, 4, 6, 7]));
      reconciler.finish(liftStartS(7) + 20, []);
      return reconciler.sets[0]!.reps;
    };
    expect(estimatedFlags(feed(withLookBack))).toEqual(onlyAt(8, 5));
    // Asked for the run's span and 8 s either side, so the filters settle before the set starts.
    expect(asked[0]![0]).toBeCloseTo(liftStartS(0) - 0.1 - 8, 9);
    expect(asked[0]![1]).toBeCloseTo(liftStartS(7) + 1 + 8, 9);
    // Without the readings (no longer held), the live detector's lifts are all there is.
    expect(feed(new SetReconciler(null))).toHaveLength(7);
  });

  it("fills in a lift after a trusted tracker's last rep when a lowering seen looking back led into it", () => {
    // Touch-and-go into the last lift: the readings never hold that lowering still at both ends (the
    // locator finds nothing), but looking back over the set its stroke stands out.
    const lookedBack = (lastLowering: Swing): Swing[] => [
      ...Array.from({ length: 7 }, (_, i) => swings(i)).flat(),
      lastLowering,
      swings(7)[1]!,
    ];
    const repsWith = (lastLowering: Swing): RepMetrics[] => {
      const reconciler = new SetReconciler(
        null,
        () => null,
        () => lookedBack(lastLowering),
      );
      run(reconciler, 8, [trackerSet([0, 1, 2, 3, 4, 5, 6])]);
      return reconciler.sets[0]!.reps;
    };
    const [fullLowering] = swings(7);
    expect(estimatedFlags(repsWith(fullLowering!))).toEqual(onlyAt(8, 7));
    // A wobble a fifth of the set's lowerings is not one.
    const wobble = swing(-1, fullLowering!.fromS, fullLowering!.toS, { amplitudeM: 0.06, peakSpeedMps: 0.6 });
    expect(repsWith(wobble)).toHaveLength(7);
    // A last lift at 0.6 of the set's speed (a grinder) is a rep with its lowering seen; with only the
    // readings to go by, an edge lift must be full-speed (a re-rack is slower).
    const grinder = (lookBack: boolean): RepMetrics[] => {
      const slowLast = (i: number): LiftShape => (i === 7 ? { amplitudeM: 0.3, peakSpeedMps: 0.36 } : NORMAL);
      const located: LocateLowering = (fromS) => ({ startS: fromS + 0.1, endS: fromS + 2.4, speedMps: 0.2 });
      const strokesIn: StrokesIn = () => [
        ...Array.from({ length: 7 }, (_, i) => swings(i)).flat(),
        ...swings(7, slowLast(7)),
      ];
      const reconciler = new SetReconciler(null, located, lookBack ? strokesIn : undefined);
      run(reconciler, 8, [trackerSet([0, 1, 2, 3, 4, 5, 6])], slowLast);
      return reconciler.sets[0]!.reps;
    };
    expect(grinder(true)).toHaveLength(8);
    expect(grinder(false)).toHaveLength(7);
  });

  it("fills in a lift-first set's first or last lift when its own lowering follows it", () => {
    // Curls every 5 s: lift t..t+1, lowering t+1..t+3; the tracker found 6 of the 7 lifts.
    const liftAt = (t: number): Swing => swing(1, t - 0.1, t + 1.1);
    const loweringAfter = (t: number, size = NORMAL): Swing => swing(-1, t + 1.1, t + 3, size);
    const reps = (found: number[], lookedBack: Swing[]): RepMetrics[] => {
      const reconciler = new SetReconciler(
        null,
        () => null,
        () => lookedBack,
      );
      for (let i = 0; i < 7; i++) reconciler.onSwing(liftAt(10 + 5 * i));
      reconciler.onTrackerSet(setOf(found.map((i) => liftFirstRep(10 + 5 * i))));
      reconciler.finish(80, []);
      return reconciler.sets[0]!.reps;
    };
    const strokes = (lowered: (i: number) => boolean): Swing[] =>
      Array.from({ length: 7 }, (_, i) => [
        liftAt(10 + 5 * i),
        ...(lowered(i) ? [loweringAfter(10 + 5 * i)] : []),
      ]).flat();
    const [firstSix, lastSix] = [
      [0, 1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5, 6],
    ];
    const everyLowering = strokes(() => true);
    // The last lift, then its lowering: a rep. Without one after it, the tracker's six stand.
    expect(estimatedFlags(reps(firstSix, everyLowering))).toEqual(onlyAt(7, 6));
    expect(
      reps(
        firstSix,
        strokes((i) => i < 6),
      ),
    ).toHaveLength(6);
    // The first lift, then its lowering before the first rep's lift.
    expect(estimatedFlags(reps(lastSix, everyLowering))).toEqual(onlyAt(7, 0));
    expect(
      reps(
        lastSix,
        strokes((i) => i > 0),
      ),
    ).toHaveLength(6);
  });

  it('takes a part of a slow lowering seen looking back for the lowering after a lift-first last lift', () => {
    // Curls every 9 s with 7 s lowerings: the band-pass splits each into two parts of about 3 s, under
    // half the usual lowering but whole parts (MAX_LOWERING_PART_S) all the same.
    const t = (i: number): number => 10 + 9 * i;
    const tracker = setOf([0, 1, 2, 3, 4, 5].map((i) => liftFirstRep(t(i), 7, 1)));
    const lifts = Array.from({ length: 7 }, (_, i) => swing(1, t(i) - 0.1, t(i) + 1.1));
    // After the last lift, only a stroke of `lastS` (the recording may end, or the bar is put down).
    const parts = (lastS: number): Swing[] => [
      ...Array.from({ length: 6 }, (_, i) => [
        lifts[i]!,
        swing(-1, t(i) + 1.1, t(i) + 4.3),
        swing(-1, t(i) + 4.6, t(i) + 7.9),
      ]).flat(),
      lifts[6]!,
      swing(-1, t(6) + 1.1, t(6) + 1.1 + lastS),
    ];
    const count = (partS: number): number => {
      const reconciler = new SetReconciler(
        null,
        () => null,
        () => parts(partS),
      );
      for (const lift of lifts) reconciler.onSwing(lift);
      reconciler.onTrackerSet(tracker);
      reconciler.finish(100, []);
      return reconciler.sets[0]!.reps.length;
    };
    expect(count(3.2)).toBe(7);
    // A 1 s stroke after the last lift is a re-rack, not a slow lowering's part.
    expect(count(1)).toBe(6);
  });

  it('drops a tracker rep made of no lift seen looking back over the set (picking the bar up)', () => {
    const pickUp = laidOutRep(0, liftStartS(0) - 6, { eccS: 1, bottomS: 0, conS: 1.5, topS: 0 }, 0);
    // Looking back, its stroke is there, but too slow to be a lift (lobes.ts).
    const slow = { ...swing(1, pickUp.concentric.startS, pickUp.concentric.endS), accepted: false };
    const lookedBack = [slow, ...Array.from({ length: 8 }, (_, i) => swings(i)).flat()];
    const reps = (strokesIn?: StrokesIn): RepMetrics[] => {
      const reconciler = new SetReconciler(null, undefined, strokesIn);
      const set = trackerSet([0, 1, 2, 3, 4, 5, 6, 7]);
      set.reps.unshift(pickUp);
      run(reconciler, 8, [set]);
      return reconciler.sets[0]!.reps;
    };
    expect(reps(() => lookedBack)).toHaveLength(8);
    expect(reps()).toHaveLength(9);
  });

  it('merges tracker sets that one run of lifts joins, and waits for the lifts to stop', () => {
    const reconciler = new SetReconciler(null);
    const events: EngineEvent[] = [];
    for (let i = 0; i < 8; i++) for (const s of swings(i)) reconciler.onSwing(s);
    // The tracker lost the bar mid-set and closed its set after 12 s without a rep.
    reconciler.onTrackerSet(trackerSet([0, 1, 2]));
    reconciler.tick(liftStartS(4), false, events);
    expect(events).toHaveLength(0);
    reconciler.onTrackerSet({ ...trackerSet([4, 5, 6, 7]), index: 2 });
    const lastS = liftStartS(7) + 1;
    reconciler.tick(lastS + 5, false, events);
    expect(events).toHaveLength(0);
    reconciler.tick(lastS + 13, true, events);
    expect(events).toHaveLength(0);
    reconciler.tick(lastS + 13, false, events);
    expect(events).toHaveLength(1);
    expect(reconciler.sets).toHaveLength(1);
    expect(reconciler.sets[0]!.index).toBe(1);
    // 7 of 8 lifts found is not a lost tracker: its reps stand, in one set, and the lift in the hole of
    // its rhythm is filled in.
    expect(reconciler.sets[0]!.reps.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(estimatedFlags(reconciler.sets[0]!.reps)).toEqual(onlyAt(8, 3));
  });
});
