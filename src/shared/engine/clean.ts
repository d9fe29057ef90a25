import type { Sample } from './types';

/** Accelerometers we support clip at 16 g; anything far beyond that is a corrupted packet. */
const MAX_ACCEL_G = 20;
const MAX_GYRO_DPS = 5000;

export interface CleanStats {
  offered: number;
  accepted: number;
  duplicates: number;
  garbage: number;
  outOfOrder: number;
}

/** A sample the engine accepted: finite, in range, strictly later than its predecessor. */
export interface CleanSample {
  t: number;
  ax: number;
  ay: number;
  az: number;
  /** NaN when the sensor has no gyroscope. */
  gx: number;
  gy: number;
  gz: number;
}

function isGarbage(s: Sample): boolean {
  if (!Number.isFinite(s.t)) return true;
  // One comparison per axis: NaN and +-Infinity fail it too.
  if (!(Math.abs(s.ax) <= MAX_ACCEL_G && Math.abs(s.ay) <= MAX_ACCEL_G && Math.abs(s.az) <= MAX_ACCEL_G))
    return true;
  // A sensor never reads a near-zero vector unless the bar is in free fall, which a lift is not.
  if (s.ax * s.ax + s.ay * s.ay + s.az * s.az < 0.01) return true;
  if (s.gx !== undefined || s.gy !== undefined || s.gz !== undefined) {
    return !isGyroReading(s.gx) || !isGyroReading(s.gy) || !isGyroReading(s.gz);
  }
  return false;
}

function isGyroReading(g: number | undefined): boolean {
  return g !== undefined && Math.abs(g) <= MAX_GYRO_DPS;
}

/** Samples over which the nominal sample period is measured. */
const PERIOD_WINDOW = 128;
/** Host timestamps lag acquisition by up to one BLE connection interval plus latency. */
export const MAX_ARRIVAL_LAG_S = 0.06;
/** An arrival this far beyond the expected time is a real gap (lost packets), not jitter. */
const MIN_GAP_JUMP_S = 0.12;

/**
 * Turns what BLE delivers into a clean, evenly timed stream. Exact repeats of the previous reading are
 * dropped whatever their timestamp (BLE stacks resend a reading with a new arrival time); a large
 * backwards jump is dropped. Timestamps are re-timed: a sensor samples at a steady rate, but host
 * arrival times come in bursts (several samples within a millisecond, then a connection interval of
 * nothing), which would weight some samples 50 times more than others when integrating. Each sample is
 * placed one nominal period after its predecessor, never later than its own arrival and never more than
 * MAX_ARRIVAL_LAG_S earlier; a jump much larger than that is kept as a gap.
 */
export class StreamCleaner {
  readonly stats: CleanStats = { offered: 0, accepted: 0, duplicates: 0, garbage: 0, outOfOrder: 0 };
  /** The last accepted sample (a copy: `accept` writes into the caller's object, which may be reused). */
  private readonly last: CleanSample = { t: NaN, ax: NaN, ay: NaN, az: NaN, gx: NaN, gy: NaN, gz: NaN };
  private hasLast = false;
  private lastRawT = NaN;
  /** Raw times of the last PERIOD_WINDOW accepted samples (ring), for the nominal period. */
  private readonly rawTimes = new Float64Array(PERIOD_WINDOW);
  private count = 0;

  process(chunk: readonly Sample[], out: CleanSample[] = []): CleanSample[] {
    for (const s of chunk) {
      const clean: CleanSample = { t: 0, ax: 0, ay: 0, az: 0, gx: 0, gy: 0, gz: 0 };
      if (this.accept(s, clean)) out.push(clean);
    }
    return out;
  }

  /**
   * Cleans one sample into `into` (overwritten only when accepted) and says whether it was accepted. The
   * engine's per-sample path: one reused object instead of one allocation per sample.
   */
  accept(s: Sample, into: CleanSample): boolean {
    this.stats.offered++;
    if (isGarbage(s)) {
      this.stats.garbage++;
      return false;
    }
    const hasGyro = s.gx !== undefined;
    const gx = hasGyro ? (s.gx as number) : NaN;
    const gy = hasGyro ? (s.gy as number) : NaN;
    const gz = hasGyro ? (s.gz as number) : NaN;
    const last = this.last;
    let t = s.t;
    if (this.hasLast) {
      if (
        s.ax === last.ax &&
        s.ay === last.ay &&
        s.az === last.az &&
        (hasGyro ? gx === last.gx && gy === last.gy && gz === last.gz : Number.isNaN(last.gx))
      ) {
        this.stats.duplicates++;
        return false;
      }
      if (s.t < this.lastRawT - MAX_ARRIVAL_LAG_S) {
        this.stats.outOfOrder++;
        return false;
      }
      t = this.retime(s.t, last.t);
    }
    this.rawTimes[this.count % PERIOD_WINDOW] = s.t;
    this.count++;
    this.lastRawT = Number.isNaN(this.lastRawT) ? s.t : Math.max(this.lastRawT, s.t);
    last.t = into.t = t;
    last.ax = into.ax = s.ax;
    last.ay = into.ay = s.ay;
    last.az = into.az = s.az;
    last.gx = into.gx = gx;
    last.gy = into.gy = gy;
    last.gz = into.gz = gz;
    this.hasLast = true;
    this.stats.accepted++;
    return true;
  }

  private retime(rawT: number, lastT: number): number {
    const n = Math.min(this.count, PERIOD_WINDOW);
    if (n < 8) return Math.max(rawT, lastT + 1e-4);
    const oldest = this.rawTimes[(this.count - n) % PERIOD_WINDOW]!;
    const newest = this.rawTimes[(this.count - 1) % PERIOD_WINDOW]!;
    const periodS = (newest - oldest) / (n - 1);
    const expected = lastT + periodS;
    if (rawT - expected > Math.max(MIN_GAP_JUMP_S, 4 * periodS) + MAX_ARRIVAL_LAG_S) return rawT;
    const t = Math.min(Math.max(expected, rawT - MAX_ARRIVAL_LAG_S), rawT);
    return Math.max(t, lastT + 1e-4);
  }

  reset(): void {
    this.hasLast = false;
    this.lastRawT = NaN;
    this.count = 0;
    Object.assign(this.stats, { offered: 0, accepted: 0, duplicates: 0, garbage: 0, outOfOrder: 0 });
  }
}
