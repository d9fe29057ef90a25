/**
 * The coach's report as figures: everything the HTML and PDF reports (and later the app's review screen)
 * show, computed once from a session and its analysis. Pure: no Node, no DOM.
 */
import type { Analysis } from '../engine/analyze';
import type { Gap, PhaseName, SetSummary } from '../engine/types';
import { mean, sampleSd } from '../engine/summary';
import { prescriptionOf } from '../session/analyze-session';
import { formatLoad } from '../session/load';
import { setDetails } from '../session/set-details';
import type { SessionData, SessionStatus } from '../session/types';
import { formatTempo } from '../tempo/parse';
import { phaseDurations } from '../tempo/score';

export interface PrescriptionModel {
  /** Canonical notation, e.g. `3-1-X-0`. */
  tempo: string;
  tolerance: number;
  /** Per phase, seconds; null = X (no target). */
  targetsS: Record<PhaseName, number | null>;
  /** The eccentric band: an eccentric under lowS (tolerance x target) is rushed; null with X. */
  eccentricBand: { lowS: number; targetS: number } | null;
}

export interface RepModel {
  setIndex: number;
  index: number;
  /** 1-based across the whole session, in order. */
  sequence: number;
  durationsS: Record<PhaseName, number>;
  totalS: number;
  withinTolerance: Record<PhaseName, boolean | null> | null;
  rushed: boolean;
  estimated: boolean;
  tempo: string;
  romM: number;
  meanConcentricVelocityMps: number;
  peakConcentricVelocityMps: number;
}

export interface SetModel {
  index: number;
  exercise: string | null;
  loadText: string | null;
  notes: string;
  startS: number;
  endS: number;
  reps: RepModel[];
  summary: SetSummary;
  /** Over the set's reps (0 with none). */
  meanConcentricVelocityMps: number;
  peakConcentricVelocityMps: number;
  /** Gaps overlapping the set. */
  gapCount: number;
}

export interface GapModel {
  /** Seconds from the first sample used, like every other time in the report. */
  startS: number;
  endS: number;
  durationS: number;
  /** The set it falls in, or null between sets. */
  setIndex: number | null;
}

export interface ReportModel {
  athlete: string | null;
  name: string | null;
  /** ISO 8601 UTC, as stored. */
  startedAt: string;
  /** e.g. "14 Mar 2025, 17:05 UTC". */
  dateText: string;
  exercise: string | null;
  loadText: string | null;
  sensor: string;
  status: SessionStatus;
  notes: string;
  prescription: PrescriptionModel | null;
  durationS: number;
  samples: number;
  sampleRateHz: number;
  sets: SetModel[];
  reps: RepModel[];
  rushedCount: number;
  estimatedCount: number;
  /** Over every rep of the session (0 with none). */
  eccentricMeanS: number;
  eccentricCv: number;
  gaps: GapModel[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function buildReportModel(data: SessionData, analysis: Analysis): ReportModel {
  const prescription = prescriptionModel(data);
  const gaps = mergedGaps(data, analysis);
  let sequence = 0;
  const sets = analysis.sets.map((set): SetModel => {
    const details = setDetails(data, set.index);
    const reps = set.reps.map((rep): RepModel => {
      const d = phaseDurations(rep);
      const durationsS = {
        eccentric: d.eccentricS,
        bottomPause: d.bottomPauseS,
        concentric: d.concentricS,
        topPause: d.topPauseS,
      };
      const scores = rep.scores;
      return {
        setIndex: set.index,
        index: rep.index,
        sequence: ++sequence,
        durationsS,
        totalS: d.eccentricS + d.bottomPauseS + d.concentricS + d.topPauseS,
        withinTolerance: scores
          ? {
              eccentric: scores.eccentric.withinTolerance,
              bottomPause: scores.bottomPause.withinTolerance,
              concentric: scores.concentric.withinTolerance,
              topPause: scores.topPause.withinTolerance,
            }
          : null,
        rushed: rep.rushed,
        estimated: rep.estimated === true,
        tempo: rep.tempo,
        romM: rep.romM,
        meanConcentricVelocityMps: rep.meanConcentricVelocityMps,
        peakConcentricVelocityMps: rep.peakConcentricVelocityMps,
      };
    });
    return {
      index: set.index,
      exercise: details.exercise,
      loadText: details.load ? formatLoad(details.load) : null,
      notes: details.notes,
      startS: set.startS,
      endS: set.endS,
      reps,
      summary: set.summary,
      meanConcentricVelocityMps: mean(reps.map((r) => r.meanConcentricVelocityMps)),
      peakConcentricVelocityMps: reps.reduce((m, r) => Math.max(m, r.peakConcentricVelocityMps), 0),
      gapCount: gaps.filter((g) => g.setIndex === set.index).length,
    };
  });
  const reps = sets.flatMap((s) => s.reps);
  const eccentricS = reps.map((r) => r.durationsS.eccentric);
  const eccentricMeanS = mean(eccentricS);
  const sd = sampleSd(eccentricS);
  return {
    athlete: data.info.athlete,
    name: data.info.name,
    startedAt: data.info.startedAt,
    dateText: dateText(data.info.startedAt),
    exercise: data.info.exercise,
    loadText: data.info.load ? formatLoad(data.info.load) : null,
    sensor: data.info.sensor,
    status: data.info.status,
    notes: data.info.notes,
    prescription,
    durationS: analysis.input.durationS,
    samples: analysis.input.samples,
    sampleRateHz: analysis.input.sampleRateHz,
    sets,
    reps,
    rushedCount: reps.filter((r) => r.rushed).length,
    estimatedCount: reps.filter((r) => r.estimated).length,
    eccentricMeanS,
    eccentricCv: eccentricMeanS > 0 ? sd / eccentricMeanS : 0,
    gaps,
  };
}

function prescriptionModel(data: SessionData): PrescriptionModel | null {
  const p = prescriptionOf(data.scoring);
  if (p === null || data.scoring.tempo === null) return null;
  const targetsS = {
    eccentric: p.eccentricS,
    bottomPause: p.bottomPauseS,
    concentric: p.concentricS,
    topPause: p.topPauseS,
  };
  return {
    tempo: formatTempo(p),
    tolerance: p.tolerance,
    targetsS,
    eccentricBand: p.eccentricS === null ? null : { lowS: p.tolerance * p.eccentricS, targetS: p.eccentricS },
  };
}

/**
 * The gaps the engine found in the timestamps and the dropouts the recorder knew of (on the samples'
 * clock, moved to the analysis's), overlapping ones merged, each placed in the set it falls in.
 */
function mergedGaps(data: SessionData, analysis: Analysis): GapModel[] {
  const origin = analysis.input.originS;
  const all: Gap[] = [
    ...analysis.input.gaps,
    ...data.dropouts.map((g) => ({ startS: g.startS - origin, endS: g.endS - origin })),
  ].sort((a, b) => a.startS - b.startS);
  const merged: Gap[] = [];
  for (const g of all) {
    const last = merged[merged.length - 1];
    if (last && g.startS <= last.endS) last.endS = Math.max(last.endS, g.endS);
    else merged.push({ ...g });
  }
  return merged.map((g) => ({
    startS: g.startS,
    endS: g.endS,
    durationS: g.endS - g.startS,
    setIndex: analysis.sets.find((s) => g.startS < s.endS && g.endS > s.startS)?.index ?? null,
  }));
}

function dateText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
