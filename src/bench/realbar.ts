import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TempoEngine } from '../shared/engine/engine';
import { REALBAR_CSV_OPTIONS, parseSamplesCsv } from '../shared/io/csv';
import { markdownTable, num } from './markdown';
import { errorMessage } from './section';

/** Files below this effective rate lost data in transit (see PROVENANCE.md); fewer reps there is legitimate. */
export const MIN_RELIABLE_HZ = 40;

export interface RealbarEntry {
  file: string;
  exercise: string;
  reps: number;
  effectiveHz: number;
}

/** Reads index.csv (header: file,exercise,subject,set,reps,duration_s,unique_rows,effective_hz). */
export function parseRealbarIndex(text: string): RealbarEntry[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i === -1) throw new Error(`realbar index.csv has no "${name}" column`);
    return i;
  };
  const [file, exercise, reps, hz] = [col('file'), col('exercise'), col('reps'), col('effective_hz')];
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return {
      file: cells[file] ?? '',
      exercise: cells[exercise] ?? '',
      reps: Number(cells[reps]),
      effectiveHz: Number(cells[hz]),
    };
  });
}

/** Real bar recordings (outside the repo, ../shared): does the rep count match what the lifter did? */
export function runRealbarBench(cwd: string = process.cwd()): string {
  const indexPath = resolve(cwd, '../shared/data/realbar/index.csv');
  if (!existsSync(indexPath)) return `skipped: ../shared not found (looked for ${indexPath})`;
  const dir = dirname(indexPath);
  const entries = parseRealbarIndex(readFileSync(indexPath, 'utf8'));
  const rows: string[][] = [];
  let reliable = 0;
  let reliableExact = 0;
  let exact = 0;
  let reliableRisesExact = 0;
  for (const entry of entries) {
    let detected: number | null = null;
    let rises: number | null = null;
    let note = '';
    try {
      const samples = parseSamplesCsv(readFileSync(join(dir, entry.file), 'utf8'), REALBAR_CSV_OPTIONS);
      // The engine as analyzeSamples runs it, kept to read its independent cycle count too.
      const engine = new TempoEngine();
      engine.process(samples);
      engine.finish();
      detected = engine.sets.reduce((n, s) => n + s.reps.length, 0);
      rises = engine.cycleRises;
      if (engine.gaps.length > 0) note = `${engine.gaps.length} gaps`;
    } catch (err) {
      note = `error: ${errorMessage(err)}`;
    }
    const ok = detected === entry.reps;
    if (ok) exact++;
    if (entry.effectiveHz >= MIN_RELIABLE_HZ) {
      reliable++;
      if (ok) reliableExact++;
      if (rises === entry.reps) reliableRisesExact++;
    }
    rows.push([
      entry.file,
      entry.exercise,
      num(entry.effectiveHz, 1),
      String(entry.reps),
      detected === null ? '-' : String(detected),
      rises === null ? '-' : String(rises),
      ok ? 'ok' : entry.effectiveHz >= MIN_RELIABLE_HZ ? 'MISS' : 'miss (low rate)',
      note,
    ]);
  }
  const table = markdownTable(
    ['file', 'exercise', 'eff. Hz', 'expected', 'reps', 'cycle rises', 'ok?', 'notes'],
    rows,
  );
  const verdict = reliableExact === reliable ? 'ok' : 'MISS';
  return [
    table,
    '',
    `Exact rep count at >= ${MIN_RELIABLE_HZ} Hz effective rate: ${reliableExact}/${reliable} files (target: all) ${verdict}; all files: ${exact}/${entries.length}.`,
    `Cycle rises (the rest-free cycle detector, which fills in the reps where the tracker lost the bar) equal the rep count on ${reliableRisesExact}/${reliable} files at >= ${MIN_RELIABLE_HZ} Hz.`,
  ].join('\n');
}
