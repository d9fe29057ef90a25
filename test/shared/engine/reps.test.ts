import { describe, expect, it } from 'vitest';
import { RepAssembler, SET_BREAK_S, setBreakS } from '../../../src/shared/engine/reps';
import type { Stroke } from '../../../src/shared/engine/strokes';
import type { LocatedLowering } from '../../../src/shared/engine/locate';
import type { EngineEvent, RepMetrics } from '../../../src/shared/engine/types';
import { parseTempo } from '../../../src/shared/tempo';

/** The same stroke two minutes later. */
const later = (s: Stroke): Stroke => ({
  ...s,
  startS: s.startS + 120,
  endS: s.endS + 120,
  committedAtS: s.committedAtS + 120,
});

function stroke(direction: 1 | -1, startS: number, endS: number, displacementM = 0.5): Stroke {
  return {
    direction,
    startS,
    endS,
    startsFromRest: true,
    endsAtRest: true,
    peakSpeedMps: (2 * displacementM) / (endS - startS),
    displacementM,
    committedAtS: endS + 0.3,
  };
}

/** An assembler whose readings show `found` wherever it looks; what it asked for goes to `asked`. */
function assemblerFinding(found: LocatedLowering, asked: number[][]): RepAssembler {
  return new RepAssembler(null, true, (fromS, toS, displacementM, only) => {
    // A search for one edge alone is not modelled: nothing found.
    if (only) return null;
    asked.push([fromS, toS, displacementM]);
    return found;
  });
}

/** Feeds `strokes` to `assembler`, closes the set at 40 s (or after its last stroke) and returns its reps. */
function assembled(assembler: RepAssembler, strokes: Stroke[]): RepMetrics[] {
  const events: EngineEvent[] = [];
  for (const s of strokes) assembler.onStroke(s, events);
  assembler.finish(Math.max(40, ...strokes.map((s) => s.endS + 10)), events);
  return assembler.sets[0]!.reps;
}

/**
 * A squat whose bar is lifted 4.5 cm off the hooks at 5 s, walked out, and lowered so slowly that the
 * tracker saw rest: its first rep-sized stroke is the lift at 14 s; one measured rep follows.
 */
function feedLiftedOffSquat(assembler: RepAssembler, liftOff = stroke(1, 5, 5.5, 0.045)): void {
  const events: EngineEvent[] = [];
  assembler.onStroke(liftOff, events);
  assembler.onStroke(stroke(1, 14, 15, 0.5), events);
  assembler.onStroke(stroke(-1, 15.5, 21.5, 0.5), events);
  assembler.onStroke(stroke(1, 22, 23, 0.5), events);
  assembler.finish(40, events);
}

describe('RepAssembler', () => {
  it('infers every lowering too slow to measure between consecutive lifts, not every other one', () => {
    // A bench set of 7 s touch-and-go negatives: the first lowering is measured, the later ones read
    // as rest from end to end, so only the lifts arrive. Each pair of lifts encloses one lowering.
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    assembler.onStroke(stroke(-1, 10, 17), events);
    for (let rep = 0; rep < 5; rep++) {
      const liftS = 17 + rep * 7.7;
      assembler.onStroke(stroke(1, liftS, liftS + 0.7), events);
    }
    assembler.finish(60, events);
    const reps = assembler.sets.flatMap((set) => set.reps);
    expect(reps).toHaveLength(5);
    reps.slice(1).forEach((rep, i) => {
      expect(rep.eccentric.startS).toBeCloseTo(17.7 + i * 7.7, 6);
      expect(rep.eccentric.endS).toBeCloseTo(24.7 + i * 7.7, 6);
    });
  });

  it('keeps a set open while a long stretch of touch-and-go reps is still being measured', () => {
    // Deadlifts without a rest: the tracker sees one stretch of motion, whose strokes all arrive when
    // the bar finally rests, 16 s after the last rep it reported.
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    assembler.onStroke(stroke(1, 10, 11), events);
    assembler.onStroke(stroke(-1, 11, 16), events);
    for (let s = 16; s < 33; s += 0.5) assembler.tick(s, true, events);
    expect(events.some((e) => e.type === 'set-ended')).toBe(false);
    assembler.onStroke(stroke(1, 16, 17), events);
    assembler.onStroke(stroke(-1, 17, 22), events);
    assembler.onStroke(stroke(1, 22, 23), events);
    assembler.onStroke(stroke(-1, 23, 28), events);
    assembler.finish(40, events);
    expect(assembler.sets).toHaveLength(1);
    expect(assembler.sets[0]!.reps.map((r) => r.eccentric.startS)).toEqual([11, 17, 23]);
  });

  it('meets the phases half-way when the edges of a very short pause cross', () => {
    // A lift from a still bar (concentric first), whose lowering's start was fitted 10 ms before the
    // lift's end.
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    assembler.onStroke(stroke(1, 10, 11), events);
    assembler.onStroke(stroke(-1, 10.99, 14), events);
    assembler.finish(30, events);
    const [rep] = assembler.sets.flatMap((set) => set.reps);
    expect(rep!.concentric.endS).toBeCloseTo(10.995, 9);
    expect(rep!.topPause).toMatchObject({
      startS: rep!.concentric.endS,
      endS: rep!.concentric.endS,
      durationS: 0,
    });
    expect(rep!.eccentric.startS).toBe(rep!.concentric.endS);
    expect(rep!.eccentric.durationS).toBeCloseTo(3.005, 9);
  });

  it('starts a rep where the last ended when the edges between them cross', () => {
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    assembler.onStroke(stroke(-1, 10, 13), events);
    assembler.onStroke(stroke(1, 13, 14), events);
    assembler.onStroke(stroke(-1, 13.98, 17), events);
    assembler.onStroke(stroke(1, 17, 18), events);
    assembler.finish(40, events);
    const [first, second] = assembler.sets.flatMap((set) => set.reps);
    expect(first!.endS).toBe(14);
    expect(second!.startS).toBe(14);
    expect(second!.eccentric.startS).toBe(14);
  });

  it('keeps a slow set open for its own rhythm: its next lift may come more than 12 s after the last', () => {
    // Reps every 14 s (8 s negatives, long pauses); the fourth rep's lowering reads as rest, so 13 s
    // pass without a stroke before its lift.
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    for (const t of [0, 14, 28]) {
      assembler.onStroke(stroke(-1, t, t + 8), events);
      assembler.onStroke(stroke(1, t + 9, t + 10), events);
    }
    assembler.tick(38 + 12.5, false, events);
    assembler.onStroke(stroke(1, 51, 52), events);
    assembler.finish(80, events);
    expect(assembler.sets).toHaveLength(1);
    expect(assembler.sets[0]!.reps).toHaveLength(4);
    expect(setBreakS([9, 23, 37])).toBeCloseTo(1.3 * 14, 9);
    // Two reps say nothing of a rhythm yet; quick sets keep the usual break.
    expect(setBreakS([9, 23])).toBe(SET_BREAK_S);
    expect(setBreakS([1, 4, 7, 10])).toBe(SET_BREAK_S);
  });

  it('ends a set after a still bar', () => {
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    assembler.onStroke(stroke(1, 10, 11), events);
    assembler.onStroke(stroke(-1, 11, 16), events);
    for (let s = 16; s < 33; s += 0.5) assembler.tick(s, false, events);
    expect(events.filter((e) => e.type === 'set-ended')).toHaveLength(1);
  });

  it('drops a short first or last rep (a rack move) when the set closes, but not a short rep mid-set', () => {
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    const roms = [0.2, 0.5, 0.52, 0.25, 0.48, 0.5, 0.22];
    roms.forEach((rom, i) => {
      const s = 10 + i * 5;
      assembler.onStroke(stroke(-1, s, s + 2, rom), events);
      assembler.onStroke(stroke(1, s + 2.5, s + 3.5, rom), events);
    });
    assembler.finish(60, events);
    const reps = assembler.sets[0]!.reps;
    expect(reps.map((r) => r.romM)).toEqual([0.5, 0.52, 0.25, 0.48, 0.5]);
    expect(reps.map((r) => r.index)).toEqual([1, 2, 3, 4, 5]);
    expect(assembler.sets[0]!.summary.repCount).toBe(5);
  });

  it('pairs a lowering measured short with its lift', () => {
    // A false rest mid-descent truncated the lowering to a third of the lift's distance.
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    assembler.onStroke(stroke(-1, 10, 16, 0.17), events);
    assembler.onStroke(stroke(1, 16.5, 17.5, 0.52), events);
    assembler.finish(40, events);
    expect(assembler.sets[0]!.reps).toHaveLength(1);
  });

  it('takes a first lift soon after a lift-off from the hooks as the end of a lowering it missed', () => {
    // Squat: the bar is lifted 4.5 cm off the hooks, walked out, and lowered so slowly that the tracker
    // saw rest; its first rep-sized stroke is the lift, after more than 2.5 s of apparent stillness.
    const assembler = new RepAssembler(null);
    feedLiftedOffSquat(assembler);
    const reps = assembler.sets[0]!.reps;
    expect(reps).toHaveLength(1);
    expect(reps[0]!.eccentric.startS).toBe(15.5);
    expect(reps[0]!.concentric.startS).toBe(22);
  });

  it('takes a lift-off read as a small drop (its onset missed) as a rack move too', () => {
    // A bench's lift-off whose start was taken for rest: the tracker set off from zero at its peak
    // speed, and the deceleration left a drop of a few centimetres.
    const assembler = new RepAssembler(null);
    feedLiftedOffSquat(assembler, stroke(-1, 5.5, 6.8, 0.07));
    const reps = assembler.sets[0]!.reps;
    expect(reps).toHaveLength(1);
    expect(reps[0]!.eccentric.startS).toBe(15.5);
    expect(reps[0]!.concentric.startS).toBe(22);
  });

  it("looks for the lowering before a set's first lift in the readings, and pairs them", () => {
    // As above, with the readings kept: the lowering the tracker missed is found there.
    const asked: number[][] = [];
    const assembler = assemblerFinding({ startS: 7, endS: 13.5, speedMps: 0.08 }, asked);
    feedLiftedOffSquat(assembler);
    // Of unknown depth at first (then its stop is checked with the lift's distance, loweringStopS).
    expect(asked[0]).toEqual([5.5, 14, NaN]);
    const reps = assembler.sets[0]!.reps;
    expect(reps).toHaveLength(2);
    expect(reps[0]!.eccentric).toMatchObject({ startS: 7, endS: 13.5 });
    expect(reps[0]!.concentric.startS).toBe(14);
    expect(reps[0]!.romM).toBe(0.5);
  });

  it('starts lowering-first where a lowering lies in the readings before a first lift soon after handling', () => {
    // A bench whose lift-off went unmeasured: only a 2 cm adjustment at 5 s, then more than 2.5 s of
    // apparent stillness before the first lift; the readings show the lowering before it.
    const found = { startS: 7, endS: 13.5, speedMps: 0.08 };
    const strokes = [stroke(1, 14, 15), stroke(-1, 15.5, 21.5), stroke(1, 22, 23)];
    const handled = assembled(assemblerFinding(found, []), [stroke(1, 5, 5.5, 0.02), ...strokes]);
    expect(handled[0]!.eccentric).toMatchObject({ startS: 7, endS: 13.5 });
    expect(handled[0]!.concentric.startS).toBe(14);
    // Untouched for minutes before (a deadlift from the floor after a rest), the lift comes first.
    const untouched = assembled(assemblerFinding(found, []), [
      stroke(1, 5, 5.5, 0.02),
      ...strokes.map(later),
    ]);
    expect(untouched[0]!.concentric.startS).toBe(134);
    // So does a lift whose "lowering" before it is small beside it (noise wandering).
    const small = assembled(assemblerFinding({ ...found, speedMps: 0.03 }, []), [
      stroke(1, 5, 5.5, 0.02),
      ...strokes,
    ]);
    expect(small[0]!.concentric.startS).toBe(14);
    expect(small[0]!.eccentric.startS).toBe(15.5);
  });

  it('ends a slow lowering measured straight into the lift where the readings show the bar stopped', () => {
    const asked: number[][] = [];
    // Held at its speed from 10 s until the lift's burst at 17 s: no bottom pause was measured.
    const run = (found: LocatedLowering): RepMetrics =>
      assembled(assemblerFinding(found, asked), [
        { ...stroke(-1, 10, 17, 0.7), endsAtRest: false },
        { ...stroke(1, 17, 18, 0.5), startsFromRest: false },
      ])[0]!;
    const rep = run({ startS: 10.1, endS: 15, speedMps: 0.1 });
    // Searched from 0.5 s into the top pause (plus the lift tail the locator adds) with the lift's distance.
    expect(asked[0]![0]).toBeCloseTo(9.2, 9);
    expect(asked[0]!.slice(1)).toEqual([17, 0.5]);
    expect(rep.eccentric).toMatchObject({ startS: 10, endS: 15 });
    expect(rep.bottomPause).toMatchObject({ startS: 15, endS: 17, durationS: 2 });
    // Found starting elsewhere, it is not this lowering: the measured one stands.
    expect(run({ startS: 12, endS: 15, speedMps: 0.17 }).eccentric).toMatchObject({ startS: 10, endS: 17 });
    // A lowering measured to a stop well before the lift is not taken to run into it: only its stop is
    // checked (up to 0.5 s past it, loweringStopS), and an end found 1.5 s away is not taken.
    asked.length = 0;
    const stopped = assembled(assemblerFinding({ startS: 10.1, endS: 15, speedMps: 0.1 }, asked), [
      stroke(-1, 10, 16.5, 0.7),
      stroke(1, 17, 18, 0.5),
    ]);
    expect(asked.map((a) => a[1])).toEqual([17]);
    expect(stopped[0]!.eccentric).toMatchObject({ startS: 10, endS: 16.5 });
  });

  it("takes the edges of a set's first lowering from the readings when it turned out of a walk-out rise", () => {
    // Lifted off the hooks at 8 s; the walk-out's velocity error held as a slow rise (9-11 s), the
    // lowering measured from its zero crossing at 11 s to another at 12.3 s, a bottom pause, the lift.
    const strokes = (startsFromRest: boolean, before: Stroke[] = []): Stroke[] => [
      ...before,
      stroke(1, 8, 8.5, 0.04),
      { ...stroke(1, 9, 11, 0.8), endsAtRest: false },
      { ...stroke(-1, 11, 12.3, 0.3), startsFromRest, endsAtRest: false },
      stroke(1, 15, 16, 0.5),
    ];
    // The readings show the lowering in the stretch up to the lift (and nothing before the rise).
    const lowering = (
      found: LocatedLowering,
      asked: number[][] = [],
      fromRest = false,
      before: Stroke[] = [],
      index = 0,
    ): RepMetrics =>
      assembled(
        new RepAssembler(null, true, (fromS, toS, displacementM, only) => {
          if (only || toS !== 15) return null;
          asked.push([fromS, toS, displacementM]);
          return found;
        }),
        strokes(fromRest, before),
      )[index]!;
    const asked: number[][] = [];
    const found = { startS: 10.85, endS: 12.45, speedMps: 0.31 };
    const rep = lowering(found, asked);
    // Searched from 0.8 s before the measured start (into the rise), with the lift's distance.
    expect(asked).toHaveLength(1);
    expect(asked[0]![0]).toBeCloseTo(10.2, 9);
    expect(asked[0]![2]).toBe(0.5);
    expect(rep.eccentric).toMatchObject({ startS: 10.85, endS: 12.45 });
    expect(rep.bottomPause).toMatchObject({ startS: 12.45, endS: 15 });
    expect(rep.meanEccentricVelocityMps).toBeCloseTo(0.5 / 1.6, 9);
    // Found starting after the measured start, or ending far from the measured end: not this lowering.
    expect(lowering({ ...found, startS: 11.1 }).eccentric).toMatchObject({ startS: 11, endS: 12.3 });
    expect(lowering({ ...found, endS: 11.6 }).eccentric).toMatchObject({ startS: 11, endS: 12.3 });
    // After a rep that will be dropped as a rack move (under 0.7 of the lift's distance), alike.
    const rackMove = [stroke(-1, 1, 1.5, 0.14), stroke(1, 2, 2.5, 0.12)];
    expect(lowering(found, [], false, rackMove, 1).eccentric).toMatchObject({ startS: 10.85, endS: 12.45 });
    // Measured from rest, the tracker's velocity was zero at its start: not looked for.
    expect(lowering(found, [], true).eccentric).toMatchObject({ startS: 11, endS: 12.3 });
  });

  it("starts a set's first lowering after a dwell at a low speed (the unrack's error held)", () => {
    // Measured from the unrack's rest at 1 s: the speed rose through 3/32 of the peak by 1.02 s, then
    // dwelt below 4/32 of it until the lowering itself at 4 s.
    const riseS = Float64Array.from({ length: 32 }, (_, k) => (k < 3 ? 1 + 0.01 * k : 4 + 0.02 * (k - 3)));
    const dwelt = (startS: number): Stroke => ({
      ...stroke(-1, startS, startS + 5, 0.5),
      riseS: riseS.map((t) => t + startS - 1),
    });
    const reps = assembled(new RepAssembler(null, true), [
      dwelt(1),
      stroke(1, 6.5, 7.5, 0.5),
      dwelt(9),
      stroke(1, 14.5, 15.5, 0.5),
    ]);
    // Past the dwell, where the speed rose 5% of the rest of the peak above it.
    expect(reps[0]!.eccentric.startS).toBeCloseTo(4.02, 2);
    expect(reps[0]!.eccentric.endS).toBe(6);
    // A later rep's lowering alike (its top pause held as a slow start).
    expect(reps[1]!.eccentric.startS).toBeCloseTo(12.02, 2);
  });

  it('starts a later lowering past a short dwell of its speed under half its peak, inside it', () => {
    // Rep 2's speed rose through `level`/32 of its peak by 9.02 s, then dwelt until `riseS`.
    const dwelt = (level: number, riseS: number): Stroke => ({
      ...stroke(-1, 9, 14, 0.5),
      riseS: Float64Array.from({ length: 32 }, (_, k) =>
        k < level ? 9 + 0.01 * k : riseS + 0.01 * (k - level),
      ),
    });
    const secondStartS = (lowering: Stroke): number =>
      assembled(new RepAssembler(null, true), [
        stroke(-1, 1, 5, 0.5),
        stroke(1, 6, 7, 0.5),
        lowering,
        stroke(1, 14.5, 15.5, 0.5),
      ])[1]!.eccentric.startS;
    // 0.3 s at 3/32 of the peak: past it.
    expect(secondStartS(dwelt(3, 9.32))).toBeCloseTo(9.33, 2);
    // Under 0.2 s, over half the peak, or ending within 0.5 s of the measured end: as measured.
    expect(secondStartS(dwelt(3, 9.15))).toBe(9);
    expect(secondStartS(dwelt(20, 9.5))).toBe(9);
    expect(secondStartS(dwelt(3, 13.7))).toBe(9);
  });

  it('ends a lowering before a bottom pause its lift dwelt through at a low speed (an error held)', () => {
    // Rep 2's lowering was measured into a turnaround at 12 s, its lift from there: the speed rose
    // through 1/32 of the peak by 12.02 s, then dwelt below 2/32 of it until the lift itself at 13.5 s.
    const riseS = Float64Array.from({ length: 32 }, (_, k) =>
      k < 2 ? 12 + 0.02 * k : 13.5 + 0.02 * (k - 2),
    );
    const slowLift: Stroke = { ...stroke(1, 12, 14.5), startsFromRest: false, riseS };
    const withLowering = (found: LocatedLowering): RepMetrics =>
      assembled(assemblerFinding(found, []), [
        stroke(-1, 1, 4),
        stroke(1, 5, 6),
        { ...stroke(-1, 8, 12), endsAtRest: false },
        slowLift,
      ])[1]!;
    const rep = withLowering({ startS: 8.05, endS: 12.6, speedMps: 0.11 });
    expect(rep.eccentric).toMatchObject({ startS: 8.05, endS: 12.6 });
    // The lift starts past the dwell, where the speed rose 5% of the rest of the peak above it.
    expect(rep.concentric.startS).toBeCloseTo(13.52, 2);
    expect(rep.bottomPause.startS).toBe(12.6);
    expect(rep.bottomPause.endS).toBe(rep.concentric.startS);
    expect(rep.meanConcentricVelocityMps).toBeCloseTo(0.5 / (14.5 - rep.concentric.startS), 9);
    // Found ending past the lift's real start: not this lowering; the turnaround stands.
    const late = withLowering({ startS: 8.05, endS: 13.8, speedMps: 0.09 });
    expect(late.eccentric).toMatchObject({ startS: 8, endS: 12 });
    expect(late.concentric.startS).toBe(12);
  });

  it('checks a lift-first rep’s slow lowering that turns into the next lift the same way', () => {
    const asked: number[][] = [];
    // A curl from a still bar: lift, a slow lowering measured until the next lift's burst, that lift.
    const reps = assembled(assemblerFinding({ startS: 6.6, endS: 11, speedMps: 0.1 }, asked), [
      stroke(1, 5, 6, 0.45),
      { ...stroke(-1, 6.5, 14, 0.6), endsAtRest: false },
      { ...stroke(1, 14, 15, 0.45), startsFromRest: false },
    ]);
    expect(asked[0]!.slice(1)).toEqual([14, 0.45]);
    const rep = reps[0]!;
    expect(rep.eccentric).toMatchObject({ startS: 6.5, endS: 11 });
    expect(rep.bottomPause).toMatchObject({ startS: 11, endS: 14, durationS: 3 });
    // Ended at rest just before the next lift: checked when that lift comes.
    const atRest = assembled(assemblerFinding({ startS: 6.6, endS: 11, speedMps: 0.1 }, []), [
      stroke(1, 5, 6, 0.45),
      stroke(-1, 6.5, 13.9, 0.6),
      stroke(1, 14, 15, 0.45),
    ]);
    expect(atRest[0]!.eccentric).toMatchObject({ startS: 6.5, endS: 11 });
    expect(atRest[0]!.bottomPause).toMatchObject({ startS: 11, endS: 14 });
    expect(atRest[0]!.meanEccentricVelocityMps).toBeCloseTo(0.6 / 4.5, 9);
  });

  it('checks a lift-first rep’s lowering that ended at a turnaround no lift followed as one at rest', () => {
    // The velocity error crossed zero at 12 s before the bar stopped, and was then held as rest.
    const lift = stroke(1, 5, 6, 0.45);
    const lowering = { ...stroke(-1, 6.5, 12, 0.6), endsAtRest: false };
    const found = { startS: 6.6, endS: 12.3, speedMps: 0.1 };
    // The next lift 2 s later, from rest; or none (the set's last rep, checked when the set closes).
    const beforeLift = assembled(assemblerFinding(found, []), [lift, lowering, stroke(1, 14, 15, 0.45)]);
    expect(beforeLift[0]!.eccentric).toMatchObject({ startS: 6.5, endS: 12.3 });
    expect(beforeLift[0]!.bottomPause).toMatchObject({ startS: 12.3, endS: 14 });
    const last = assembled(assemblerFinding(found, []), [lift, lowering]);
    expect(last[0]!.eccentric).toMatchObject({ startS: 6.5, endS: 12.3 });
    // Turned into the next lift, it is not.
    const touching = { ...stroke(1, 12, 13, 0.45), startsFromRest: false };
    const turned = assembled(assemblerFinding(found, []), [lift, lowering, touching]);
    expect(turned[0]!.eccentric.endS).toBe(12);
  });

  it('starts a slow lowering measured straight from the lift where the readings show it set off', () => {
    const asked: number[][] = [];
    const found = { startS: 7.5, endS: 12.05, speedMps: 0.1 };
    // Lowering first: the second rep's lowering "began" 0.05 s after the first rep's lift ended.
    const squat = assembled(assemblerFinding(found, asked), [
      stroke(-1, 1, 2.5, 0.5),
      stroke(1, 3, 5, 0.5),
      stroke(-1, 5.05, 12, 0.5),
      stroke(1, 12.5, 13.5, 0.5),
    ]);
    expect(asked).toContainEqual([5, 12.1, squat[0]!.romM]);
    expect(squat[1]!.eccentric).toMatchObject({ startS: 7.5, endS: 12 });
    expect(squat[0]!.topPause).toMatchObject({ startS: 5, endS: 7.5 });
    // Lift first: the lowering follows its own rep's lift.
    const curl = assembled(assemblerFinding(found, asked), [
      stroke(1, 5, 6, 0.45),
      stroke(-1, 6.05, 12, 0.5),
      stroke(1, 14, 15, 0.45),
    ]);
    expect(asked).toContainEqual([6, 12.1, 0.45]);
    expect(curl[0]!.eccentric).toMatchObject({ startS: 7.5, endS: 12 });
    expect(curl[0]!.topPause).toMatchObject({ startS: 6, endS: 7.5 });
    // Found ending elsewhere, it is not this lowering.
    const other = assembled(assemblerFinding({ startS: 7.5, endS: 10, speedMps: 0.2 }, []), [
      stroke(1, 5, 6, 0.45),
      stroke(-1, 6.05, 12, 0.5),
      stroke(1, 14, 15, 0.45),
    ]);
    expect(other[0]!.eccentric.startS).toBe(6.05);
  });

  it('finds a lowering that read as rest after a small movement at the top was measured', () => {
    const asked: number[][] = [];
    // Rep 2's "lowering" is 0.2 m at the top (5.05-5.6 s); the real one read as rest until the lift.
    const reps = assembled(assemblerFinding({ startS: 6.5, endS: 11.2, speedMps: 0.1 }, asked), [
      stroke(-1, 1, 2.5, 0.5),
      stroke(1, 3, 5, 0.5),
      stroke(-1, 5.05, 5.6, 0.2),
      stroke(1, 12, 13, 0.5),
    ]);
    expect(asked).toContainEqual([5.05, 12, 0.5]);
    expect(reps[1]!.eccentric).toMatchObject({ startS: 6.5, endS: 11.2 });
    expect(reps[1]!.bottomPause).toMatchObject({ startS: 11.2, endS: 12 });
    expect(reps[1]!.startS).toBe(6.5);
    // It travelled the lift's distance, not the 0.2 m measured.
    expect(reps[1]!.romM).toBe(0.5);
    expect(reps[1]!.meanEccentricVelocityMps).toBeCloseTo(0.5 / 4.7, 9);
    // The rep before holds the bar at the top until then.
    expect(reps[0]!.topPause).toMatchObject({ startS: 5, endS: 6.5, durationS: 1.5 });
    expect(reps[0]!.endS).toBe(6.5);
    // Lift first: checked when the next lift comes.
    const curl = assembled(assemblerFinding({ startS: 7.5, endS: 13.2, speedMps: 0.1 }, []), [
      stroke(1, 5, 6, 0.45),
      stroke(-1, 6.5, 7.2, 0.2),
      stroke(1, 14, 15, 0.45),
    ]);
    expect(curl[0]!.eccentric).toMatchObject({ startS: 7.5, endS: 13.2 });
    expect(curl[0]!.topPause).toMatchObject({ startS: 6, endS: 7.5 });
    expect(curl[0]!.bottomPause).toMatchObject({ startS: 13.2, endS: 14 });
    expect(curl[0]!.romM).toBe(0.45);
    expect(curl[0]!.meanEccentricVelocityMps).toBeCloseTo(0.45 / 5.7, 9);
    // The set's last lift-first rep: checked when the set closes, up to 10 s after the measured lowering.
    const asked2: number[][] = [];
    const last = assembled(assemblerFinding({ startS: 10.5, endS: 15.2, speedMps: 0.1 }, asked2), [
      stroke(1, 1, 2, 0.45),
      stroke(-1, 2.5, 5, 0.45),
      stroke(1, 8, 9, 0.45),
      stroke(-1, 9.5, 10.2, 0.2),
    ]);
    expect(asked2).toContainEqual([9.5, 20.2, 0.45]);
    expect(last).toHaveLength(2);
    expect(last[1]!.eccentric).toMatchObject({ startS: 10.5, endS: 15.2 });
    expect(last[1]!.romM).toBe(0.45);
  });

  it("starts a lift-first rep's lowering at the top when the readings show it set off there", () => {
    // A deadlift: lift 5-6 s, the slow lowering's first 1.5 s read as a top pause (measured 7.5-12 s).
    const asked: number[][] = [];
    const assembler = new RepAssembler(null, true, (fromS, toS, _d, only) => {
      if (!only || !('startedAtS' in only)) return null;
      asked.push([fromS, toS, only.startedAtS]);
      return { startS: only.startedAtS, endS: 11.95, speedMps: 0.08 };
    });
    const reps = assembled(assembler, [
      stroke(1, 5, 6, 0.5),
      stroke(-1, 7.5, 12, 0.5),
      stroke(1, 14, 15, 0.5),
    ]);
    // Searched from the lift's end to past the lowering's stop.
    expect(asked[0]).toEqual([6, 12.5, 6]);
    expect(reps[0]!.eccentric).toMatchObject({ startS: 6, endS: 12 });
    expect(reps[0]!.topPause.durationS).toBe(0);
  });

  it('takes a small rise straight after a lift for its error at the top, not a lift', () => {
    // A curl: lift 1-2 s, the bar held at the top reads as a 0.14 m rise (2.2-4 s), the slow lowering
    // read as rest, the next lift at 12 s. The readings hold that lowering, found where searched for.
    const lowering = { startS: 4.5, endS: 9.5, speedMps: 0.1 };
    const assembler = new RepAssembler(null, true, (fromS, toS, _d, only) =>
      !only && fromS <= lowering.startS && toS >= lowering.endS ? lowering : null,
    );
    const reps = assembled(assembler, [
      stroke(1, 1, 2, 0.47),
      stroke(1, 2.2, 4, 0.14),
      stroke(1, 12, 13, 0.47),
    ]);
    expect(reps[0]!.eccentric).toMatchObject({ startS: 4.5, endS: 9.5 });
    expect(reps[0]!.concentric).toMatchObject({ startS: 1, endS: 2 });
  });

  it("looks for the lowering after a lift-first set's last lift in the readings when the set closes", () => {
    const asked: number[][] = [];
    const assembler = assemblerFinding({ startS: 17.5, endS: 24, speedMps: 0.08 }, asked);
    const events: EngineEvent[] = [];
    assembler.onStroke(stroke(1, 5, 6, 0.5), events);
    assembler.onStroke(stroke(-1, 7, 10, 0.5), events);
    assembler.onStroke(stroke(1, 15, 16, 0.5), events);
    for (let t = 16; t < 40; t += 0.5) assembler.tick(t, false, events);
    // Of unknown depth (the first rep's stop is checked with the lift's distance when the lift comes).
    expect(asked.filter((a) => Number.isNaN(a[2]))).toEqual([[16, 26, NaN]]);
    const reps = assembler.sets[0]!.reps;
    expect(reps).toHaveLength(2);
    expect(reps[1]!.eccentric).toMatchObject({ startS: 17.5, endS: 24 });
    const closedAtS = events.find((e) => e.type === 'set-ended')!.committedAtS;
    expect(events.find((e) => e.type === 'rep-completed' && e.rep.index === 2)!.committedAtS).toBe(closedAtS);
  });

  it('starts a lift from a still bar, without a lift-off, concentric first', () => {
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    assembler.onStroke(stroke(1, 14, 15, 0.5), events);
    assembler.onStroke(stroke(-1, 15.5, 18.5, 0.5), events);
    assembler.finish(40, events);
    expect(assembler.sets[0]!.reps[0]!.concentric.startS).toBe(14);
  });

  it('keeps the order of a set that closed moments before', () => {
    // A deadlift set whose tracker lost the bar for 12 s: the set closed, and the next stroke it saw
    // is a lowering. It is still lifting-first.
    const assembler = new RepAssembler(null);
    const events: EngineEvent[] = [];
    assembler.onStroke(stroke(1, 10, 11), events);
    assembler.onStroke(stroke(-1, 11.5, 14.5), events);
    for (let t = 15; t < 28; t += 0.5) assembler.tick(t, false, events);
    assembler.onStroke(stroke(-1, 30, 33), events);
    assembler.onStroke(stroke(1, 34, 35), events);
    assembler.onStroke(stroke(-1, 35.5, 38.5), events);
    assembler.finish(60, events);
    expect(assembler.sets).toHaveLength(2);
    expect(assembler.sets[1]!.reps.map((r) => [r.concentric.startS, r.eccentric.startS])).toEqual([
      [34, 35.5],
    ]);
  });

  it('warns of a rushed negative, but not of a short quick lowering after the reps (the re-rack)', () => {
    const assembler = new RepAssembler(parseTempo('3-1-X-0'));
    const rushedAt = (down: Stroke): boolean | undefined => {
      const events: EngineEvent[] = [];
      assembler.onStroke(down, events);
      const ended = events.find((e) => e.type === 'eccentric-ended');
      return ended?.type === 'eccentric-ended' ? ended.rushed : undefined;
    };
    for (let rep = 0; rep < 3; rep++) {
      const s = 10 + rep * 6;
      expect(rushedAt(stroke(-1, s, s + 3))).toBe(false);
      assembler.onStroke(stroke(1, s + 4, s + 5), []);
    }
    // Back onto the hooks: 15 cm in 0.6 s.
    expect(rushedAt(stroke(-1, 30, 30.6, 0.15))).toBe(false);
  });

  it('warns of a rushed negative of a full rep', () => {
    const assembler = new RepAssembler(parseTempo('3-1-X-0'));
    const events: EngineEvent[] = [];
    for (let rep = 0; rep < 4; rep++) {
      const s = 10 + rep * 6;
      assembler.onStroke(stroke(-1, s, s + (rep === 3 ? 1.2 : 3)), events);
      assembler.onStroke(stroke(1, s + 4, s + 5), events);
    }
    const warnings = events.flatMap((e) => (e.type === 'eccentric-ended' ? [e.rushed] : []));
    expect(warnings).toEqual([false, false, false, true]);
  });
});
