/**
 * WitMotion WT901BLECL / BWT901BLE5.0 / WT9011DCL-BT50 (PROTOCOLS.md §1, official SDK [V]).
 * 20-byte packets `55 61` + 9 x int16 (acc, gyro, angles); `55 71` register replies. No checksum and no
 * device clock: samples carry no t (the connection manager spaces them from the configured rate).
 */
import { ResultBuilder, view } from './bytes';
import { subscribe, unsubscribe, write, type GattTarget, type SetupOptions, type SetupStep } from './gatt';
import type { Decoder, DecodeResult } from './types';

/** Non-SIG base `...-0000-1000-8000-00805f9a34fb` (note `9a`, §0): never shorten these to `ffe5`. */
export const WITMOTION_SERVICE_UUID = '0000ffe500001000800000805f9a34fb';
export const WITMOTION_NOTIFY_UUID = '0000ffe400001000800000805f9a34fb';
export const WITMOTION_WRITE_UUID = '0000ffe900001000800000805f9a34fb';
/** Advertised names contain `WT` then a digit (`WT901BLE68`, `WT9011DCL`, `BWT901...`) [S]. */
export const WITMOTION_NAME_PATTERN = /WT\d/;

export const WITMOTION_ACCEL_RANGE_G = 16;
export const WITMOTION_GYRO_RANGE_DPS = 2000;
export const WITMOTION_PACKET_BYTES = 20;

const HEADER = 0x55;
const TYPE_DATA = 0x61;
const TYPE_REGISTER = 0x71;

const NOTIFY: GattTarget = { service: WITMOTION_SERVICE_UUID, characteristic: WITMOTION_NOTIFY_UUID };
const WRITE: GattTarget = { service: WITMOTION_SERVICE_UUID, characteristic: WITMOTION_WRITE_UUID };

export interface WitmotionDataPacket {
  accelG: [number, number, number];
  gyroDps: [number, number, number];
  /** Roll, pitch, yaw. */
  angleDeg: [number, number, number];
}

/** Decodes the 20-byte `55 61` packet at `offset` (caller checked header and length). §1 scales. */
export function decodeWitmotionDataPacket(bytes: Uint8Array, offset = 0): WitmotionDataPacket {
  const dv = view(bytes);
  const i16 = (k: number) => dv.getInt16(offset + 2 + 2 * k, true);
  const acc = (k: number) => (i16(k) / 32768) * WITMOTION_ACCEL_RANGE_G;
  const gyro = (k: number) => (i16(k) / 32768) * WITMOTION_GYRO_RANGE_DPS;
  const angle = (k: number) => (i16(k) / 32768) * 180;
  return {
    accelG: [acc(0), acc(1), acc(2)],
    gyroDps: [gyro(3), gyro(4), gyro(5)],
    angleDeg: [angle(6), angle(7), angle(8)],
  };
}

function isHeaderAt(bytes: Uint8Array, i: number): boolean {
  const type = bytes[i + 1];
  return bytes[i] === HEADER && (type === TYPE_DATA || type === TYPE_REGISTER);
}

/**
 * What follows a candidate packet must look like the start of another packet (or the end): bytes run out,
 * or `55`, or `55 61`/`55 71`. Without a checksum this is the only plausibility evidence (§1).
 */
function followedByPacketOrEnd(bytes: Uint8Array, next: number): boolean {
  if (next >= bytes.length) return true;
  if (bytes[next] !== HEADER) return false;
  return next + 1 >= bytes.length || isHeaderAt(bytes, next);
}

export function createWitmotionDecoder(): Decoder {
  return {
    family: 'witmotion',
    reset() {},
    flush: () => ({ samples: [], errors: [] }),
    decode(bytes): DecodeResult {
      const out = new ResultBuilder({ accelG: WITMOTION_ACCEL_RANGE_G, gyroDps: WITMOTION_GYRO_RANGE_DPS });
      let i = 0;
      let skippedFrom = -1;
      const flushSkipped = (to: number) => {
        if (skippedFrom >= 0)
          out.error(`skipped ${to - skippedFrom} bytes at offset ${skippedFrom}: no 55 61/55 71 header`);
        skippedFrom = -1;
      };
      while (i < bytes.length) {
        if (!isHeaderAt(bytes, i)) {
          if (skippedFrom < 0) skippedFrom = i;
          i++;
          continue;
        }
        flushSkipped(i);
        const end = i + WITMOTION_PACKET_BYTES;
        if (end > bytes.length) {
          out.error(`truncated packet at offset ${i}: ${bytes.length - i} of 20 bytes`);
          break;
        }
        if (!followedByPacketOrEnd(bytes, end)) {
          // A packet cut short by a glitch would swallow the next header: resync there instead.
          let inner = -1;
          for (let j = i + 1; j < end && inner < 0; j++) if (isHeaderAt(bytes, j)) inner = j;
          if (inner >= 0) {
            out.error(`truncated packet at offset ${i}: next header at offset ${inner}`);
            i = inner;
            continue;
          }
        }
        if (bytes[i + 1] === TYPE_DATA) {
          const p = decodeWitmotionDataPacket(bytes, i);
          out.sample(
            {
              ax: p.accelG[0],
              ay: p.accelG[1],
              az: p.accelG[2],
              gx: p.gyroDps[0],
              gy: p.gyroDps[1],
              gz: p.gyroDps[2],
            },
            `packet at offset ${i}`,
          );
        } else {
          out.control.push(parseRegisterReplyAt(bytes, i));
        }
        i = end;
      }
      flushSkipped(bytes.length);
      return out.result();
    },
  };
}

function parseRegisterReplyAt(bytes: Uint8Array, i: number) {
  const dv = view(bytes);
  const values: number[] = [];
  for (let k = 0; k < 8; k++) values.push(dv.getInt16(i + 4 + 2 * k, true));
  return { kind: 'witmotion-register' as const, startRegister: dv.getUint16(i + 2, true), values };
}

// ---- Commands (write ffe9): 5 bytes `FF AA <reg> <lo> <hi>` (§1) ----

export const WITMOTION_REGISTER_RATE = 0x03;
export const WITMOTION_REGISTER_BANDWIDTH = 0x1f;

export const witmotionUnlockCommand = (): Uint8Array => Uint8Array.of(0xff, 0xaa, 0x69, 0x88, 0xb5);
export const witmotionSaveCommand = (): Uint8Array => Uint8Array.of(0xff, 0xaa, 0x00, 0x00, 0x00);
export const witmotionReadRegisterCommand = (register: number): Uint8Array =>
  Uint8Array.of(0xff, 0xaa, 0x27, register & 0xff, 0x00);
export const witmotionSetBandwidthCommand = (code: number): Uint8Array =>
  Uint8Array.of(0xff, 0xaa, WITMOTION_REGISTER_BANDWIDTH, code & 0xff, 0x00);

/**
 * Output-rate codes from the official SDK (§1). 200 Hz is [U]: one manual says 0x0A; read register 0x03
 * back and measure the real rate.
 */
export const WITMOTION_RATE_CODES: Readonly<Record<number, number>> = {
  10: 0x06,
  50: 0x08,
  100: 0x09,
  200: 0x0b,
};

/** `FF AA 03 <code> 00`. Throws RangeError for a rate without a known code (10, 50, 100, 200 Hz). */
export function witmotionSetRateCommand(rateHz: number): Uint8Array {
  const code = WITMOTION_RATE_CODES[rateHz];
  if (code === undefined) {
    throw new RangeError(`WitMotion rate ${rateHz} Hz has no known code (10, 50, 100, 200)`);
  }
  return Uint8Array.of(0xff, 0xaa, WITMOTION_REGISTER_RATE, code, 0x00);
}

/**
 * Subscribe, unlock, set the rate (default 100 Hz). Not saved to flash (the sensor returns to its stored
 * rate on power-up, which is what a user expects from other apps). Unlock is valid ~10 s.
 */
export function witmotionSetup(options: SetupOptions = {}): SetupStep[] {
  const rateHz = options.rateHz ?? 100;
  return [
    subscribe(NOTIFY, 'enable WitMotion data notifications (ffe4)'),
    write(WRITE, witmotionUnlockCommand(), 'unlock configuration (valid ~10 s)', { withResponse: false }),
    { kind: 'delay', ms: 100, description: 'let the unlock take effect', timeoutMs: 200 },
    write(WRITE, witmotionSetRateCommand(rateHz), `set output rate ${rateHz} Hz`, { withResponse: false }),
  ];
}

export function witmotionTeardown(): SetupStep[] {
  return [unsubscribe(NOTIFY, 'disable WitMotion data notifications')];
}
