/**
 * BarTempo open profile v1 for DIY sensors over the Nordic UART Service (PROTOCOLS.md §6; the format is
 * ours, specified in docs/OPEN-PROFILE.md). Each packet:
 *
 *   off size field
 *   0   u8   0xB1: high nibble 0xB = this profile, low nibble = version (1)
 *   1   u8   flags: bit0 gyro present, bit1 timestamps in ms (else us), bits 2-7 reserved = 0
 *   2   u16  sequence number, +1 per packet, wraps (counts lost packets)
 *   4   u32  sensor time of the packet's first sample (us or ms per bit1), wraps
 *   8   u16  sample period, us (> 0)
 *   10  u8   accel full scale G: a = raw x G / 32768
 *   11  u8   sample count N (> 0)
 *   12  u16  gyro full scale deg/s, only when bit0: g = raw x D / 32768
 *   ..  N x int16 LE (ax ay az [gx gy gz])
 *
 * Several packets may share one notification (back to back). All little-endian.
 */
import { ResultBuilder, uintLe, view } from './bytes';
import { subscribe, unsubscribe, type GattTarget, type SetupStep } from './gatt';
import type { DecodedSample, Decoder } from './types';

export const NUS_SERVICE_UUID = '6e400001b5a3f393e0a9e50e24dcca9e';
/** Central -> peripheral (write). v1 defines no commands. */
export const NUS_RX_UUID = '6e400002b5a3f393e0a9e50e24dcca9e';
/** Peripheral -> central (notify): the profile's packets. */
export const NUS_TX_UUID = '6e400003b5a3f393e0a9e50e24dcca9e';
/** The reference firmware advertises `BarTempo-XXXX`. */
export const OPEN_NAME_PATTERN = /^BarTempo/;

export const OPEN_PROFILE_TAG = 0xb0;
export const OPEN_PROFILE_VERSION = 1;
export const OPEN_FLAG_GYRO = 0x01;
export const OPEN_FLAG_TIME_MS = 0x02;
const KNOWN_FLAGS = OPEN_FLAG_GYRO | OPEN_FLAG_TIME_MS;
export const OPEN_HEADER_BYTES = 12;

export interface OpenProfilePacket {
  seq: number;
  /** Raw sensor time of sample 0 (before unwrapping). */
  time: number;
  timeUnit: 'us' | 'ms';
  samplePeriodUs: number;
  accelRangeG: number;
  /** Present when the packet carries gyro. */
  gyroRangeDps?: number;
  /** Raw int16 per sample: [ax, ay, az] or [ax, ay, az, gx, gy, gz]. */
  raw: number[][];
}

/** Packet length implied by the header at `at`, or an error string. */
function parseHeaderAt(
  bytes: Uint8Array,
  at: number,
): { packet: OpenProfilePacket; length: number } | string {
  const remaining = bytes.length - at;
  if (remaining < OPEN_HEADER_BYTES) return `${remaining} trailing bytes are shorter than a header`;
  const tag = bytes[at] ?? 0;
  if ((tag & 0xf0) !== OPEN_PROFILE_TAG)
    return `byte 0x${tag.toString(16)} is not an open-profile tag (0xB_)`;
  if ((tag & 0x0f) !== OPEN_PROFILE_VERSION) return `unsupported open-profile version ${tag & 0x0f}`;
  const flags = bytes[at + 1] ?? 0;
  if ((flags & ~KNOWN_FLAGS) !== 0) return `reserved flag bits set (0x${flags.toString(16)})`;
  const dv = view(bytes);
  const gyro = (flags & OPEN_FLAG_GYRO) !== 0;
  const headerBytes = OPEN_HEADER_BYTES + (gyro ? 2 : 0);
  const samplePeriodUs = dv.getUint16(at + 8, true);
  const accelRangeG = bytes[at + 10] ?? 0;
  const n = bytes[at + 11] ?? 0;
  if (samplePeriodUs === 0) return 'sample period is 0';
  if (accelRangeG === 0) return 'accel full scale is 0';
  if (n === 0) return 'sample count is 0';
  if (remaining < headerBytes) return 'header truncated';
  const gyroRangeDps = gyro ? dv.getUint16(at + 12, true) : undefined;
  if (gyroRangeDps === 0) return 'gyro full scale is 0';
  const axes = gyro ? 6 : 3;
  const length = headerBytes + n * axes * 2;
  if (remaining < length) return `packet truncated: ${remaining} of ${length} bytes`;
  const raw: number[][] = [];
  for (let k = 0; k < n; k++) {
    const row: number[] = [];
    for (let a = 0; a < axes; a++) row.push(dv.getInt16(at + headerBytes + 2 * (k * axes + a), true));
    raw.push(row);
  }
  const packet: OpenProfilePacket = {
    seq: dv.getUint16(at + 2, true),
    time: dv.getUint32(at + 4, true),
    timeUnit: flags & OPEN_FLAG_TIME_MS ? 'ms' : 'us',
    samplePeriodUs,
    accelRangeG,
    raw,
  };
  if (gyroRangeDps !== undefined) packet.gyroRangeDps = gyroRangeDps;
  return { packet, length };
}

/** All packets in one notification, or the first problem (no resync: there is no sync word). */
export function parseOpenProfilePackets(bytes: Uint8Array): { packets: OpenProfilePacket[]; error?: string } {
  const packets: OpenProfilePacket[] = [];
  let at = 0;
  while (at < bytes.length) {
    const r = parseHeaderAt(bytes, at);
    if (typeof r === 'string') return { packets, error: `offset ${at}: ${r}` };
    packets.push(r.packet);
    at += r.length;
  }
  if (bytes.length === 0) return { packets, error: 'empty notification' };
  return { packets };
}

/** Encoder (tests, simulators, and the reference for firmware authors). Throws RangeError on bad fields. */
export function encodeOpenProfilePacket(p: OpenProfilePacket): Uint8Array {
  const gyro = p.gyroRangeDps !== undefined;
  const axes = gyro ? 6 : 3;
  if (p.raw.length < 1 || p.raw.length > 255) throw new RangeError('1..255 samples per packet');
  if (p.raw.some((r) => r.length !== axes)) throw new RangeError(`every sample needs ${axes} values`);
  const flags = (gyro ? OPEN_FLAG_GYRO : 0) | (p.timeUnit === 'ms' ? OPEN_FLAG_TIME_MS : 0);
  const head = [
    OPEN_PROFILE_TAG | OPEN_PROFILE_VERSION,
    flags,
    ...uintLe(p.seq & 0xffff, 2),
    ...uintLe(p.time >>> 0, 4),
    ...uintLe(p.samplePeriodUs, 2),
    p.accelRangeG,
    p.raw.length,
    ...(gyro ? uintLe(p.gyroRangeDps ?? 0, 2) : []),
  ];
  const body = p.raw.flat().flatMap((v) => uintLe(v & 0xffff, 2));
  return Uint8Array.from([...head, ...body]);
}

const TWO_POW_32 = 2 ** 32;

export function createOpenDecoder(): Decoder {
  let prevSeq: number | undefined;
  let prevTime: number | undefined;
  let wraps = 0;

  return {
    family: 'open',
    reset() {
      prevSeq = undefined;
      prevTime = undefined;
      wraps = 0;
    },
    flush: () => ({ samples: [], errors: [], lostPackets: 0 }),
    decode(bytes) {
      // Full scales come from each packet, so values are in range by construction; limits are a backstop.
      const out = new ResultBuilder({ accelG: 255, gyroDps: 65535 });
      const { packets, error } = parseOpenProfilePackets(bytes);
      for (const p of packets) {
        if (prevSeq !== undefined) {
          const diff = (p.seq - prevSeq) & 0xffff;
          if (diff === 0) {
            out.error(`packet seq ${p.seq}: duplicate, dropped`);
            continue;
          }
          // A jump backwards (diff >= 0x8000) is a restarted sensor, not 32k lost packets.
          if (diff < 0x8000) out.lostPackets += diff - 1;
          else {
            wraps = 0;
            prevTime = undefined;
          }
        }
        if (prevTime !== undefined && p.time < prevTime && prevTime - p.time > TWO_POW_32 / 2) wraps++;
        prevSeq = p.seq;
        prevTime = p.time;
        const unitS = p.timeUnit === 'ms' ? 1e-3 : 1e-6;
        const t0S = (wraps * TWO_POW_32 + p.time) * unitS;
        const limits = { accelG: p.accelRangeG, gyroDps: p.gyroRangeDps ?? 0 };
        p.raw.forEach((r, k) => {
          const s: DecodedSample = {
            ax: ((r[0] ?? 0) * limits.accelG) / 32768,
            ay: ((r[1] ?? 0) * limits.accelG) / 32768,
            az: ((r[2] ?? 0) * limits.accelG) / 32768,
          };
          if (r.length === 6) {
            s.gx = ((r[3] ?? 0) * limits.gyroDps) / 32768;
            s.gy = ((r[4] ?? 0) * limits.gyroDps) / 32768;
            s.gz = ((r[5] ?? 0) * limits.gyroDps) / 32768;
          }
          s.t = t0S + (k * p.samplePeriodUs) / 1e6;
          out.sample(s, `packet seq ${p.seq} sample ${k}`);
        });
      }
      if (error) out.error(error);
      return out.result(true);
    },
  };
}

const TX: GattTarget = { service: NUS_SERVICE_UUID, characteristic: NUS_TX_UUID };

/** The firmware streams while TX notifications are enabled; v1 needs no command. */
export function openSetup(): SetupStep[] {
  return [subscribe(TX, 'enable Nordic UART TX notifications (open profile packets)')];
}

export function openTeardown(): SetupStep[] {
  return [unsubscribe(TX, 'disable Nordic UART TX notifications')];
}
