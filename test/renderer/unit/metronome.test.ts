import { describe, expect, it } from 'vitest';
import { TempoEngine } from '../../../src/shared/engine/engine';
import { defaultScenario, simulateSession } from '../../../src/shared/sim';
import { parseTempo } from '../../../src/shared/tempo';
import { Metronome, tickTimesS } from '../../../src/renderer/src/metronome';
import { LoweringWatch } from '../../../src/renderer/src/trace';
import { shortcutFor } from '../../../src/renderer/src/keys';
import {
  loadSettings,
  saveSettings,
  startRequest,
  DEFAULT_SETTINGS,
} from '../../../src/renderer/src/settings';

function recorder() {
  const ticks: { inS: number; last: boolean; stopped: boolean }[] = [];
  const scheduler = {
    schedule(inS: number, last: boolean) {
      const tick = { inS, last, stopped: false };
      ticks.push(tick);
      return { stop: () => (tick.stopped = true) };
    },
  };
  return { ticks, scheduler };
}

describe('metronome', () => {
  it('ticks each whole second of the target and at the target itself', () => {
    expect(tickTimesS(3)).toEqual([1, 2, 3]);
    expect(tickTimesS(3.5)).toEqual([1, 2, 3, 3.5]);
    expect(tickTimesS(0.8)).toEqual([0.8]);
  });

  it('schedules the ticks from the lowering’s start (less the batch delay), the last one distinct', () => {
    const { ticks, scheduler } = recorder();
    const m = new Metronome(scheduler);
    m.configure(true, 3);
    m.onTrace({ t: [0, 0.04, 0.08, 0.12], velocityMps: [0, 0, -0.08, -0.12] });
    expect(ticks.map((t) => [+t.inS.toFixed(3), t.last])).toEqual([
      [0.96, false],
      [1.96, false],
      [2.96, true],
    ]);
    // The bar stops at the bottom early: what has not played yet is cancelled.
    m.onTrace({ t: [1.5], velocityMps: [0] });
    expect(ticks.every((t) => t.stopped)).toBe(true);
  });

  it('is silent when off, without a target, or while the bar rises', () => {
    const { ticks, scheduler } = recorder();
    const m = new Metronome(scheduler);
    m.configure(false, 3);
    m.onTrace({ t: [0, 0.1], velocityMps: [0, -0.3] });
    m.configure(true, null);
    m.onTrace({ t: [1, 1.1, 1.2], velocityMps: [0, 0, -0.3] });
    m.configure(true, 3);
    m.onTrace({ t: [2, 2.1], velocityMps: [0, 0.6] });
    expect(ticks).toEqual([]);
  });

  it('turning it off cancels ticks already scheduled', () => {
    const { ticks, scheduler } = recorder();
    const m = new Metronome(scheduler);
    m.configure(true, 4);
    m.onTrace({ t: [0, 0.1], velocityMps: [0, -0.3] });
    expect(ticks).toHaveLength(4);
    m.configure(false, 4);
    expect(ticks.every((t) => t.stopped)).toBe(true);
  });

  it('a lowering starts below the onset speed and ends once the bar has all but stopped or the track is lost', () => {
    const w = new LoweringWatch();
    expect([0, -0.03, -0.06, -0.2, -0.03, -0.02, -0.1, null].map((v) => w.push(v))).toEqual([
      null,
      null,
      'start',
      null,
      null,
      'end',
      'start',
      'end',
    ]);
  });
});

describe('the metronome’s trigger on the engine’s live velocity (simulator truth)', () => {
  // Measured (squat + bench, seeds 1-3, 144 negatives): 134 seen, median 0.04 s after the true start,
  // 129 within 0.15 s; the 10 missed are a set's first one to three reps, where the engine's estimate
  // is still held or lost after the walk-out (README: the first rep after a walk-out).
  it('starts within 0.15 s of the true start for at least 85% of negatives (its ticks count from there)', () => {
    const lags: number[] = [];
    let negatives = 0;
    for (const exercise of ['squat', 'bench'] as const) {
      for (const seed of [1, 2, 3]) {
        const prescription = parseTempo('3-1-X-0');
        const sim = simulateSession(defaultScenario(exercise, { prescription }), seed);
        const engine = new TempoEngine({ prescription });
        const watch = new LoweringWatch();
        const t0 = sim.samples[0]!.t;
        const starts: number[] = [];
        let nextS = -Infinity;
        for (const s of sim.samples) {
          engine.process([s]);
          if (s.t < nextS) continue;
          nextS = s.t + 0.04; // thinned as main thins the trace
          if (watch.push(engine.liveVelocityMps) === 'start') starts.push(t0 + engine.durationS);
        }
        for (const rep of sim.truth.sets.flatMap((set) => set.reps)) {
          negatives++;
          const hit = starts.find((t) => t >= rep.eccentric.startS - 0.5 && t <= rep.eccentric.endS);
          if (hit !== undefined) lags.push(hit - rep.eccentric.startS);
        }
      }
    }
    const onTime = lags.filter((lag) => Math.abs(lag) <= 0.15).length;
    expect(onTime / negatives).toBeGreaterThanOrEqual(0.85);
  });
});

describe('keyboard shortcuts', () => {
  const key = (code: string, extra: Partial<KeyboardEvent> = {}) => ({
    code,
    repeat: false,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...extra,
  });
  it('maps keys to actions, except while typing in a field or with a modifier', () => {
    expect(shortcutFor(key('Space'), 'none')).toBe('start-stop');
    expect(shortcutFor(key('Enter'), 'none')).toBe('start-stop');
    expect(shortcutFor(key('KeyM'), 'none')).toBe('metronome');
    expect(shortcutFor(key('KeyM'), 'text')).toBeNull();
    expect(shortcutFor(key('Escape'), 'text')).toBe('leave-field');
    expect(shortcutFor(key('Space'), 'control')).toBeNull(); // a focused button keeps its Space
    expect(shortcutFor(key('KeyU'), 'control')).toBe('unit');
    expect(shortcutFor(key('KeyM', { ctrlKey: true }), 'none')).toBeNull();
    expect(shortcutFor(key('Space', { repeat: true }), 'none')).toBeNull();
  });
});

describe('rack settings', () => {
  function storage(initial: Record<string, string> = {}): Storage {
    const map = new Map(Object.entries(initial));
    return {
      get length() {
        return map.size;
      },
      clear: () => map.clear(),
      getItem: (k) => map.get(k) ?? null,
      key: (i) => [...map.keys()][i] ?? null,
      removeItem: (k) => void map.delete(k),
      setItem: (k, v) => void map.set(k, v),
    };
  }

  it('remembers the unit and the fields, and shrugs off corrupt or foreign values', () => {
    const s = storage();
    saveSettings({ ...DEFAULT_SETTINGS, unit: 'lb', athlete: 'Jo', metronome: true }, s);
    expect(loadSettings(s)).toMatchObject({ unit: 'lb', athlete: 'Jo', metronome: true });
    expect(loadSettings(storage({ 'bartempo.rack.v1': '{not json' }))).toEqual(DEFAULT_SETTINGS);
    expect(
      loadSettings(
        storage({
          'bartempo.rack.v1': JSON.stringify({
            unit: 'stone',
            athlete: 7,
            autoArm: 'yes',
            tempo: 'x'.repeat(500),
          }),
        }),
      ),
    ).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  it('builds session:start from the form: trimmed names, the load in its unit, one line when the load is bad', () => {
    expect(
      startRequest({ ...DEFAULT_SETTINGS, athlete: ' Jo ', exercise: '', load: '102.5', unit: 'kg' }),
    ).toEqual({
      tempo: '3-1-X-0',
      tolerance: 0.8,
      athlete: 'Jo',
      load: { value: 102.5, unit: 'kg' },
    });
    expect(startRequest({ ...DEFAULT_SETTINGS, load: '225', unit: 'lb' })).toMatchObject({
      load: { value: 225, unit: 'lb' },
    });
    expect(startRequest({ ...DEFAULT_SETTINGS, load: 'heavy' })).toEqual({
      error: 'Load "heavy kg" must be a number with its unit, e.g. 100kg or 225lb',
    });
    expect(startRequest({ ...DEFAULT_SETTINGS, load: '0' })).toHaveProperty('error');
  });
});
