import { describe, expect, it } from 'vitest';
import {
  createDecoder,
  decodeWitmotionDataPacket,
  witmotionReadRegisterCommand,
  witmotionSaveCommand,
  witmotionSetBandwidthCommand,
  witmotionSetRateCommand,
  witmotionSetup,
  witmotionUnlockCommand,
  toHex,
} from '../../../src/shared/sensors';
import { concat, DOC, expectDoc, hex } from './fixtures';

const acc = (count: number) => (count / 32768) * 16;

describe('WitMotion decoder (PROTOCOLS.md §1)', () => {
  it('decodes the documented packet: acc, gyro and angles', () => {
    const p = decodeWitmotionDataPacket(hex(DOC.witmotionPacket));
    expectDoc(p.accelG[0], '-0.00195');
    expectDoc(p.accelG[1], '-0.00830');
    expectDoc(p.accelG[2], '1.00830');
    expect(p.gyroDps).toEqual([0, 0, 0]);
    expectDoc(p.angleDeg[0], '-0.571');
    expectDoc(p.angleDeg[1], '0.071');
    expectDoc(p.angleDeg[2], '70.269');
  });

  it('frames the documented 80-byte notification into 4 samples without t', () => {
    const r = createDecoder('witmotion').decode(hex(DOC.witmotionNotify));
    expect(r.errors).toEqual([]);
    expect(r.samples).toEqual([
      { ax: acc(-4), ay: acc(-17), az: acc(2065), gx: 0, gy: 0, gz: 0 },
      { ax: acc(-3), ay: acc(-20), az: acc(2062), gx: 0, gy: 0, gz: 0 },
      { ax: acc(-3), ay: acc(-20), az: acc(2062), gx: 0, gy: 0, gz: 0 },
      { ax: acc(-2), ay: acc(-23), az: acc(2063), gx: 0, gy: 0, gz: 0 },
    ]);
    expectDoc(r.samples[0]?.az, '1.00830');
  });

  it('resyncs on the header after junk and after a packet cut short', () => {
    const packet = hex(DOC.witmotionPacket);
    const r = createDecoder('witmotion').decode(concat(hex('00 11 22'), packet, packet.slice(0, 7), packet));
    expect(r.samples).toHaveLength(2);
    expect(r.errors).toEqual([
      'skipped 3 bytes at offset 0: no 55 61/55 71 header',
      'truncated packet at offset 23: next header at offset 30',
    ]);
  });

  it('reports a truncated packet at the end', () => {
    const r = createDecoder('witmotion').decode(hex(DOC.witmotionPacket).slice(0, 12));
    expect(r.samples).toEqual([]);
    expect(r.errors).toEqual(['truncated packet at offset 0: 12 of 20 bytes']);
  });

  it('returns register replies (55 71) as control messages', () => {
    const reply = hex('55 71 03 00 09 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00');
    const r = createDecoder('witmotion').decode(concat(reply, hex(DOC.witmotionPacket)));
    expect(r.errors).toEqual([]);
    expect(r.samples).toHaveLength(1);
    expect(r.control).toEqual([
      { kind: 'witmotion-register', startRegister: 3, values: [9, 0, 0, 0, 0, 0, 0, 0] },
    ]);
  });
});

describe('WitMotion commands (§1)', () => {
  it('builds the documented byte sequences', () => {
    expect(toHex(witmotionUnlockCommand())).toBe('ff aa 69 88 b5');
    expect(toHex(witmotionSaveCommand())).toBe('ff aa 00 00 00');
    expect(toHex(witmotionReadRegisterCommand(0x03))).toBe('ff aa 27 03 00');
    expect(toHex(witmotionSetBandwidthCommand(0x04))).toBe('ff aa 1f 04 00');
    expect(toHex(witmotionSetRateCommand(10))).toBe('ff aa 03 06 00');
    expect(toHex(witmotionSetRateCommand(50))).toBe('ff aa 03 08 00');
    expect(toHex(witmotionSetRateCommand(100))).toBe('ff aa 03 09 00');
    expect(toHex(witmotionSetRateCommand(200))).toBe('ff aa 03 0b 00');
    expect(() => witmotionSetRateCommand(60)).toThrow(RangeError);
  });

  it('setup subscribes, unlocks, then sets the rate', () => {
    const steps = witmotionSetup({ rateHz: 200 });
    expect(steps.map((s) => s.kind)).toEqual(['subscribe', 'write', 'delay', 'write']);
    const last = steps[3];
    expect(last?.kind === 'write' && toHex(last.bytes)).toBe('ff aa 03 0b 00');
  });
});
