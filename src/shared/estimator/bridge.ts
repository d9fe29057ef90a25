/**
 * The velocity of one rep cycle, smoothed against its constraints. Between two instants where the bar is
 * still (A and B), the integrated vertical acceleration u(t) = v(t) + e(t) carries an error e that is
 * integrated sensor noise (a random walk of intensity noiseDensity^2) plus a constant acceleration offset
 * c times the elapsed time (gravity's magnitude, bias, scale: prior sd offsetSigmaMps2). The bar is still
 * at B (v(B) = 0) and back at the height it left (the integral of v over [A, B] is 0). Conditioning the
 * Gaussian error on those two observations gives, in closed form, what an RTS smoother of the same
 * state model (position, velocity, offset; ZUPT at A and B; a displacement pseudo-measurement at B)
 * returns: the posterior mean and standard deviation of the velocity at every sample. Nothing pins the
 * velocity inside the cycle, so a slow lowering that reads like rest is not forced to stop.
 */

export interface BridgeModel {
  /** Sensor noise as a velocity random walk: sd of one sample's acceleration times sqrt(its period), m/s / sqrt(s). */
  noiseDensityMps: number;
  /** Prior sd of the constant acceleration offset over the cycle (gravity level, bias), m/s^2. */
  offsetSigmaMps2: number;
  /** How far the bar may really end from its starting height, m. */
  heightSigmaM: number;
  /** How fast the bar may really move at B, m/s. */
  endSpeedSigmaMps: number;
}

export interface SmoothedVelocity {
  /** Sample times, s. */
  tS: Float64Array;
  velocityMps: Float64Array;
  /** Posterior sd of the velocity, m/s. */
  velocitySdMps: Float64Array;
  positionM: Float64Array;
}

/**
 * `accelMps2[i]` is the vertical acceleration between tS[i] and tS[i+1] (the last one is unused); the
 * velocity is 0 at tS[0] (A) and observed 0 at the last time (B).
 */
export function smoothCycleVelocity(
  tS: Float64Array,
  accelMps2: Float64Array,
  model: BridgeModel,
): SmoothedVelocity {
  const n = tS.length;
  const u = new Float64Array(n);
  let integralU = 0;
  for (let i = 1; i < n; i++) {
    const dt = tS[i]! - tS[i - 1]!;
    u[i] = u[i - 1]! + accelMps2[i - 1]! * dt;
    integralU += 0.5 * (u[i]! + u[i - 1]!) * dt;
  }
  const T = tS[n - 1]! - tS[0]!;
  const s2 = model.noiseDensityMps ** 2;
  const c2 = model.offsetSigmaMps2 ** 2;
  // Covariances of the error e(t) = W(t) + c t with its two observations: e(B) and the integral of e.
  const kBB = s2 * T + c2 * T * T + model.endSpeedSigmaMps ** 2;
  const kBI = (s2 * T * T) / 2 + (c2 * T ** 3) / 2;
  const kII = (s2 * T ** 3) / 3 + (c2 * T ** 4) / 4 + (model.heightSigmaM * 1) ** 2;
  const det = kBB * kII - kBI * kBI;
  // K^-1 y, with y = [u(B), integral of u] (what e must be for v(B) = 0 and a zero net displacement).
  const yB = u[n - 1]!;
  const wB = (kII * yB - kBI * integralU) / det;
  const wI = (kBB * integralU - kBI * yB) / det;
  const velocityMps = new Float64Array(n);
  const velocitySdMps = new Float64Array(n);
  const positionM = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const tau = tS[i]! - tS[0]!;
    const kB = s2 * tau + c2 * tau * T;
    const kI = s2 * (tau * T - (tau * tau) / 2) + (c2 * tau * T * T) / 2;
    velocityMps[i] = u[i]! - (kB * wB + kI * wI);
    const prior = s2 * tau + c2 * tau * tau;
    const explained = (kB * (kII * kB - kBI * kI) + kI * (kBB * kI - kBI * kB)) / det;
    velocitySdMps[i] = Math.sqrt(Math.max(prior - explained, 0));
    if (i > 0)
      positionM[i] =
        positionM[i - 1]! + 0.5 * (velocityMps[i]! + velocityMps[i - 1]!) * (tS[i]! - tS[i - 1]!);
  }
  return { tS, velocityMps, velocitySdMps, positionM };
}
