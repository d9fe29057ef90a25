import { describe, expect, it } from 'vitest';
import { analyzeSamples } from '../../../src/shared/engine/analyze';
import { TempoEngine } from '../../../src/shared/engine/engine';
import type { EngineEvent } from '../../../src/shared/engine/types';
import { parseTempo } from '../../../src/shared/tempo/parse';
import { SessionStore } from '../../../src/main/storage';
import { simulatedSamples, tempDir } from './helpers';

const { path } = tempDir();
const scoring = { tempo: '3-1-X-0', tolerance: 0.8 };

describe('SessionRecorder', () => {
  it('commits samples and results as they come; finish() stores what analyze would find', () => {
    const store = SessionStore.open(path('rec.sqlite'));
    let nowMs = 0;
    const recorder = store.startRecording(
      { sensor: 'simulated lifter', athlete: 'Ana', scoring },
      { now: () => nowMs, timer: false },
    );
    const samples = simulatedSamples(4, 2);
    const engine = new TempoEngine({ prescription: parseTempo('3-1-X-0') });
    const events: EngineEvent[] = [];
    // 20 ms chunks in real time, as a BLE sensor delivers them.
    const chunk = 4;
    let maxUnsavedS = 0;
    for (let i = 0; i < samples.length; i += chunk) {
      const part = samples.slice(i, i + chunk);
      nowMs += 20;
      recorder.append(part);
      const e = engine.process(part);
      events.push(...e);
      recorder.recordEvents(e);
      const summary = store.summary(recorder.sessionId);
      const lastT = part[part.length - 1]!.t;
      maxUnsavedS = Math.max(
        maxUnsavedS,
        lastT - (summary.samples > 0 ? samples[summary.samples - 1]!.t : samples[0]!.t),
      );
      expect(summary.status).toBe('recording');
    }
    // Never more than a second's samples waiting.
    expect(maxUnsavedS).toBeLessThan(1);
    const tail = engine.finish();
    events.push(...tail);
    recorder.recordEvents(tail);
    // Before finish, the live results are there: the final reps of every set the engine closed.
    recorder.flush();
    const live = store.loadSession(recorder.sessionId);
    const ended = events.flatMap((e) => (e.type === 'set-ended' ? [e.set] : []));
    expect(live.analysis.sets).toEqual(ended);
    expect(live.analysis.input).toBeNull();

    const final = recorder.finish('2025-03-01T10:30:00.000Z');
    const loaded = store.loadSession(recorder.sessionId);
    expect(loaded.data.samples).toEqual(samples);
    expect(loaded.data.info.status).toBe('complete');
    expect(loaded.data.info.endedAt).toBe('2025-03-01T10:30:00.000Z');
    expect(loaded.data.info.athlete).toBe('Ana');
    const offline = analyzeSamples(samples, { prescription: parseTempo('3-1-X-0') });
    expect(final.sets).toEqual(offline.sets);
    expect(loaded.analysis.sets).toEqual(offline.sets);
    expect(loaded.analysis.sets).toEqual(ended);
    expect(loaded.analysis.input).toEqual(offline.input);
    expect(() => recorder.append(samples.slice(0, 1))).toThrow(/already finished/);
    store.close();
  });

  it('keeps rep-completed reps a set later dropped only until its set-ended', () => {
    const store = SessionStore.open(path('dropped.sqlite'));
    const recorder = store.startRecording({ sensor: 's', scoring }, { timer: false });
    const samples = simulatedSamples(4, 2);
    recorder.append(samples);
    const events = analyzeSamples(samples, { prescription: parseTempo('3-1-X-0') }).events;
    const completed = events.filter((e) => e.type === 'rep-completed');
    const ended = events.flatMap((e) => (e.type === 'set-ended' ? [e.set] : []));
    recorder.recordEvents(events.filter((e) => e.type !== 'set-ended'));
    recorder.flush();
    expect(store.summary(recorder.sessionId).reps).toBe(completed.length);
    recorder.recordEvents(events.filter((e) => e.type === 'set-ended'));
    recorder.flush();
    expect(store.summary(recorder.sessionId).reps).toBe(ended.reduce((n, s) => n + s.reps.length, 0));
    recorder.discard();
    expect(store.listSessions()).toEqual([]);
    store.close();
  });

  it('flushes on its own timer when samples stop coming, and recovery leaves a live recording alone', async () => {
    const file = path('timer.sqlite');
    const store = SessionStore.open(file);
    const recorder = store.startRecording({ sensor: 's', scoring }, { flushIntervalMs: 100 });
    recorder.append(simulatedSamples().slice(0, 10));
    expect(store.summary(recorder.sessionId).samples).toBe(0);
    await new Promise((r) => setTimeout(r, 400));
    expect(store.summary(recorder.sessionId).samples).toBe(10);
    // Another connection in this process (as `sessions list` would open) sees it being recorded.
    const other = SessionStore.open(file);
    expect(other.recoverInterrupted()).toEqual([]);
    expect(other.summary(recorder.sessionId).status).toBe('recording');
    expect(() => other.deleteSession(recorder.sessionId)).toThrow(/is being recorded/);
    other.close();
    recorder.finish();
    expect(store.summary(recorder.sessionId).status).toBe('complete');
    store.close();
  });
});
