import type { Analysis } from '../../src/shared/engine/analyze';
import type { RepMetrics } from '../../src/shared/engine/types';
import { laidOutRep } from '../helpers/reps';
import { summarizeSet } from '../../src/shared/engine/summary';
import { formatActualTempo, parseTempo, phaseDurations, scoreRep } from '../../src/shared/tempo';

function rep(index: number, t0: number, ecc: number, bottom: number, con: number, top: number): RepMetrics {
  const prescription = parseTempo('3-1-X-0');
  const r = laidOutRep(index, t0, { eccS: ecc, bottomS: bottom, conS: con, topS: top }, 0.0514, {
    romM: 0.51234,
    meanConcentricVelocityMps: 0.61234 - index * 0.05,
    peakConcentricVelocityMps: 1.00049,
  });
  const score = scoreRep(phaseDurations(r), prescription);
  return { ...r, tempo: formatActualTempo(phaseDurations(r)), rushed: score.rushed, scores: score.scores };
}

/** A hand-made analysis (one set of two reps, the second rushed, and one gap) for report tests. */
export function fakeAnalysis(): Analysis {
  const reps = [rep(1, 2.0001, 3.1234, 0.9876, 0.8, 0.1), rep(2, 9, 1.5, 1, 0.9, 0)];
  const summary = summarizeSet(reps, parseTempo('3-1-X-0'));
  return {
    input: {
      samples: 1500,
      acceptedSamples: 1498,
      dropped: { duplicates: 2, garbage: 0, outOfOrder: 0 },
      originS: 100,
      durationS: 15.0004,
      sampleRateHz: 99.98765,
      gaps: [{ startS: 7.25, endS: 7.6019 }],
    },
    sets: [{ index: 1, startS: 2.0001, endS: 12.4, reps, summary }],
    events: [],
  };
}

export function emptyAnalysis(): Analysis {
  return {
    input: {
      samples: 50,
      acceptedSamples: 50,
      dropped: { duplicates: 0, garbage: 0, outOfOrder: 0 },
      originS: 0,
      durationS: 0.49,
      sampleRateHz: 100,
      gaps: [],
    },
    sets: [],
    events: [],
  };
}
