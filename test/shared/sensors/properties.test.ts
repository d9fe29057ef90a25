import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createDecoder,
  encodeOpenProfilePacket,
  SENSOR_FAMILIES,
  type DecodedSample,
  type DecodeResult,
  type DecoderOptions,
  type SensorFamily,
} from '../../../src/shared/sensors';
import { concat, DOC, hex, movesenseData } from './fixtures';

/** Options used for each family and the ranges every output must respect under them. */
const SETUP: Record<SensorFamily, { options: DecoderOptions; accelG: number; gyroDps: number }> = {
  witmotion: { options: {}, accelG: 16, gyroDps: 2000 },
  polar: { options: { sampleRateHz: 200, rangeG: 8 }, accelG: 8, gyroDps: 0 },
  metamotion: { options: { rangeG: 8 }, accelG: 8, gyroDps: 0 },
  movesense: { options: { sampleRateHz: 104, maxNotificationBytes: 60 }, accelG: 16, gyroDps: 2000 },
  thingy: { options: {}, accelG: 16, gyroDps: 2000 },
  open: { options: {}, accelG: 255, gyroDps: 65535 },
};

const G = 9.80665;
/** Valid notifications per family, from PROTOCOLS.md and the open-profile spec. */
const VALID: Record<SensorFamily, Uint8Array[]> = {
  witmotion: [hex(DOC.witmotionPacket), hex(DOC.witmotionNotify)],
  polar: [
    hex(DOC.polarRaw),
    hex(`02 00 ee 97 79 00 00 00 00 81 ${DOC.polarDeltaContent}`),
    hex(DOC.polarH10CaptureStart),
  ],
  metamotion: [hex(DOC.metamotionSingle4g), hex(DOC.metamotionPacked8g), hex('03 80 01 00')],
  movesense: [
    movesenseData(2, 0x63, 1000, [
      [0, 0, G],
      [1, 2, 3],
    ]),
    movesenseData(2, 0x63, 2000, [
      [0, 0, G],
      [0, G, 0],
      [1, 2, 3],
      [4, 5, 6],
    ]).slice(0, 40),
    concat(hex('03 63'), new Uint8Array(14)),
    hex('01 63 c8 00'),
  ],
  thingy: [concat(hex(DOC.thingyFlatAcc), new Uint8Array(12))],
  open: [
    hex(DOC.openExample),
    hex(DOC.openAccOnlyMs),
    encodeOpenProfilePacket({
      seq: 9,
      time: 5,
      timeUnit: 'us',
      samplePeriodUs: 1,
      accelRangeG: 2,
      raw: [[-32768, 32767, 0]],
    }),
  ],
};

function assertSane(r: DecodeResult, family: SensorFamily): void {
  const { accelG, gyroDps } = SETUP[family];
  expect(Array.isArray(r.samples) && Array.isArray(r.errors)).toBe(true);
  for (const s of r.samples) {
    for (const k of ['ax', 'ay', 'az'] as const) {
      expect(Number.isFinite(s[k])).toBe(true);
      expect(Math.abs(s[k])).toBeLessThanOrEqual(accelG);
    }
    for (const k of ['gx', 'gy', 'gz'] as const) {
      const v = s[k];
      if (v === undefined) continue;
      expect(Number.isFinite(v)).toBe(true);
      expect(Math.abs(v)).toBeLessThanOrEqual(gyroDps);
    }
    if (s.t !== undefined) expect(Number.isFinite(s.t)).toBe(true);
  }
  for (const e of r.errors) expect(typeof e).toBe('string');
}

/** Runs a sequence of notifications through a fresh decoder (plus flush), checking every result. */
function runAll(family: SensorFamily, notifications: Uint8Array[]): DecodeResult[] {
  const d = createDecoder(family, SETUP[family].options);
  const results = notifications.map((n) => d.decode(n));
  results.push(d.flush());
  for (const r of results) assertSane(r, family);
  return results;
}

const bytesArb = fc.uint8Array({ minLength: 0, maxLength: 300 });

/** Mutations of valid notifications: truncations, concatenations, bit flips. */
function mutatedArb(family: SensorFamily): fc.Arbitrary<Uint8Array> {
  const valid = fc.constantFrom(...VALID[family]);
  return fc.oneof(
    valid,
    fc.tuple(valid, fc.nat()).map(([v, n]) => v.slice(0, n % (v.length + 1))),
    fc.tuple(valid, fc.nat()).map(([v, n]) => v.slice(n % (v.length + 1))),
    fc.array(valid, { minLength: 2, maxLength: 4 }).map((parts) => concat(...parts)),
    fc.tuple(valid, fc.nat(), fc.integer({ min: 0, max: 7 })).map(([v, i, bit]) => {
      const c = v.slice();
      if (c.length > 0) c[i % c.length] = (c[i % c.length] ?? 0) ^ (1 << bit);
      return c;
    }),
    fc.tuple(valid, bytesArb).map(([v, junk]) => concat(v, junk)),
  );
}

const strip = (rs: DecodeResult[]): DecodedSample[][] => rs.map((r) => r.samples);

describe.each(SENSOR_FAMILIES)('%s decoder properties', (family) => {
  it('never throws and never emits out-of-range or non-finite values on random bytes', () => {
    fc.assert(
      fc.property(fc.array(bytesArb, { maxLength: 6 }), (ns) => {
        runAll(family, ns);
      }),
      { numRuns: 300 },
    );
  });

  it('survives truncations, concatenations and bit flips of valid notifications', () => {
    fc.assert(
      fc.property(fc.array(mutatedArb(family), { minLength: 1, maxLength: 6 }), (ns) => {
        runAll(family, ns);
      }),
      { numRuns: 300 },
    );
  });

  it('valid notifications decode without errors', () => {
    const rs = runAll(family, VALID[family]);
    expect(rs.flatMap((r) => r.errors)).toEqual([]);
  });

  it('is deterministic, and reset() restores the initial state', () => {
    fc.assert(
      fc.property(
        fc.array(mutatedArb(family), { maxLength: 5 }),
        fc.array(mutatedArb(family), { minLength: 1, maxLength: 5 }),
        (warmup, ns) => {
          const a = runAll(family, ns);
          const b = runAll(family, ns);
          expect(b).toEqual(a);
          const d = createDecoder(family, SETUP[family].options);
          for (const w of warmup) d.decode(w);
          d.flush();
          d.reset();
          const c = ns.map((n) => d.decode(n));
          c.push(d.flush());
          expect(strip(c)).toEqual(strip(a));
          expect(c).toEqual(a);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('does not depend on the Uint8Array offset (noble Buffers are views into a pool)', () => {
    for (const v of VALID[family]) {
      const pool = new Uint8Array(v.length + 7);
      pool.set(v, 5);
      const shifted = pool.subarray(5, 5 + v.length);
      expect(runAll(family, [shifted])).toEqual(runAll(family, [v]));
    }
  });
});
