import { describe, expect, it } from 'vitest';
import {
  createDecoder,
  parseThingyConfig,
  THINGY_DEFAULT_CONFIG,
  thingyConfigCommand,
  thingySetup,
  toHex,
} from '../../../src/shared/sensors';
import { concat, DOC, expectDoc, hex } from './fixtures';

/** The documented flat reading (acc part) completed with zero gyro and compass: 18 bytes. */
const flat = () => concat(hex(DOC.thingyFlatAcc), new Uint8Array(12));

describe('Thingy:52 raw motion (PROTOCOLS.md §5)', () => {
  it('decodes the flat reading FAFF F4FF F603 to (-0.006, -0.012, 0.990) g with /1024', () => {
    const r = createDecoder('thingy').decode(flat());
    expect(r.errors).toEqual([]);
    expectDoc(r.samples[0]?.ax, '-0.006');
    expectDoc(r.samples[0]?.ay, '-0.012');
    expectDoc(r.samples[0]?.az, '0.990');
    expect(r.samples[0]).toMatchObject({ gx: 0, gy: 0, gz: 0 });
    expect(r.samples[0]?.t).toBeUndefined();
  });

  it('scales gyro by 1/32 deg/s and ignores the compass', () => {
    const bytes = hex('00 00 00 00 00 04 40 00 c0 ff 20 03 11 11 22 22 33 33');
    expect(createDecoder('thingy').decode(bytes).samples).toEqual([
      { ax: 0, ay: 0, az: 1, gx: 2, gy: -2, gz: 25 },
    ]);
  });

  it('accepts concatenated packets and rejects lengths that are not a multiple of 18', () => {
    const d = createDecoder('thingy');
    expect(d.decode(concat(flat(), flat())).samples).toHaveLength(2);
    expect(d.decode(flat().slice(0, 17)).errors).toEqual([
      'raw motion notification of 17 bytes is not a multiple of 18',
    ]);
  });

  it('applies the plausibility range (default 16 g; the device range is [U])', () => {
    const big = hex('00 50 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00'); // 0x5000 / 1024 = 20 g
    expect(createDecoder('thingy').decode(big).samples).toEqual([]);
    expect(createDecoder('thingy', { rangeG: 32 }).decode(big).samples[0]?.ax).toBe(20);
  });
});

describe('Thingy config (§5)', () => {
  it('100 Hz keeping defaults is e8 03 f4 01 f4 01 64 00 01', () => {
    expect(toHex(thingyConfigCommand(THINGY_DEFAULT_CONFIG))).toBe(toHex(hex(DOC.thingyConfig100Hz)));
    expect(parseThingyConfig(hex(DOC.thingyConfig100Hz))).toEqual(THINGY_DEFAULT_CONFIG);
    expect(parseThingyConfig(hex('e8 03'))).toMatch(/9 bytes/);
    expect(() => thingyConfigCommand({ ...THINGY_DEFAULT_CONFIG, motionRateHz: 400 })).toThrow(RangeError);
  });

  it('setup writes the config then subscribes to raw data', () => {
    const steps = thingySetup({ rateHz: 200 });
    expect(steps.map((s) => (s.kind === 'write' ? toHex(s.bytes) : s.kind))).toEqual([
      'e8 03 f4 01 f4 01 c8 00 01',
      'subscribe',
    ]);
  });
});
