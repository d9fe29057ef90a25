/**
 * The per-rep CSV: one row per rep, every phase and metric, units in the column names (README "Per-rep
 * CSV" documents each column from REPS_CSV_COLUMNS). Rounded as `analyze --json`: times to the
 * millisecond, distances to the millimetre, speeds to mm/s.
 */
import type { Analysis } from '../engine/analyze';
import type { PhaseName, PhaseTiming, RepMetrics, SetResult } from '../engine/types';
import { round } from '../report/report-json';
import { setDetails, type SetDetails } from './set-details';
import type { SessionData } from './types';

interface RepRow {
  set: SetResult;
  rep: RepMetrics;
  details: SetDetails;
  data: SessionData;
}

type Cell = string | number | boolean | null;

export interface RepsCsvColumn {
  name: string;
  /** For the README table. */
  description: string;
  value(row: RepRow): Cell;
}

const ms = (s: number): number => round(s, 3);

const PHASE_COLUMNS: [PhaseName, string, string][] = [
  ['eccentric', 'eccentric', 'eccentric (lowering)'],
  ['bottomPause', 'bottom_pause', 'bottom pause'],
  ['concentric', 'concentric', 'concentric (lift)'],
  ['topPause', 'top_pause', 'top pause'],
];

function phaseColumns(phase: PhaseName, prefix: string, label: string): RepsCsvColumn[] {
  const timing = (row: RepRow): PhaseTiming => row.rep[phase];
  return [
    { name: `${prefix}_start_s`, description: `start of the ${label}`, value: (r) => ms(timing(r).startS) },
    { name: `${prefix}_end_s`, description: `end of the ${label}`, value: (r) => ms(timing(r).endS) },
    {
      name: `${prefix}_duration_s`,
      description: `duration of the ${label}`,
      value: (r) => ms(timing(r).durationS),
    },
    {
      name: `${prefix}_target_s`,
      description: `prescribed duration of the ${label}; empty for X or no prescription`,
      value: (r) => r.rep.scores?.[phase].targetS ?? null,
    },
    {
      name: `${prefix}_within_tolerance`,
      description: `true when tolerance x target <= duration <= target / tolerance (a 0 s target allows 0.25 s); empty with no target`,
      value: (r) => r.rep.scores?.[phase].withinTolerance ?? null,
    },
  ];
}

export const REPS_CSV_COLUMNS: readonly RepsCsvColumn[] = [
  { name: 'set_index', description: 'set number in the session, from 1', value: (r) => r.set.index },
  { name: 'rep_index', description: 'rep number in its set, from 1', value: (r) => r.rep.index },
  {
    name: 'exercise',
    description: "the set's exercise (else the session's); empty when none was given",
    value: (r) => r.details.exercise,
  },
  {
    name: 'load',
    description: "the set's bar load (else the session's), in load_unit; empty when none was given",
    value: (r) => r.details.load?.value ?? null,
  },
  { name: 'load_unit', description: '`kg` or `lb`, as entered', value: (r) => r.details.load?.unit ?? null },
  {
    name: 'prescribed_tempo',
    description: 'the tempo the rep was scored against, e.g. `3-1-X-0`; empty for none',
    value: (r) => r.data.scoring.tempo,
  },
  {
    name: 'tolerance',
    description:
      'the scoring tolerance (an eccentric under tolerance x target is rushed); empty with no tempo',
    value: (r) => (r.data.scoring.tempo === null ? null : r.data.scoring.tolerance),
  },
  {
    name: 'rep_start_s',
    description: 'start of the rep, seconds from the first sample used (as every time here)',
    value: (r) => ms(r.rep.startS),
  },
  { name: 'rep_end_s', description: 'end of the rep', value: (r) => ms(r.rep.endS) },
  ...PHASE_COLUMNS.flatMap(([phase, prefix, label]) => phaseColumns(phase, prefix, label)),
  {
    name: 'tempo',
    description: 'measured tempo, phase durations to 0.1 s in tempo order, e.g. `3.1-0.9-0.8-0.0`',
    value: (r) => r.rep.tempo,
  },
  {
    name: 'rom_m',
    description: 'range of motion (vertical bar travel), metres',
    value: (r) => round(r.rep.romM, 3),
  },
  {
    name: 'mean_concentric_velocity_mps',
    description: 'mean lifting speed, m/s',
    value: (r) => round(r.rep.meanConcentricVelocityMps, 3),
  },
  {
    name: 'peak_concentric_velocity_mps',
    description: 'peak lifting speed, m/s',
    value: (r) => round(r.rep.peakConcentricVelocityMps, 3),
  },
  {
    name: 'mean_eccentric_velocity_mps',
    description: 'mean lowering speed (positive), m/s',
    value: (r) => round(r.rep.meanEccentricVelocityMps, 3),
  },
  {
    name: 'rushed',
    description: 'true when the eccentric was shorter than tolerance x its target',
    value: (r) => r.rep.rushed,
  },
  {
    name: 'estimated',
    description:
      "true for a rep counted from the bar's lifts where the engine lost track: its phases are rough",
    value: (r) => r.rep.estimated === true,
  },
];

/** The per-rep CSV text (a header row, then one row per rep in set and rep order; `\n` line ends). */
export function formatRepsCsv(data: SessionData, analysis: Analysis): string {
  const lines = [REPS_CSV_COLUMNS.map((c) => c.name).join(',')];
  for (const set of analysis.sets) {
    const details = setDetails(data, set.index);
    for (const rep of set.reps) {
      const row: RepRow = { set, rep, details, data };
      lines.push(REPS_CSV_COLUMNS.map((c) => csvCell(c.value(row))).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** RFC 4180: a text cell with a comma, quote, line break or edge space is quoted, quotes doubled. */
function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
