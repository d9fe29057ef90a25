import { MAX_ARRIVAL_LAG_S } from '../engine/clean';
import { median } from '../engine/summary';
import type { Sample } from '../engine/types';
import { STANDARD_GRAVITY_MPS2, type CsvOptions } from './csv-options';
import { InputError } from './errors';

/**
 * A row this far behind the latest time so far is out of order for the file. Less is the engine's business:
 * StreamCleaner re-times host-timestamp jitter up to the same lag and drops what lies further back.
 */
export const OUT_OF_ORDER_S = MAX_ARRIVAL_LAG_S;
/** A forward jump this long is not a gap in one recording (a corrupt time, or logs joined days apart). */
export const MAX_GAP_S = 24 * 3600;
/** Rows (in time order) whose readings say which units the file is in. */
const UNIT_SAMPLE_ROWS = 2048;
/** Median |a| (read as g) of a file in m/s^2: gravity, 9.8. One in g reads about 1. */
const MPS2_AS_G = [6, 14] as const;
/** Median |a| (read as m/s^2 and converted) of a file in g: 1/9.8 g. */
const G_AS_MPS2 = [6 / STANDARD_GRAVITY_MPS2 ** 2, 14 / STANDARD_GRAVITY_MPS2 ** 2] as const;
/** Median time step (read as s) of a file in ms: 1-100 (10 Hz-1 kHz); no accelerometer samples every second. */
const MS_AS_S = [1, 100] as const;
/** Median step (read as ms and converted) of a file in seconds: 0.001-0.1 "ms". */
const S_AS_MS = [1e-6, 1e-4] as const;

/**
 * Checks a file's samples as they come (in the order the engine will get them): times that stop going
 * forward, jump a day, or never change, and readings whose size says the unit option is wrong. These are
 * about the FILE; the engine's StreamCleaner deals with the stream (duplicates, garbage, jitter).
 */
export class SampleFileCheck {
  private rowCount = 0;
  private latestS = -Infinity;
  private earliestS = Infinity;
  private previousS = NaN;
  private readonly accelG = new Float64Array(UNIT_SAMPLE_ROWS);
  private readonly stepsS = new Float64Array(UNIT_SAMPLE_ROWS);
  private stepCount = 0;

  constructor(private readonly options: CsvOptions = {}) {}

  get rows(): number {
    return this.rowCount;
  }

  /**
   * Takes samples with their line numbers; returns the index of the first one more than OUT_OF_ORDER_S
   * behind an earlier one (the rest of the batch is not looked at), or -1. Throws InputError for a file
   * that cannot be right whatever the order.
   */
  push(samples: readonly Sample[], lines: readonly number[]): number {
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      const t = s.t;
      if (t < this.latestS - OUT_OF_ORDER_S) return i;
      if (this.rowCount > 0 && t - this.latestS > MAX_GAP_S) throw jumpError(lines[i]!, this.latestS, t);
      const row = this.rowCount++;
      if (row < UNIT_SAMPLE_ROWS) {
        this.accelG[row] = Math.sqrt(s.ax * s.ax + s.ay * s.ay + s.az * s.az);
        const step = t - this.previousS;
        if (step > 0) this.stepsS[this.stepCount++] = step;
        if (row === UNIT_SAMPLE_ROWS - 1) this.checkUnits();
      }
      if (t > this.latestS) this.latestS = t;
      if (t < this.earliestS) this.earliestS = t;
      this.previousS = t;
    }
    return -1;
  }

  /** The checks that need the whole file. */
  finish(): void {
    if (this.rowCount < UNIT_SAMPLE_ROWS) this.checkUnits();
    if (this.rowCount >= 2 && this.earliestS === this.latestS) {
      throw new InputError(
        `All ${this.rowCount.toLocaleString('en-US')} rows have the same time (t = ${this.latestS} s): the time column must advance (is it the right column?)`,
      );
    }
  }

  reset(): void {
    this.rowCount = 0;
    this.latestS = -Infinity;
    this.earliestS = Infinity;
    this.previousS = NaN;
    this.stepCount = 0;
  }

  private checkUnits(): void {
    const n = Math.min(this.rowCount, UNIT_SAMPLE_ROWS);
    const accelG = median(Array.from(this.accelG.subarray(0, n)));
    const stepS = median(Array.from(this.stepsS.subarray(0, this.stepCount)));
    const { accelUnit, timeUnit } = this.options;
    if (accelUnit !== 'mps2' && within(accelG, MPS2_AS_G)) {
      throw new InputError(
        `Acceleration looks like m/s^2 (median |a| ${accelG.toFixed(2)}, where gravity reads 1 g): use --accel-unit mps2`,
      );
    }
    if (accelUnit === 'mps2' && within(accelG, G_AS_MPS2)) {
      throw new InputError(
        `Acceleration looks like g (median |a| ${(accelG * STANDARD_GRAVITY_MPS2).toFixed(3)} read as m/s^2): leave out --accel-unit mps2`,
      );
    }
    if (timeUnit !== 'ms' && within(stepS, MS_AS_S)) {
      throw new InputError(
        `Time looks like milliseconds (median step between rows ${formatStep(stepS)}, read as seconds): use --time-unit ms`,
      );
    }
    if (timeUnit === 'ms' && within(stepS, S_AS_MS)) {
      throw new InputError(
        `Time looks like seconds (median step between rows ${formatStep(stepS * 1000)}, read as milliseconds): leave out --time-unit ms`,
      );
    }
  }
}

function jumpError(lineNumber: number, fromS: number, toS: number): InputError {
  const days = (toS - fromS) / 86400;
  return new InputError(
    `Line ${lineNumber}: time jumps ${days < 1000 ? `${days.toFixed(1)} days` : `${(days / 365.25).toPrecision(3)} years`} forward (t = ${fromS} to ${toS} s): a corrupt time, or logs joined? A recording has no gap over a day`,
  );
}

/** A step as read, without a unit (the point is that the unit is wrong). */
function formatStep(step: number): string {
  return String(Number(step.toPrecision(3)));
}

function within(value: number, [low, high]: readonly [number, number]): boolean {
  return value >= low && value <= high;
}
