import { describe, expect, it } from 'vitest';
import {
  createDecoder,
  metamotionChipCheckCommand,
  metamotionConfigCommand,
  metamotionConnectionParamsCommand,
  metamotionCountsPerG,
  metamotionDisableCommand,
  metamotionEnableCommand,
  metamotionProbe,
  metamotionSetup,
  metamotionStartCommand,
  metamotionStopCommand,
  metamotionSubscribeCommand,
  metamotionTeardown,
  metamotionUnsubscribeCommand,
  parseMetamotionChip,
  toHex,
} from '../../../src/shared/sensors';
import { DOC, expectDoc, hex } from './fixtures';

describe('MetaMotion decoder (PROTOCOLS.md §3)', () => {
  it('decodes the single +-4 g example to (-1.872, -2.919, -1.495) g', () => {
    const r = createDecoder('metamotion', { rangeG: 4 }).decode(hex(DOC.metamotionSingle4g));
    expect(r.errors).toEqual([]);
    expect(r.samples).toHaveLength(1);
    expectDoc(r.samples[0]?.ax, '-1.872');
    expectDoc(r.samples[0]?.ay, '-2.919');
    expectDoc(r.samples[0]?.az, '-1.495');
    expect(r.samples[0]?.t).toBeUndefined();
  });

  it('decodes the packed +-8 g example to three samples', () => {
    const expected = [
      ['-4.539', '0.833', '-0.131'],
      ['-2.995', '0.894', '0.146'],
      ['-0.029', '0.352', '0.065'],
    ];
    for (const chip of [undefined, 'bmi160'] as const) {
      const r = createDecoder('metamotion', { rangeG: 8, ...(chip ? { chip } : {}) }).decode(
        hex(DOC.metamotionPacked8g),
      );
      expect(r.errors).toEqual([]);
      expect(r.samples).toHaveLength(3);
      r.samples.forEach((s, k) => {
        const [x, y, z] = expected[k] ?? [];
        expectDoc(s.ax, x ?? '');
        expectDoc(s.ay, y ?? '');
        expectDoc(s.az, z ?? '');
      });
    }
  });

  it('uses 16384/8192/4096/2048 counts per g and defaults to +-16 g', () => {
    expect([2, 4, 8, 16].map((g) => metamotionCountsPerG(g as 2 | 4 | 8 | 16))).toEqual([
      16384, 8192, 4096, 2048,
    ]);
    const r = createDecoder('metamotion').decode(hex(DOC.metamotionSingle4g));
    expect(r.samples[0]?.ax).toBe(-15338 / 2048);
  });

  it('takes the packed register from the chip: 03 05 on BMI270, 03 1c on BMI160', () => {
    const packed270 = hex(DOC.metamotionPacked8g);
    packed270[1] = 0x05;
    expect(createDecoder('metamotion', { rangeG: 8, chip: 'bmi270' }).decode(packed270).samples).toHaveLength(
      3,
    );
    expect(createDecoder('metamotion', { rangeG: 8, chip: 'bmi160' }).decode(packed270).errors[0]).toMatch(
      /unexpected accelerometer register 0x5/,
    );
    expect(
      createDecoder('metamotion', { rangeG: 8, chip: 'bmi270' }).decode(hex(DOC.metamotionPacked8g)).errors,
    ).toHaveLength(1);
  });

  it('learns the chip from a 03 80 reply until reset()', () => {
    const d = createDecoder('metamotion', { rangeG: 8 });
    expect(d.decode(hex('03 80 04 00')).control).toEqual([
      { kind: 'metamotion-chip', chip: 'bmi270', code: 4 },
    ]);
    expect(d.decode(hex(DOC.metamotionPacked8g)).samples).toHaveLength(0);
    d.reset();
    expect(d.decode(hex(DOC.metamotionPacked8g)).samples).toHaveLength(3);
  });

  it('rejects other modules, wrong lengths and empty notifications', () => {
    const d = createDecoder('metamotion', { rangeG: 4 });
    expect(d.decode(hex('11 09 06 00')).errors[0]).toMatch(/not an accelerometer frame/);
    expect(d.decode(hex(DOC.metamotionSingle4g).slice(0, 7)).errors[0]).toMatch(/7 bytes, expected 8/);
    expect(d.decode(new Uint8Array(0)).errors).toHaveLength(1);
  });
});

describe('MetaMotion commands (§3)', () => {
  it('chip check and its reply', () => {
    expect(toHex(metamotionChipCheckCommand())).toBe('03 80');
    expect(parseMetamotionChip(hex('03 80 01 00'))).toBe('bmi160');
    expect(parseMetamotionChip(hex('03 80 04 00'))).toBe('bmi270');
    expect(parseMetamotionChip(hex('03 80 07'))).toBe('unknown');
    expect(parseMetamotionChip(hex('03 04 01'))).toBeUndefined();
  });

  it('config bytes for both chips', () => {
    expect(toHex(metamotionConfigCommand('bmi160', 100, 16))).toBe('03 03 28 0c');
    expect(toHex(metamotionConfigCommand('bmi160', 200, 8))).toBe('03 03 29 08');
    expect(toHex(metamotionConfigCommand('bmi270', 100, 16))).toBe('03 03 a8 03');
    expect(toHex(metamotionConfigCommand('bmi270', 200, 8))).toBe('03 03 a9 02');
    expect(() => metamotionConfigCommand('bmi160', 150, 8)).toThrow(RangeError);
    expect(() => metamotionConfigCommand('bmi160', 100, 3)).toThrow(RangeError);
  });

  it('subscribe / enable / start and the stop sequence', () => {
    expect(toHex(metamotionSubscribeCommand('bmi160', false))).toBe('03 04 01');
    expect(toHex(metamotionSubscribeCommand('bmi160', true))).toBe('03 1c 01');
    expect(toHex(metamotionSubscribeCommand('bmi270', true))).toBe('03 05 01');
    expect(toHex(metamotionEnableCommand())).toBe('03 02 01 00');
    expect(toHex(metamotionStartCommand())).toBe('03 01 01');
    expect(toHex(metamotionStopCommand())).toBe('03 01 00');
    expect(toHex(metamotionDisableCommand())).toBe('03 02 00 01');
    expect(toHex(metamotionUnsubscribeCommand('bmi160', false))).toBe('03 04 00');
  });

  it('connection parameters in 1.25 ms units [U]', () => {
    expect(toHex(metamotionConnectionParamsCommand({ minIntervalMs: 7.5, maxIntervalMs: 15 }))).toBe(
      '11 09 06 00 0c 00 00 00 58 02',
    );
  });

  it('scripts: probe awaits 03 80; stream needs the chip; teardown stops in the documented order', () => {
    const probe = metamotionProbe();
    const ask = probe[1];
    expect(ask?.kind === 'write' && ask.awaitResponse?.prefix).toEqual([0x03, 0x80]);
    expect(() => metamotionSetup()).toThrow(RangeError);
    const steps = metamotionSetup({ chip: 'bmi270', rateHz: 200, rangeG: 8, packed: false });
    expect(steps.map((s) => (s.kind === 'write' ? toHex(s.bytes) : s.kind))).toEqual([
      'subscribe',
      '03 03 a9 02',
      '03 04 01',
      '03 02 01 00',
      '03 01 01',
    ]);
    expect(
      metamotionTeardown({ chip: 'bmi160', packed: false }).map((s) =>
        s.kind === 'write' ? toHex(s.bytes) : s.kind,
      ),
    ).toEqual(['03 01 00', '03 02 00 01', '03 04 00', 'unsubscribe']);
  });
});

describe('MetaMotion decoder options', () => {
  it('refuses a range that would scale every sample wrongly, at creation', () => {
    expect(() => createDecoder('metamotion', { rangeG: 3 })).toThrow(RangeError);
  });
});
