/**
 * Builds a lifter profile from the real per-lift statistics (../shared/data/rep-stats/summary.json, parsed
 * by the caller: this module does no I/O). Those lifters did not train with a tempo, so the profile takes
 * their ROM, speed, time-to-peak and variability, while tempo durations still come from the prescription.
 */
import { defaultLifter, type LifterParams } from './scenario';
import type { Exercise } from './types';

/**
 * summary.json group per exercise; the overhead press is not in the data, so it takes the overall figures;
 * nor is the Romanian deadlift, which takes the deadlift's (a longer range than an RDL's: override romM).
 */
const GROUP: Record<Exercise, string> = {
  squat: 'back_squat',
  bench: 'bench_press',
  deadlift: 'deadlift',
  curl: 'biceps_curl',
  row: 'barbell_row',
  press: 'overall',
  rdl: 'deadlift',
};

function field(root: unknown, path: readonly string[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) {
      throw new Error(`rep-stats summary: missing ${path.join('.')}`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function num(root: unknown, path: readonly string[]): number {
  const v = field(root, path);
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new Error(`rep-stats summary: ${path.join('.')} is not a number`);
  return v;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

export function lifterProfileFromRepStats(summaryJson: unknown, exercise: Exercise): LifterParams {
  const g = GROUP[exercise];
  const base = defaultLifter(exercise);
  const romP50 = num(summaryJson, [g, 'fields', 'rom_m', 'p50']);
  const romP25 = num(summaryJson, [g, 'fields', 'rom_m', 'p25']);
  const romP75 = num(summaryJson, [g, 'fields', 'rom_m', 'p75']);
  const conCv = num(summaryJson, [g, 'session_cv_concentric_s_median']);
  const eccCv = num(summaryJson, [g, 'session_cv_eccentric_s_excl_last_rep_median']);
  return {
    ...base,
    romM: romP50,
    // Within a session ROM varies far less than across lifters; a tenth of the between-rep IQR spread.
    romCv: clamp((romP75 - romP25) / 1.35 / romP50 / 10, 0.005, 0.05),
    concentricMeanVelocityMps: num(summaryJson, [g, 'fields', 'con_mean_velocity_ms', 'p50']),
    naturalEccentricS: num(summaryJson, [g, 'fields', 'eccentric_s', 'p50']),
    concentricTimeToPeakFraction: clamp(num(summaryJson, [g, 'ttp_over_concentric', 'p50']), 0.3, 0.7),
    // Untrained-tempo sessions vary more than tempo work; keep the data's CV but within a plausible band.
    durationCv: clamp(0.5 * (conCv + eccCv), 0.02, 0.25),
  };
}
