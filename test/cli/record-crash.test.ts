import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/main/storage';
import { analyzeSamples } from '../../src/shared/engine/analyze';
import type { Sample } from '../../src/shared/engine/types';
import { parseSamplesCsv } from '../../src/shared/io/csv';
import { defaultScenario, SimulatedLifter } from '../../src/shared/sim';
import { parseTempo } from '../../src/shared/tempo/parse';
import { tempDir } from '../main/storage/helpers';
import { ensureBuiltCli, spawnCli, waitForLine } from './built-cli';

const { path } = tempDir('bartempo-crash-');
const SEED = 3;
const TEMPO = '3-1-X-0';

beforeAll(() => ensureBuiltCli(), 180_000);

const recordArgs = (db: string, csv: string, ...more: string[]) => [
  'record',
  '--sensor',
  'simulated',
  '--speed',
  '10',
  '--seconds',
  '600',
  '--seed',
  String(SEED),
  '--tempo',
  TEMPO,
  '--db',
  db,
  '--out',
  csv,
  ...more,
];

/** The CSV as far as it was written (a line cut short by the kill is not a sample). */
function csvSamples(file: string): Sample[] {
  const text = readFileSync(file, 'utf8');
  return parseSamplesCsv(text.slice(0, text.lastIndexOf('\n') + 1));
}

/** What the simulated lifter produces for this seed, deterministically. */
function simulatorOutput(count: number): Sample[] {
  const lifter = new SimulatedLifter(defaultScenario('squat', { prescription: parseTempo(TEMPO) }), SEED);
  const out: Sample[] = [];
  for (let t = 10; out.length < count; t += 10) out.push(...lifter.takeUntil(t));
  return out.slice(0, count);
}

describe('record survives being killed', () => {
  it('SIGKILL mid-set: the next start recovers the session with all but the last second of samples', async () => {
    const db = path('kill.sqlite');
    const csv = path('kill.csv');
    const run = spawnCli(recordArgs(db, csv, '--json'));
    // Mid-set: the second rep of the first set has just been completed.
    await waitForLine(run, /"type":"rep-completed","setIndex":1,"rep":\{"index":2,/);
    // Freeze it, take what it had produced (the CSV gets every chunk at once), then kill it.
    run.child.kill('SIGSTOP');
    const produced = csvSamples(csv);
    run.child.kill('SIGKILL');
    expect(await run.exited).toBeNull();

    // Still `recording` on disk: nobody finished it.
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT status FROM sessions').pluck().all()).toEqual(['recording']);
    raw.close();

    const store = SessionStore.open(db);
    const [recovered, ...others] = store.recoverInterrupted();
    expect(others).toEqual([]);
    expect(recovered?.samples).toBeGreaterThan(0);
    const session = store.loadSession(recovered!.id);
    expect(session.data.info.status).toBe('recovered');
    const kept = session.data.samples;
    // An exact prefix of what was produced, short of it by less than a second.
    expect(kept).toEqual(produced.slice(0, kept.length));
    expect(kept).toEqual(simulatorOutput(kept.length));
    const lostS = produced[produced.length - 1]!.t - kept[kept.length - 1]!.t;
    expect(lostS).toBeGreaterThanOrEqual(0);
    expect(lostS).toBeLessThan(1);
    // Analysed from its samples, with the recorded prescription.
    expect(session.analysis.sets).toEqual(analyzeSamples(kept, { prescription: parseTempo(TEMPO) }).sets);
    expect(session.analysis.sets.flatMap((s) => s.reps).length).toBeGreaterThanOrEqual(1);
    expect(store.recoverInterrupted()).toEqual([]);
    store.close();
  });

  it.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)(
    '%s mid-set ends the recording cleanly: complete, nothing lost',
    async (signal) => {
      const db = path(`${signal}.sqlite`);
      const csv = path(`${signal}.csv`);
      const run = spawnCli(recordArgs(db, csv));
      await waitForLine(run, /^ {2}rep 1\.2: /);
      run.child.kill(signal);
      expect(await run.exited).toBe(0);
      const closing = run.lines.find((l) => l.startsWith('recorded '));
      expect(closing).toMatch(/; saved .*\.csv and session 1 in /);
      const written = csvSamples(csv);
      const store = SessionStore.open(db);
      const session = store.loadSession(1);
      expect(session.data.info.status).toBe('complete');
      expect(session.data.info.endedAt).not.toBeNull();
      expect(session.data.samples).toEqual(written);
      expect(closing).toContain(`recorded ${written.length} samples`);
      store.close();
    },
  );
});
