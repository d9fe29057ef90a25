import type { IntervalObservation } from './bias';

/**
 * Gravity readings for the bias estimator, as the projector collects them: the mean reading of a
 * rest, and the interval between two steady stretches in which the bar rolled.
 */

interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** A reading that changes by less than this over a rest (or 3 standard errors) is not drifting. */
const MAX_REST_DRIFT_G = 0.004;
/**
 * Rest-to-rest intervals used for the bias: long enough to hold a lift, at most the longest set (10 reps
 * of 8-3-2-3 s: 160 s). A set with no rest at the top (touch-and-go curls) is one interval from the rest
 * before it to the rest after it, and the only thing that pins the bias component that reads as
 * acceleration mid-roll: with 60 s, seed 770's 68 s sets of 7.5-0-X-0 curls never gave one and 17 of
 * 24 negatives read half as long (RUSHED); now 7. Simulator within tolerance (seeds 721-920): 94.32 ->
 * 95.02%; seeds 1-200, 521-720, 921-1120 and the real files unchanged.
 */
const MIN_INTERVAL_S = 0.5;
const MAX_INTERVAL_S = 180;
/** An interval's mean direction must differ this much from both of its rests (the bar rolled between). */
const MIN_INTERVAL_ROLL_COS = Math.cos((5 * Math.PI) / 180);

/** Sums over the samples of one rest: their mean, and whether they drifted along a trend. */
export class RestMean {
  count = 0;
  private t0 = 0;
  private lastT = 0;
  private sumX = 0;
  private sumY = 0;
  private sumZ = 0;
  /** Time sums (t from the first sample), for a straight-line trend per axis. */
  private sumT = 0;
  private sumTT = 0;
  private sumTX = 0;
  private sumTY = 0;
  private sumTZ = 0;
  private sumSq = 0;

  add(tS: number, x: number, y: number, z: number): void {
    if (this.count === 0) this.t0 = tS;
    const t = tS - this.t0;
    this.lastT = tS;
    this.sumX += x;
    this.sumY += y;
    this.sumZ += z;
    this.sumT += t;
    this.sumTT += t * t;
    this.sumTX += t * x;
    this.sumTY += t * y;
    this.sumTZ += t * z;
    this.sumSq += x * x + y * y + z * z;
    this.count++;
  }

  /** Time from the first sample to the last. */
  get spanS(): number {
    return this.count > 0 ? this.lastT - this.t0 : 0;
  }

  mean(): Vec3 {
    const n = this.count;
    return { x: this.sumX / n, y: this.sumY / n, z: this.sumZ / n };
  }

  /**
   * Whether the reading moved along a trend: a bar that rolled during the "rest" (a slow phase taken for
   * one) has a mean reading inside the sphere of gravity readings, which drags the bias fit.
   */
  drifted(): boolean {
    const n = this.count;
    const tMean = this.sumT / n;
    const sTT = this.sumTT - n * tMean * tMean;
    if (!(sTT > 0)) return false;
    const m = this.mean();
    const slopeX = (this.sumTX - n * tMean * m.x) / sTT;
    const slopeY = (this.sumTY - n * tMean * m.y) / sTT;
    const slopeZ = (this.sumTZ - n * tMean * m.z) / sTT;
    // Change over the rest's span (sqrt(12 sTT / n) for even sampling), against its standard error.
    const drift = Math.hypot(slopeX, slopeY, slopeZ) * Math.sqrt((12 * sTT) / n);
    const perAxisSpread = Math.sqrt(Math.max(this.sumSq / n - (m.x * m.x + m.y * m.y + m.z * m.z), 0) / 3);
    return drift > Math.max(MAX_REST_DRIFT_G, 3 * perAxisSpread * Math.sqrt(12 / n));
  }

  clear(): void {
    Object.assign(this, new RestMean());
  }
}

/**
 * The stretch since the last steady anchor (the bar still): time integrals of |f - b0| and of its
 * direction, with b0 the bias estimate when it began, closed by the next anchor into an
 * IntervalObservation (see bias.ts).
 */
export class RollInterval {
  private anchor: Vec3 | null = null;
  private b0: Vec3 = { x: 0, y: 0, z: 0 };
  private lastT = NaN;
  private durationS = 0;
  private magnitude = 0;
  private ux = 0;
  private uy = 0;
  private uz = 0;

  /** Starts a new interval at a steady anchor reading gravity `g`, measured against bias `b0`. */
  open(g: Vec3, b0: Vec3, tS: number): void {
    Object.assign(this, new RollInterval());
    this.anchor = { ...g };
    this.b0 = { ...b0 };
    this.lastT = tS;
  }

  /** Nothing is known of the velocity across a gap: no interval runs through one. */
  cancel(): void {
    this.anchor = null;
  }

  add(tS: number, x: number, y: number, z: number): void {
    if (!this.anchor) return;
    const dt = tS - this.lastT;
    this.lastT = tS;
    const dx = x - this.b0.x;
    const dy = y - this.b0.y;
    const dz = z - this.b0.z;
    const m = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (!(dt > 0 && m > 0)) return;
    this.durationS += dt;
    this.magnitude += m * dt;
    this.ux += (dx / m) * dt;
    this.uy += (dy / m) * dt;
    this.uz += (dz / m) * dt;
  }

  /**
   * The interval as it ends at a steady anchor reading gravity `g`, or null. Only an interval in which
   * the bar rolled counts: without rotation an anchor may be a constant-speed stretch rather than a
   * rest, and rests already pin whatever the bias does along an unrotated vertical.
   */
  close(g: Vec3): IntervalObservation | null {
    const a = this.anchor;
    const T = this.durationS;
    if (!a || T < MIN_INTERVAL_S || T > MAX_INTERVAL_S) return null;
    const ux = this.ux / T;
    const uy = this.uy / T;
    const uz = this.uz / T;
    const u = Math.hypot(ux, uy, uz);
    const cosStart = (ux * a.x + uy * a.y + uz * a.z) / (u * Math.hypot(a.x, a.y, a.z));
    const cosEnd = (ux * g.x + uy * g.y + uz * g.z) / (u * Math.hypot(g.x, g.y, g.z));
    if (Math.max(cosStart, cosEnd) > MIN_INTERVAL_ROLL_COS) return null;
    const b = this.b0;
    return { meanMagnitudeG: this.magnitude / T, ux, uy, uz, b0x: b.x, b0y: b.y, b0z: b.z };
  }
}
