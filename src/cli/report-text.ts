import type { Analysis } from '../shared/engine/analyze';
import type { PhaseName, SetResult } from '../shared/engine/types';
import type { Prescription } from '../shared/tempo/types';
import { formatTempo } from '../shared/tempo/parse';
import { round } from '../shared/report/report-json';
import { renderTable } from './table';

const REP_HEADER = [
  'rep',
  'ecc s',
  'bottom s',
  'con s',
  'top s',
  'tempo',
  'ROM m',
  'con mean m/s',
  'con peak m/s',
  '',
];
const PHASE_LABEL: Record<PhaseName, string> = {
  eccentric: 'eccentric',
  bottomPause: 'bottom',
  concentric: 'concentric',
  topPause: 'top',
};

/** The human-readable `analyze` report: input line, prescription, a table per set, summary lines, gaps. */
export function renderTextReport(analysis: Analysis, prescription: Prescription | null): string {
  const { input, sets } = analysis;
  const out: string[] = [];
  out.push(
    `input: ${input.samples} samples, ${input.durationS.toFixed(1)} s, ${input.sampleRateHz.toFixed(1)} Hz, ${plural(input.gaps.length, 'gap')}`,
  );
  if (prescription) out.push(`tempo: ${formatTempo(prescription)} (tolerance ${prescription.tolerance})`);
  const repCount = sets.reduce((n, s) => n + s.reps.length, 0);
  if (repCount === 0) out.push('no reps found');
  for (const set of sets) {
    if (set.reps.length > 0) out.push('', ...renderSet(set, prescription));
  }
  if (input.gaps.length > 0) {
    out.push('', 'gaps (samples missing):');
    for (const g of input.gaps) {
      out.push(`  ${g.startS.toFixed(2)}-${g.endS.toFixed(2)} s (${(g.endS - g.startS).toFixed(2)} s)`);
    }
  }
  return out.join('\n') + '\n';
}

function renderSet(set: SetResult, prescription: Prescription | null): string[] {
  const rows = set.reps.map((r) => [
    String(r.index),
    r.eccentric.durationS.toFixed(2),
    r.bottomPause.durationS.toFixed(2),
    r.concentric.durationS.toFixed(2),
    r.topPause.durationS.toFixed(2),
    r.tempo,
    r.romM.toFixed(2),
    r.meanConcentricVelocityMps.toFixed(2),
    r.peakConcentricVelocityMps.toFixed(2),
    [r.rushed ? 'RUSHED' : '', r.estimated ? 'estimated' : ''].filter(Boolean).join(' '),
  ]);
  const s = set.summary;
  const lines = [
    `Set ${set.index}: ${set.startS.toFixed(1)}-${set.endS.toFixed(1)} s, ${plural(set.reps.length, 'rep')}`,
    renderTable(REP_HEADER, rows).trimEnd(),
    `  eccentric ${s.eccentricMeanS.toFixed(2)} s ± ${s.eccentricSdS.toFixed(2)} (CV ${pct(s.eccentricCv)}), trend ${signed(s.eccentricTrendSPerRep)} s/rep`,
    `  rushed ${s.rushedCount}/${s.repCount}, velocity loss ${s.velocityLossPct.toFixed(0)}%`,
  ];
  if (prescription && s.adherence) {
    const adherence = s.adherence;
    const parts = (Object.keys(PHASE_LABEL) as PhaseName[]).map((p) => {
      const v = adherence[p];
      return `${PHASE_LABEL[p]} ${v === null ? '-' : pct(v)}`;
    });
    lines.push(`  within tolerance: ${parts.join(', ')}`);
  }
  return lines;
}

const pct = (share: number): string => `${(share * 100).toFixed(0)}%`;
/** Explicit sign; rounded first so a tiny negative trend never prints as "-0.00". */
const signed = (v: number): string => {
  const r = round(v, 2);
  return (r > 0 ? '+' : '') + r.toFixed(2);
};
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
