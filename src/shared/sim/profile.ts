/**
 * The speed profile of one phase (eccentric or concentric), in closed form so that displacement, speed and
 * acceleration are exactly consistent and the 5% truth boundaries are exact.
 *
 * Shape: ramp up | plateau | ramp down.
 * - A ramp that starts or ends at rest is the quintic smoothstep S(x) = 10x^3 - 15x^4 + 6x^5: speed,
 *   acceleration and jerk-free start (S' = S'' = 0 at the ends), like a minimum-jerk movement.
 * - A ramp through a touch-and-go reversal is a quarter sine: speed crosses zero with non-zero acceleration.
 * - The plateau carries a slow human speed wobble w(s) = sum A_k sin(pi m_k s) sin(pi s) on the normalised
 *   plateau coordinate s in [0, 1]: it vanishes with zero slope at both plateau ends (acceleration stays
 *   continuous) and integrates to exactly zero (ROM is unaffected).
 * Fast phases are pure bells (no plateau, peak at timeToPeakFraction); once the two ramps would exceed
 * rampTotalMaxS the ramps stop growing and the extra time becomes the plateau: a slow eccentric is a short
 * acceleration, a long near-constant speed, and a deceleration at the bottom.
 */

/** Speed fraction of the peak at which a phase starts/ends (the engine's definition). */
export const BOUNDARY_FRACTION = 0.05;

export const RAMP_REST = 0;
export const RAMP_REVERSAL = 1;
export type RampKind = typeof RAMP_REST | typeof RAMP_REVERSAL;

export interface PhaseSpec {
  /** Intended duration between the truth boundaries (5% of peak, or the zero crossing at a reversal). */
  durationS: number;
  /** Distance travelled (positive), metres. */
  displacementM: number;
  startsFromRest: boolean;
  endsAtRest: boolean;
  timeToPeakFraction: number;
  rampTotalMaxS: number;
  wobbleFraction: number;
  /** Four uniforms in [0, 1) that pick the wobble's frequencies and signs (keeps this function pure). */
  wobbleU: readonly [number, number, number, number];
  /** Caps on the ramps, used to match the acceleration on both sides of a touch-and-go reversal. */
  rampUpMaxS?: number;
  rampDownMaxS?: number;
}

export interface PhaseProfile {
  /** Whole extent, rest to rest (or reversal), seconds. */
  totalS: number;
  rampUpS: number;
  plateauS: number;
  rampDownS: number;
  upKind: RampKind;
  downKind: RampKind;
  /** Plateau speed (the bell's peak when there is no plateau). */
  speedMps: number;
  wobbleM1: number;
  wobbleM2: number;
  wobbleA1: number;
  wobbleA2: number;
  peakSpeedMps: number;
  /** Truth boundaries as offsets from the start of the profile. */
  truthStartS: number;
  truthEndS: number;
  displacementM: number;
}

export function smoothstep(x: number): number {
  return x * x * x * (10 + x * (-15 + 6 * x));
}

export function smoothstepSlope(x: number): number {
  const y = x * (1 - x);
  return 30 * y * y;
}

/** Integral of smoothstep from 0 to x. */
export function smoothstepIntegral(x: number): number {
  const x2 = x * x;
  return x2 * x2 * (2.5 + x * (-3 + x));
}

/** x in [0, 1] with smoothstep(x) = y (monotonic: bisection to double precision). */
export function inverseSmoothstep(y: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (smoothstep(mid) < y) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Normalised displacement of a ramp (area under speed / (speed x ramp duration)). */
function rampArea(kind: RampKind): number {
  return kind === RAMP_REST ? 0.5 : 2 / Math.PI;
}

function wobbleAt(s: number, m1: number, a1: number, m2: number, a2: number): number {
  const env = Math.sin(Math.PI * s);
  return (a1 * Math.sin(Math.PI * m1 * s) + a2 * Math.sin(Math.PI * m2 * s)) * env;
}

/** Max of the normalised wobble: dense scan, then golden-section refinement around the best point. */
function wobbleMax(m1: number, a1: number, m2: number, a2: number): number {
  if (a1 === 0 && a2 === 0) return 0;
  const n = 2048;
  let best = 0;
  let bestS = 0;
  for (let i = 0; i <= n; i++) {
    const v = wobbleAt(i / n, m1, a1, m2, a2);
    if (v > best) {
      best = v;
      bestS = i / n;
    }
  }
  let lo = Math.max(0, bestS - 1 / n);
  let hi = Math.min(1, bestS + 1 / n);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const c = hi - g * (hi - lo);
    const d = lo + g * (hi - lo);
    if (wobbleAt(c, m1, a1, m2, a2) > wobbleAt(d, m1, a1, m2, a2)) hi = d;
    else lo = c;
  }
  return Math.max(best, wobbleAt(0.5 * (lo + hi), m1, a1, m2, a2));
}

export function solvePhase(spec: PhaseSpec): PhaseProfile {
  const { durationS, timeToPeakFraction: ttp } = spec;
  const upKind: RampKind = spec.startsFromRest ? RAMP_REST : RAMP_REVERSAL;
  const downKind: RampKind = spec.endsAtRest ? RAMP_REST : RAMP_REVERSAL;
  // Share of a rest ramp spent below the boundary speed when the peak equals the plateau speed.
  const c0 = inverseSmoothstep(BOUNDARY_FRACTION);
  const cUp0 = spec.startsFromRest ? c0 : 0;
  const cDown0 = spec.endsAtRest ? c0 : 0;
  const bellTotalS = durationS / (1 - ttp * cUp0 - (1 - ttp) * cDown0);
  const rampsS = Math.min(bellTotalS, spec.rampTotalMaxS);
  const rampUpS = Math.min(ttp * rampsS, spec.rampUpMaxS ?? Infinity);
  const rampDownS = Math.min((1 - ttp) * rampsS, spec.rampDownMaxS ?? Infinity);
  const plateau0S = Math.max(0, durationS - rampUpS * (1 - cUp0) - rampDownS * (1 - cDown0));

  // Wobble of about 0.5-0.9 Hz and 1.3-2 Hz; its amplitude fades on short plateaus where it would be a jerk.
  let m1 = 0;
  let m2 = 0;
  let a1 = 0;
  let a2 = 0;
  if (plateau0S > 0.05 && spec.wobbleFraction > 0) {
    const [u1, u2, u3, u4] = spec.wobbleU;
    const amp = spec.wobbleFraction * Math.min(1, plateau0S) ** 2;
    m1 = Math.max(2, Math.round(2 * plateau0S * (0.5 + 0.4 * u1)));
    m2 = Math.max(m1 + 1, Math.round(2 * plateau0S * (1.3 + 0.7 * u2)));
    a1 = 0.6 * amp * (u3 < 0.5 ? -1 : 1);
    a2 = 0.4 * amp * (u4 < 0.5 ? -1 : 1);
  }
  const peakRatio = 1 + wobbleMax(m1, a1, m2, a2);
  // The boundary is 5% of the true peak (wobble included), so the rest ramps cross it a little later.
  const c = inverseSmoothstep(BOUNDARY_FRACTION * peakRatio);
  const cUp = spec.startsFromRest ? c : 0;
  const cDown = spec.endsAtRest ? c : 0;
  // Below a microsecond the plateau is rounding error of a pure bell.
  const rawPlateauS = durationS - rampUpS * (1 - cUp) - rampDownS * (1 - cDown);
  const plateauS = rawPlateauS > 1e-6 ? rawPlateauS : 0;
  const totalS = rampUpS + plateauS + rampDownS;
  const speedMps =
    spec.displacementM / (rampUpS * rampArea(upKind) + plateauS + rampDownS * rampArea(downKind));
  return {
    totalS,
    rampUpS,
    plateauS,
    rampDownS,
    upKind,
    downKind,
    speedMps,
    wobbleM1: m1,
    wobbleM2: m2,
    wobbleA1: plateauS > 0 ? a1 : 0,
    wobbleA2: plateauS > 0 ? a2 : 0,
    peakSpeedMps: speedMps * (plateauS > 0 ? peakRatio : 1),
    truthStartS: rampUpS * cUp,
    truthEndS: totalS - rampDownS * cDown,
    displacementM: spec.displacementM,
  };
}

/** Acceleration magnitude at the reversal end of a ramp (only meaningful for RAMP_REVERSAL ends). */
export function reversalAccelMps2(speedMps: number, rampS: number): number {
  return (speedMps * Math.PI) / (2 * rampS);
}

/**
 * Displacement (along the direction of motion), speed and acceleration at tauS from the start of the
 * profile, written to out[offset..offset+2]. Outside [0, totalS] the profile is at rest at its end.
 */
export function evaluatePhase(p: PhaseProfile, tauS: number, out: Float64Array, offset: number): void {
  const v = p.speedMps;
  let disp: number;
  let speed: number;
  let accel: number;
  if (tauS < 0) {
    disp = 0;
    speed = 0;
    accel = 0;
  } else if (tauS < p.rampUpS) {
    const x = tauS / p.rampUpS; // tauS = 0 lands here: a reversal start has its acceleration already
    if (p.upKind === RAMP_REST) {
      disp = v * p.rampUpS * smoothstepIntegral(x);
      speed = v * smoothstep(x);
      accel = (v / p.rampUpS) * smoothstepSlope(x);
    } else {
      const q = 0.5 * Math.PI * x;
      disp = v * p.rampUpS * (2 / Math.PI) * (1 - Math.cos(q));
      speed = v * Math.sin(q);
      accel = reversalAccelMps2(v, p.rampUpS) * Math.cos(q);
    }
  } else if (tauS < p.rampUpS + p.plateauS) {
    const sigma = tauS - p.rampUpS;
    const base = v * p.rampUpS * rampArea(p.upKind);
    const P = p.plateauS;
    const b = Math.PI / P;
    let w = 0;
    let wInt = 0;
    let wSlope = 0;
    if (p.wobbleA1 !== 0 || p.wobbleA2 !== 0) {
      const sb = Math.sin(b * sigma);
      const cb = Math.cos(b * sigma);
      for (let k = 0; k < 2; k++) {
        const amp = k === 0 ? p.wobbleA1 : p.wobbleA2;
        const a = (Math.PI * (k === 0 ? p.wobbleM1 : p.wobbleM2)) / P;
        const sa = Math.sin(a * sigma);
        w += amp * sa * sb;
        wInt += amp * 0.5 * (Math.sin((a - b) * sigma) / (a - b) - Math.sin((a + b) * sigma) / (a + b));
        wSlope += amp * (a * Math.cos(a * sigma) * sb + b * sa * cb);
      }
    }
    disp = base + v * (sigma + wInt);
    speed = v * (1 + w);
    accel = v * wSlope;
  } else {
    const y = Math.min(1, (tauS - p.rampUpS - p.plateauS) / p.rampDownS);
    const base = v * (p.rampUpS * rampArea(p.upKind) + p.plateauS);
    if (p.downKind === RAMP_REST) {
      disp = base + v * p.rampDownS * (0.5 - smoothstepIntegral(1 - y));
      speed = v * smoothstep(1 - y);
      accel = y >= 1 ? 0 : (-v / p.rampDownS) * smoothstepSlope(1 - y);
    } else {
      const q = 0.5 * Math.PI * y;
      disp = base + v * p.rampDownS * (2 / Math.PI) * Math.sin(q);
      speed = v * Math.cos(q);
      accel = y >= 1 ? 0 : -reversalAccelMps2(v, p.rampDownS) * Math.sin(q);
    }
    if (y >= 1) {
      disp = p.displacementM;
      speed = 0;
    }
  }
  out[offset] = disp;
  out[offset + 1] = speed;
  out[offset + 2] = accel;
}
