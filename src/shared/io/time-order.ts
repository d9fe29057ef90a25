import type { Sample } from '../engine/types';
import { InputError } from './errors';
import { OUT_OF_ORDER_S } from './file-checks';

/**
 * A stretch of rows this long in time order is a log of its own: a shuffle never makes one (the odds are
 * 1 in 50!), a clock reset or two logs joined always do.
 */
const LONG_RUN_ROWS = 50;

interface Run {
  first: number;
  minS: number;
  maxS: number;
}

export interface TimeOrder {
  /** Indices into the samples in time order (stable: equal times keep file order). */
  order: Uint32Array;
  /** Rows more than OUT_OF_ORDER_S behind an earlier row in the file. */
  outOfOrderRows: number;
}

/**
 * Puts a whole file's rows in time order, or refuses when that would interleave two logs: when the file holds
 * long stretches in order whose times overlap (a clock reset, or two logs joined), sorting would merge them
 * into one nonsense stream, so it throws InputError naming the line where time went back.
 */
export function orderByTime(samples: readonly Sample[], lines: readonly number[]): TimeOrder {
  const n = samples.length;
  const longRuns: Run[] = [];
  let outOfOrderRows = 0;
  let latestS = -Infinity;
  let run: Run = { first: 0, minS: Infinity, maxS: -Infinity };
  const closeRun = (end: number): void => {
    if (end - run.first >= LONG_RUN_ROWS) longRuns.push(run);
  };
  for (let i = 0; i < n; i++) {
    const t = samples[i]!.t;
    if (t < latestS - OUT_OF_ORDER_S) outOfOrderRows++;
    if (t > latestS) latestS = t;
    if (i > 0 && t < samples[i - 1]!.t - OUT_OF_ORDER_S) {
      closeRun(i);
      run = { first: i, minS: Infinity, maxS: -Infinity };
    }
    if (t < run.minS) run.minS = t;
    if (t > run.maxS) run.maxS = t;
  }
  closeRun(n);
  const overlap = firstOverlap(longRuns);
  if (overlap !== -1) {
    const line = lines[overlap]!;
    throw new InputError(
      `Line ${line}: time goes back from ${samples[overlap - 1]!.t} s to ${samples[overlap]!.t} s, and the rows from there overlap earlier rows in time (a clock reset, or two logs joined?), so they cannot be put in one order: split the file at line ${line} and analyse each part`,
    );
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => samples[a]!.t - samples[b]!.t || a - b);
  return { order, outOfOrderRows };
}

/** The first row (in file order) of a long run overlapping an earlier-starting one in time, or -1. */
function firstOverlap(runs: Run[]): number {
  const byStart = [...runs].sort((a, b) => a.minS - b.minS);
  let reach: Run | null = null;
  let found = -1;
  for (const r of byStart) {
    if (reach && r.minS < reach.maxS - OUT_OF_ORDER_S) {
      const later = Math.max(r.first, reach.first);
      if (found === -1 || later < found) found = later;
    }
    if (!reach || r.maxS > reach.maxS) reach = r;
  }
  return found;
}
