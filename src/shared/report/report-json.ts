import type { Analysis } from '../engine/analyze';
import type { ReadSummary } from '../io/read-samples';
import type { PhaseTiming, RepMetrics, SetResult, SetSummary } from '../engine/types';

/**
 * The `analyze --json` document. This type is the contract: scripts parse it, so fields are only ever added.
 * Times are seconds from the first accepted sample, rounded to the millisecond; distances to the millimetre;
 * speeds to mm/s.
 */
export interface AnalyzeReportJson {
  input: {
    samples: number;
    durationS: number;
    sampleRateHz: number;
    gaps: { startS: number; endS: number }[];
    /** Samples the engine used, of `samples` offered; the others by reason. */
    acceptedSamples: number;
    droppedSamples: { duplicates: number; garbage: number; outOfOrder: number };
    /** Rows the reader sorted into time order (the file had them out of order). */
    sortedRows: number;
    /** What the reader did to the file, one line each (e.g. "1,203 rows were out of time order; sorted"). */
    notices: string[];
  };
  sets: SetJson[];
}

export interface PhaseJson {
  startS: number;
  endS: number;
  durationS: number;
  detectedAtS: number;
}

export interface RepJson {
  index: number;
  startS: number;
  endS: number;
  eccentric: PhaseJson;
  bottomPause: PhaseJson;
  concentric: PhaseJson;
  topPause: PhaseJson;
  romM: number;
  meanConcentricVelocityMps: number;
  peakConcentricVelocityMps: number;
  meanEccentricVelocityMps: number;
  rushed: boolean;
  tempo: string;
  /** Counted from the bar's lifts where the tracker lost it: phases are rough estimates. */
  estimated: boolean;
}

export interface SetJson {
  index: number;
  startS: number;
  endS: number;
  reps: RepJson[];
  summary: SetSummary;
}

/** Rounds to `decimals` places; -0 becomes 0 so output never shows "-0". */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return r === 0 ? 0 : r;
}

const ms = (s: number): number => round(s, 3);

/** `reading`: what the CSV reader did (absent for input that was not read from a CSV file: nothing sorted). */
export function toReportJson(analysis: Analysis, reading?: ReadSummary): AnalyzeReportJson {
  const { input } = analysis;
  return {
    input: {
      samples: input.samples,
      durationS: ms(input.durationS),
      sampleRateHz: round(input.sampleRateHz, 1),
      gaps: input.gaps.map((g) => ({ startS: ms(g.startS), endS: ms(g.endS) })),
      acceptedSamples: input.acceptedSamples,
      droppedSamples: { ...input.dropped },
      sortedRows: reading?.outOfOrderRows ?? 0,
      notices: reading ? [...reading.notices] : [],
    },
    sets: analysis.sets.map(setJson),
  };
}

function setJson(set: SetResult): SetJson {
  return {
    index: set.index,
    startS: ms(set.startS),
    endS: ms(set.endS),
    reps: set.reps.map(repJson),
    summary: summaryJson(set.summary),
  };
}

function repJson(rep: RepMetrics): RepJson {
  return {
    index: rep.index,
    startS: ms(rep.startS),
    endS: ms(rep.endS),
    eccentric: phaseJson(rep.eccentric),
    bottomPause: phaseJson(rep.bottomPause),
    concentric: phaseJson(rep.concentric),
    topPause: phaseJson(rep.topPause),
    romM: round(rep.romM, 3),
    meanConcentricVelocityMps: round(rep.meanConcentricVelocityMps, 3),
    peakConcentricVelocityMps: round(rep.peakConcentricVelocityMps, 3),
    meanEccentricVelocityMps: round(rep.meanEccentricVelocityMps, 3),
    rushed: rep.rushed,
    tempo: rep.tempo,
    estimated: rep.estimated === true,
  };
}

function phaseJson(p: PhaseTiming): PhaseJson {
  return {
    startS: ms(p.startS),
    endS: ms(p.endS),
    durationS: ms(p.durationS),
    detectedAtS: ms(p.detectedAtS),
  };
}

function summaryJson(s: SetSummary): SetSummary {
  const adherence = s.adherence
    ? {
        eccentric: share(s.adherence.eccentric),
        bottomPause: share(s.adherence.bottomPause),
        concentric: share(s.adherence.concentric),
        topPause: share(s.adherence.topPause),
      }
    : null;
  return {
    repCount: s.repCount,
    eccentricMeanS: ms(s.eccentricMeanS),
    eccentricSdS: ms(s.eccentricSdS),
    eccentricCv: round(s.eccentricCv, 3),
    eccentricTrendSPerRep: ms(s.eccentricTrendSPerRep),
    rushedCount: s.rushedCount,
    adherence,
    velocityLossPct: round(s.velocityLossPct, 1),
  };
}

const share = (v: number | null): number | null => (v === null ? null : round(v, 3));
