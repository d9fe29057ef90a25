import type { CleanSample } from './clean';
import { BiasEstimator } from './bias';

export const STANDARD_GRAVITY_MPS2 = 9.80665;
const DEG_TO_RAD = Math.PI / 180;
/** Time constant of the pull of the gyro-carried "up" towards the mean specific force. */
const UP_CORRECTION_S = 4;
/** Noise alone turns a 0.01 g reading by a few deg/s sample to sample; beyond this the bar is turning. */
const GYRO_BIAS_MAX_TURN_DPS = 5;

/**
 * Projects each sample onto the vertical. With a gyroscope the "up" direction is carried through
 * motion by integrating the angular rate (a bar rolls during squats and curls); without one the
 * magnitude of the specific force is used, which is orientation-free and only second-order wrong
 * under horizontal acceleration. Both subtract the gravity reading measured at the last rest, so
 * the sensor's scale and bias along the vertical cancel out.
 */
export class VerticalProjector {
  /** Unit vector pointing up, in the sensor frame. */
  private ux = 0;
  private uy = 0;
  private uz = 1;
  /** |specific force| at rest, in g (absorbs scale error and bias along the vertical). */
  private restG = 1;
  private gbx = 0;
  private gby = 0;
  private gbz = 0;
  private initialised = false;
  private lastT = NaN;
  private readonly bias = new BiasEstimator();
  /** Sum of readings over the current rest, for the bias estimator. */
  private restSumX = 0;
  private restSumY = 0;
  private restSumZ = 0;
  private restCount = 0;
  private lastCalibrationT = NaN;
  private turnT = NaN;
  private fast: number[] = [0, 0, 1];
  private slow: number[] = [0, 0, 1];

  /** Vertical acceleration in m/s^2 (positive up) and gyro magnitude in deg/s (bias removed). */
  project(s: CleanSample, out: { accelMps2: number; gyroDps: number }): void {
    if (!this.initialised) this.initialise(s);
    if (this.restCount > 0 && s.t - this.lastCalibrationT > 0.2) this.closeRest();
    const ax = s.ax - this.bias.bx;
    const ay = s.ay - this.bias.by;
    const az = s.az - this.bias.bz;
    const hasGyro = !Number.isNaN(s.gx);
    let gyroDps = 0;
    let along: number;
    if (hasGyro) {
      const wx = s.gx - this.gbx;
      const wy = s.gy - this.gby;
      const wz = s.gz - this.gbz;
      gyroDps = Math.sqrt(wx * wx + wy * wy + wz * wz);
      const dt = Number.isNaN(this.lastT) ? 0 : Math.min(s.t - this.lastT, 0.25);
      if (dt > 0 && gyroDps > 0) {
        // A vector fixed in the world, seen from a frame rotating at w, turns by -w x u.
        const k = dt * DEG_TO_RAD;
        const cx = wy * this.uz - wz * this.uy;
        const cy = wz * this.ux - wx * this.uz;
        const cz = wx * this.uy - wy * this.ux;
        this.ux -= cx * k;
        this.uy -= cy * k;
        this.uz -= cz * k;
        const n = Math.sqrt(this.ux * this.ux + this.uy * this.uy + this.uz * this.uz);
        this.ux /= n;
        this.uy /= n;
        this.uz /= n;
      }
      // Complementary filter: over seconds the specific force points up on average, so a slow pull
      // towards it bounds the drift of an integrated gyro (and of a badly estimated gyro bias).
      const m = Math.sqrt(ax * ax + ay * ay + az * az);
      if (dt > 0 && m > 0.8 && m < 1.2) {
        const k = Math.min(dt / UP_CORRECTION_S, 0.05);
        this.ux += k * (ax / m - this.ux);
        this.uy += k * (ay / m - this.uy);
        this.uz += k * (az / m - this.uz);
        const n = Math.sqrt(this.ux * this.ux + this.uy * this.uy + this.uz * this.uz);
        this.ux /= n;
        this.uy /= n;
        this.uz /= n;
      }
      along = ax * this.ux + ay * this.uy + az * this.uz;
    } else {
      along = Math.sqrt(ax * ax + ay * ay + az * az);
    }
    this.lastT = s.t;
    out.accelMps2 = (along - this.restG) * STANDARD_GRAVITY_MPS2;
    out.gyroDps = gyroDps;
  }

  /**
   * Called for samples known to be at rest: pulls "up", the gravity reading and the gyro bias towards
   * what the sensor reads now. `weight` is the fraction to move (dt / time constant).
   */
  calibrate(s: CleanSample, weight: number): void {
    this.restSumX += s.ax;
    this.restSumY += s.ay;
    this.restSumZ += s.az;
    this.restCount++;
    this.lastCalibrationT = s.t;
    const ax = s.ax - this.bias.bx;
    const ay = s.ay - this.bias.by;
    const az = s.az - this.bias.bz;
    const m = Math.sqrt(ax * ax + ay * ay + az * az);
    this.restG += weight * (m - this.restG);
    this.ux += weight * (ax / m - this.ux);
    this.uy += weight * (ay / m - this.uy);
    this.uz += weight * (az / m - this.uz);
    const n = Math.sqrt(this.ux * this.ux + this.uy * this.uy + this.uz * this.uz);
    this.ux /= n;
    this.uy /= n;
    this.uz /= n;
    // The gyro bias is learned only while the accelerometer's direction is not turning: a tracker that
    // has lost the bar calibrates on anything quiet, and a slowly turning bar is quiet too.
    const turnDps = this.accelTurnRateDps(ax / m, ay / m, az / m, s.t);
    if (!Number.isNaN(s.gx) && turnDps < GYRO_BIAS_MAX_TURN_DPS) {
      this.gbx += weight * (s.gx - this.gbx);
      this.gby += weight * (s.gy - this.gby);
      this.gbz += weight * (s.gz - this.gbz);
    }
  }

  /**
   * How fast the measured gravity direction turns, deg/s. Two low-passed copies of the direction lag a
   * steady turn by different amounts (0.3 s apart), so the angle between them over 0.3 s is the turn
   * rate, with the sample noise averaged out.
   */
  private accelTurnRateDps(nx: number, ny: number, nz: number, t: number): number {
    const dt = Number.isNaN(this.turnT) ? 0 : t - this.turnT;
    this.turnT = t;
    if (!(dt > 0 && dt < 0.5)) {
      this.fast = [nx, ny, nz];
      this.slow = [nx, ny, nz];
      return Infinity;
    }
    const kf = Math.min(dt / 0.1, 1);
    const ks = Math.min(dt / 0.4, 1);
    for (let i = 0; i < 3; i++) {
      const v = i === 0 ? nx : i === 1 ? ny : nz;
      this.fast[i] = this.fast[i]! + kf * (v - this.fast[i]!);
      this.slow[i] = this.slow[i]! + ks * (v - this.slow[i]!);
    }
    const [fx, fy, fz] = this.fast as [number, number, number];
    const [sx, sy, sz] = this.slow as [number, number, number];
    const c = (fx * sx + fy * sy + fz * sz) / (Math.hypot(fx, fy, fz) * Math.hypot(sx, sy, sz));
    return (Math.acos(Math.min(Math.max(c, -1), 1)) * 180) / Math.PI / 0.3;
  }

  /** A rest ended: its mean reading is one more orientation for the bias estimate. */
  private closeRest(): void {
    if (this.restCount >= 10) {
      const n = this.restCount;
      const bx = this.bias.bx;
      const by = this.bias.by;
      const bz = this.bias.bz;
      this.bias.observe(this.restSumX / n, this.restSumY / n, this.restSumZ / n);
      // Keep the vertical reference consistent with the new bias (same physical gravity reading).
      const dx = this.bias.bx - bx;
      const dy = this.bias.by - by;
      const dz = this.bias.bz - bz;
      if (dx !== 0 || dy !== 0 || dz !== 0) this.restG -= dx * this.ux + dy * this.uy + dz * this.uz;
    }
    this.restSumX = this.restSumY = this.restSumZ = 0;
    this.restCount = 0;
  }

  reset(): void {
    this.bias.reset();
    this.restSumX = this.restSumY = this.restSumZ = 0;
    this.restCount = 0;
    this.lastCalibrationT = NaN;
    this.turnT = NaN;
    this.initialised = false;
    this.lastT = NaN;
    this.gbx = this.gby = this.gbz = 0;
  }

  private initialise(s: CleanSample): void {
    const m = Math.sqrt(s.ax * s.ax + s.ay * s.ay + s.az * s.az);
    this.restG = m;
    this.ux = s.ax / m;
    this.uy = s.ay / m;
    this.uz = s.az / m;
    this.initialised = true;
  }
}
