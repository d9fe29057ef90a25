import fc from 'fast-check';
import type { Sample } from '../../../src/shared/engine/types';
import { defaultScenario, simulateSession } from '../../../src/shared/sim';
import type { Exercise } from '../../../src/shared/sim/types';
import type { Load, SessionData, SessionInfo } from '../../../src/shared/session/types';

export const INFO: SessionInfo = {
  startedAt: '2025-03-14T17:05:09.123Z',
  endedAt: '2025-03-14T17:41:00.000Z',
  name: 'Heavy day',
  athlete: 'Ada Lovelace',
  exercise: 'Back squat',
  load: { value: 100, unit: 'kg' },
  sensor: 'simulated lifter',
  notes: 'Felt strong; "belt" on set 2,\nnew shoes',
  status: 'complete',
};

export interface SimulatedOptions {
  sets?: number;
  repsPerSet?: number;
  exercise?: Exercise;
  tempo?: string | null;
  seed?: number;
  rushed?: number;
  sampleRateHz?: number;
}

/** A realistic session: the simulated lifter (no rack moves: deadlifts), scored 3-1-X-1 unless told. */
export function simulatedSessionData(options: SimulatedOptions = {}): SessionData {
  const scenario = defaultScenario(options.exercise ?? 'deadlift', {
    sets: options.sets ?? 2,
    repsPerSet: options.repsPerSet ?? 4,
    leadInS: 3,
    tailS: 2,
    restBetweenSetsS: 25,
    lifter: { rushedRepProbability: options.rushed ?? 0.25 },
    sensor: { sampleRateHz: options.sampleRateHz ?? 50 },
  });
  const session = simulateSession(scenario, options.seed ?? 11);
  return {
    info: { ...INFO },
    scoring: { tempo: options.tempo === undefined ? '3-1-X-1' : options.tempo, tolerance: 0.8 },
    setInfo: [{ index: 2, exercise: 'Paused squat', load: { value: 225, unit: 'lb' }, notes: '' }],
    samples: session.samples,
    dropouts: [],
  };
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e5, max: 1e5 });
const label = fc.option(fc.string({ maxLength: 30 }), { nil: null });
const load: fc.Arbitrary<Load | null> = fc.option(
  fc.record({
    value: fc.double({ min: 0.5, max: 2000, noNaN: true }),
    unit: fc.constantFrom('kg' as const, 'lb' as const),
  }),
  { nil: null },
);
const instant = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString());

/** Random sessions: any valid metadata, 0-150 random samples (with or without gyro, garbage readings). */
export const sessionDataArb: fc.Arbitrary<SessionData> = fc
  .record({
    info: fc.record({
      startedAt: instant,
      endedAt: fc.option(instant, { nil: null }),
      name: label,
      athlete: label,
      exercise: label,
      load,
      sensor: fc.string({ maxLength: 40 }),
      notes: fc.string({ maxLength: 200 }),
      status: fc.constantFrom('recording' as const, 'complete' as const, 'recovered' as const),
    }),
    scoring: fc.record({
      tempo: fc.constantFrom(null, '3-1-X-0', '4-0-1-0', '3.5-1-X-0', 'X-X-X-X', '31X0'),
      tolerance: fc.double({ min: 0.05, max: 1, noNaN: true }),
    }),
    setIndexes: fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 4 }),
    setLoad: load,
    t0: fc.double({ min: -1e6, max: 1e9, noNaN: true }),
    steps: fc.array(fc.double({ min: 0, max: 0.5, noNaN: true }), { maxLength: 150 }),
    readings: fc.array(
      fc.oneof({ weight: 20, arbitrary: finite }, { weight: 1, arbitrary: fc.constant(NaN) }),
      {
        minLength: 6 * 150,
        maxLength: 6 * 150,
      },
    ),
    gyro: fc.boolean(),
    dropouts: fc.array(fc.tuple(finite, fc.double({ min: 0, max: 100, noNaN: true })), { maxLength: 3 }),
  })
  .map((r): SessionData => {
    let t = r.t0;
    const samples: Sample[] = r.steps.map((dt, i) => {
      t += dt;
      const v = (k: number): number => r.readings[i * 6 + k] ?? 0;
      const s: Sample = { t, ax: v(0), ay: v(1), az: v(2) };
      if (r.gyro) Object.assign(s, { gx: v(3), gy: v(4), gz: v(5) });
      return s;
    });
    return {
      info: r.info,
      scoring: r.scoring,
      setInfo: [...r.setIndexes]
        .sort((a, b) => a - b)
        .map((index) => ({ index, exercise: `set ${index}`, load: r.setLoad, notes: 'n' })),
      samples,
      dropouts: r.dropouts.map(([startS, lengthS]) => ({ startS, endS: startS + lengthS })),
    };
  });

/** For comparing sessions: -0 folded into 0 (JSON has no -0), NaN readings kept as "NaN" (toEqual would fold them anyway). */
export function comparable<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v)),
  ) as T;
}
