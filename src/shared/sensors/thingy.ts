/**
 * Nordic Thingy:52 Motion Service raw data (PROTOCOLS.md §5, Nordic-Thingy52-FW ble_tms.c [V]):
 * 18 bytes = 9 x int16 LE: acc Q6.10 (/1024 -> g), gyro Q11.5 (/32 -> deg/s), compass Q12.4 (ignored).
 * Nordic's JS library divides by 64/2048/4096, which is wrong (§5). No device clock: samples carry no t.
 */
import { ResultBuilder, positiveOr, uintLe, view } from './bytes';
import { subscribe, unsubscribe, write, type GattTarget, type SetupOptions, type SetupStep } from './gatt';
import type { Decoder, DecoderOptions } from './types';

export const THINGY_MOTION_SERVICE_UUID = 'ef6804009b3549339b1052ffa9740042';
export const THINGY_CONFIG_UUID = 'ef6804019b3549339b1052ffa9740042';
export const THINGY_RAW_DATA_UUID = 'ef6804069b3549339b1052ffa9740042';
/** Thingy advertises its configuration service (`ef680100-...`) [S]; default name `Thingy`. */
export const THINGY_CONFIGURATION_SERVICE_UUID = 'ef6801009b3549339b1052ffa9740042';
export const THINGY_NAME_PATTERN = /^Thingy/;
export const THINGY_RAW_BYTES = 18;

export function createThingyDecoder(options: DecoderOptions = {}): Decoder {
  // The MPU-9250 can be set to 16 g / 2000 deg/s at most; the Thingy firmware's range is probably 2 g [U],
  // so this is a plausibility limit, not the clip level.
  const limits = { accelG: positiveOr(options.rangeG, 16), gyroDps: positiveOr(options.gyroRangeDps, 2000) };
  return {
    family: 'thingy',
    reset() {},
    flush: () => ({ samples: [], errors: [] }),
    decode(bytes) {
      const out = new ResultBuilder(limits);
      // Fixed-size packets without a header: only a whole multiple can be framed safely.
      if (bytes.length === 0 || bytes.length % THINGY_RAW_BYTES !== 0) {
        out.error(`raw motion notification of ${bytes.length} bytes is not a multiple of 18`);
        return out.result();
      }
      const dv = view(bytes);
      for (let at = 0; at < bytes.length; at += THINGY_RAW_BYTES) {
        const i16 = (k: number) => dv.getInt16(at + 2 * k, true);
        out.sample(
          {
            ax: i16(0) / 1024,
            ay: i16(1) / 1024,
            az: i16(2) / 1024,
            gx: i16(3) / 32,
            gy: i16(4) / 32,
            gz: i16(5) / 32,
          },
          `packet at offset ${at}`,
        );
      }
      return out.result();
    },
  };
}

export interface ThingyMotionConfig {
  pedometerIntervalMs: number;
  temperatureCompIntervalMs: number;
  compassIntervalMs: number;
  /** 5..200 Hz. */
  motionRateHz: number;
  wakeOnMotion: boolean;
}

/** Firmware defaults except the motion rate (§5 gives `e8 03 f4 01 f4 01 64 00 01` for 100 Hz). */
export const THINGY_DEFAULT_CONFIG: ThingyMotionConfig = {
  pedometerIntervalMs: 1000,
  temperatureCompIntervalMs: 500,
  compassIntervalMs: 500,
  motionRateHz: 100,
  wakeOnMotion: true,
};

/** All 9 config bytes. Throws RangeError for a motion rate outside 5..200 Hz. */
export function thingyConfigCommand(config: ThingyMotionConfig): Uint8Array {
  if (!Number.isInteger(config.motionRateHz) || config.motionRateHz < 5 || config.motionRateHz > 200) {
    throw new RangeError(`Thingy motion rate must be 5..200 Hz (got ${config.motionRateHz})`);
  }
  return Uint8Array.from([
    ...uintLe(config.pedometerIntervalMs, 2),
    ...uintLe(config.temperatureCompIntervalMs, 2),
    ...uintLe(config.compassIntervalMs, 2),
    ...uintLe(config.motionRateHz, 2),
    config.wakeOnMotion ? 1 : 0,
  ]);
}

/** Reads the 9-byte config (read-modify-write, §5); an error string for the wrong length. */
export function parseThingyConfig(bytes: Uint8Array): ThingyMotionConfig | string {
  if (bytes.length !== 9) return `Thingy motion config is 9 bytes (got ${bytes.length})`;
  const dv = view(bytes);
  return {
    pedometerIntervalMs: dv.getUint16(0, true),
    temperatureCompIntervalMs: dv.getUint16(2, true),
    compassIntervalMs: dv.getUint16(4, true),
    motionRateHz: dv.getUint16(6, true),
    wakeOnMotion: bytes[8] !== 0,
  };
}

const CONFIG: GattTarget = { service: THINGY_MOTION_SERVICE_UUID, characteristic: THINGY_CONFIG_UUID };
const RAW: GattTarget = { service: THINGY_MOTION_SERVICE_UUID, characteristic: THINGY_RAW_DATA_UUID };

/**
 * Default 100 Hz. Writes the firmware defaults for the other fields; a runner that wants to keep a user's
 * own settings reads the config first and writes `thingyConfigCommand({ ...parseThingyConfig(v), motionRateHz })`.
 */
export function thingySetup(options: SetupOptions = {}): SetupStep[] {
  const motionRateHz = options.rateHz ?? 100;
  return [
    write(
      CONFIG,
      thingyConfigCommand({ ...THINGY_DEFAULT_CONFIG, motionRateHz }),
      `motion rate ${motionRateHz} Hz`,
    ),
    subscribe(RAW, 'enable raw motion notifications'),
  ];
}

export function thingyTeardown(): SetupStep[] {
  return [unsubscribe(RAW, 'disable raw motion notifications')];
}
