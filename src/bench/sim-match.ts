import { analyzeSamples, type Analysis } from '../shared/engine/analyze';
import type { RepMetrics } from '../shared/engine/types';
import type { SimulatedSession } from '../shared/sim';
import type { TrueRep } from '../shared/sim/types';
import { matchIntervals } from './metrics';

/** The engine's reps against a simulated session's truth, matched by their eccentrics, on the sensor clock. */
export interface SessionMatch {
  analysis: Analysis;
  /** Engine times + originS = sensor clock (the truth's). */
  originS: number;
  detected: RepMetrics[];
  truth: TrueRep[];
  /** [detected index, truth index], in truth order. */
  pairs: [number, number][];
}

export function analyzeAndMatch(session: SimulatedSession): SessionMatch {
  const analysis = analyzeSamples(session.samples, { prescription: session.scenario.prescription });
  // Engine times are relative to its first accepted sample; the truth is on the sensor clock.
  const originS = analysis.input.originS;
  const detected = analysis.sets.flatMap((s) => s.reps);
  const truth = session.truth.sets.flatMap((s) => s.reps);
  const { pairs } = matchIntervals(
    detected.map((r) => ({ startS: r.eccentric.startS + originS, endS: r.eccentric.endS + originS })),
    truth.map((r) => r.eccentric),
  );
  return { analysis, originS, detected, truth, pairs };
}
