import { describe, expect, it } from 'vitest';
import {
  createDecoder,
  movesenseHelloCommand,
  movesensePath,
  movesenseSetup,
  movesenseSubscribeCommand,
  movesenseTeardown,
  movesenseUnsubscribeCommand,
  MOVESENSE_ALT_NOTIFY_UUID,
  toHex,
} from '../../../src/shared/sensors';
import { concat, hex, movesenseData } from './fixtures';

const G = 9.80665;
/** PROTOCOLS.md §4 has no data example: these follow its layout, float32 in m/s^2 and deg/s. */
const imu6 = (ms: number, acc: number[][], gyro: number[][]) => movesenseData(2, 0x63, ms, [...acc, ...gyro]);

describe('Movesense GSP decoder (PROTOCOLS.md §4)', () => {
  it('decodes IMU6: acc vectors then gyro vectors, m/s^2 -> g, ms -> s, times from --rate', () => {
    const bytes = imu6(
      1000,
      [
        [0, 0, G],
        [G / 2, -G, 0],
      ],
      [
        [10, -20, 30],
        [0.5, 0, -1],
      ],
    );
    const r = createDecoder('movesense', { sampleRateHz: 104 }).decode(bytes);
    expect(r.errors).toEqual([]);
    expect(r.samples).toHaveLength(2);
    const [a, b] = r.samples;
    expect(a?.az).toBeCloseTo(1, 6);
    expect(a).toMatchObject({ ax: 0, ay: 0, gx: 10, gy: -20, gz: 30, t: 1 });
    expect(b?.ax).toBeCloseTo(0.5, 6);
    expect(b?.ay).toBeCloseTo(-1, 6);
    expect(b).toMatchObject({ gx: 0.5, gy: 0, gz: -1 });
    expect(b?.t).toBeCloseTo(1 + 1 / 104, 12);
  });

  it('decodes Acc (N = (len - 6) / 12) without gyro', () => {
    const bytes = movesenseData(2, 0x63, 0, [
      [0, 0, G],
      [0, G, 0],
      [G, 0, 0],
    ]);
    const r = createDecoder('movesense', { movesenseMeasurement: 'acc' }).decode(bytes);
    expect(r.samples).toHaveLength(3);
    expect(r.samples[2]?.ax).toBeCloseTo(1, 6);
    expect(r.samples[0]?.gx).toBeUndefined();
    // No rate and no previous message: only the first sample is stamped.
    expect(r.samples.map((s) => s.t)).toEqual([0, undefined, undefined]);
  });

  it('derives sample spacing from the previous message when no rate is given', () => {
    const d = createDecoder('movesense', { movesenseMeasurement: 'acc' });
    d.decode(
      movesenseData(2, 0x63, 1000, [
        [0, 0, G],
        [0, 0, G],
      ]),
    );
    const r = d.decode(
      movesenseData(2, 0x63, 1020, [
        [0, 0, G],
        [0, 0, G],
      ]),
    );
    expect(r.samples.map((s) => s.t)).toEqual([1.02, 1.03]);
    d.reset();
    expect(
      d.decode(
        movesenseData(2, 0x63, 1020, [
          [0, 0, G],
          [0, 0, G],
        ]),
      ).samples[1]?.t,
    ).toBeUndefined();
  });

  it('joins DATA_PART2 continuations (appended without their 2-byte header)', () => {
    const full = imu6(
      500,
      Array.from({ length: 8 }, () => [0, 0, G]),
      Array.from({ length: 8 }, (_, i) => [i, 0, 0]),
    );
    // Split at 100 bytes as a small MTU would: part 1 is not a whole number of samples, so it is held.
    const d = createDecoder('movesense', { sampleRateHz: 104 });
    const first = d.decode(full.slice(0, 100));
    expect(first).toEqual({ samples: [], errors: [] });
    const second = d.decode(concat(hex('03 63'), full.slice(100)));
    expect(second.errors).toEqual([]);
    expect(second.samples.map((s) => s.gx)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('holds a full-size DATA until the next notification or flush()', () => {
    const full = imu6(0, [[0, 0, G]], [[1, 2, 3]]); // 30 bytes, complete
    const d = createDecoder('movesense', { maxNotificationBytes: 30 });
    expect(d.decode(full).samples).toEqual([]);
    expect(d.flush().samples).toHaveLength(1);
    d.decode(full);
    // A new DATA ends the held one: both are emitted.
    expect(d.decode(full).samples).toHaveLength(1);
    expect(d.flush().samples).toHaveLength(1);
  });

  it('reports orphan continuations, incomplete messages, NaN and unknown types', () => {
    const d = createDecoder('movesense');
    expect(d.decode(hex('03 63 00 00')).errors).toEqual(['DATA_PART2 without a preceding DATA']);
    d.decode(imu6(0, [[0, 0, G]], [[1, 2, 3]]).slice(0, 20));
    expect(d.flush().errors[0]).toMatch(/not a whole number of imu6 samples/);
    const nan = createDecoder('movesense').decode(imu6(0, [[NaN, 0, G]], [[1, 2, 3]]));
    expect(nan.samples).toEqual([]);
    expect(nan.errors[0]).toMatch(/ax is not a finite number/);
    expect(createDecoder('movesense').decode(hex('07 63')).errors).toEqual([
      'unknown GSP notification type 7',
    ]);
    expect(createDecoder('movesense').decode(hex('02')).errors).toHaveLength(1);
  });

  it('returns command results as control messages (status layout [U])', () => {
    expect(createDecoder('movesense').decode(hex('01 63 c8 00')).control).toEqual([
      { kind: 'movesense-result', ref: 0x63, statusCode: 200 },
    ]);
  });
});

describe('Movesense commands (§4)', () => {
  it('builds subscribe 01 63 "/Meas/IMU6/104", unsubscribe 02 63 and hello', () => {
    const sub = movesenseSubscribeCommand(movesensePath('imu6', 104));
    expect(toHex(sub)).toBe(
      toHex(
        concat(
          hex('01 63'),
          Uint8Array.from('/Meas/IMU6/104', (c) => c.charCodeAt(0)),
        ),
      ),
    );
    expect(toHex(movesenseSubscribeCommand(movesensePath('acc', 52), 5).slice(0, 2))).toBe('01 05');
    expect(String.fromCharCode(...movesenseSubscribeCommand('/Meas/Acc/52').slice(2))).toBe('/Meas/Acc/52');
    expect(toHex(movesenseUnsubscribeCommand())).toBe('02 63');
    expect(toHex(movesenseHelloCommand(1))).toBe('00 01');
    expect(() => movesensePath('imu6', 100)).toThrow(RangeError);
    expect(() => movesenseSubscribeCommand('/Meas/Acc/52', 0)).toThrow(RangeError);
  });

  it('setup subscribes notifications first and awaits the result for ref 0x63; alt UUIDs on request', () => {
    const steps = movesenseSetup({ gyro: false, rateHz: 208 });
    expect(steps.map((s) => s.kind)).toEqual(['subscribe', 'write']);
    const w = steps[1];
    if (w?.kind !== 'write') throw new Error('write');
    expect(String.fromCharCode(...w.bytes.slice(2))).toBe('/Meas/Acc/208');
    expect(w.awaitResponse?.prefix).toEqual([1, 0x63]);
    const alt = movesenseSetup({}, true)[0];
    expect(alt?.kind === 'subscribe' && alt.target.characteristic).toBe(MOVESENSE_ALT_NOTIFY_UUID);
    expect(movesenseTeardown().map((s) => (s.kind === 'write' ? toHex(s.bytes) : s.kind))).toEqual([
      '02 63',
      'unsubscribe',
    ]);
  });
});
