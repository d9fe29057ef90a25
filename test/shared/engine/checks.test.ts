import { describe, expect, it } from 'vitest';
import {
  loweringBeforeSlowLift,
  loweringEndS,
  loweringStartS,
  loweringStartedAtTop,
} from '../../../src/shared/engine/checks';
import type { LocatedLowering, LocateLowering, OneEdge } from '../../../src/shared/engine/locate';
import type { Stroke } from '../../../src/shared/engine/strokes';

/** A lowering measured from 2 to 10 s, from rest or from the lift's turnaround. */
function down(startsFromRest: boolean): Stroke {
  return {
    direction: -1,
    startS: 2,
    endS: 10,
    startsFromRest,
    endsAtRest: false,
    peakSpeedMps: 0.06,
    displacementM: 0.5,
    committedAtS: 10.1,
  };
}

/** A locator answering `full` for both edges and `oneEdge` for a search given one, recording what it was asked. */
function locator(
  full: LocatedLowering | null,
  oneEdge: (only: OneEdge) => LocatedLowering | null,
): { locate: LocateLowering; asked: (OneEdge | undefined)[] } {
  const asked: (OneEdge | undefined)[] = [];
  const locate: LocateLowering = (_fromS, _toS, _d, only) => {
    asked.push(only);
    return only ? oneEdge(only) : full;
  };
  return { locate, asked };
}

describe('loweringEndS', () => {
  it('looks for the end alone of a lowering when both edges are not found', () => {
    const endAt8 = (only: OneEdge): LocatedLowering | null =>
      'startedAtS' in only ? { startS: only.startedAtS, endS: 8, speedMps: 0.08 } : null;
    const fromTurn = locator(null, endAt8);
    expect(loweringEndS(fromTurn.locate, down(false), 2, 10, 0.5, 10.05)).toBe(8);
    expect(fromTurn.asked).toEqual([undefined, { startedAtS: 2 }]);
    // A fit of both edges that puts the start far from the turnaround is not believed either.
    const lateStart = locator({ startS: 4, endS: 8.5, speedMps: 0.11 }, endAt8);
    expect(loweringEndS(lateStart.locate, down(false), 2, 10, 0.5, 10.05)).toBe(8);
    // From rest alike (the stretch from its start holds no other start).
    expect(loweringEndS(locator(null, endAt8).locate, down(true), 2, 10, 0.5, 10.05)).toBe(8);
    // Found nowhere: the measured end stands.
    expect(loweringEndS(locator(null, () => null).locate, down(true), 2, 10, 0.5, 10.05)).toBe(10);
  });
});

describe('loweringStartS', () => {
  const laterStart: LocatedLowering = { startS: 4, endS: 9.9, speedMps: 0.085 };

  it('moves a turnaround start later only where the readings show the bar still before it', () => {
    const startAt4 = (only: OneEdge): LocatedLowering | null =>
      'runsOnMps' in only ? { startS: 4.1, endS: 9.4, speedMps: only.runsOnMps } : null;
    expect(loweringStartS(locator(laterStart, startAt4).locate, down(false), 1.95, 0.5)).toBe(4);
    const noStart = locator(laterStart, () => null);
    expect(loweringStartS(noStart.locate, down(false), 1.95, 0.5)).toBe(2);
    // Searched at the fitted speed, up to before the lowering's deceleration.
    expect(noStart.asked).toEqual([undefined, { runsOnMps: 0.085 }]);
    // Found ending well before the measured end (the lowering ran on through the bottom pause too):
    // its start is taken only where confirmed alone, from rest or not.
    const endsBefore = { ...laterStart, endS: 8.5 };
    expect(loweringStartS(locator(endsBefore, startAt4).locate, down(true), 1.95, 0.5)).toBe(4);
    expect(loweringStartS(locator(endsBefore, () => null).locate, down(true), 1.95, 0.5)).toBe(2);
    // From rest, the fit of both edges is taken as it is.
    expect(loweringStartS(locator(laterStart, () => null).locate, down(true), 1.95, 0.5)).toBe(4);
  });
});

describe('loweringStartedAtTop', () => {
  it('starts a lowering measured from rest at the top when the readings show it set off there', () => {
    // The lift ended at 0.8 s; the lowering was measured from rest at 2 s to 10 s.
    const endAt =
      (endS: number) =>
      (only: OneEdge): LocatedLowering | null =>
        'startedAtS' in only ? { startS: only.startedAtS, endS, speedMps: 0.05 } : null;
    const agrees = locator(null, endAt(9.9));
    expect(loweringStartedAtTop(agrees.locate, down(true), 0.8, 0.5, 10.5)).toBe(0.8);
    expect(agrees.asked).toEqual([{ startedAtS: 0.8 }]);
    // Found ending elsewhere, or not found: the measured top pause stands.
    expect(loweringStartedAtTop(locator(null, endAt(8.5)).locate, down(true), 0.8, 0.5, 10.5)).toBe(2);
    expect(loweringStartedAtTop(locator(null, () => null).locate, down(true), 0.8, 0.5, 10.5)).toBe(2);
    // Measured from a turnaround, or straight after the lift: not looked for.
    const notAsked = locator(null, endAt(9.9));
    expect(loweringStartedAtTop(notAsked.locate, down(false), 0.8, 0.5, 10.5)).toBe(2);
    expect(loweringStartedAtTop(notAsked.locate, down(true), 1.9, 0.5, 10.5)).toBe(2);
    expect(notAsked.asked).toEqual([]);
  });
});

describe('loweringEndS before a bottom pause', () => {
  it('moves the stop of a lowering at rest at both ends to where the readings put it, within 0.5 s', () => {
    const atRest = { ...down(true), endsAtRest: true };
    const stopAt = (startS: number, endS: number) => locator({ startS, endS, speedMps: 0.06 }, () => null);
    // The lift comes 2 s after the measured end: searched to 0.5 s past the stop.
    const found = stopAt(2.05, 9.8);
    expect(loweringEndS(found.locate, atRest, 2, 10, 0.5, 12)).toBe(9.8);
    expect(found.asked).toEqual([undefined]);
    expect(loweringEndS(stopAt(2.05, 9.95).locate, atRest, 2, 10, 0.5, 12)).toBe(10);
    expect(loweringEndS(stopAt(2.05, 9.2).locate, atRest, 2, 10, 0.5, 12)).toBe(10);
    // A fit starting elsewhere is another movement.
    expect(loweringEndS(stopAt(2.4, 9.8).locate, atRest, 2, 10, 0.5, 12)).toBe(10);
    // One whose start moved the same way by over half as much is the lowering shifted as a whole.
    expect(loweringEndS(stopAt(1.9, 9.8).locate, atRest, 2, 10, 0.5, 12)).toBe(10);
    expect(loweringEndS(stopAt(1.95, 9.8).locate, atRest, 2, 10, 0.5, 12)).toBe(9.8);
    // Lowerings down to 1 s long are checked.
    const short = { ...atRest, endS: 3.2 };
    expect(loweringEndS(stopAt(2.03, 3.1).locate, short, 2, 3.2, 0.5, 5)).toBe(3.1);
    expect(loweringEndS(stopAt(2.03, 2.8).locate, { ...short, endS: 2.9 }, 2, 2.9, 0.5, 5)).toBe(2.9);
    // Measured to a turnaround that no lift followed (the velocity error crossed zero before the bar
    // stopped, then was held as rest): looked for alike, and found later too.
    expect(loweringEndS(stopAt(2.05, 10.3).locate, down(true), 2, 10, 0.5, 12)).toBe(10.3);
    // Its end was the error's zero crossing, not a stop: a fit however near is taken.
    expect(loweringEndS(stopAt(2.01, 10.05).locate, down(true), 2, 10, 0.5, 12)).toBe(10.05);
    // Measured from a turnaround: not looked for.
    const notAsked = stopAt(2.05, 9.8);
    expect(loweringEndS(notAsked.locate, { ...atRest, startsFromRest: false }, 2, 10, 0.5, 12)).toBe(10);
    expect(notAsked.asked).toEqual([]);
  });
});

describe('loweringBeforeSlowLift', () => {
  it('fits both edges from the top pause, or from a turnaround the end alone, up to the real lift', () => {
    const stretches: number[][] = [];
    const recording = (full: LocatedLowering | null, oneEdge: (only: OneEdge) => LocatedLowering | null) => {
      const { locate, asked } = locator(full, oneEdge);
      const wrapped: LocateLowering = (fromS, toS, d, only) => {
        stretches.push([fromS, toS, d]);
        return locate(fromS, toS, d, only);
      };
      return { locate: wrapped, asked };
    };
    const endAt11 = (only: OneEdge): LocatedLowering | null =>
      'startedAtS' in only ? { startS: only.startedAtS, endS: 11, speedMps: 0.06 } : null;
    // Measured 2-10 s into a turnaround; the lift rose past its dwell at 11.5 s.
    const fromRest = recording({ startS: 1.9, endS: 10.8, speedMps: 0.06 }, endAt11);
    expect(loweringBeforeSlowLift(fromRest.locate, down(true), 2, 10, 11.5, 0.5)).toEqual({
      startS: 2,
      endS: 10.8,
    });
    expect(stretches[0]).toEqual([2 - 0.8, 11.5, 0.5]);
    const fromTurn = recording(null, endAt11);
    expect(loweringBeforeSlowLift(fromTurn.locate, down(false), 2, 10, 11.5, 0.5)).toEqual({
      startS: 2,
      endS: 11,
    });
    expect(fromTurn.asked).toEqual([undefined, { startedAtS: 2 }]);
    // From rest the end alone is not looked for; a stop well before the measured end is not this one.
    expect(loweringBeforeSlowLift(recording(null, endAt11).locate, down(true), 2, 10, 11.5, 0.5)).toBeNull();
    const early = recording({ startS: 2, endS: 9.5, speedMps: 0.07 }, () => null);
    expect(loweringBeforeSlowLift(early.locate, down(true), 2, 10, 11.5, 0.5)).toBeNull();
  });
});
