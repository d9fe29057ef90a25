/**
 * Turns the bar trajectory into what a bar-mounted IMU and its radio link deliver: specific force in the
 * sensor frame (gravity included, +1 g up at rest) with bias, noise and clipping, the gyro's angular rate,
 * and the timing of the link (device clock or bunched host arrival), with duplicates, drops and garbage.
 */
import type { Sample } from '../engine/types';
import { AX, AY, AZ, IMPACT_DECAYS, STATE_SIZE, VZ, Z, type Impact, type Trajectory } from './motion';
import type { Rng } from './random';
import type { EulerDeg, SensorParams } from './scenario';

export const STANDARD_GRAVITY_MPS2 = 9.80665;
const RAD_TO_DEG = 180 / Math.PI;
const GYRO_CLIP_DPS = 2000;
/** Device-clock packets: samples travel in packets of about this much time; a lost packet is a gap. */
const DEVICE_PACKET_S = 0.02;
/** Once a packet is lost the next one is lost with this chance: radio losses come in runs. */
const DROP_CONTINUE_PROBABILITY = 0.5;
/** Mean extra host-side delay per burst (OS scheduling), exponential. */
const HOST_JITTER_MEAN_S = 0.001;

/** Fixed per-session properties of the simulated sensor. */
export interface SensorSetup {
  /** Row-major rotation taking sensor-frame vectors to the bar frame: v_bar = M v_sensor. */
  mounting: Float64Array;
  accelBiasG: [number, number, number];
  /** Per-axis gain: reading = (1 + scale error) x true specific force + bias. */
  accelGain: [number, number, number];
  gyroBiasDps: [number, number, number];
  /** Bar tilt (about world x) and roll (about the bar's long axis y), radians per metre of bar height. */
  tiltRadPerM: number;
  rollRadPerM: number;
  hostIntervalS: number;
}

/** Rz(yaw) Ry(pitch) Rx(roll), row-major. */
export function rotationFromEuler(e: EulerDeg): Float64Array {
  const [r, p, y] = [e.rollDeg, e.pitchDeg, e.yawDeg].map((d) => (d * Math.PI) / 180) as [
    number,
    number,
    number,
  ];
  const cr = Math.cos(r);
  const sr = Math.sin(r);
  const cp = Math.cos(p);
  const sp = Math.sin(p);
  const cy = Math.cos(y);
  const sy = Math.sin(y);
  return Float64Array.of(
    cy * cp,
    cy * sp * sr - sy * cr,
    cy * sp * cr + sy * sr,
    sy * cp,
    sy * sp * sr + cy * cr,
    sy * sp * cr - cy * sr,
    -sp,
    cp * sr,
    cp * cr,
  );
}

/** Uniformly random rotation (Shoemake's random unit quaternion). */
export function randomRotation(rng: Rng): Float64Array {
  const u1 = rng.next();
  const u2 = 2 * Math.PI * rng.next();
  const u3 = 2 * Math.PI * rng.next();
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  const w = a * Math.sin(u2);
  const x = a * Math.cos(u2);
  const y = b * Math.sin(u3);
  const z = b * Math.cos(u3);
  return Float64Array.of(
    1 - 2 * (y * y + z * z),
    2 * (x * y - z * w),
    2 * (x * z + y * w),
    2 * (x * y + z * w),
    1 - 2 * (x * x + z * z),
    2 * (y * z - x * w),
    2 * (x * z - y * w),
    2 * (y * z + x * w),
    1 - 2 * (x * x + y * y),
  );
}

export function createSensorSetup(
  params: SensorParams,
  rng: Rng,
  tiltRadPerM: number,
  rollRadPerM: number,
): SensorSetup {
  const mounting = params.mounting === 'random' ? randomRotation(rng) : rotationFromEuler(params.mounting);
  const b = params.accelBiasMaxG;
  const drawn: [number, number, number] = [rng.uniform(-b, b), rng.uniform(-b, b), rng.uniform(-b, b)];
  const accelBiasG: [number, number, number] = params.accelBiasG ? [...params.accelBiasG] : drawn;
  const g = params.gyroBiasMaxDps;
  const gyroBiasDps: [number, number, number] = [rng.uniform(-g, g), rng.uniform(-g, g), rng.uniform(-g, g)];
  const hostIntervalS = params.hostIntervalS ?? rng.uniform(0.0075, 0.05);
  // Drawn last and only when asked, so sessions without scale error keep every earlier draw.
  const e = params.accelScaleErrorMax;
  const scale: readonly [number, number, number] =
    params.accelScaleError ??
    (e > 0 ? [rng.uniform(-e, e), rng.uniform(-e, e), rng.uniform(-e, e)] : [0, 0, 0]);
  const accelGain: [number, number, number] = [1 + scale[0], 1 + scale[1], 1 + scale[2]];
  return { mounting, accelBiasG, accelGain, gyroBiasDps, tiltRadPerM, rollRadPerM, hostIntervalS };
}

/**
 * Noise-free specific force (g) and angular rate (deg/s) in the sensor frame for a trajectory state.
 * Bar orientation R = Rx(tilt) Ry(roll), both proportional to bar height; sensor frame = R M.
 * out: [fx, fy, fz, gx, gy, gz].
 */
export function idealReading(setup: SensorSetup, state: Float64Array, out: Float64Array): void {
  const z = state[Z] as number;
  const vz = state[VZ] as number;
  const fx = (state[AX] as number) / STANDARD_GRAVITY_MPS2;
  const fy = (state[AY] as number) / STANDARD_GRAVITY_MPS2;
  const fz = (state[AZ] as number) / STANDARD_GRAVITY_MPS2 + 1;
  const alpha = setup.tiltRadPerM * z;
  const beta = setup.rollRadPerM * z;
  const ca = Math.cos(alpha);
  const sa = Math.sin(alpha);
  const cb = Math.cos(beta);
  const sb = Math.sin(beta);
  // World -> bar: Ry(beta)^T Rx(alpha)^T f.
  const ux = fx;
  const uy = ca * fy + sa * fz;
  const uz = -sa * fy + ca * fz;
  const bx = cb * ux - sb * uz;
  const by = uy;
  const bz = sb * ux + cb * uz;
  // Angular rate in the bar frame: alpha' Ry(beta)^T e_x + beta' e_y.
  const da = setup.tiltRadPerM * vz;
  const db = setup.rollRadPerM * vz;
  const wx = da * cb;
  const wy = db;
  const wz = da * sb;
  const m = setup.mounting;
  const m0 = m[0] as number;
  const m1 = m[1] as number;
  const m2 = m[2] as number;
  const m3 = m[3] as number;
  const m4 = m[4] as number;
  const m5 = m[5] as number;
  const m6 = m[6] as number;
  const m7 = m[7] as number;
  const m8 = m[8] as number;
  // Bar -> sensor: M^T.
  out[0] = m0 * bx + m3 * by + m6 * bz;
  out[1] = m1 * bx + m4 * by + m7 * bz;
  out[2] = m2 * bx + m5 * by + m8 * bz;
  out[3] = (m0 * wx + m3 * wy + m6 * wz) * RAD_TO_DEG;
  out[4] = (m1 * wx + m4 * wy + m7 * wz) * RAD_TO_DEG;
  out[5] = (m2 * wx + m5 * wy + m8 * wz) * RAD_TO_DEG;
}

/** What went wrong on purpose, for tests and benchmarks (times on the acquisition clock). */
export interface FlawLog {
  duplicates: number;
  garbage: number;
  droppedSamples: number;
  /** Each lost run: acquisition times of its first and last lost sample. */
  droppedRuns: { startS: number; endS: number }[];
}

/** Vertical acceleration (m/s^2) of the impacts ringing at tS (a short list: the live source trims it). */
function impactAccelMps2(impacts: readonly Impact[], tS: number): number {
  let a = 0;
  for (const imp of impacts) {
    const tau = tS - imp.tS;
    if (tau < 0) break;
    if (tau > IMPACT_DECAYS * imp.decayS) continue;
    a +=
      imp.peakG *
      STANDARD_GRAVITY_MPS2 *
      Math.sin(2 * Math.PI * imp.freqHz * tau) *
      Math.exp(-tau / imp.decayS);
  }
  return a;
}

function clip(v: number, limit: number): number {
  return v > limit ? limit : v < -limit ? -limit : v;
}

/**
 * Sequential sample source over a trajectory. Acquisition is regular (k / sampleRateHz from a random phase);
 * output order is non-decreasing in Sample.t. All randomness is drawn in acquisition order, so the stream is
 * identical however takeUntil() calls are chunked.
 */
export class SensorStream {
  readonly flaws: FlawLog = { duplicates: 0, garbage: 0, droppedSamples: 0, droppedRuns: [] };
  private k = 0;
  private readonly periodS: number;
  private readonly firstS: number;
  private readonly packetSamples: number;
  private queue: Sample[] = [];
  private head = 0;
  private dropping = false;
  private lastStampS = -Infinity;
  private nextEventS: number;
  private readonly state = new Float64Array(STATE_SIZE);
  private readonly ideal = new Float64Array(6);

  constructor(
    private readonly params: SensorParams,
    readonly setup: SensorSetup,
    private readonly trajectory: Trajectory,
    private readonly rng: Rng,
    startS: number,
    /** No acquisition after this time (Infinity for the endless source). */
    private readonly stopS: number,
  ) {
    this.periodS = 1 / params.sampleRateHz;
    this.firstS = startS + rng.uniform(0, this.periodS);
    this.packetSamples = Math.max(1, Math.round(params.sampleRateHz * DEVICE_PACKET_S));
    this.nextEventS = startS + rng.uniform(0, setup.hostIntervalS);
  }

  /** Acquisition time of the next sample not yet produced. */
  get nextAcquisitionS(): number {
    return this.firstS + this.k * this.periodS;
  }

  /** Appends every sample with t <= tS to out, in order. The trajectory must cover acquisitions up to then. */
  takeUntil(tS: number, out: Sample[]): void {
    for (;;) {
      while (this.head < this.queue.length) {
        const s = this.queue[this.head] as Sample;
        if (!(s.t <= tS)) break;
        out.push(s);
        this.head++;
      }
      if (this.head < this.queue.length) break;
      this.queue.length = 0;
      this.head = 0;
      if (!this.producePacket()) break;
    }
  }

  /** Produces the next packet (device) or connection event (host) into the queue; false when finished. */
  private producePacket(): boolean {
    if (this.nextAcquisitionS > this.stopS) return false;
    const dropProbability = this.params.dropProbability;
    this.dropping = this.dropping
      ? this.rng.chance(DROP_CONTINUE_PROBABILITY)
      : dropProbability > 0 && this.rng.chance(dropProbability);
    if (this.params.timing === 'device') {
      for (let i = 0; i < this.packetSamples; i++) {
        const tAcq = this.nextAcquisitionS;
        if (tAcq > this.stopS) break;
        this.k++;
        if (this.dropping) {
          this.recordDrop(tAcq);
          continue;
        }
        const jitter = this.params.deviceJitterS > 0 ? this.rng.normal(0, this.params.deviceJitterS) : 0;
        const stamp = Math.max(this.lastStampS, tAcq + jitter);
        this.lastStampS = stamp;
        this.emit(tAcq, stamp);
      }
      return true;
    }
    const eventS = this.nextEventS;
    this.nextEventS += this.setup.hostIntervalS;
    const arrival = Math.max(
      this.lastStampS,
      eventS + this.params.hostLatencyS - HOST_JITTER_MEAN_S * Math.log(1 - this.rng.next()),
    );
    let j = 0;
    while (this.nextAcquisitionS <= eventS && this.nextAcquisitionS <= this.stopS) {
      const tAcq = this.nextAcquisitionS;
      this.k++;
      if (this.dropping) {
        this.recordDrop(tAcq);
        continue;
      }
      const stamp = arrival + j * this.params.hostBurstSpacingS;
      j++;
      this.lastStampS = stamp;
      this.emit(tAcq, stamp);
    }
    return true;
  }

  private recordDrop(tAcq: number): void {
    const f = this.flaws;
    f.droppedSamples++;
    const last = f.droppedRuns[f.droppedRuns.length - 1];
    if (last !== undefined && tAcq - last.endS < 1.5 * this.periodS) last.endS = tAcq;
    else f.droppedRuns.push({ startS: tAcq, endS: tAcq });
  }

  private emit(tAcq: number, stampS: number): void {
    const p = this.params;
    const rng = this.rng;
    const setup = this.setup;
    this.trajectory.evaluate(tAcq, this.state);
    const impacts = this.trajectory.impacts;
    if (impacts.length > 0) this.state[AZ] = (this.state[AZ] as number) + impactAccelMps2(impacts, tAcq);
    const r = this.ideal;
    idealReading(setup, this.state, r);
    const noise = p.accelNoiseG;
    const sample: Sample = {
      t: stampS,
      // x 1 is exact: sessions without scale error read exactly as before it existed.
      ax: clip(
        (r[0] as number) * setup.accelGain[0] + setup.accelBiasG[0] + (noise > 0 ? rng.normal(0, noise) : 0),
        p.clipG,
      ),
      ay: clip(
        (r[1] as number) * setup.accelGain[1] + setup.accelBiasG[1] + (noise > 0 ? rng.normal(0, noise) : 0),
        p.clipG,
      ),
      az: clip(
        (r[2] as number) * setup.accelGain[2] + setup.accelBiasG[2] + (noise > 0 ? rng.normal(0, noise) : 0),
        p.clipG,
      ),
    };
    if (p.hasGyro) {
      const gn = p.gyroNoiseDps;
      sample.gx = clip(
        (r[3] as number) + setup.gyroBiasDps[0] + (gn > 0 ? rng.normal(0, gn) : 0),
        GYRO_CLIP_DPS,
      );
      sample.gy = clip(
        (r[4] as number) + setup.gyroBiasDps[1] + (gn > 0 ? rng.normal(0, gn) : 0),
        GYRO_CLIP_DPS,
      );
      sample.gz = clip(
        (r[5] as number) + setup.gyroBiasDps[2] + (gn > 0 ? rng.normal(0, gn) : 0),
        GYRO_CLIP_DPS,
      );
    }
    if (p.garbageProbability > 0 && rng.chance(p.garbageProbability)) {
      this.corrupt(sample);
      this.flaws.garbage++;
    }
    this.queue.push(sample);
    if (p.duplicateProbability > 0 && rng.chance(p.duplicateProbability)) {
      this.queue.push({ ...sample });
      this.flaws.duplicates++;
    }
  }

  /** NaN, +-Infinity or an absurd reading on one accelerometer axis (timestamps stay valid). */
  private corrupt(sample: Sample): void {
    const rng = this.rng;
    const kind = rng.int(0, 2);
    const value =
      kind === 0
        ? NaN
        : kind === 1
          ? (rng.chance(0.5) ? 1 : -1) * Infinity
          : (rng.chance(0.5) ? 1 : -1) * rng.uniform(100, 10000);
    const axis = rng.int(0, 2);
    if (axis === 0) sample.ax = value;
    else if (axis === 1) sample.ay = value;
    else sample.az = value;
  }
}
