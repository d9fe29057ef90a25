import type { PhaseName, RepMetrics, SetSummary } from './types';
import type { Prescription } from '../tempo/types';
import { PHASES, phaseDurations, scoreRep } from '../tempo/score';

/** Set statistics exactly as documented on SetSummary. Pure; an empty set gives zeros. */
export function summarizeSet(reps: readonly RepMetrics[], prescription: Prescription | null): SetSummary {
  const eccentricS = reps.map((r) => r.eccentric.durationS);
  const meanS = mean(eccentricS);
  const sdS = sampleSd(eccentricS);
  return {
    repCount: reps.length,
    eccentricMeanS: meanS,
    eccentricSdS: sdS,
    eccentricCv: meanS > 0 ? sdS / meanS : 0,
    eccentricTrendSPerRep: slope(
      reps.map((r) => r.index),
      eccentricS,
    ),
    rushedCount: reps.filter((r) => r.rushed).length,
    adherence: prescription === null ? null : adherence(reps, prescription),
    velocityLossPct: velocityLossPct(reps.map((r) => r.meanConcentricVelocityMps)),
  };
}

/** The middle value (the upper one of an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n - 1): a set is a sample of the lifter's control, not the population. 0 below 2 values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  const ss = values.reduce((acc, v) => acc + (v - m) ** 2, 0);
  return Math.sqrt(ss / (values.length - 1));
}

/** Least-squares slope of y on x; 0 when fewer than 2 points or x does not vary. */
export function slope(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return 0;
  const mx = mean(x.slice(0, n));
  const my = mean(y.slice(0, n));
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    sxy += dx * ((y[i] ?? 0) - my);
    sxx += dx * dx;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

/** (best - last) / best x 100 of mean concentric velocity; 0 below 2 reps or with no positive best. */
export function velocityLossPct(meanVelocitiesMps: readonly number[]): number {
  if (meanVelocitiesMps.length < 2) return 0;
  const best = Math.max(...meanVelocitiesMps);
  const last = meanVelocitiesMps[meanVelocitiesMps.length - 1] ?? best;
  if (!(best > 0)) return 0;
  return ((best - last) / best) * 100;
}

/**
 * Share of reps within tolerance per phase. Scored from the durations against the given prescription (not the
 * reps' stored scores) so the summary always matches the prescription it is asked about. null for phases with
 * no target, and for every phase of an empty set (no evidence either way).
 */
function adherence(
  reps: readonly RepMetrics[],
  prescription: Prescription,
): Record<PhaseName, number | null> {
  const scored = reps.map((rep) => scoreRep(phaseDurations(rep), prescription).scores);
  const result = {} as Record<PhaseName, number | null>;
  for (const phase of PHASES) {
    const within = scored.filter((s) => s[phase].withinTolerance === true).length;
    const targeted = scored.some((s) => s[phase].withinTolerance !== null);
    result[phase] = targeted ? within / reps.length : null;
  }
  return result;
}
