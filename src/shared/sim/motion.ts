/**
 * The bar's trajectory as a list of time segments, each in closed form, so position, velocity and
 * acceleration are mutually exact (integrating the simulated accelerometer recovers the true ROM).
 * World frame: x forward (horizontal, in the lifter's sagittal plane), y along the bar, z up. Metres, m/s, m/s^2.
 */
import { evaluatePhase, smoothstep, smoothstepSlope, type PhaseProfile } from './profile';

/** Layout of the state vector written by evaluate(): position, velocity, acceleration. */
export const X = 0;
export const Y = 1;
export const Z = 2;
export const VX = 3;
export const VY = 4;
export const VZ = 5;
export const AX = 6;
export const AY = 7;
export const AZ = 8;
export const STATE_SIZE = 9;

/** Slow two-tone sway while the lifter holds the bar still, faded in and out by a smoothstep window. */
export interface Sway {
  windowS: number;
  zAmp1M: number;
  zAmp2M: number;
  xAmp1M: number;
  xAmp2M: number;
  omega1: number;
  omega2: number;
  phase1: number;
  phase2: number;
}

/** The bar held still (racked, on the floor, or held by the lifter with sway). */
export interface HoldSegment {
  kind: 'hold';
  t0S: number;
  t1S: number;
  xM: number;
  yM: number;
  zM: number;
  sway: Sway | null;
}

/** One eccentric or concentric: vertical travel along a profile, horizontal travel proportional to it. */
export interface PhaseSegment {
  kind: 'phase';
  t0S: number;
  t1S: number;
  xM: number;
  yM: number;
  zM: number;
  /** +1 up (concentric), -1 down (eccentric). */
  direction: 1 | -1;
  /** Horizontal metres per vertical metre. */
  barPathSlope: number;
  profile: PhaseProfile;
}

/** A minimum-jerk move (unrack, walk-out step, re-rack) with an optional vertical bob (a step). */
export interface MoveSegment {
  kind: 'move';
  t0S: number;
  t1S: number;
  xM: number;
  yM: number;
  zM: number;
  dxM: number;
  dyM: number;
  dzM: number;
  bobM: number;
}

export type Segment = HoldSegment | PhaseSegment | MoveSegment;

/**
 * The bar clanking on the hooks or the floor: a damped vertical vibration peakG sin(2 pi f t) e^(-t/decay)
 * felt by the sensor from tS. Its displacement (about a millimetre) is left out of the motion.
 */
export interface Impact {
  tS: number;
  peakG: number;
  freqHz: number;
  decayS: number;
}

/** Impacts ring for this many decay times (e^-8: nothing left). */
export const IMPACT_DECAYS = 8;

const scratch = new Float64Array(3);

function evaluateHold(seg: HoldSegment, tS: number, out: Float64Array): void {
  out[X] = seg.xM;
  out[Y] = seg.yM;
  out[Z] = seg.zM;
  out[VX] = out[VY] = out[VZ] = out[AX] = out[AY] = out[AZ] = 0;
  const sw = seg.sway;
  if (sw === null) return;
  const tau = tS - seg.t0S;
  const len = seg.t1S - seg.t0S;
  if (tau <= 0 || tau >= len) return;
  // Window W with W = W' = W'' = 0 at both ends keeps position, velocity and acceleration continuous.
  let w = 1;
  let w1 = 0;
  let w2 = 0;
  const edge = tau < sw.windowS ? tau : len - tau < sw.windowS ? len - tau : -1;
  if (edge >= 0) {
    const x = edge / sw.windowS;
    const sign = tau < sw.windowS ? 1 : -1;
    w = smoothstep(x);
    w1 = (sign * smoothstepSlope(x)) / sw.windowS;
    w2 = (60 * x * (1 - x) * (1 - 2 * x)) / (sw.windowS * sw.windowS);
  }
  const s1 = Math.sin(sw.omega1 * tau + sw.phase1);
  const c1 = Math.cos(sw.omega1 * tau + sw.phase1);
  const s2 = Math.sin(sw.omega2 * tau + sw.phase2);
  const c2 = Math.cos(sw.omega2 * tau + sw.phase2);
  const o1 = sw.omega1;
  const o2 = sw.omega2;
  // g = A1 sin(o1 t + p1) + A2 sin(o2 t + p2) per axis; product rule for (W g)' and (W g)''.
  for (let axis = 0; axis < 2; axis++) {
    const a1 = axis === 0 ? sw.zAmp1M : sw.xAmp1M;
    const a2 = axis === 0 ? sw.zAmp2M : sw.xAmp2M;
    const g = a1 * s1 + a2 * s2;
    const g1 = a1 * o1 * c1 + a2 * o2 * c2;
    const g2 = -a1 * o1 * o1 * s1 - a2 * o2 * o2 * s2;
    const p = axis === 0 ? Z : X;
    out[p] = (out[p] as number) + w * g;
    out[p + 3] = w1 * g + w * g1;
    out[p + 6] = w2 * g + 2 * w1 * g1 + w * g2;
  }
}

function evaluateMove(seg: MoveSegment, tS: number, out: Float64Array): void {
  const len = seg.t1S - seg.t0S;
  const u = Math.min(1, Math.max(0, (tS - seg.t0S) / len));
  const s = smoothstep(u);
  const s1 = smoothstepSlope(u) / len;
  const s2 = (60 * u * (1 - u) * (1 - 2 * u)) / (len * len);
  // Bob: 64 u^3 (1-u)^3 peaks at 1 mid-step and is flat to second order at both ends.
  const q = u * (1 - u);
  const bob = 64 * q * q * q;
  const bob1 = (192 * q * q * (1 - 2 * u)) / len;
  const bob2 = (192 * (2 * q * (1 - 2 * u) * (1 - 2 * u) - 2 * q * q)) / (len * len);
  out[X] = seg.xM + seg.dxM * s;
  out[Y] = seg.yM + seg.dyM * s;
  out[Z] = seg.zM + seg.dzM * s + seg.bobM * bob;
  out[VX] = seg.dxM * s1;
  out[VY] = seg.dyM * s1;
  out[VZ] = seg.dzM * s1 + seg.bobM * bob1;
  out[AX] = seg.dxM * s2;
  out[AY] = seg.dyM * s2;
  out[AZ] = seg.dzM * s2 + seg.bobM * bob2;
}

function evaluatePhaseSegment(seg: PhaseSegment, tS: number, out: Float64Array): void {
  evaluatePhase(seg.profile, tS - seg.t0S, scratch, 0);
  const d = seg.direction;
  const k = seg.barPathSlope;
  const disp = d * (scratch[0] as number);
  const vel = d * (scratch[1] as number);
  const acc = d * (scratch[2] as number);
  out[X] = seg.xM + k * disp;
  out[Y] = seg.yM;
  out[Z] = seg.zM + disp;
  out[VX] = k * vel;
  out[VY] = 0;
  out[VZ] = vel;
  out[AX] = k * acc;
  out[AY] = 0;
  out[AZ] = acc;
}

export function evaluateSegment(seg: Segment, tS: number, out: Float64Array): void {
  if (seg.kind === 'hold') evaluateHold(seg, tS, out);
  else if (seg.kind === 'phase') evaluatePhaseSegment(seg, tS, out);
  else evaluateMove(seg, tS, out);
}

/** Position of a segment at its end (where the next segment starts). */
export function segmentEnd(seg: Segment): [number, number, number] {
  if (seg.kind === 'hold') return [seg.xM, seg.yM, seg.zM];
  if (seg.kind === 'move') return [seg.xM + seg.dxM, seg.yM + seg.dyM, seg.zM + seg.dzM];
  const disp = seg.direction * seg.profile.displacementM;
  return [seg.xM + seg.barPathSlope * disp, seg.yM, seg.zM + disp];
}

/**
 * Contiguous segments, appended in time order. evaluate() is fastest for non-decreasing times (a cursor),
 * but any time works. Before the first segment / after the last the bar rests at their ends.
 */
export class Trajectory {
  private segs: Segment[] = [];
  private cursor = 0;
  /** Clanks in time order (empty unless the sensor feels impacts). */
  readonly impacts: Impact[] = [];

  get segments(): readonly Segment[] {
    return this.segs;
  }

  get startS(): number {
    return this.segs[0]?.t0S ?? 0;
  }

  get endS(): number {
    return this.segs[this.segs.length - 1]?.t1S ?? 0;
  }

  push(seg: Segment): void {
    const last = this.segs[this.segs.length - 1];
    if (last !== undefined && Math.abs(last.t1S - seg.t0S) > 1e-9) {
      throw new Error(`Trajectory: segment at ${seg.t0S} does not follow ${last.t1S}`);
    }
    this.segs.push(seg);
  }

  /** Forget segments that end before tS (the live source keeps memory bounded). */
  dropBefore(tS: number): void {
    let n = 0;
    while (n < this.segs.length - 1 && (this.segs[n] as Segment).t1S < tS) n++;
    if (n > 64) {
      this.segs.splice(0, n);
      this.cursor = Math.max(0, this.cursor - n);
    }
    const firstS = (this.segs[0] as Segment).t0S;
    let k = 0;
    while (k < this.impacts.length && (this.impacts[k] as Impact).tS < firstS - 10) k++;
    if (k > 0) this.impacts.splice(0, k);
  }

  evaluate(tS: number, out: Float64Array): void {
    const segs = this.segs;
    if (segs.length === 0) throw new Error('Trajectory: empty');
    let i = Math.min(this.cursor, segs.length - 1);
    while (i > 0 && (segs[i] as Segment).t0S > tS) i--;
    while (i < segs.length - 1 && (segs[i] as Segment).t1S <= tS) i++;
    this.cursor = i;
    evaluateSegment(segs[i] as Segment, tS, out);
  }
}
