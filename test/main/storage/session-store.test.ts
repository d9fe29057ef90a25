import { describe, expect, it } from 'vitest';
import { analyzeSamples } from '../../../src/shared/engine/analyze';
import { parseTempo } from '../../../src/shared/tempo/parse';
import { SessionStore, StorageError } from '../../../src/main/storage';
import { sessionData, simulatedSamples, tempDir } from './helpers';

const { path } = tempDir();

describe('SessionStore', () => {
  it('imports a session and loads it back exactly, with the analysis analyzeSamples gives', () => {
    const store = SessionStore.open(path('import.sqlite'));
    const data = sessionData();
    const id = store.importSession(data);
    const loaded = store.loadSession(id);
    expect(loaded.data).toEqual(data);
    // Bit-exact doubles: -0 and every last digit survive.
    loaded.data.samples.forEach((s, i) => expect(Object.is(s.t, data.samples[i]?.t)).toBe(true));
    const expected = analyzeSamples(data.samples, { prescription: parseTempo('3-1-X-0', 0.8) });
    expect(loaded.analysis.sets).toEqual(expected.sets);
    expect(loaded.analysis.input).toEqual(expected.input);
    expect(loaded.analysis.scoring).toEqual({ tempo: '3-1-X-0', tolerance: 0.8 });
    store.close();

    // Reopened from disk: the same.
    const again = SessionStore.open(path('import.sqlite'));
    expect(again.loadSession(id).data).toEqual(data);
    again.close();
  });

  it('keeps -0, tiny and huge doubles and samples without gyro bit for bit', () => {
    const store = SessionStore.open(path('doubles.sqlite'));
    const samples = [
      { t: 0, ax: -0, ay: 5e-324, az: 1.7976931348623157e308 },
      { t: 0.1, ax: 0.1 + 0.2, ay: -1e-300, az: 1 },
      { t: 0.2, ax: 1, ay: 2, az: 3, gx: -0, gy: 1e-17, gz: 123.456 },
    ];
    const id = store.importSession(sessionData({}, samples));
    const back = store.loadSession(id).data.samples;
    expect(back).toEqual(samples);
    expect(Object.is(back[0]?.ax, -0)).toBe(true);
    expect(Object.is(back[2]?.gx, -0)).toBe(true);
    expect('gx' in (back[0] ?? {})).toBe(false);
    store.close();
  });

  it('lists newest first with filters, and counts samples, sets and reps', () => {
    const store = SessionStore.open(path('list.sqlite'));
    const a = store.importSession(sessionData({ startedAt: '2025-01-01T08:00:00.000Z', athlete: 'Ana' }));
    const b = store.importSession(
      sessionData({ startedAt: '2025-02-01T08:00:00.000Z', athlete: 'Ben', exercise: 'bench' }),
    );
    const list = store.listSessions();
    expect(list.map((s) => s.id)).toEqual([b, a]);
    const first = list[1]!;
    const samples = simulatedSamples();
    expect(first.samples).toBe(samples.length);
    expect(first.durationS).toBeCloseTo(samples[samples.length - 1]!.t - samples[0]!.t, 9);
    const analysis = store.loadSession(a).analysis;
    expect(first.sets).toBe(analysis.sets.length);
    expect(first.reps).toBe(analysis.sets.reduce((n, s) => n + s.reps.length, 0));
    expect(first.reps).toBeGreaterThan(0);
    expect(first.status).toBe('complete');
    expect(store.listSessions({ athlete: 'ben' }).map((s) => s.id)).toEqual([b]);
    expect(store.listSessions({ exercise: 'BENCH' }).map((s) => s.id)).toEqual([b]);
    // A set's own exercise matches too.
    expect(store.listSessions({ exercise: 'pause squat' })).toHaveLength(2);
    expect(store.listSessions({ from: '2025-01-15T00:00:00.000Z' }).map((s) => s.id)).toEqual([b]);
    expect(store.listSessions({ to: '2025-01-15T00:00:00.000Z' }).map((s) => s.id)).toEqual([a]);
    store.close();
  });

  it('renames, sets notes on a session and a set, deletes with its samples', () => {
    const store = SessionStore.open(path('edit.sqlite'));
    const id = store.importSession(sessionData());
    store.rename(id, '  Monday  ');
    store.setNotes(id, 'line one\nline two');
    store.setSetNotes(id, 2, 'grindy');
    const data = store.loadSession(id).data;
    expect(data.info.name).toBe('Monday');
    expect(data.info.notes).toBe('line one\nline two');
    expect(data.setInfo.map((s) => [s.index, s.notes])).toEqual([
      [1, 'belt'],
      [2, 'grindy'],
    ]);
    store.rename(id, '');
    expect(store.summary(id).name).toBeNull();
    const deleted = store.deleteSession(id);
    expect(deleted).toMatchObject({ id, samples: simulatedSamples().length });
    expect(() => store.loadSession(id)).toThrow(/no session/);
    expect(store.listSessions()).toEqual([]);
    const count = (store as unknown as { db: { prepare(s: string): { get(): { n: number } } } }).db
      .prepare(
        'SELECT (SELECT count(*) FROM sample_chunks) + (SELECT count(*) FROM reps) + (SELECT count(*) FROM gaps) AS n',
      )
      .get().n;
    expect(count).toBe(0);
    store.close();
  });

  it('re-analyses with another prescription: samples untouched, results replaced, the scoring recorded', () => {
    const store = SessionStore.open(path('reanalyze.sqlite'));
    const id = store.importSession(sessionData());
    const before = store.loadSession(id);
    const result = store.reanalyze(id, { tempo: '5-0-1-0', tolerance: 0.9 });
    const after = store.loadSession(id);
    expect(after.data.samples).toEqual(before.data.samples);
    expect(after.data.scoring).toEqual({ tempo: '5-0-1-0', tolerance: 0.9 });
    const expected = analyzeSamples(before.data.samples, { prescription: parseTempo('5-0-1-0', 0.9) });
    expect(after.analysis.sets).toEqual(expected.sets);
    expect(result.sets).toEqual(expected.sets);
    // A 3 s negative against a 5 s target at 0.9: every rep is rushed now.
    const reps = after.analysis.sets.flatMap((s) => s.reps);
    expect(reps.length).toBeGreaterThan(0);
    expect(reps.every((r) => r.rushed)).toBe(true);
    expect(before.analysis.sets.flatMap((s) => s.reps).some((r) => !r.rushed)).toBe(true);
    // User-given set info survives re-analysis.
    expect(after.data.setInfo).toEqual(before.data.setInfo);
    expect(
      store
        .reanalyze(id, { tempo: null, tolerance: 0.8 })
        .sets.flatMap((s) => s.reps)
        .some((r) => r.rushed),
    ).toBe(false);
    expect(store.summary(id).tempo).toBeNull();
    store.close();
  });

  it('says which session is missing and refuses bad arguments with a StorageError', () => {
    const store = SessionStore.open(path('args.sqlite'));
    expect(() => store.loadSession(99)).toThrow(/no session 99 in /);
    expect(() => store.loadSession(0)).toThrow(StorageError);
    expect(() => store.reanalyze(1, { tempo: '3-1-X-0', tolerance: 1.5 })).toThrow(
      /tolerance must be in \(0, 1\]/,
    );
    expect(() => store.reanalyze(1, { tempo: 'fast', tolerance: 0.8 })).toThrow(/not tempo notation/);
    expect(() => store.rename(1, 'x'.repeat(201))).toThrow(/longer than 200/);
    store.close();
    expect(() => store.listSessions()).toThrow(/is closed/);
  });
});
