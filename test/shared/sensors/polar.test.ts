import { describe, expect, it } from 'vitest';
import {
  checkResponse,
  createDecoder,
  decodePmdDeltaAcc,
  parsePmdControlResponse,
  parsePmdDataFrame,
  parsePmdFeatures,
  parsePmdSettings,
  pmdTimestampSeconds,
  polarGetSettingsCommand,
  polarSetup,
  polarStartMeasurementCommand,
  polarStopMeasurementCommand,
  polarTeardown,
  toHex,
  type PmdControlResponse,
} from '../../../src/shared/sensors';
import { concat, DOC, hex } from './fixtures';

/** A compressed ACC frame: type 2, timestamp, frame type byte, then the §2 example content. */
const deltaFrame = (tsHex: string, frameType = '81') =>
  hex(`02 ${tsHex} ${frameType} ${DOC.polarDeltaContent}`);

describe('PMD data frames (PROTOCOLS.md §2)', () => {
  it('reads the SDK raw type 1 frame: ts 2,000,000,000 ns, (-9,-1,999) and (-8,-2,997) mG', () => {
    const frame = parsePmdDataFrame(hex(DOC.polarRaw));
    expect(typeof frame === 'object' && frame.timestampNs).toBe(2_000_000_000n);
    const r = createDecoder('polar').decode(hex(DOC.polarRaw));
    expect(r.errors).toEqual([]);
    expect(r.samples).toEqual([
      { ax: -0.009, ay: -0.001, az: 0.999 },
      { ax: -0.008, ay: -0.002, az: 0.997, t: 2 },
    ]);
  });

  it('spaces the first frame by --rate when there is no previous timestamp', () => {
    const r = createDecoder('polar', { sampleRateHz: 200 }).decode(hex(DOC.polarRaw));
    expect(r.samples.map((s) => s.t)).toEqual([1.995, 2]);
  });

  it('decodes the SDK compressed 0x81 content: (-15,20,1008) then (-20,17,1008)', () => {
    expect(decodePmdDeltaAcc(hex(DOC.polarDeltaContent))).toEqual([
      [-15, 20, 1008],
      [-20, 17, 1008],
    ]);
    const r = createDecoder('polar').decode(deltaFrame('00 94 35 77 00 00 00 00'));
    expect(r.samples).toEqual([
      { ax: -0.015, ay: 0.02, az: 1.008 },
      { ax: -0.02, ay: 0.017, az: 1.008, t: 2 },
    ]);
  });

  it('reads the real H10 capture clock: 599618164814402794 ns (2019-01-01 00:36:04), first sample (-187,-28,949)', () => {
    const bytes = hex(DOC.polarH10CaptureStart);
    const frame = parsePmdDataFrame(bytes);
    if (typeof frame === 'string') throw new Error(frame);
    expect(frame.timestampNs).toBe(599618164814402794n);
    const epoch2000Ms = Date.UTC(2000, 0, 1);
    expect(new Date(epoch2000Ms + Number(frame.timestampNs / 1_000_000n)).toISOString()).toBe(
      '2019-01-01T00:36:04.814Z',
    );
    const r = createDecoder('polar').decode(bytes);
    expect(r.samples).toEqual([
      { ax: -0.187, ay: -0.028, az: 0.949, t: pmdTimestampSeconds(599618164814402794n) },
    ]);
    expect(r.samples[0]?.t).toBeCloseTo(599618164.8144028, 6);
  });

  it('spreads a later frame between the previous timestamp and its own (stateful), and reset() forgets it', () => {
    const d = createDecoder('polar');
    d.decode(hex(DOC.polarRaw)); // ts 2.000 s
    const second = deltaFrame('00 ee 97 79 00 00 00 00'); // 2,040,000,000 ns: 40 ms later
    const r = d.decode(second);
    expect(r.samples[0]?.t).toBeCloseTo(2.02, 12);
    expect(r.samples[1]?.t).toBe(2.04);
    d.reset();
    expect(d.decode(second).samples.map((s) => s.t)).toEqual([undefined, 2.04]);
  });

  it('applies the device factor and the plausibility range', () => {
    const r = createDecoder('polar', { polarFactor: 2 }).decode(hex(DOC.polarRaw));
    expect(r.samples[0]).toEqual({ ax: -0.018, ay: -0.002, az: 1.998 });
    const clipped = createDecoder('polar', { rangeG: 0.5 }).decode(hex(DOC.polarRaw));
    expect(clipped.samples).toEqual([]);
    expect(clipped.errors).toHaveLength(2);
  });

  it('rejects other measurement types, bad frame types, ragged content and truncated delta blocks', () => {
    const d = createDecoder('polar');
    const raw = hex(DOC.polarRaw);
    expect(d.decode(concat(hex('01'), raw.slice(1))).errors[0]).toMatch(/not ACC/);
    expect(d.decode(concat(raw.slice(0, 9), hex('05'), raw.slice(10))).errors[0]).toMatch(/unsupported raw/);
    expect(d.decode(raw.slice(0, 20)).errors[0]).toMatch(/not a whole number/);
    expect(d.decode(deltaFrame('00 94 35 77 00 00 00 00').slice(0, 19)).errors[0]).toMatch(/truncated/);
    expect(d.decode(raw.slice(0, 9)).errors[0]).toMatch(/too short/);
  });
});

describe('PMD control point (§2)', () => {
  it('builds get-settings, start (H10 200 Hz 16-bit 8 g) and stop', () => {
    expect(toHex(polarGetSettingsCommand())).toBe('01 02');
    expect(toHex(polarStartMeasurementCommand({ sampleRateHz: 200, resolutionBits: 16, rangeG: 8 }))).toBe(
      toHex(hex(DOC.polarStartH10)),
    );
    expect(toHex(polarStartMeasurementCommand({ sampleRateHz: 200, rangeG: 8 }))).toBe(
      toHex(hex(DOC.polarStartH10)),
    );
    expect(toHex(polarStopMeasurementCommand())).toBe('03 02');
  });

  it('parses replies F0 <op> <type> <status> <more> [params] with settings TLV', () => {
    const settings = 'F0 01 02 00 00 00 04 19 00 32 00 64 00 C8 00 01 01 10 00 02 03 02 00 04 00 08 00';
    const r = parsePmdControlResponse(hex(settings)) as PmdControlResponse;
    expect(r).toMatchObject({ opCode: 1, measurementType: 2, status: 0, ok: true, more: false });
    expect(r.settings).toEqual({ sampleRateHz: [25, 50, 100, 200], resolutionBits: [16], rangeG: [2, 4, 8] });
    expect(parsePmdControlResponse(hex('F0 02 02 06 00'))).toMatchObject({
      ok: true,
      statusText: 'already in state',
    });
    expect(parsePmdControlResponse(hex('F0 02 02 0A 00'))).toMatchObject({
      ok: false,
      statusText: 'invalid MTU',
    });
    expect(parsePmdControlResponse(hex('01 02'))).toMatch(/too short/);
    expect(parsePmdControlResponse(hex('F1 02 02 00'))).toMatch(/not a PMD response/);
  });

  it('parses the factor (float32) and stops at unknown setting types', () => {
    expect(parsePmdSettings(hex('05 01 00 00 80 3f')).settings).toEqual({ factor: [1] });
    expect(parsePmdSettings(hex('04 01 03 09 01 00'))).toEqual({
      settings: { channels: [3] },
      error: 'unknown setting type 9 at offset 3',
    });
    expect(parsePmdSettings(hex('00 02 c8')).error).toMatch(/truncated/);
  });

  it('reads the feature bitmask (bit 2 = ACC)', () => {
    expect(parsePmdFeatures(hex('0F 05 00'))).toEqual({ bitmask: 5, acc: true });
    expect(parsePmdFeatures(hex('0F 01 00'))).toEqual({ bitmask: 1, acc: false });
  });

  it('setup subscribes to BOTH characteristics before commands and accepts status 0 or 6', () => {
    const steps = polarSetup();
    expect(steps.map((s) => s.kind)).toEqual(['subscribe', 'subscribe', 'read', 'write', 'write']);
    const start = steps[4];
    if (start?.kind !== 'write' || !start.awaitResponse) throw new Error('start step');
    expect(toHex(start.bytes)).toBe(toHex(hex(DOC.polarStartH10)));
    expect(checkResponse(start.awaitResponse, hex('F0 02 02 00 00'))).toBe('ok');
    expect(checkResponse(start.awaitResponse, hex('F0 02 02 06 00'))).toBe('ok');
    expect(checkResponse(start.awaitResponse, hex('F0 02 02 0A 00'))).toBe('failed');
    expect(checkResponse(start.awaitResponse, hex('F0 01 02 00 00'))).toBe('no-match');
    const read = steps[2];
    if (read?.kind !== 'read' || !read.expect) throw new Error('read step');
    expect(checkResponse(read.expect, hex('0F 04'))).toBe('ok');
    expect(checkResponse(read.expect, hex('0F 01'))).toBe('failed');
    expect(polarTeardown().map((s) => s.kind)).toEqual(['write', 'unsubscribe', 'unsubscribe']);
  });
});
