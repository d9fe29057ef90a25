import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../src/shared/session/analyze-session';
import { REPS_CSV_COLUMNS, formatRepsCsv } from '../../../src/shared/session/reps-csv';
import type { SessionData } from '../../../src/shared/session/types';
import { simulatedSessionData } from './sessions';

/** A minimal RFC 4180 reader for checking the output (quoted cells, doubled quotes). */
function readCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

describe('per-rep CSV', () => {
  const data = simulatedSessionData({ sets: 2, repsPerSet: 4, rushed: 0.4 });
  data.info.exercise = 'Squat, "high bar"';
  const analysis = analyzeSession(data);
  const text = formatRepsCsv(data, analysis);
  const rows = readCsv(text);
  const reps = analysis.sets.flatMap((s) => s.reps.map((rep) => ({ set: s.index, rep })));

  it('has one row per rep, every documented column, units in the names', () => {
    expect(text.split('\n')[0]).toBe(REPS_CSV_COLUMNS.map((c) => c.name).join(','));
    expect(reps.length).toBe(8);
    expect(rows).toHaveLength(reps.length);
    for (const name of ['eccentric_duration_s', 'rom_m', 'mean_concentric_velocity_mps', 'top_pause_end_s']) {
      expect(Object.keys(rows[0] ?? {})).toContain(name);
    }
    expect(new Set(REPS_CSV_COLUMNS.map((c) => c.name)).size).toBe(REPS_CSV_COLUMNS.length);
  });

  it("holds each rep's figures, its set's exercise and load, and the scoring", () => {
    reps.forEach(({ set, rep }, i) => {
      const row = rows[i] as Record<string, string>;
      expect(Number(row.set_index)).toBe(set);
      expect(Number(row.rep_index)).toBe(rep.index);
      expect(Number(row.eccentric_duration_s)).toBeCloseTo(rep.eccentric.durationS, 3);
      expect(Number(row.bottom_pause_start_s)).toBeCloseTo(rep.bottomPause.startS, 3);
      expect(Number(row.concentric_end_s)).toBeCloseTo(rep.concentric.endS, 3);
      expect(Number(row.peak_concentric_velocity_mps)).toBeCloseTo(rep.peakConcentricVelocityMps, 3);
      expect(row.rushed).toBe(String(rep.rushed));
      expect(row.estimated).toBe(String(rep.estimated === true));
      expect(row.eccentric_target_s).toBe('3');
      expect(row.concentric_target_s).toBe('');
      expect(row.concentric_within_tolerance).toBe('');
      expect(row.eccentric_within_tolerance).toBe(String(rep.scores?.eccentric.withinTolerance));
      expect(row.prescribed_tempo).toBe('3-1-X-1');
      expect(row.tolerance).toBe('0.8');
      expect(row.tempo).toBe(rep.tempo);
      if (set === 1)
        expect([row.exercise, row.load, row.load_unit]).toEqual(['Squat, "high bar"', '100', 'kg']);
      else expect([row.exercise, row.load, row.load_unit]).toEqual(['Paused squat', '225', 'lb']);
    });
    expect(rows.some((r) => r.rushed === 'true')).toBe(true);
  });

  it('leaves targets and tolerance empty with no prescription, and is a header alone with no reps', () => {
    const free: SessionData = { ...data, scoring: { tempo: null, tolerance: 0.8 } };
    const freeRows = readCsv(formatRepsCsv(free, analyzeSession(free)));
    expect(freeRows).toHaveLength(8);
    expect(
      freeRows.every((r) => r.eccentric_target_s === '' && r.tolerance === '' && r.rushed === 'false'),
    ).toBe(true);
    const none: SessionData = { ...data, samples: data.samples.slice(0, 100) };
    expect(formatRepsCsv(none, analyzeSession(none))).toBe(
      REPS_CSV_COLUMNS.map((c) => c.name).join(',') + '\n',
    );
  });
});
