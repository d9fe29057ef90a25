/**
 * Polar PMD control point (PROTOCOLS.md §2, polar-ble-sdk PmdControlPointCommand.kt / PmdSetting.kt [V]):
 * command builders, reply and settings parsers, and the setup/teardown scripts.
 */
import { view } from './bytes';
import { subscribe, unsubscribe, write, type GattTarget, type SetupOptions, type SetupStep } from './gatt';
import {
  PMD_FEATURE_ACC_MASK,
  PMD_FEATURES_CODE,
  PMD_MEASUREMENT_ACC,
  PMD_OP_GET_SETTINGS,
  PMD_OP_START,
  PMD_OP_STOP,
  PMD_RESPONSE_CODE,
  POLAR_PMD_CONTROL_UUID,
  POLAR_PMD_DATA_UUID,
  POLAR_PMD_SERVICE_UUID,
} from './polar';

/** Settings TLV types and value sizes. 0, 1, 2, 4, 5 from §2; 3 (range, milli-units) and 6 (security) [S]. */
const SETTING_SIZES: Readonly<Record<number, number>> = { 0: 2, 1: 2, 2: 2, 3: 4, 4: 1, 5: 4, 6: 16 };

/** Control point status codes; 0, 6, 10 from §2, the rest from the SDK's response enum [S]. */
export const PMD_STATUS_TEXT: Readonly<Record<number, string>> = {
  0: 'success',
  1: 'invalid op code',
  2: 'invalid measurement type',
  3: 'not supported',
  4: 'invalid length',
  5: 'invalid parameter',
  6: 'already in state',
  7: 'invalid resolution',
  8: 'invalid sample rate',
  9: 'invalid range',
  10: 'invalid MTU',
  11: 'invalid number of channels',
  12: 'invalid state',
  13: 'device in charger',
};

export interface PmdSettings {
  sampleRateHz?: number[];
  resolutionBits?: number[];
  rangeG?: number[];
  channels?: number[];
  factor?: number[];
}

/** Builds the settings TLV `[type][count=1][value]`, types in ascending order as the SDK sends them. */
function encodeSettings(s: { sampleRateHz: number; resolutionBits: number; rangeG: number }): number[] {
  const u16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
  return [0, 1, ...u16(s.sampleRateHz), 1, 1, ...u16(s.resolutionBits), 2, 1, ...u16(s.rangeG)];
}

export const polarGetSettingsCommand = (measurementType = PMD_MEASUREMENT_ACC): Uint8Array =>
  Uint8Array.of(PMD_OP_GET_SETTINGS, measurementType);

export const polarStopMeasurementCommand = (measurementType = PMD_MEASUREMENT_ACC): Uint8Array =>
  Uint8Array.of(PMD_OP_STOP, measurementType);

/** H10 ACC: 25/50/100/200 Hz, 16-bit, 2/4/8 g (§2). Start 200 Hz 16-bit 8 g = `02 02 00 01 c8 00 01 01 10 00 02 01 08 00`. */
export function polarStartMeasurementCommand(
  settings: { sampleRateHz: number; resolutionBits?: number; rangeG: number },
  measurementType = PMD_MEASUREMENT_ACC,
): Uint8Array {
  const body = encodeSettings({ resolutionBits: 16, ...settings });
  return Uint8Array.from([PMD_OP_START, measurementType, ...body]);
}

/** Parses a settings TLV; stops (with an error) at an unknown type, whose size we cannot know. */
export function parsePmdSettings(bytes: Uint8Array): { settings: PmdSettings; error?: string } {
  const settings: PmdSettings = {};
  const dv = view(bytes);
  const keys: Readonly<Record<number, keyof PmdSettings>> = {
    0: 'sampleRateHz',
    1: 'resolutionBits',
    2: 'rangeG',
    4: 'channels',
    5: 'factor',
  };
  let i = 0;
  while (i < bytes.length) {
    const type = bytes[i] ?? 0;
    const count = bytes[i + 1];
    const size = SETTING_SIZES[type];
    if (size === undefined) return { settings, error: `unknown setting type ${type} at offset ${i}` };
    if (count === undefined || i + 2 + count * size > bytes.length) {
      return { settings, error: `setting type ${type} truncated at offset ${i}` };
    }
    const values: number[] = [];
    for (let k = 0; k < count; k++) {
      const at = i + 2 + k * size;
      if (type === 5) values.push(dv.getFloat32(at, true));
      else if (size === 1) values.push(dv.getUint8(at));
      else if (size === 2) values.push(dv.getUint16(at, true));
      else if (size === 4) values.push(dv.getUint32(at, true));
    }
    const key = keys[type];
    if (key) settings[key] = values;
    i += 2 + count * size;
  }
  return { settings };
}

export interface PmdControlResponse {
  opCode: number;
  measurementType: number;
  status: number;
  statusText: string;
  /** Status 0 (success) or 6 (already in state). */
  ok: boolean;
  more: boolean;
  parameters: Uint8Array;
  /** Settings parsed from the parameters (get-settings reply; start replies may carry the factor). */
  settings?: PmdSettings;
}

/** Control point reply `F0 <op> <type> <status> <more> [params]` (§2). Returns an error string, never throws. */
export function parsePmdControlResponse(bytes: Uint8Array): PmdControlResponse | string {
  if (bytes.length < 4) return `PMD response too short (${bytes.length} bytes)`;
  if (bytes[0] !== PMD_RESPONSE_CODE) return `not a PMD response (first byte ${bytes[0]}, expected 0xf0)`;
  const status = bytes[3] ?? 0;
  const parameters = bytes.slice(5);
  const r: PmdControlResponse = {
    opCode: bytes[1] ?? 0,
    measurementType: bytes[2] ?? 0,
    status,
    statusText: PMD_STATUS_TEXT[status] ?? `status ${status}`,
    ok: status === 0 || status === 6,
    more: (bytes[4] ?? 0) !== 0,
    parameters,
  };
  if (r.ok && parameters.length > 0) r.settings = parsePmdSettings(parameters).settings;
  return r;
}

/** Control point read value `0F <bitmask>` [S]; bit 2 of byte 1 = ACC (§2). */
export function parsePmdFeatures(bytes: Uint8Array): { bitmask: number; acc: boolean } | string {
  if (bytes.length < 2) return `PMD feature read too short (${bytes.length} bytes)`;
  const bitmask = bytes[1] ?? 0;
  return { bitmask, acc: (bitmask & PMD_FEATURE_ACC_MASK) !== 0 };
}

// ---- Setup (§2): enable notifications on BOTH characteristics before any command ----

const CONTROL: GattTarget = { service: POLAR_PMD_SERVICE_UUID, characteristic: POLAR_PMD_CONTROL_UUID };
const DATA: GattTarget = { service: POLAR_PMD_SERVICE_UUID, characteristic: POLAR_PMD_DATA_UUID };

const awaitReply = (op: number) => ({
  from: CONTROL,
  prefix: [PMD_RESPONSE_CODE, op, PMD_MEASUREMENT_ACC],
  status: { index: 3, oneOf: [0, 6] },
});

/** Defaults: 200 Hz, 8 g, 16-bit (the H10's best for bar work). */
export function polarSetup(options: SetupOptions = {}): SetupStep[] {
  const sampleRateHz = options.rateHz ?? 200;
  const rangeG = options.rangeG ?? 8;
  return [
    subscribe(CONTROL, 'enable PMD control point indications'),
    subscribe(DATA, 'enable PMD data notifications'),
    {
      kind: 'read',
      target: CONTROL,
      description: 'read PMD features: ACC must be supported',
      timeoutMs: 5000,
      expect: { prefix: [PMD_FEATURES_CODE], flag: { index: 1, mask: PMD_FEATURE_ACC_MASK } },
    },
    write(CONTROL, polarGetSettingsCommand(), 'ask ACC settings', {
      awaitResponse: awaitReply(PMD_OP_GET_SETTINGS),
    }),
    write(
      CONTROL,
      polarStartMeasurementCommand({ sampleRateHz, rangeG }),
      `start ACC ${sampleRateHz} Hz ${rangeG} g`,
      {
        awaitResponse: awaitReply(PMD_OP_START),
      },
    ),
  ];
}

export function polarTeardown(): SetupStep[] {
  return [
    write(CONTROL, polarStopMeasurementCommand(), 'stop ACC', { awaitResponse: awaitReply(PMD_OP_STOP) }),
    unsubscribe(DATA, 'disable PMD data notifications'),
    unsubscribe(CONTROL, 'disable PMD control point indications'),
  ];
}
