import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { main as cliMain } from '../cli';
import { readSamplesFile } from '../main/io/read-input';
import { analyzeSamples } from '../shared/engine/analyze';
import type { Sample } from '../shared/engine/types';
import { formatCanonicalCsv, parseSamplesCsv } from '../shared/io/csv';
import { markdownTable, verdict } from './markdown';
import { buildStream } from './throughput';

const RATE_HZ = 200;
const HOUR_S = 3600;
/** The reader's target: at most this multiple of reading and splitting the same file. */
const TARGET_MULTIPLE = 2;
const PASSES = 5;
const ANALYZE_PASSES = 3;
const MIB = 1024 * 1024;
/** The hidden bench mode a child process runs to measure one way of analysing a file on its own. */
export const MEMORY_CHILD_FLAG = '--csv-memory-child';

/** Writes `hours` of canonical CSV: the simulated hour repeated, shifted in time, written a block at a time. */
function writeCanonicalCsv(path: string, hour: readonly Sample[], hours: number): void {
  const fd = openSync(path, 'w');
  try {
    const block = 20_000;
    for (let h = 0; h < hours; h++) {
      for (let i = 0; i < hour.length; i += block) {
        const shifted = hour.slice(i, i + block).map((s) => ({ ...s, t: s.t + h * HOUR_S }));
        const text = formatCanonicalCsv(shifted);
        writeSync(fd, h === 0 && i === 0 ? text : text.slice(text.indexOf('\n') + 1));
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * CPU seconds (user + system, every thread of this process: the file reads, GC) since `since`. The machine
 * is shared: wall time there measures the neighbours as much as the code.
 */
function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** Median CPU time of `passes` runs. */
async function medianCpuS(passes: number, run: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const started = process.cpuUsage();
    await run();
    times.push(cpuSecondsSince(started));
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

/** What merely reading the file and cutting it into lines and cells costs in Node: the floor for any reader. */
function readAndSplit(path: string): number {
  let cells = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) cells += line.split(',').length;
  return cells;
}

interface ChildRun {
  maxRssMiB: number;
  peakHeapMiB: number;
  wallS: number;
  cpuS: number;
}

/** Runs one way of analysing `path` in a fresh process (bench.js in its child mode) and reads its peak memory. */
function runInChild(mode: 'streaming' | 'whole-file', path: string): ChildRun {
  const bench = resolve(__dirname, 'bench.js');
  const r = spawnSync(process.execPath, [bench, MEMORY_CHILD_FLAG, mode, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory child (${mode}) failed: ${r.stderr.trim().slice(0, 300)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ChildRun;
}

/** The child's side: analyse the file one way, watching the heap, then print peak RSS and heap as JSON. */
export async function memoryChild(mode: string, path: string): Promise<void> {
  let peakHeap = 0;
  const watch = setInterval(() => {
    peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
  }, 5);
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  if (mode === 'streaming') {
    const code = await cliMain(['analyze', path, '--json'], { stdout: () => {}, stderr: () => {} });
    if (code !== 0) throw new Error(`analyze exited ${code}`);
  } else {
    // What analyze did before the streaming reader: the whole text, then every sample, then the engine.
    analyzeSamples(parseSamplesCsv(readFileSync(path, 'utf8')));
  }
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuS = cpuSecondsSince(cpuStarted);
  clearInterval(watch);
  peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
  const memory: ChildRun = {
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    peakHeapMiB: peakHeap / MIB,
    wallS,
    cpuS,
  };
  console.log(JSON.stringify(memory));
}

/** The CSV reader: read-and-split baseline vs the checked streaming reader vs `analyze` end to end; peak memory. */
export async function runCsvReaderBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bartempo-bench-csv-'));
  try {
    const { samples } = buildStream({ durationS: HOUR_S, rateHz: RATE_HZ, chunkS: 1 });
    const oneHour = join(dir, 'one-hour.csv');
    const threeHours = join(dir, 'three-hours.csv');
    writeCanonicalCsv(oneHour, samples, 1);
    writeCanonicalCsv(threeHours, samples, 3);

    readAndSplit(oneHour); // warm-up: file cache and JIT for both
    const splitS = await medianCpuS(PASSES, () => readAndSplit(oneHour));
    let rows = 0;
    const consumer = {
      process: (c: readonly Sample[]) => void (rows += c.length),
      reset: () => void (rows = 0),
    };
    await readSamplesFile(oneHour, {}, consumer);
    const readerS = await medianCpuS(PASSES, async () => {
      rows = 0;
      await readSamplesFile(oneHour, {}, consumer);
    });
    const analyzeRuns = Array.from({ length: ANALYZE_PASSES }, () => runInChild('streaming', oneHour));
    const middle = (pick: (r: ChildRun) => number): number =>
      analyzeRuns.map(pick).sort((a, b) => a - b)[analyzeRuns.length >> 1]!;
    const streaming = runInChild('streaming', threeHours);
    const whole = runInChild('whole-file', threeHours);

    const multiple = readerS / splitS;
    const sizeMiB = (path: string): string => `${(statSync(path).size / MIB).toFixed(0)} MiB`;
    return [
      `One hour at ${RATE_HZ} Hz of canonical CSV with gyro (${rows.toLocaleString('en-US')} rows, ${sizeMiB(oneHour)}); CPU time (user + system, all threads), median of ${PASSES} passes; \`analyze --json\` in a fresh process, median of ${ANALYZE_PASSES}; memory: three hours (${sizeMiB(threeHours)}), each way in a fresh process.`,
      '',
      markdownTable(
        ['metric', 'value', 'target', ''],
        [
          ['read and split (readFileSync, split lines and cells)', `${splitS.toFixed(2)} s`, '', ''],
          [
            'checked streaming reader (readSamplesFile, samples discarded)',
            `${readerS.toFixed(2)} s`,
            '',
            '',
          ],
          [
            'reader / read-and-split',
            `${multiple.toFixed(2)}x`,
            `<= ${TARGET_MULTIPLE}x`,
            verdict(multiple, TARGET_MULTIPLE, false),
          ],
          ['1 h `analyze --json` end to end: CPU', `${middle((r) => r.cpuS).toFixed(2)} s`, '', ''],
          ['1 h `analyze --json` end to end: wall', `${middle((r) => r.wallS).toFixed(2)} s`, '', ''],
          ['3 h `analyze`, streaming: peak RSS', `${streaming.maxRssMiB.toFixed(0)} MiB`, '', ''],
          ['3 h `analyze`, streaming: peak heap', `${streaming.peakHeapMiB.toFixed(0)} MiB`, '', ''],
          [
            '3 h whole file (text + samples, then engine): peak RSS',
            `${whole.maxRssMiB.toFixed(0)} MiB`,
            '',
            '',
          ],
          ['3 h whole file: peak heap', `${whole.peakHeapMiB.toFixed(0)} MiB`, '', ''],
        ],
      ),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
