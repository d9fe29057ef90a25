import { describe, expect, it } from 'vitest';
import {
  AccuracyTally,
  EccentricTimingTally,
  FlagTally,
  Buckets,
  eccentricToleranceS,
  matchIntervals,
  median,
  overlapS,
  percentile,
} from '../../src/bench/metrics';

const iv = (startS: number, endS: number) => ({ startS, endS });

describe('overlapS', () => {
  it('measures shared time, 0 when disjoint or touching', () => {
    expect(overlapS(iv(0, 2), iv(1, 3))).toBe(1);
    expect(overlapS(iv(0, 1), iv(1, 2))).toBe(0);
    expect(overlapS(iv(0, 1), iv(5, 6))).toBe(0);
    expect(overlapS(iv(0, 10), iv(2, 3))).toBe(1);
  });
});

describe('matchIntervals', () => {
  it('pairs each true interval with the detection overlapping it most, one to one', () => {
    const truth = [iv(0, 2), iv(5, 7), iv(10, 12)];
    const detected = [iv(5.1, 7.05), iv(0.05, 1.9), iv(20, 21)];
    expect(matchIntervals(detected, truth)).toEqual({
      pairs: [
        [1, 0],
        [0, 1],
      ],
      unmatchedDetected: [2],
      unmatchedTruth: [2],
    });
  });

  it('gives a true interval to only one of two detections covering it', () => {
    const m = matchIntervals([iv(0, 1.2), iv(1.0, 2)], [iv(0, 2)]);
    expect(m.pairs).toEqual([[0, 0]]);
    expect(m.unmatchedDetected).toEqual([1]);
  });

  it('rejects a graze below the minimum overlap fraction of the shorter interval', () => {
    expect(matchIntervals([iv(1.8, 4)], [iv(0, 2)]).pairs).toEqual([]); // 0.2 of 2 s
    expect(matchIntervals([iv(1.8, 4)], [iv(0, 2)], 0.05).pairs).toEqual([[0, 0]]);
  });

  it('handles empty lists', () => {
    expect(matchIntervals([], [iv(0, 1)])).toEqual({ pairs: [], unmatchedDetected: [], unmatchedTruth: [0] });
    expect(matchIntervals([iv(0, 1)], [])).toEqual({ pairs: [], unmatchedDetected: [0], unmatchedTruth: [] });
  });
});

describe('percentile', () => {
  it('interpolates linearly between order statistics (numpy default)', () => {
    const v = [10, 1, 4, 2, 3]; // sorted 1 2 3 4 10
    expect(median(v)).toBe(3);
    expect(percentile(v, 0)).toBe(1);
    expect(percentile(v, 1)).toBe(10);
    expect(percentile(v, 0.95)).toBeCloseTo(8.8, 12); // pos 3.8: 4 + 0.8 x 6
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(percentile([7], 0.95)).toBe(7);
  });

  it('is NaN for no values and does not reorder the input', () => {
    expect(percentile([], 0.5)).toBeNaN();
    const v = [3, 1, 2];
    median(v);
    expect(v).toEqual([3, 1, 2]);
  });
});

describe('AccuracyTally', () => {
  it('computes precision, recall and the share within max(40 ms, 3%)', () => {
    expect(eccentricToleranceS(1)).toBe(0.04);
    expect(eccentricToleranceS(4)).toBeCloseTo(0.12, 12);
    const t = new AccuracyTally();
    t.addCounts(10, 8, 8);
    t.addMatch(1.03, 1.0, 0.05); // 30 ms <= 40 ms
    t.addMatch(1.05, 1.0, 0.07); // 50 ms > 40 ms
    t.addMatch(3.9, 4.0, 0.06); // 100 ms <= 120 ms
    expect(t.precision).toBe(1);
    expect(t.recall).toBe(0.8);
    expect(t.withinTolerance).toBe(2);
    expect(t.eccentricErrorMs.map(Math.round)).toEqual([30, 50, 100]);
    expect(t.latencyMs.map(Math.round)).toEqual([50, 70, 60]);
    const all = new AccuracyTally();
    all.merge(t);
    all.merge(t);
    expect(all.trueReps).toBe(20);
    expect(all.eccentricErrorMs).toHaveLength(6);
    expect(all.withinTolerance).toBe(4);
  });

  it('reports NaN rather than a fake 100% when there is nothing to measure', () => {
    const t = new AccuracyTally();
    expect(t.precision).toBeNaN();
    expect(t.recall).toBeNaN();
    expect(t.withinToleranceShare).toBeNaN();
  });
});

describe('Buckets', () => {
  it('creates on demand and lists in the given order, unknown keys last', () => {
    const b = new Buckets(() => ({ n: 0 }));
    b.get('curl').n++;
    b.get('squat').n++;
    b.get('squat').n++;
    b.get('aaa').n++;
    expect(b.entries(['squat', 'bench', 'curl'])).toEqual([
      ['squat', { n: 2 }],
      ['curl', { n: 1 }],
      ['aaa', { n: 1 }],
    ]);
  });
});

describe('issue 19 tallies', () => {
  it('EccentricTimingTally counts a missed rep as wrong and keeps signed errors of the found ones', () => {
    const t = new EccentricTimingTally();
    t.add(5, 5.1); // 100 ms on 5 s: inside max(40 ms, 3%) = 150 ms
    t.add(1, 1.06); // 60 ms on 1 s: outside 40 ms, inside 100 ms
    t.add(2, 1.7); // -300 ms: outside both
    t.add(3, null); // missed
    expect(t.trueReps).toBe(4);
    expect(t.foundReps).toBe(3);
    expect(t.within).toBe(1);
    expect(t.withinLoose).toBe(2);
    expect(t.withinShare).toBe(0.25);
    expect(t.signedErrorS.map((e) => Math.round(e * 1000))).toEqual([100, 60, -300]);
  });

  it('FlagTally: precision over the flags, recall over the true cases', () => {
    const f = new FlagTally();
    f.add(true, true);
    f.add(true, false);
    f.add(false, true);
    f.add(false, true);
    f.add(false, false);
    expect(f.precision).toBeCloseTo(1 / 3, 12);
    expect(f.recall).toBe(0.5);
    expect(new FlagTally().precision).toBeNaN();
  });
});
