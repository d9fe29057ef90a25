import type { Sample } from './types';

/** Accelerometers we support clip at 16 g; anything far beyond that is a corrupted packet. */
const MAX_ACCEL_G = 20;
const MAX_GYRO_DPS = 5000;
/** A backwards step larger than this is a clock jump, not burst jitter. */
const MAX_BACKSTEP_S = 0.05;

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
  if (!Number.isFinite(s.t) || !Number.isFinite(s.ax) || !Number.isFinite(s.ay) || !Number.isFinite(s.az)) {
    return true;
  }
  if (Math.abs(s.ax) > MAX_ACCEL_G || Math.abs(s.ay) > MAX_ACCEL_G || Math.abs(s.az) > MAX_ACCEL_G)
    return true;
  // A sensor never reads a near-zero vector unless the bar is in free fall, which a lift is not.
  if (s.ax * s.ax + s.ay * s.ay + s.az * s.az < 0.01) return true;
  if (s.gx !== undefined || s.gy !== undefined || s.gz !== undefined) {
    for (const g of [s.gx, s.gy, s.gz]) {
      if (g === undefined || !Number.isFinite(g) || Math.abs(g) > MAX_GYRO_DPS) return true;
    }
  }
  return false;
}

/**
 * Turns what BLE delivers into a clean, strictly increasing stream. Exact repeats of the previous
 * reading are dropped whatever their timestamp (BLE stacks resend a reading with a new arrival time);
 * samples that arrive with the same or a slightly earlier timestamp (burst delivery) are kept and
 * nudged just after their predecessor; a large backwards jump is dropped. Gaps are left as gaps: the
 * cleaner reports nothing about them, the engine does.
 */
export class StreamCleaner {
  readonly stats: CleanStats = { offered: 0, accepted: 0, duplicates: 0, garbage: 0, outOfOrder: 0 };
  private last: CleanSample | null = null;
  /** Typical spacing of accepted samples, for nudging bunched timestamps. */
  private periodS = 0.01;

  process(chunk: readonly Sample[], out: CleanSample[] = []): CleanSample[] {
    for (const s of chunk) {
      this.stats.offered++;
      if (isGarbage(s)) {
        this.stats.garbage++;
        continue;
      }
      const hasGyro = s.gx !== undefined;
      const gx = hasGyro ? (s.gx as number) : NaN;
      const gy = hasGyro ? (s.gy as number) : NaN;
      const gz = hasGyro ? (s.gz as number) : NaN;
      const last = this.last;
      let t = s.t;
      if (last) {
        if (
          s.ax === last.ax &&
          s.ay === last.ay &&
          s.az === last.az &&
          (hasGyro ? gx === last.gx && gy === last.gy && gz === last.gz : Number.isNaN(last.gx))
        ) {
          this.stats.duplicates++;
          continue;
        }
        const dt = t - last.t;
        if (dt <= 0) {
          if (-dt > MAX_BACKSTEP_S) {
            this.stats.outOfOrder++;
            continue;
          }
          t = last.t + this.periodS * 0.25;
        } else if (dt < 1) {
          this.periodS += 0.02 * (Math.min(dt, 0.1) - this.periodS);
        }
      }
      const clean: CleanSample = { t, ax: s.ax, ay: s.ay, az: s.az, gx, gy, gz };
      this.last = clean;
      this.stats.accepted++;
      out.push(clean);
    }
    return out;
  }

  reset(): void {
    this.last = null;
    this.periodS = 0.01;
    Object.assign(this.stats, { offered: 0, accepted: 0, duplicates: 0, garbage: 0, outOfOrder: 0 });
  }
}
