import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TempoEngine } from '../shared/engine/engine';
import type { Sample } from '../shared/engine/types';
import { REALBAR_CSV_OPTIONS, parseSamplesCsv } from '../shared/io/csv';
import { createRng } from '../shared/sim';
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

/**
 * The same recording as another sensor or lifter might have made it: the count must not change. A check
 * on recordings we have not seen: a count that holds only for these exact bytes is luck.
 */
export const PERTURBATIONS: readonly {
  name: string;
  apply: (samples: Sample[]) => Sample[];
  /** The rate it leaves, as a share of the file's (run only where that stays >= MIN_RELIABLE_HZ). */
  rateFactor?: number;
}[] = [
  { name: 'gain +2%', apply: (s) => s.map((x) => scaled(x, 1.02)) },
  { name: 'bias 20 mg (x, y)', apply: (s) => s.map((x) => ({ ...x, ax: x.ax + 0.02, ay: x.ay - 0.015 })) },
  { name: 'bias 20 mg (y, z)', apply: (s) => s.map((x) => ({ ...x, ay: x.ay + 0.015, az: x.az + 0.02 })) },
  {
    name: 'noise +5 mg',
    apply: (s) => {
      const rng = createRng(7);
      const n = (): number => 0.005 * rng.normal(0, 1);
      return s.map((x) => ({ ...x, ax: x.ax + n(), ay: x.ay + n(), az: x.az + n() }));
    },
  },
  { name: 'lifted 10% slower', apply: (s) => s.map((x) => ({ ...x, t: x.t * 1.1 })) },
  { name: 'lifted 10% faster', apply: (s) => s.map((x) => ({ ...x, t: x.t * 0.9 })) },
  { name: 'half the rate', apply: (s) => s.filter((_, i) => i % 2 === 1), rateFactor: 0.5 },
];

function scaled(x: Sample, gain: number): Sample {
  return { ...x, ax: x.ax * gain, ay: x.ay * gain, az: x.az * gain };
}

function perturbationsFor(entry: RealbarEntry): typeof PERTURBATIONS {
  return PERTURBATIONS.filter((p) => entry.effectiveHz * (p.rateFactor ?? 1) >= MIN_RELIABLE_HZ);
}

/** The engine as analyzeSamples runs it, kept to read its independent cycle count and gaps too. */
function analyzed(samples: readonly Sample[]): TempoEngine {
  const engine = new TempoEngine();
  engine.process(samples);
  engine.finish();
  return engine;
}

function repCount(engine: TempoEngine): number {
  return engine.sets.reduce((n, s) => n + s.reps.length, 0);
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
  let perturbedRuns = 0;
  let perturbedExact = 0;
  let steadyFiles = 0;
  for (const entry of entries) {
    let detected: number | null = null;
    let rises: number | null = null;
    let perturbedMisses = '';
    let note = '';
    try {
      const samples = parseSamplesCsv(readFileSync(join(dir, entry.file), 'utf8'), REALBAR_CSV_OPTIONS);
      if (entry.effectiveHz >= MIN_RELIABLE_HZ) {
        const misses: string[] = [];
        for (const p of perturbationsFor(entry)) {
          const n = repCount(analyzed(p.apply(samples)));
          perturbedRuns++;
          if (n === entry.reps) perturbedExact++;
          else misses.push(`${p.name}: ${n}`);
        }
        if (misses.length === 0) steadyFiles++;
        perturbedMisses = misses.join('; ');
      }
      const engine = analyzed(samples);
      detected = repCount(engine);
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
      perturbedMisses,
      note,
    ]);
  }
  const table = markdownTable(
    [
      'file',
      'exercise',
      'eff. Hz',
      'expected',
      'reps',
      'cycle rises',
      'ok?',
      'perturbed: not exact',
      'notes',
    ],
    rows,
  );
  const verdict = reliableExact === reliable ? 'ok' : 'MISS';
  return [
    table,
    '',
    `Exact rep count at >= ${MIN_RELIABLE_HZ} Hz effective rate: ${reliableExact}/${reliable} files (target: all) ${verdict}; all files: ${exact}/${entries.length}.`,
    `Cycle rises (the rest-free cycle detector, which fills in the reps where the tracker lost the bar) equal the rep count on ${reliableRisesExact}/${reliable} files at >= ${MIN_RELIABLE_HZ} Hz.`,
    `Perturbed (each file >= ${MIN_RELIABLE_HZ} Hz again with: ${PERTURBATIONS.map((p) => p.name).join(', ')} where still >= ${MIN_RELIABLE_HZ} Hz): exact on ${perturbedExact}/${perturbedRuns} runs; files exact under every one: ${steadyFiles}/${reliable}.`,
  ].join('\n');
}
