import { TempoEngine } from '../shared/engine/engine';
import type { Sample } from '../shared/engine/types';
import { createRng, randomScenario, simulateSession } from '../shared/sim';
import { markdownTable, verdict } from './markdown';

export interface ThroughputOptions {
  durationS: number;
  rateHz: number;
  chunkS: number;
}

export const DEFAULT_THROUGHPUT_OPTIONS: ThroughputOptions = { durationS: 3600, rateHz: 200, chunkS: 1 };

const TARGET_REALTIME_MULTIPLE = 10_000;
const MIB = 1024 * 1024;
/** Stream time fed to a throw-away engine before timing. */
const WARMUP_S = 600;
/** Timed passes over the whole stream; the median is reported. */
const PASSES = 9;

/**
 * A long clean stream at a fixed rate: one long simulated session, with further sessions laid end to end
 * (shifted in time) only if it falls short of `durationS`. Generation is not timed.
 */
export function buildStream(options: ThroughputOptions): { samples: Sample[]; trueReps: number } {
  const count = Math.round(options.durationS * options.rateHz);
  const out: Sample[] = [];
  let trueReps = 0;
  let offsetS = 0;
  for (let seed = 1; out.length < count; seed++) {
    // One long session (~20 sets with real rests) rather than many short ones: stitching sessions with
    // different sensor mountings puts orientation jumps in the stream that no real recording has.
    const scenario = randomScenario(createRng(seed), {
      sampleRateHz: [options.rateHz, options.rateHz],
      flaws: false,
      sets: [20, 20],
      repsPerSet: [8, 10],
      restBetweenSetsS: [90, 120],
    });
    const { samples, truth } = simulateSession(scenario, seed);
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last) continue;
    for (const s of samples) {
      if (out.length >= count) break;
      out.push({ ...s, t: s.t - first.t + offsetS });
    }
    // Count the true reps that end inside the stream (the last session is cut off).
    const streamEndS = out.length / options.rateHz;
    for (const set of truth.sets) {
      for (const rep of set.reps) if (rep.topPause.endS - first.t + offsetS < streamEndS) trueReps++;
    }
    offsetS += last.t - first.t + 1 / options.rateHz;
  }
  return { samples: out, trueReps };
}

/** Streaming throughput: the engine fed chunk by chunk, as a sensor driver would, with memory watched. */
export function runThroughputBench(options: ThroughputOptions = DEFAULT_THROUGHPUT_OPTIONS): string {
  const { samples, trueReps } = buildStream(options);
  const chunkSize = Math.max(1, Math.round(options.chunkS * options.rateHz));
  const streamS = samples.length / options.rateHz;
  // Steady state, as in a long session: a first pass over a few minutes lets the JIT compile the hot path
  // (a cold 0.3 s run otherwise measures the compiler as much as the engine).
  const warmup = new TempoEngine({});
  const warmupSamples = Math.min(samples.length, Math.round(WARMUP_S * options.rateHz));
  for (let i = 0; i < warmupSamples; i += chunkSize) warmup.process(samples.slice(i, i + chunkSize));
  warmup.finish();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  // A 0.3 s measurement on a shared machine varies by tens of per cent from run to run: the median of
  // several passes is reported, with the spread.
  const passes: number[] = [];
  let engine = new TempoEngine({});
  let events = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    engine = new TempoEngine({});
    events = 0;
    const startedNs = process.hrtime.bigint();
    for (let i = 0, chunkNo = 0; i < samples.length; i += chunkSize, chunkNo++) {
      events += engine.process(samples.slice(i, i + chunkSize)).length;
      // Polling memory every chunk would dominate the timing; once a simulated minute shows growth.
      if (chunkNo % 60 === 0) {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }
    }
    events += engine.finish().length;
    passes.push(Number(process.hrtime.bigint() - startedNs) / 1e9);
  }
  passes.sort((a, b) => a - b);
  const elapsedS = passes[passes.length >> 1]!;
  const end = process.memoryUsage();
  peakRss = Math.max(peakRss, end.rss);
  peakHeap = Math.max(peakHeap, end.heapUsed);
  const reps = engine.sets.reduce((n, s) => n + s.reps.length, 0);
  const multiple = streamS / elapsedS;
  return [
    `${samples.length.toLocaleString('en-US')} samples (${(streamS / 3600).toFixed(2)} h at ${options.rateHz} Hz) in ${options.chunkS} s chunks, after a warm-up pass over the first ${WARMUP_S / 60} min; median of ${PASSES} passes (${Math.round(streamS / passes[passes.length - 1]!).toLocaleString('en-US')}x-${Math.round(streamS / passes[0]!).toLocaleString('en-US')}x); ${reps} reps detected of ${trueReps} simulated, ${events} events.`,
    '',
    markdownTable(
      ['metric', 'value', 'target', ''],
      [
        ['engine time', `${elapsedS.toFixed(2)} s`, '', ''],
        ['samples/s', Math.round(samples.length / elapsedS).toLocaleString('en-US'), '', ''],
        [
          'multiple of real time',
          `${Math.round(multiple).toLocaleString('en-US')}x`,
          `>= ${TARGET_REALTIME_MULTIPLE.toLocaleString('en-US')}x`,
          verdict(multiple, TARGET_REALTIME_MULTIPLE, true),
        ],
        ['RSS before streaming (input array loaded)', `${(before.rss / MIB).toFixed(0)} MiB`, '', ''],
        ['peak RSS', `${(peakRss / MIB).toFixed(0)} MiB`, '', ''],
        [
          'peak heap growth while streaming',
          `${((peakHeap - before.heapUsed) / MIB).toFixed(1)} MiB`,
          '',
          '',
        ],
      ],
    ),
  ].join('\n');
}
