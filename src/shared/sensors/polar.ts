/**
 * Polar H10 / Verity Sense / OH1 accelerometer over Polar Measurement Data, PMD (PROTOCOLS.md §2,
 * polar-ble-sdk [V]). Data frames carry a ns device clock (since 2000-01-01Z) stamping the LAST sample.
 * The decoder is stateful only through that clock: earlier samples of a frame are spread between the
 * previous frame's timestamp and this one. Every compressed frame carries its own reference sample.
 */
import { ResultBuilder, positiveOr, view } from './bytes';
import type { DecodedSample, Decoder, DecoderOptions } from './types';

export const POLAR_PMD_SERVICE_UUID = 'fb005c8002e7f3871cad8acd2d8df0c8';
/** Read, indicate, write with response. */
export const POLAR_PMD_CONTROL_UUID = 'fb005c8102e7f3871cad8acd2d8df0c8';
/** Notify. */
export const POLAR_PMD_DATA_UUID = 'fb005c8202e7f3871cad8acd2d8df0c8';
/** `Polar H10 12345678`, `Polar Sense ...`, `Polar OH1 ...` [S]. */
export const POLAR_NAME_PATTERN = /^Polar\b/;

export const PMD_OP_GET_SETTINGS = 1;
export const PMD_OP_START = 2;
export const PMD_OP_STOP = 3;
export const PMD_MEASUREMENT_ACC = 2;
/** Verity Sense / OH1 need SDK mode for rates other than 52 Hz (§2); not driven here. */
export const PMD_MEASUREMENT_SDK_MODE = 9;
export const PMD_RESPONSE_CODE = 0xf0;
/** First byte of a control point read (feature list) [S]. */
export const PMD_FEATURES_CODE = 0x0f;
/** Byte 1 of the control point read: bit 2 = ACC (§2). */
export const PMD_FEATURE_ACC_MASK = 1 << 2;

export interface PmdDataFrame {
  measurementType: number;
  /** ns since 2000-01-01T00:00:00Z (H10 default clock starts at 2019-01-01) of the last sample. */
  timestampNs: bigint;
  /** Low 7 bits of byte 9. */
  frameType: number;
  compressed: boolean;
  content: Uint8Array;
}

export function parsePmdDataFrame(bytes: Uint8Array): PmdDataFrame | string {
  if (bytes.length < 10) return `PMD frame too short (${bytes.length} bytes, header is 10)`;
  const typeByte = bytes[9] ?? 0;
  return {
    measurementType: bytes[0] ?? 0,
    timestampNs: view(bytes).getBigUint64(1, true),
    frameType: typeByte & 0x7f,
    compressed: (typeByte & 0x80) !== 0,
    content: bytes.subarray(10),
  };
}

type Xyz = [number, number, number];

/** Uncompressed ACC: type 0/1/2 = int8/int16/int24 per axis, x y z repeated, mG (§2). */
export function decodePmdRawAcc(frameType: number, content: Uint8Array): Xyz[] | string {
  const width = frameType + 1;
  if (frameType > 2) return `unsupported raw ACC frame type ${frameType}`;
  const stride = 3 * width;
  if (content.length === 0 || content.length % stride !== 0) {
    return `raw type ${frameType} content of ${content.length} bytes is not a whole number of ${stride}-byte samples`;
  }
  const out: Xyz[] = [];
  for (let i = 0; i < content.length; i += stride) {
    const axis = (k: number) => readIntLe(content, i + k * width, width);
    out.push([axis(0), axis(1), axis(2)]);
  }
  return out;
}

function readIntLe(bytes: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let k = width - 1; k >= 0; k--) v = v * 256 + (bytes[at + k] ?? 0);
  const bits = 8 * width;
  return v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
}

/**
 * Delta-compressed ACC (0x80/0x81): one int16 x3 reference sample, then blocks `[deltaBits][count][bits]`
 * read LSB-first, each delta sign-extended and added to the previous sample (§2). Reference width 16 bits
 * for both types as in the SDK's AccData [S].
 */
export function decodePmdDeltaAcc(content: Uint8Array): Xyz[] | string {
  if (content.length < 6)
    return `compressed content of ${content.length} bytes has no 6-byte reference sample`;
  let prev: Xyz = [readIntLe(content, 0, 2), readIntLe(content, 2, 2), readIntLe(content, 4, 2)];
  const out: Xyz[] = [prev];
  let i = 6;
  while (i < content.length) {
    const deltaBits = content[i] ?? 0;
    const count = content[i + 1];
    if (count === undefined) return `delta block header truncated at offset ${i}`;
    if (deltaBits < 1 || deltaBits > 32) return `delta width ${deltaBits} bits at offset ${i} is not 1..32`;
    const byteLength = Math.ceil((deltaBits * 3 * count) / 8);
    if (i + 2 + byteLength > content.length) return `delta block at offset ${i} truncated`;
    let bit = (i + 2) * 8;
    const readDelta = () => {
      let v = 0;
      for (let b = 0; b < deltaBits; b++, bit++) {
        if (((content[bit >> 3] ?? 0) >> (bit & 7)) & 1) v += 2 ** b;
      }
      return v >= 2 ** (deltaBits - 1) ? v - 2 ** deltaBits : v;
    };
    for (let s = 0; s < count; s++) {
      const dx = readDelta();
      const dy = readDelta();
      const dz = readDelta();
      prev = [prev[0] + dx, prev[1] + dy, prev[2] + dz];
      out.push(prev);
    }
    i += 2 + byteLength;
  }
  return out;
}

const NS_PER_S = 1_000_000_000n;

/** Exact-enough seconds from ns: split so the integer part never loses precision. */
export function pmdTimestampSeconds(ns: bigint): number {
  return Number(ns / NS_PER_S) + Number(ns % NS_PER_S) / 1e9;
}

export function createPolarDecoder(options: DecoderOptions = {}): Decoder {
  const rangeG = positiveOr(options.rangeG, 16);
  const factor =
    options.polarFactor !== undefined && Number.isFinite(options.polarFactor) ? options.polarFactor : 1;
  const rateHz = positiveOr(options.sampleRateHz, 0);
  let prevNs: bigint | undefined;

  return {
    family: 'polar',
    reset() {
      prevNs = undefined;
    },
    flush: () => ({ samples: [], errors: [] }),
    decode(bytes) {
      const out = new ResultBuilder({ accelG: rangeG, gyroDps: 0 });
      const frame = parsePmdDataFrame(bytes);
      if (typeof frame === 'string') {
        out.error(frame);
        return out.result();
      }
      if (frame.measurementType !== PMD_MEASUREMENT_ACC) {
        out.error(`PMD measurement type ${frame.measurementType} is not ACC (2)`);
        return out.result();
      }
      const mg = frame.compressed ? compressed(frame) : decodePmdRawAcc(frame.frameType, frame.content);
      if (typeof mg === 'string') {
        out.error(mg);
        return out.result();
      }
      const times = sampleTimes(frame.timestampNs, mg.length, prevNs, rateHz);
      prevNs = frame.timestampNs;
      mg.forEach((v, k) => {
        const s: DecodedSample = {
          ax: (v[0] * factor) / 1000,
          ay: (v[1] * factor) / 1000,
          az: (v[2] * factor) / 1000,
        };
        const t = times[k];
        if (t !== undefined) s.t = t;
        out.sample(s, `sample ${k}`);
      });
      return out.result();
    },
  };
}

function compressed(frame: PmdDataFrame): Xyz[] | string {
  if (frame.frameType > 1)
    return `unsupported compressed ACC frame type 0x${(0x80 | frame.frameType).toString(16)}`;
  return decodePmdDeltaAcc(frame.content);
}

/**
 * The frame stamps its last sample. Earlier ones: spread evenly since the previous frame's stamp (SDK
 * behaviour, §2); on the first frame or after a clock step backwards, step by the configured rate; without
 * a rate only the last sample gets t.
 */
function sampleTimes(
  ns: bigint,
  n: number,
  prevNs: bigint | undefined,
  rateHz: number,
): (number | undefined)[] {
  const lastS = pmdTimestampSeconds(ns);
  let stepS: number | undefined;
  if (prevNs !== undefined && ns > prevNs) stepS = Number(ns - prevNs) / 1e9 / n;
  else if (rateHz > 0) stepS = 1 / rateHz;
  return Array.from({ length: n }, (_, k) =>
    k === n - 1 ? lastS : stepS === undefined ? undefined : lastS - (n - 1 - k) * stepS,
  );
}
