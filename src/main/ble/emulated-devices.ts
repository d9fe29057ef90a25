/**
 * Scripted sensors for EmulatedBindings (tests, the latency benchmark, demos without hardware). UUIDs are
 * written the way noble's HCI backend reports them (PROTOCOLS.md §0): 32 lowercase hex digits for 128-bit,
 * 4 for SIG 16-bit ones.
 */
import type { Sample } from '../../shared/engine/types';
import {
  POLAR_PMD_CONTROL_UUID,
  POLAR_PMD_DATA_UUID,
  POLAR_PMD_SERVICE_UUID,
  WITMOTION_ACCEL_RANGE_G,
  WITMOTION_GYRO_RANGE_DPS,
  WITMOTION_NOTIFY_UUID,
  WITMOTION_SERVICE_UUID,
  WITMOTION_WRITE_UUID,
} from '../../shared/sensors';
import type { EmulatedPeripheralSpec } from './emulated-bindings';

const BATTERY_SERVICE = '180f';
const BATTERY_LEVEL = '2a19';

export interface EmulatedDeviceOptions {
  id?: string;
  name?: string;
  rssiDbm?: number;
  batteryPct?: number;
  /** Never acknowledge writes (a sensor that does not answer commands). */
  silentWrites?: boolean;
}

/** A WitMotion WT901BLE: ffe5 service (non-SIG `9a` base), notify ffe4, write ffe9, plus a battery service. */
export function witmotionDevice(options: EmulatedDeviceOptions = {}): EmulatedPeripheralSpec {
  return {
    id: options.id ?? 'c0ffee000001',
    name: options.name ?? 'WT901BLE68',
    rssiDbm: options.rssiDbm ?? -55,
    advertisedServices: [WITMOTION_SERVICE_UUID],
    services: [
      {
        uuid: WITMOTION_SERVICE_UUID,
        characteristics: [
          { uuid: WITMOTION_NOTIFY_UUID, properties: ['notify'] },
          {
            uuid: WITMOTION_WRITE_UUID,
            properties: ['writeWithoutResponse', 'write'],
            silent: options.silentWrites ?? false,
          },
        ],
      },
      {
        uuid: BATTERY_SERVICE,
        characteristics: [
          {
            uuid: BATTERY_LEVEL,
            properties: ['read', 'notify'],
            value: Uint8Array.of(options.batteryPct ?? 77),
          },
        ],
      },
    ],
  };
}

/** The WitMotion notify and write targets as noble reports them (for `notifyValue`). */
export const WITMOTION_EMULATED = {
  service: WITMOTION_SERVICE_UUID,
  notify: WITMOTION_NOTIFY_UUID,
  write: WITMOTION_WRITE_UUID,
} as const;

/** One 20-byte `55 61` packet (PROTOCOLS.md §1 scales); angles are zero. Values are clamped to int16. */
export function encodeWitmotionPacket(s: Pick<Sample, 'ax' | 'ay' | 'az' | 'gx' | 'gy' | 'gz'>): Uint8Array {
  const out = new Uint8Array(20);
  const dv = new DataView(out.buffer);
  out[0] = 0x55;
  out[1] = 0x61;
  const i16 = (v: number) => Math.max(-32768, Math.min(32767, Math.round(v)));
  const acc = (g: number) => i16((g / WITMOTION_ACCEL_RANGE_G) * 32768);
  const gyro = (dps: number) => i16((dps / WITMOTION_GYRO_RANGE_DPS) * 32768);
  [acc(s.ax), acc(s.ay), acc(s.az), gyro(s.gx ?? 0), gyro(s.gy ?? 0), gyro(s.gz ?? 0), 0, 0, 0].forEach(
    (v, k) => dv.setInt16(2 + 2 * k, v, true),
  );
  return out;
}

export interface PolarDeviceOptions extends EmulatedDeviceOptions {
  /**
   * Answer PMD commands (default true). false = a sensor that acknowledges the ATT write but never sends the
   * PMD response: the awaited reply must time out.
   */
  answersControlPoint?: boolean;
}

/**
 * A Polar H10: PMD service with control point (read, write, indicate) and data (notify), battery advertised in
 * service data. Answers get-settings and start with status 0 like the SDK tests' captures (§2).
 */
export function polarDevice(options: PolarDeviceOptions = {}): EmulatedPeripheralSpec {
  const answers = options.answersControlPoint ?? true;
  return {
    id: options.id ?? 'a0b1c2d3e4f5',
    name: options.name ?? 'Polar H10 A1B2C3D4',
    rssiDbm: options.rssiDbm ?? -62,
    advertisedServices: ['180d'],
    serviceData: [{ uuid: BATTERY_SERVICE, data: [options.batteryPct ?? 91] }],
    services: [
      {
        uuid: POLAR_PMD_SERVICE_UUID,
        characteristics: [
          {
            uuid: POLAR_PMD_CONTROL_UUID,
            properties: ['read', 'write', 'indicate'],
            // Features: 0F then the bitmask; bit 2 = ACC.
            value: Uint8Array.of(0x0f, 0x05, 0x00),
          },
          { uuid: POLAR_PMD_DATA_UUID, properties: ['notify'] },
        ],
      },
    ],
    onWrite: answers
      ? (ctx) => {
          if (ctx.characteristicUuid !== POLAR_PMD_CONTROL_UUID) return;
          const op = ctx.data[0] ?? 0;
          const type = ctx.data[1] ?? 0;
          // F0 <op> <type> <status 0 = ok> <more 0>; get-settings also returns the H10's ACC settings TLV.
          const settings = op === 1 ? [0, 1, 0xc8, 0x00, 1, 1, 0x10, 0x00, 2, 1, 0x08, 0x00] : [];
          ctx.notify(
            POLAR_PMD_SERVICE_UUID,
            POLAR_PMD_CONTROL_UUID,
            Uint8Array.from([0xf0, op, type, 0, 0, ...settings]),
          );
        }
      : undefined,
  };
}

export const POLAR_EMULATED = {
  service: POLAR_PMD_SERVICE_UUID,
  control: POLAR_PMD_CONTROL_UUID,
  data: POLAR_PMD_DATA_UUID,
} as const;

/**
 * A raw (type 1, int16) PMD ACC frame stamping its last sample at `lastNs` (ns since 2000-01-01), samples in mG.
 */
export function encodePolarAccFrame(
  lastNs: bigint,
  samplesMg: readonly (readonly [number, number, number])[],
): Uint8Array {
  const out = new Uint8Array(10 + samplesMg.length * 6);
  const dv = new DataView(out.buffer);
  out[0] = 0x02;
  dv.setBigUint64(1, lastNs, true);
  out[9] = 0x01;
  samplesMg.forEach((s, k) => s.forEach((v, a) => dv.setInt16(10 + 6 * k + 2 * a, Math.round(v), true)));
  return out;
}
