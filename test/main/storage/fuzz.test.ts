import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SessionStore, StorageError } from '../../../src/main/storage';
import { sessionData, tempDir } from './helpers';

const { path } = tempDir();

/** Anything a caller (IPC, a parsed file, a CLI argument) might pass. */
const anything = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double(),
  fc.string({ maxLength: 30 }),
  fc.string({ minLength: 300, maxLength: 400 }),
  fc.constantFrom(null, undefined, true, 1.5, Number.NaN, Infinity, 2 ** 60, '1', [], {}),
  fc.record({ value: fc.double(), unit: fc.string({ maxLength: 3 }) }),
  fc.record({
    tempo: fc.oneof(fc.constant('3-1-X-0'), fc.string({ maxLength: 12 })),
    tolerance: fc.double(),
  }),
);

describe('store argument checks (fuzzed)', () => {
  it('either does the job or throws one StorageError, and a refused call changes nothing', () => {
    const store = SessionStore.open(path('fuzz.sqlite'));
    const id = store.importSession(sessionData());
    const snapshot = () => JSON.stringify([store.listSessions(), store.loadSession(id).data.setInfo]);
    const calls: ((a: unknown, b: unknown) => unknown)[] = [
      (a) => store.loadSession(a as number),
      (a, b) => store.rename(a as number, b as string),
      (a, b) => store.setNotes(a as number, b as string),
      (a, b) => store.setSetNotes(id, a as number, b as string),
      (a, b) => store.updateSession(id, { athlete: a as string, load: b as null }),
      (a) => store.updateSet(id, 2, { load: a as null }),
      (a) => store.reanalyze(id, a as { tempo: string; tolerance: number }),
      (a, b) => store.listSessions({ athlete: a as string, from: b as string }),
      (a) => (a === id ? undefined : store.deleteSession(a as number)),
      (a) =>
        store.importSession({ ...sessionData(), info: { ...sessionData().info, startedAt: a as string } }),
      (a, b) =>
        store.createSession({ sensor: a as string, scoring: b as { tempo: null; tolerance: number } }),
    ];
    fc.assert(
      fc.property(fc.nat(calls.length - 1), anything, anything, (which, a, b) => {
        const before = snapshot();
        try {
          calls[which]!(a, b);
        } catch (err) {
          expect(err).toBeInstanceOf(StorageError);
          expect((err as Error).message).not.toContain('\n');
          expect((err as Error).message.length).toBeLessThan(300);
          // The session fuzzed may only go by a delete of id that succeeded; a refusal leaves all as it was.
          expect(snapshot()).toBe(before);
        }
        // Keep one session to work on.
        if (store.listSessions().every((s) => s.id !== id))
          throw new Error('the working session was deleted');
      }),
      { numRuns: 300, seed: 17 },
    );
    store.close();
  });
});
