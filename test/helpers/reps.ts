import type { PhaseTiming, RepMetrics } from '../../src/shared/engine/types';

/** Phase durations of a lowering-first rep, laid out back to back. */
export interface RepDurations {
  eccS: number;
  bottomS: number;
  conS: number;
  topS: number;
}

/**
 * A hand-made rep for tests: eccentric, bottom pause, concentric and top pause back to back from t0, each
 * committed `detectDelayS` after its end. Unless overridden: 0.5 m ROM, 0.5 m/s mean and 0.8 m/s peak
 * concentric speed, the eccentric speed ROM / duration, no tempo string, not rushed, not scored.
 */
export function laidOutRep(
  index: number,
  t0: number,
  d: RepDurations,
  detectDelayS: number,
  fields: Partial<RepMetrics> = {},
): RepMetrics {
  const phase = (startS: number, durationS: number): PhaseTiming => ({
    startS,
    endS: startS + durationS,
    durationS,
    detectedAtS: startS + durationS + detectDelayS,
  });
  const romM = fields.romM ?? 0.5;
  return {
    index,
    startS: t0,
    endS: t0 + d.eccS + d.bottomS + d.conS + d.topS,
    eccentric: phase(t0, d.eccS),
    bottomPause: phase(t0 + d.eccS, d.bottomS),
    concentric: phase(t0 + d.eccS + d.bottomS, d.conS),
    topPause: phase(t0 + d.eccS + d.bottomS + d.conS, d.topS),
    romM,
    meanConcentricVelocityMps: 0.5,
    peakConcentricVelocityMps: 0.8,
    meanEccentricVelocityMps: romM / d.eccS,
    tempo: '',
    rushed: false,
    scores: null,
    ...fields,
  };
}
