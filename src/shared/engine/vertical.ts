import type { CleanSample } from './clean';
import { BiasEstimator } from './bias';
import { RestMean, RollInterval } from './gravity';

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
/** Length of one window of the steady-reading watch (see watchSteady). */
const STEADY_WINDOW_S = 0.4;
/** A window whose per-axis spread exceeds this is moving or rotating (sensor noise is 0.005-0.02 g). */
const STEADY_MAX_SPREAD_G = 0.035;
/** Two steady windows whose means differ by more than this (or 3 standard errors) were accelerating. */
const STEADY_MAX_DRIFT_G = 0.004;
/** Two steady windows whose spreads differ more than this factor: one holds motion the other lacks. */
const STEADY_MAX_SPREAD_RATIO = 1.5;
/** A rest shorter than this is not measured for the bias (it may be the end of a deceleration). */
const MIN_REST_FOR_BIAS_S = 0.3;
/** A first reading further than this from 1 g is not taken for gravity (see initialise). */
const MAX_FIRST_READING_OFFSET_G = 0.05;
/** Samples further apart than this break the watch (a gap). */
const STEADY_MAX_STEP_S = 0.25;

export class VerticalProjector {
  /** |specific force| at rest, in g (absorbs scale error and bias along the vertical). */
  private restG = 1;
  private initialised = false;
  private readonly bias = new BiasEstimator();
  /** The readings of the current rest, for the bias estimator. */
  private readonly rest = new RestMean();
  private lastCalibrationT = NaN;
  /** Mean reading of the last rest (g), to keep restG consistent when the bias estimate moves. */
  private lastRest: { x: number; y: number; z: number } | null = null;
  /** Running sums of the current steady-watch window. */
  private winStartT = NaN;
  private winLastT = NaN;
  private winN = 0;
  private winX = 0;
  private winY = 0;
  private winZ = 0;
  private winXX = 0;
  private winYY = 0;
  private winZZ = 0;
  /** The stretch since the last steady anchor, for the bias estimator. */
  private readonly interval = new RollInterval();
  /** Mean of the previous window, when it was steady. */
  private prevSteady: { x: number; y: number; z: number; n: number; spread: number } | null = null;

  /** The accelerometer bias estimated so far (g, sensor frame). */
  get biasG(): readonly [number, number, number] {
    return [this.bias.bx, this.bias.by, this.bias.bz];
  }

  /** Vertical acceleration in m/s^2, positive up. */
  verticalAccelMps2(s: CleanSample): number {
    if (!this.initialised) this.initialise(s);
    if (this.rest.count > 0 && s.t - this.lastCalibrationT > 0.2) this.closeRest();
    this.interval.add(s.t, s.ax, s.ay, s.az);
    this.watchSteady(s);
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
    this.rest.add(s.t, s.ax, s.ay, s.az);
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
    const rest = this.rest;
    if (rest.count >= 10 && rest.spanS >= MIN_REST_FOR_BIAS_S && !rest.drifted()) {
      const g = rest.mean();
      this.lastRest = g;
      this.observeGravity(g.x, g.y, g.z);
    }
    rest.clear();
  }

  /**
   * A reading of gravity alone (plus bias): from a rest, or from any stretch without acceleration. A bar
   * lowered at a constant speed reads exactly what it reads at rest, so steady stretches count whether
   * the bar moves or not; they matter where the tracker cannot confirm a rest, such as the top of a curl,
   * where the bar has rolled ~120 degrees and an unknown bias reads as a constant acceleration. Returns
   * whether the bias estimator believed it (see BiasEstimator.observe).
   */
  private observeGravity(gx: number, gy: number, gz: number, endsInterval = false): boolean {
    const { bx, by, bz } = this.bias;
    const believed = this.bias.observe(gx, gy, gz, !endsInterval);
    // A steady stretch not believed as gravity anchors no interval either: the one open runs on.
    const interval = endsInterval && believed ? this.interval.close({ x: gx, y: gy, z: gz }) : null;
    if (interval) this.bias.observeInterval(interval);
    if (bx !== this.bias.bx || by !== this.bias.by || bz !== this.bias.bz) {
      // Keep the gravity reference consistent with the new bias (same physical reading at the last rest).
      const r = this.lastRest ?? { x: gx, y: gy, z: gz };
      this.restG +=
        Math.hypot(r.x - this.bias.bx, r.y - this.bias.by, r.z - this.bias.bz) -
        Math.hypot(r.x - bx, r.y - by, r.z - bz);
    }
    return believed;
  }

  /**
   * Watches the raw reading in windows of STEADY_WINDOW_S: two consecutive windows that are each free of
   * motion and rotation (small per-axis spread) and agree in mean read gravity alone.
   */
  private watchSteady(s: CleanSample): void {
    if (!(s.t - this.winLastT <= STEADY_MAX_STEP_S)) {
      this.startWindow(s.t);
      this.prevSteady = null;
      this.interval.cancel();
    }
    this.winLastT = s.t;
    this.winN++;
    this.winX += s.ax;
    this.winY += s.ay;
    this.winZ += s.az;
    this.winXX += s.ax * s.ax;
    this.winYY += s.ay * s.ay;
    this.winZZ += s.az * s.az;
    if (s.t - this.winStartT < STEADY_WINDOW_S || this.winN < 8) return;
    const n = this.winN;
    const x = this.winX / n;
    const y = this.winY / n;
    const z = this.winZ / n;
    const spread = Math.sqrt(
      Math.max(this.winXX / n - x * x, this.winYY / n - y * y, this.winZZ / n - z * z, 0),
    );
    this.startWindow(s.t);
    if (spread > STEADY_MAX_SPREAD_G) {
      this.prevSteady = null;
      return;
    }
    const prev = this.prevSteady;
    this.prevSteady = { x, y, z, n, spread };
    if (!prev) return;
    const standardError = Math.max(spread, prev.spread) * Math.sqrt(1 / n + 1 / prev.n);
    if (Math.hypot(x - prev.x, y - prev.y, z - prev.z) > Math.max(STEADY_MAX_DRIFT_G, 3 * standardError))
      return;
    if (Math.max(spread, prev.spread) > STEADY_MAX_SPREAD_RATIO * Math.min(spread, prev.spread)) return;
    const gx = (x + prev.x) / 2;
    const gy = (y + prev.y) / 2;
    const gz = (z + prev.z) / 2;
    if (!this.observeGravity(gx, gy, gz, true)) return;
    const b = this.bias;
    this.interval.open({ x: gx, y: gy, z: gz }, { x: b.bx, y: b.by, z: b.bz }, s.t);
  }

  private startWindow(t: number): void {
    this.winStartT = t;
    this.winN = 0;
    this.winX = this.winY = this.winZ = 0;
    this.winXX = this.winYY = this.winZZ = 0;
  }

  private initialise(s: CleanSample): void {
    // A stream may start mid-set: a first reading that far from 1 g is the bar accelerating, not gravity,
    // and taken for gravity it would offset everything until the first rest (a set with no rest at all:
    // every rep). Calibrated sensors read 1 g within a few per cent at rest.
    const magnitudeG = Math.sqrt(s.ax * s.ax + s.ay * s.ay + s.az * s.az);
    this.restG = Math.abs(magnitudeG - 1) > MAX_FIRST_READING_OFFSET_G ? 1 : magnitudeG;
    this.initialised = true;
  }
}
