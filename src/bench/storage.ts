/**
 * Storage: a long session written through the recorder as a live recording would (BLE-sized chunks, the
 * engine's events with them, a flush every 0.5 s of recording), then reopened, loaded and re-analysed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionStore } from '../main/storage';
import { TempoEngine } from '../shared/engine/engine';
import type { EngineEvent } from '../shared/engine/types';
import { parseTempo } from '../shared/tempo/parse';
import { markdownTable } from './markdown';
import { buildStream } from './throughput';

export interface StorageBenchOptions {
  durationS: number;
  rateHz: number;
  /** One BLE notification's worth of samples. */
  chunkS: number;
}

export const DEFAULT_STORAGE_OPTIONS: StorageBenchOptions = { durationS: 7200, rateHz: 200, chunkS: 0.02 };

const MB = 1e6;
const TEMPO = '3-1-X-0';

export function runStorageBench(options: StorageBenchOptions = DEFAULT_STORAGE_OPTIONS): string {
  const { samples } = buildStream({ durationS: options.durationS, rateHz: options.rateHz, chunkS: 1 });
  const chunkSize = Math.max(1, Math.round(options.chunkS * options.rateHz));
  const recordingS = samples.length / options.rateHz;
  // The engine's events per chunk, computed first: the engine's own cost is the throughput section's.
  const engine = new TempoEngine({ prescription: parseTempo(TEMPO) });
  const eventsAt = new Map<number, EngineEvent[]>();
  for (let i = 0; i < samples.length; i += chunkSize) {
    const events = engine.process(samples.slice(i, i + chunkSize));
    if (events.length > 0) eventsAt.set(i, events);
  }
  const tail = engine.finish();

  const dir = mkdtempSync(join(tmpdir(), 'bartempo-bench-'));
  const file = join(dir, 'bench.sqlite');
  try {
    const store = SessionStore.open(file);
    // The recorder's clock is the recording's: one chunk every chunkS, as a sensor delivers them.
    let clockMs = 0;
    const recorder = store.startRecording(
      { sensor: 'bench', scoring: { tempo: TEMPO, tolerance: 0.8 } },
      { now: () => clockMs, timer: false },
    );
    let flushes = 0;
    let worstAppendMs = 0;
    const started = performance.now();
    for (let i = 0; i < samples.length; i += chunkSize) {
      clockMs += options.chunkS * 1000;
      const before = recorder.storedSamples;
      const t0 = performance.now();
      recorder.append(samples.slice(i, i + chunkSize));
      const events = eventsAt.get(i);
      if (events) recorder.recordEvents(events);
      const ms = performance.now() - t0;
      if (recorder.storedSamples !== before) {
        flushes++;
        worstAppendMs = Math.max(worstAppendMs, ms);
      }
    }
    recorder.recordEvents(tail);
    const writeS = (performance.now() - started) / 1000;
    const finishStarted = performance.now();
    recorder.finish();
    const finishS = (performance.now() - finishStarted) / 1000;
    store.close();
    const sizeBytes = statSync(file).size;

    const reopenStarted = performance.now();
    const reopened = SessionStore.open(file);
    const session = reopened.loadSession(recorder.sessionId);
    const loadS = (performance.now() - reopenStarted) / 1000;
    const reps = session.analysis.sets.reduce((n, s) => n + s.reps.length, 0);
    const reanalyzeStarted = performance.now();
    reopened.reanalyze(recorder.sessionId, { tempo: '4-0-1-0', tolerance: 0.9 });
    const reanalyzeS = (performance.now() - reanalyzeStarted) / 1000;
    const listStarted = performance.now();
    reopened.listSessions();
    const listMs = performance.now() - listStarted;
    reopened.close();

    const hours = recordingS / 3600;
    return [
      `${samples.length.toLocaleString('en-US')} samples (${hours.toFixed(2)} h at ${options.rateHz} Hz, with gyro) appended in ${Math.round(options.chunkS * 1000)} ms chunks with the engine's events; ${flushes.toLocaleString('en-US')} flushes (one transaction each, synchronous=FULL, WAL); ${session.analysis.sets.length} sets, ${reps} reps stored.`,
      '',
      markdownTable(
        ['metric', 'value'],
        [
          ['write throughput', `${Math.round(samples.length / writeS).toLocaleString('en-US')} samples/s`],
          ['writing thread, per second of recording', `${((writeS * 1000) / recordingS).toFixed(2)} ms`],
          ['slowest flush (0.5 s of samples)', `${worstAppendMs.toFixed(1)} ms`],
          ['finish (final analysis of the stored samples)', `${finishS.toFixed(2)} s`],
          ['database size per hour', `${(sizeBytes / MB / hours).toFixed(1)} MB`],
          ['reopen + load the whole session', `${loadS.toFixed(2)} s`],
          ['re-analyse (another tempo)', `${reanalyzeS.toFixed(2)} s`],
          ['list sessions', `${listMs.toFixed(1)} ms`],
        ],
      ),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
