import type { CleanSample } from './clean';
import { BiasEstimator } from './bias';

export const STANDARD_GRAVITY_MPS2 = 9.80665;

/**
 * Vertical acceleration from the magnitude of the specific force, minus the gravity reading measured
 * at the last rest. The magnitude does not care how the sensor is mounted or how the bar rolls, and is
 * only second-order wrong under horizontal acceleration (a_h^2 / 2g: a few mm/s^2 on a barbell path).
 *
 * The gyroscope is not used. Projecting onto a gyro-carried "up" vector drifted by whole m/s^2 within
 * seconds on the real recordings (../shared/data/realbar: gyro bias learned while the lifter swayed,
 * batched sample timing) where the magnitude found the reps, and using the rotation rate to judge
 * stillness cost recall on the simulator too (a bar rolls as it moves, even on a slow plateau).
 * Gyro samples are still accepted, validated and recorded.
 */
export class VerticalProjector {
  /** |specific force| at rest, in g (absorbs scale error and bias along the vertical). */
  private restG = 1;
  private initialised = false;
  private readonly bias = new BiasEstimator();
  /** Sum of readings over the current rest, for the bias estimator. */
  private restSumX = 0;
  private restSumY = 0;
  private restSumZ = 0;
  private restCount = 0;
  private lastCalibrationT = NaN;

  /** Vertical acceleration in m/s^2, positive up. */
  verticalAccelMps2(s: CleanSample): number {
    if (!this.initialised) this.initialise(s);
    if (this.restCount > 0 && s.t - this.lastCalibrationT > 0.2) this.closeRest();
    const ax = s.ax - this.bias.bx;
    const ay = s.ay - this.bias.by;
    const az = s.az - this.bias.bz;
    return (Math.sqrt(ax * ax + ay * ay + az * az) - this.restG) * STANDARD_GRAVITY_MPS2;
  }

  /**
   * Called for samples known to be at rest: pulls the gravity reading towards what the sensor reads
   * now. `weight` is the fraction to move (dt / time constant).
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
  }

  /** Back to the state of a new projector (every field, so nothing can be forgotten). */
  reset(): void {
    Object.assign(this, new VerticalProjector());
  }

  /** A rest ended: its mean reading is one more orientation for the bias estimate. */
  private closeRest(): void {
    if (this.restCount >= 10) {
      const n = this.restCount;
      const { bx, by, bz } = this.bias;
      const gx = this.restSumX / n;
      const gy = this.restSumY / n;
      const gz = this.restSumZ / n;
      this.bias.observe(gx, gy, gz);
      // Keep the gravity reference consistent with the new bias (same physical reading at this rest).
      if (bx !== this.bias.bx || by !== this.bias.by || bz !== this.bias.bz) {
        this.restG +=
          Math.hypot(gx - this.bias.bx, gy - this.bias.by, gz - this.bias.bz) -
          Math.hypot(gx - bx, gy - by, gz - bz);
      }
    }
    this.restSumX = this.restSumY = this.restSumZ = 0;
    this.restCount = 0;
  }

  private initialise(s: CleanSample): void {
    this.restG = Math.sqrt(s.ax * s.ax + s.ay * s.ay + s.az * s.az);
    this.initialised = true;
  }
}
