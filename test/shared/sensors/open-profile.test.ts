import { describe, expect, it } from 'vitest';
import {
  createDecoder,
  encodeOpenProfilePacket,
  openSetup,
  parseOpenProfilePackets,
  toHex,
  type OpenProfilePacket,
} from '../../../src/shared/sensors';
import { concat, DOC, hex } from './fixtures';

const accOnly = (seq: number, time = seq * 10_000): OpenProfilePacket => ({
  seq,
  time,
  timeUnit: 'us',
  samplePeriodUs: 5000,
  accelRangeG: 16,
  raw: [
    [0, 0, 2048],
    [0, 0, 2049],
  ],
});

describe('open profile v1 (docs/OPEN-PROFILE.md)', () => {
  it('decodes the worked example exactly as the spec states', () => {
    const r = createDecoder('open').decode(hex(DOC.openExample));
    expect(r).toEqual({
      samples: [
        { ax: -0.10009765625, ay: 0.0498046875, az: 1, gx: 10.009765625, gy: -20.01953125, gz: 0, t: 1 },
        { ax: 0, ay: 0, az: 2, gx: 0, gy: 0, gz: 99.9755859375, t: 1.005 },
      ],
      errors: [],
      lostPackets: 0,
    });
  });

  it('encodes the worked examples byte for byte', () => {
    const example = encodeOpenProfilePacket({
      seq: 258,
      time: 1_000_000,
      timeUnit: 'us',
      samplePeriodUs: 5000,
      accelRangeG: 16,
      gyroRangeDps: 2000,
      raw: [
        [-205, 102, 2048, 164, -328, 0],
        [0, 0, 4096, 0, 0, 1638],
      ],
    });
    expect(toHex(example, 100)).toBe(toHex(hex(DOC.openExample), 100));
    const ms = encodeOpenProfilePacket({
      seq: 7,
      time: 123_456,
      timeUnit: 'ms',
      samplePeriodUs: 10_000,
      accelRangeG: 8,
      raw: [[0, 0, 4096]],
    });
    expect(toHex(ms, 100)).toBe(toHex(hex(DOC.openAccOnlyMs), 100));
    expect(createDecoder('open').decode(ms).samples).toEqual([{ ax: 0, ay: 0, az: 1, t: 123.456 }]);
  });

  it('counts sequence gaps (with wrap), drops duplicates and treats a jump back as a restart', () => {
    const d = createDecoder('open');
    expect(d.decode(encodeOpenProfilePacket(accOnly(65534))).lostPackets).toBe(0);
    expect(d.decode(encodeOpenProfilePacket(accOnly(1))).lostPackets).toBe(2); // 65535 and 0 lost
    const dup = d.decode(encodeOpenProfilePacket(accOnly(1)));
    expect(dup.samples).toEqual([]);
    expect(dup.errors).toEqual(['packet seq 1: duplicate, dropped']);
    expect(d.decode(encodeOpenProfilePacket(accOnly(20000))).lostPackets).toBe(19998);
    expect(d.decode(encodeOpenProfilePacket(accOnly(3))).lostPackets).toBe(0);
    d.reset();
    expect(d.decode(encodeOpenProfilePacket(accOnly(1))).lostPackets).toBe(0);
  });

  it('unwraps the u32 microsecond clock', () => {
    const d = createDecoder('open');
    d.decode(encodeOpenProfilePacket(accOnly(1, 2 ** 32 - 5000)));
    const r = d.decode(encodeOpenProfilePacket(accOnly(2, 0)));
    expect(r.samples[0]?.t).toBeCloseTo(2 ** 32 / 1e6, 9);
  });

  it('decodes packets concatenated in one notification and stops at garbage', () => {
    const two = concat(encodeOpenProfilePacket(accOnly(1)), encodeOpenProfilePacket(accOnly(2)));
    expect(createDecoder('open').decode(two).samples).toHaveLength(4);
    const r = createDecoder('open').decode(concat(two, hex('41 42 43')));
    expect(r.samples).toHaveLength(4);
    expect(r.errors).toEqual(['offset 48: 3 trailing bytes are shorter than a header']);
  });

  it('rejects text lines, other versions, reserved flags, zero fields and truncation', () => {
    const good = hex(DOC.openExample);
    const bad = (patch: (b: Uint8Array) => void) => {
      const b = good.slice();
      patch(b);
      return parseOpenProfilePackets(b).error;
    };
    expect(parseOpenProfilePackets(hex('61 78 3d 30 2e 30 31 2c 61 79 3d 30 0a')).error).toMatch(
      /not an open-profile tag/,
    );
    expect(bad((b) => (b[0] = 0xb2))).toMatch(/unsupported open-profile version 2/);
    expect(bad((b) => (b[1] = 0x05))).toMatch(/reserved flag bits/);
    expect(bad((b) => (b[8] = b[9] = 0))).toMatch(/sample period is 0/);
    expect(bad((b) => (b[10] = 0))).toMatch(/accel full scale is 0/);
    expect(bad((b) => (b[11] = 0))).toMatch(/sample count is 0/);
    expect(bad((b) => (b[12] = b[13] = 0))).toMatch(/gyro full scale is 0/);
    expect(parseOpenProfilePackets(good.slice(0, 30)).error).toMatch(/packet truncated: 30 of 38 bytes/);
    expect(parseOpenProfilePackets(new Uint8Array(0)).error).toBe('empty notification');
  });

  it('setup only enables TX notifications', () => {
    expect(openSetup().map((s) => s.kind)).toEqual(['subscribe']);
  });
});
