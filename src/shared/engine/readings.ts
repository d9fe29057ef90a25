import { STANDARD_GRAVITY_MPS2 } from './vertical';

/**
 * The raw accelerometer readings of the last few minutes, averaged into short bins: what lets a lowering
 * that read as rest be located afterwards (locate.ts), long after the tracker has forgotten its samples.
 * Bins keep the mean vector, not its magnitude, so the magnitude can be taken with the bias estimate of
 * the moment it is needed.
 */

/** Width of one bin (s). */
export const READING_BIN_S = 0.05;
/** How far back the history reaches at least: a whole set, and the 12 s after it before it is released. */
const KEEP_S = 240;
const CAPACITY = Math.ceil(KEEP_S / READING_BIN_S);
/** A stretch without a reading longer than this is a gap: nothing is located across it. */
const MAX_EMPTY_S = 0.25;

export class ReadingHistory {
  /** Bin k covers [originS + k * READING_BIN_S, +READING_BIN_S); bins before firstBin are forgotten. */
  private originS = NaN;
  private firstBin = 0;
  private n = new Float64Array(2 * CAPACITY);
  private sx = new Float64Array(2 * CAPACITY);
  private sy = new Float64Array(2 * CAPACITY);
  private sz = new Float64Array(2 * CAPACITY);
  /** Bins stored: indices 0..stored-1 hold bins firstBin..firstBin+stored-1. */
  private stored = 0;

  reset(): void {
    Object.assign(this, new ReadingHistory());
  }

  /** Adds one reading (g) taken at `tS` (non-decreasing). */
  push(tS: number, ax: number, ay: number, az: number): void {
    if (Number.isNaN(this.originS)) this.originS = tS;
    const bin = this.binOf(tS);
    let i = bin - this.firstBin;
    if (i < 0) return;
    if (i >= this.n.length) {
      // Keep the newest CAPACITY bins; the shift runs once per CAPACITY bins.
      const drop = i - CAPACITY + 1;
      this.shift(drop);
      i -= drop;
    }
    while (this.stored <= i) {
      this.n[this.stored] = 0;
      this.sx[this.stored] = 0;
      this.sy[this.stored] = 0;
      this.sz[this.stored] = 0;
      this.stored++;
    }
    this.n[i]! += 1;
    this.sx[i]! += ax;
    this.sy[i]! += ay;
    this.sz[i]! += az;
  }

  /**
   * |mean reading - bias| (m/s^2) of each bin from the one holding `fromS` to the one before `toS`, with
   * the time of the first bin's start; empty bins take their neighbour's value. Null when the span is not
   * (or no longer) held, or has a gap.
   */
  magnitudes(
    fromS: number,
    toS: number,
    biasG: readonly [number, number, number],
  ): { startS: number; valuesMps2: Float64Array } | null {
    return this.magnitudesBridging(fromS, toS, biasG, MAX_EMPTY_S, false);
  }

  /**
   * The same, clipped to what is held, with stretches without a reading of up to `maxGapS` bridged by a
   * straight line between the bins either side (BLE links drop seconds of a real set). Null when less
   * than two bins are held there or a longer stretch has no reading.
   */
  magnitudesAcross(
    fromS: number,
    toS: number,
    biasG: readonly [number, number, number],
    maxGapS: number,
  ): { startS: number; valuesMps2: Float64Array } | null {
    if (Number.isNaN(this.originS)) return null;
    const heldFromS = this.originS + this.firstBin * READING_BIN_S;
    const heldToS = this.originS + (this.firstBin + this.stored) * READING_BIN_S;
    return this.magnitudesBridging(Math.max(fromS, heldFromS), Math.min(toS, heldToS), biasG, maxGapS, true);
  }

  private magnitudesBridging(
    fromS: number,
    toS: number,
    biasG: readonly [number, number, number],
    maxEmptyS: number,
    interpolate: boolean,
  ): { startS: number; valuesMps2: Float64Array } | null {
    if (Number.isNaN(this.originS) || !(toS > fromS)) return null;
    const from = this.binOf(fromS) - this.firstBin;
    const to = this.binOf(toS) - this.firstBin;
    if (from < 0 || to > this.stored || to - from < 2) return null;
    const values = new Float64Array(to - from);
    let emptyRun = 0;
    for (let k = from; k < to; k++) {
      const count = this.n[k]!;
      if (count === 0) {
        if (k === from || ++emptyRun * READING_BIN_S > maxEmptyS) return null;
        values[k - from] = values[k - from - 1]!;
        continue;
      }
      if (interpolate && emptyRun > 0) {
        // The held value of the empty bins, replaced by a line to this bin's.
        const before = values[k - from - emptyRun - 1]!;
        const now = this.magnitudeOf(k, biasG);
        for (let j = 1; j <= emptyRun; j++) {
          values[k - from - emptyRun - 1 + j] = before + ((now - before) * j) / (emptyRun + 1);
        }
      }
      emptyRun = 0;
      values[k - from] = this.magnitudeOf(k, biasG);
    }
    return { startS: this.originS + (this.firstBin + from) * READING_BIN_S, valuesMps2: values };
  }

  private magnitudeOf(k: number, biasG: readonly [number, number, number]): number {
    const count = this.n[k]!;
    return (
      Math.hypot(
        this.sx[k]! / count - biasG[0],
        this.sy[k]! / count - biasG[1],
        this.sz[k]! / count - biasG[2],
      ) * STANDARD_GRAVITY_MPS2
    );
  }

  /** The bin holding time `tS` (a time on a bin's edge, give or take rounding, opens that bin). */
  private binOf(tS: number): number {
    return Math.floor((tS - this.originS) / READING_BIN_S + 1e-9);
  }

  private shift(drop: number): void {
    const keep = Math.max(this.stored - drop, 0);
    for (const a of [this.n, this.sx, this.sy, this.sz]) a.copyWithin(0, drop, drop + keep);
    this.stored = keep;
    this.firstBin += drop;
  }
}
