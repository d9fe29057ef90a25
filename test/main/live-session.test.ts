import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSession } from '../../src/main/session/live-session';
import { SimulatedSensorSource } from '../../src/main/session/simulated-source';
import type { Prescription } from '../../src/shared/tempo/types';
import { fakeableTimers, FakeSource, recordingSink, sample, ScriptedEngine } from '../fakes/session';

const PRESCRIPTION: Prescription = {
  eccentricS: 3,
  bottomPauseS: 1,
  concentricS: null,
  topPauseS: 0,
  tolerance: 0.8,
};

function setup() {
  const source = new FakeSource();
  const sink = recordingSink();
  const engines: ScriptedEngine[] = [];
  const createEngine = vi.fn((_p: Prescription | null) => {
    const engine = new ScriptedEngine();
    engines.push(engine);
    return engine;
  });
  const parsePrescription = vi.fn((tempo: string, _tolerance: number | undefined): Prescription => {
    if (tempo === 'bad') throw new Error('Tempo "bad" is not tempo notation');
    return PRESCRIPTION;
  });
  const session = new LiveSession({
    source,
    emit: sink.emit,
    createEngine,
    parsePrescription,
    timers: fakeableTimers,
    flushIntervalMs: 75,
    tracePeriodS: 0.02,
    wallClock: () => 1_700_000_000_000,
  });
  return { source, sink, engines, createEngine, parsePrescription, session };
}

describe('LiveSession', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('feeds chunks to an engine built from the parsed prescription', () => {
    const { source, session, engines, createEngine, parsePrescription } = setup();
    const state = session.start({ tempo: ' 3-1-X-0 ', tolerance: 0.7 });
    expect(parsePrescription).toHaveBeenCalledWith('3-1-X-0', 0.7);
    expect(createEngine).toHaveBeenCalledWith(PRESCRIPTION);
    expect(source.context).toEqual({ prescription: PRESCRIPTION });
    expect(state).toMatchObject({ running: true, tempo: '3-1-X-0', prescription: PRESCRIPTION, error: null });
    source.push([sample(0), sample(0.01)]);
    expect(engines[0]?.chunks.flat()).toEqual([sample(0), sample(0.01)]);
  });

  it('keeps athlete, exercise and load (trimmed; blank = null) in its state for storage', () => {
    const { session, sink } = setup();
    const state = session.start({
      tempo: '3-1-X-0',
      athlete: '  Jo ',
      exercise: 'Back squat',
      load: { value: 102.5, unit: 'kg' },
    });
    expect(state).toMatchObject({
      athlete: 'Jo',
      exercise: 'Back squat',
      load: { value: 102.5, unit: 'kg' },
    });
    expect(sink.of('session:state').at(-1)).toMatchObject({ athlete: 'Jo' });
    expect(session.stop()).toMatchObject({ running: false, athlete: 'Jo', exercise: 'Back squat' });
    expect(session.start({ athlete: '   ' })).toMatchObject({ athlete: null, exercise: null, load: null });
  });

  it('batches engine events and forwards them once per flush interval', () => {
    const { source, session, sink } = setup();
    session.start({ tempo: '3-1-X-0' });
    source.push([sample(0)]);
    source.push([sample(0.02)]);
    source.push([sample(0.04)]);
    expect(sink.of('session:engine-events')).toEqual([]); // nothing sent per chunk
    vi.advanceTimersByTime(75);
    const batches = sink.of('session:engine-events');
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((e) => e.committedAtS)).toEqual([0, 0.02, 0.04]);
    vi.advanceTimersByTime(300);
    expect(sink.of('session:engine-events')).toHaveLength(1); // empty intervals send nothing
  });

  it('forwards the engine’s velocity thinned in sensor time, read at the very sample of each point', () => {
    const { source, session, sink, engines } = setup();
    session.start();
    // The fake engine's velocity is its last sample's ax: each point must read the engine after that sample.
    source.push([0, 1, 2, 3, 4].map((i) => ({ t: i / 100, ax: i / 10, ay: 0, az: 1 })));
    source.push([5, 6].map((i) => ({ t: i / 100, ax: i / 10, ay: 0, az: 1 })));
    vi.advanceTimersByTime(75);
    expect(sink.of('session:samples')).toEqual([
      { t: [0, 0.02, 0.04, 0.06], velocityMps: [0, 0.2, 0.4, 0.6] },
    ]);
    // Every sample reached the engine once, in order, whatever the pieces.
    expect(engines[0]?.chunks.flat().map((s) => s.t)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => i / 100));
  });

  it('keeps tracing after the sensor clock jumps back, and adds no point where the engine’s clock stood still', () => {
    const { source, session, sink } = setup();
    session.start();
    source.push([sample(10), sample(10.05)]);
    source.push([sample(3)]); // a clock reset: a trace point is due, but the engine did not advance
    source.push([sample(10.1)]); // due because the clock went back: the spacing restarts from 3 s
    vi.advanceTimersByTime(75);
    expect(sink.of('session:samples')).toEqual([{ t: [10, 10.05, 10.1], velocityMps: [0, 0, 0] }]);
  });

  it('stop stops the source, flushes the engine finish() events and the timer', () => {
    const { source, session, sink, engines } = setup();
    session.start({ tempo: '3-1-X-0' });
    source.push([sample(0)]);
    const state = session.stop();
    expect(state.running).toBe(false);
    expect(source.onSamples).toBeNull();
    expect(engines[0]?.finished).toBe(true);
    expect(
      sink
        .of('session:engine-events')
        .flat()
        .map((e) => e.type),
    ).toEqual(['phase-changed', 'gap']);
    expect(sink.of('session:state').map((s) => s.running)).toEqual([true, false]);
    const sent = sink.emitted.length;
    source.push([sample(1)]); // a late chunk from a sloppy driver
    vi.advanceTimersByTime(1000);
    expect(sink.emitted).toHaveLength(sent);
    expect(vi.getTimerCount()).toBe(0);
    expect(session.stop().running).toBe(false); // idempotent
  });

  it('rejects bad notation without disturbing the running session', () => {
    const { session, parsePrescription } = setup();
    session.start({ tempo: '3-1-X-0' });
    expect(() => session.start({ tempo: 'bad' })).toThrow('not tempo notation');
    expect(parsePrescription).toHaveBeenCalledTimes(2);
    expect(session.getState()).toMatchObject({ running: true, tempo: '3-1-X-0' });
  });

  it('restarting ends the previous session first and resets the engine', () => {
    const { source, session, engines } = setup();
    session.start({ tempo: '3-1-X-0' });
    session.start({});
    expect(engines).toHaveLength(2);
    expect(engines[0]?.finished).toBe(true);
    expect(source.starts).toBe(2);
    expect(session.getState()).toMatchObject({ running: true, tempo: null, prescription: null });
  });

  it('ends the session with a clear error instead of crashing when the engine throws', () => {
    const { source, session, sink, engines } = setup();
    session.start();
    vi.spyOn(engines[0] as ScriptedEngine, 'process').mockImplementation(() => {
      throw new Error('engine not implemented yet');
    });
    source.push([sample(0)]);
    expect(session.getState()).toMatchObject({
      running: false,
      error: 'Tempo engine failed: engine not implemented yet',
    });
    expect(sink.of('session:state').at(-1)?.error).toBe('Tempo engine failed: engine not implemented yet');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports the source status in its state', () => {
    const { session, sink } = setup();
    expect(session.getState().sensor).toEqual({
      source: 'simulated',
      connected: true,
      message: 'fake sensor',
    });
    session.publishSensorStatus();
    expect(sink.of('sensor:status')).toHaveLength(1);
  });
});

describe('SimulatedSensorSource', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pulls the simulator up to (elapsed x speed) on each tick and stops cleanly', () => {
    const asked: number[] = [];
    const lifter = { takeUntil: (t: number) => (asked.push(t), [sample(t)]) };
    const source = new SimulatedSensorSource({
      createLifter: () => lifter,
      speed: 10,
      tickMs: 20,
      timers: fakeableTimers,
      message: 'Bluetooth unavailable',
    });
    const chunks: number[] = [];
    source.start((c) => chunks.push(c.length), { prescription: null });
    vi.advanceTimersByTime(100);
    expect(asked).toEqual([0.2, 0.4, 0.6, 0.8, 1].map((x) => expect.closeTo(x, 9)));
    expect(chunks).toEqual([1, 1, 1, 1, 1]);
    source.stop();
    vi.advanceTimersByTime(100);
    expect(asked).toHaveLength(5);
    expect(source.status()).toEqual({
      source: 'simulated',
      connected: true,
      message: 'Bluetooth unavailable',
    });
  });

  it('sends nothing for ticks with no new samples, and starts a fresh lifter each start', () => {
    const createLifter = vi.fn((_p: Prescription | null) => ({ takeUntil: () => [] }));
    const source = new SimulatedSensorSource({ createLifter, timers: fakeableTimers });
    const onSamples = vi.fn();
    source.start(onSamples, { prescription: null });
    vi.advanceTimersByTime(200);
    source.start(onSamples, { prescription: PRESCRIPTION });
    expect(onSamples).not.toHaveBeenCalled();
    expect(createLifter.mock.calls).toEqual([[null], [PRESCRIPTION]]);
    expect(vi.getTimerCount()).toBe(1);
    source.stop();
  });
});
