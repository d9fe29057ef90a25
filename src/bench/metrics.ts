/** Pure helpers for the benchmark: interval matching, percentiles, accuracy tallies. No I/O. */

export interface Interval {
  startS: number;
  endS: number;
}

/** Seconds two intervals share (0 when disjoint). */
export function overlapS(a: Interval, b: Interval): number {
  return Math.max(0, Math.min(a.endS, b.endS) - Math.max(a.startS, b.startS));
}

export interface Matching {
  /** [detected index, truth index] pairs, in truth order. */
  pairs: [number, number][];
  unmatchedDetected: number[];
  unmatchedTruth: number[];
}

/**
 * One-to-one matching of detected to true intervals by overlap. Greedy on the largest overlap first, which for
 * intervals of a time series (non-overlapping within each list) gives the optimal assignment in practice and is
 * easy to reason about. A pair needs to share at least `minOverlapFraction` of the shorter interval, so a
 * detection that merely grazes a true rep counts as a false positive plus a miss, not as a badly timed match.
 */
export function matchIntervals(
  detected: readonly Interval[],
  truth: readonly Interval[],
  minOverlapFraction = 0.5,
): Matching {
  const candidates: { d: number; t: number; overlap: number }[] = [];
  detected.forEach((d, di) => {
    truth.forEach((t, ti) => {
      const overlap = overlapS(d, t);
      const shorter = Math.min(d.endS - d.startS, t.endS - t.startS);
      if (overlap > 0 && overlap >= minOverlapFraction * shorter) candidates.push({ d: di, t: ti, overlap });
    });
  });
  candidates.sort((a, b) => b.overlap - a.overlap || a.t - b.t || a.d - b.d);
  const usedD = new Set<number>();
  const usedT = new Set<number>();
  const pairs: [number, number][] = [];
  for (const c of candidates) {
    if (usedD.has(c.d) || usedT.has(c.t)) continue;
    usedD.add(c.d);
    usedT.add(c.t);
    pairs.push([c.d, c.t]);
  }
  pairs.sort((a, b) => a[1] - b[1]);
  return {
    pairs,
    unmatchedDetected: detected.map((_, i) => i).filter((i) => !usedD.has(i)),
    unmatchedTruth: truth.map((_, i) => i).filter((i) => !usedT.has(i)),
  };
}

/** Linear-interpolation percentile (type 7, as numpy/R default), p in [0, 1]; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = Math.min(Math.max(p, 0), 1) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

export const median = (values: readonly number[]): number => percentile(values, 0.5);

/** The eccentric timing tolerance the benchmark reports against: max(40 ms, 3% of the true duration). */
export function eccentricToleranceS(trueDurationS: number): number {
  return Math.max(0.04, 0.03 * trueDurationS);
}

/** Accumulates detection and timing results for one bucket (all, one exercise, one rate band...). */
export class AccuracyTally {
  trueReps = 0;
  detectedReps = 0;
  matchedReps = 0;
  /** |detected - true| eccentric duration, ms, per matched rep. */
  readonly eccentricErrorMs: number[] = [];
  withinTolerance = 0;
  /** Committed eccentric end minus true eccentric end, ms, per matched rep. */
  readonly latencyMs: number[] = [];

  addCounts(trueReps: number, detectedReps: number, matchedReps: number): void {
    this.trueReps += trueReps;
    this.detectedReps += detectedReps;
    this.matchedReps += matchedReps;
  }

  addMatch(detectedEccentricS: number, trueEccentricS: number, latencyS: number): void {
    const errS = Math.abs(detectedEccentricS - trueEccentricS);
    this.eccentricErrorMs.push(errS * 1000);
    if (errS <= eccentricToleranceS(trueEccentricS)) this.withinTolerance++;
    this.latencyMs.push(latencyS * 1000);
  }

  merge(other: AccuracyTally): void {
    this.addCounts(other.trueReps, other.detectedReps, other.matchedReps);
    this.eccentricErrorMs.push(...other.eccentricErrorMs);
    this.latencyMs.push(...other.latencyMs);
    this.withinTolerance += other.withinTolerance;
  }

  /** Share of detections that are true reps; NaN with no detections. */
  get precision(): number {
    return this.detectedReps === 0 ? Number.NaN : this.matchedReps / this.detectedReps;
  }

  /** Share of true reps detected; NaN with no true reps. */
  get recall(): number {
    return this.trueReps === 0 ? Number.NaN : this.matchedReps / this.trueReps;
  }

  get withinToleranceShare(): number {
    return this.matchedReps === 0 ? Number.NaN : this.withinTolerance / this.matchedReps;
  }
}

/** Buckets in the order first seen, created on demand. */
export class Buckets<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly create: () => T) {}

  get(key: string): T {
    let value = this.map.get(key);
    if (value === undefined) {
      value = this.create();
      this.map.set(key, value);
    }
    return value;
  }

  /** Entries sorted by key with the given order (unknown keys last, alphabetically). */
  entries(order: readonly string[] = []): [string, T][] {
    const rank = (k: string): number => {
      const i = order.indexOf(k);
      return i === -1 ? order.length : i;
    };
    return [...this.map.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
  }
}

/** Issue 19's looser band: max(100 ms, 5% of the true duration). */
export function eccentricLooseToleranceS(trueDurationS: number): number {
  return Math.max(0.1, 0.05 * trueDurationS);
}

/**
 * Eccentric timing counted over every true rep, as issue 19 counts it: a missed rep is a wrong one. Signed
 * errors (detected - true) of the found reps give the percentiles.
 */
export class EccentricTimingTally {
  trueReps = 0;
  foundReps = 0;
  readonly signedErrorS: number[] = [];
  within = 0;
  withinLoose = 0;

  /** detectedS null: the rep was not found. */
  add(trueS: number, detectedS: number | null): void {
    this.trueReps++;
    if (detectedS === null) return;
    this.foundReps++;
    const errS = detectedS - trueS;
    this.signedErrorS.push(errS);
    if (Math.abs(errS) <= eccentricToleranceS(trueS)) this.within++;
    if (Math.abs(errS) <= eccentricLooseToleranceS(trueS)) this.withinLoose++;
  }

  get withinShare(): number {
    return this.trueReps === 0 ? Number.NaN : this.within / this.trueReps;
  }

  get withinLooseShare(): number {
    return this.trueReps === 0 ? Number.NaN : this.withinLoose / this.trueReps;
  }
}

/** A yes/no flag against the truth: precision over everything flagged, recall over everything true. */
export class FlagTally {
  truePositives = 0;
  falsePositives = 0;
  falseNegatives = 0;

  add(truth: boolean, flagged: boolean): void {
    if (flagged && truth) this.truePositives++;
    else if (flagged) this.falsePositives++;
    else if (truth) this.falseNegatives++;
  }

  get precision(): number {
    const flagged = this.truePositives + this.falsePositives;
    return flagged === 0 ? Number.NaN : this.truePositives / flagged;
  }

  get recall(): number {
    const positives = this.truePositives + this.falseNegatives;
    return positives === 0 ? Number.NaN : this.truePositives / positives;
  }
}
