import { describe, expect, it, vi } from 'vitest';
import { LiveSession, type RecordingStart } from '../../src/main/session/live-session';
import { SessionStore } from '../../src/main/storage';
import { tempDir } from './storage/helpers';
import { fakeableTimers, FakeSource, recordingSink, sample, ScriptedEngine } from '../fakes/session';

const { path } = tempDir('bartempo-live-storage-');

function setup(record: (start: RecordingStart) => ReturnType<SessionStore['startRecording']>) {
  const source = new FakeSource();
  const sink = recordingSink();
  const session = new LiveSession({
    source,
    emit: sink.emit,
    createEngine: () => new ScriptedEngine(),
    parsePrescription: () => ({
      eccentricS: 3,
      bottomPauseS: 1,
      concentricS: null,
      topPauseS: 0,
      tolerance: 0.8,
    }),
    timers: fakeableTimers,
    record,
  });
  return { source, session };
}

function storeAt(name: string) {
  const store = SessionStore.open(path(name));
  const record = vi.fn((start: RecordingStart) =>
    store.startRecording({
      sensor: start.sensorKind,
      scoring: start.scoring,
      athlete: start.athlete,
      exercise: start.exercise,
      load: start.load,
    }),
  );
  return { store, record };
}

describe('LiveSession saving to the database', () => {
  it('stores every sample and the session metadata, and completes the session on stop', () => {
    const { store, record } = storeAt('saved.sqlite');
    const { source, session } = setup(record);
    const state = session.start({ tempo: '3-1-X-0', athlete: 'Jo', load: { value: 80, unit: 'kg' } });
    expect(record.mock.calls[0]?.[0]).toMatchObject({
      scoring: { tempo: '3-1-X-0', tolerance: 0.8 },
      athlete: 'Jo',
      load: { value: 80, unit: 'kg' },
    });
    const id = state.sessionId!;
    source.push([sample(0), sample(0.01), sample(0.02)]);
    source.push([sample(0.03)]);
    expect(session.stop()).toMatchObject({ running: false, error: null, sessionId: id });
    expect(store.summary(id)).toMatchObject({ status: 'complete', samples: 4, athlete: 'Jo' });
    expect(store.loadSession(id).data.samples.map((s) => s.t)).toEqual([0, 0.01, 0.02, 0.03]);
    store.close();
  });

  it('keeps no empty session: started and stopped with no samples leaves nothing behind', () => {
    const { store, record } = storeAt('empty.sqlite');
    const { session } = setup(record);
    session.start({});
    session.stop();
    expect(store.listSessions()).toEqual([]);
    store.close();
  });

  it('a database that refuses leaves the set running, unsaved, and says so', () => {
    const { source, session } = setup(() => {
      throw new Error('the database driver was built for a different Node/Electron version');
    });
    const state = session.start({});
    expect(state).toMatchObject({ running: true, sessionId: null });
    expect(state.error).toMatch(/^Not saving this session: the database driver/);
    source.push([sample(0)]);
    expect(session.getState().running).toBe(true);
  });

  it('a save failing mid-set stops saving, not the set; what was committed stays', () => {
    const { store, record } = storeAt('closed.sqlite');
    const { source, session } = setup(record);
    const id = session.start({}).sessionId!;
    const stretch = (fromS: number) => Array.from({ length: 60 }, (_, i) => sample(fromS + i * 0.01));
    source.push(stretch(0)); // 0.59 s of samples: committed (the recorder holds at most 0.5 s)
    store.close(); // the file goes away under the recorder
    source.push(stretch(0.6));
    expect(session.getState()).toMatchObject({ running: true });
    expect(session.getState().error).toMatch(/^Not saving this session: /);
    expect(session.stop().running).toBe(false);
    const reopened = SessionStore.open(path('closed.sqlite'));
    // Left as interrupted with what was committed (the next start of another process recovers it).
    expect(reopened.summary(id).status).toBe('recording');
    expect(reopened.summary(id).samples).toBeGreaterThanOrEqual(51);
    reopened.close();
  });
});
