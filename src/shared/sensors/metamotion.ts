/**
 * mbientlab MetaMotion / MetaWear (PROTOCOLS.md §3, MetaWear-SDK-Cpp [V]): MMR/MMRL = BMI160, MMS = BMI270.
 * Frames `[module][register][data]`, accelerometer module 0x03. Data `03 04 x y z` int16 counts; packed
 * `03 1c` (BMI160) / `03 05` (BMI270) = 3 samples. No device clock: samples carry no t.
 */
import { ResultBuilder, toHex, uintLe, view } from './bytes';
import { subscribe, unsubscribe, write, type GattTarget, type SetupOptions, type SetupStep } from './gatt';
import type { Decoder, DecoderOptions, MetamotionChip } from './types';

export const METAMOTION_SERVICE_UUID = '326a900085cb9195d9dd464cfbbae75a';
/** Write without response. */
export const METAMOTION_COMMAND_UUID = '326a900185cb9195d9dd464cfbbae75a';
export const METAMOTION_NOTIFY_UUID = '326a900685cb9195d9dd464cfbbae75a';
/** Factory name `MetaWear`; users rename boards, so the service is the better key [S]. */
export const METAMOTION_NAME_PATTERN = /^(MetaWear|MetaMotion)/i;

const MODULE_ACC = 0x03;
/** Register 0 read = module info; its first byte is the chip implementation (§3). */
const REG_INFO = 0x00;
const REG_POWER = 0x01;
const REG_INTERRUPT_ENABLE = 0x02;
const REG_CONFIG = 0x03;
const REG_DATA = 0x04;
const READ = 0x80;
export const METAMOTION_PACKED_REGISTER: Readonly<Record<MetamotionChip, number>> = {
  bmi160: 0x1c,
  bmi270: 0x05,
};
/** Reply byte 2 to the chip check `03 80` (§3). */
export const METAMOTION_CHIP_CODES: Readonly<Record<number, MetamotionChip>> = { 1: 'bmi160', 4: 'bmi270' };

export const METAMOTION_RANGES_G = [2, 4, 8, 16] as const;
export type MetamotionRangeG = (typeof METAMOTION_RANGES_G)[number];

/** Counts per g = 16384/8192/4096/2048 for +-2/4/8/16 g (§3). */
export const metamotionCountsPerG = (rangeG: MetamotionRangeG): number => 32768 / rangeG;

function isRange(v: number): v is MetamotionRangeG {
  return (METAMOTION_RANGES_G as readonly number[]).includes(v);
}

/**
 * Output data rate codes of both Bosch chips (odr field: 8 = 100 Hz, 9 = 200 Hz, matching §3's `28`/`29`
 * and `a8`/`a9`); the other rates follow the datasheets' doubling table [S].
 */
const ODR_CODES: Readonly<Record<number, number>> = {
  12.5: 5,
  25: 6,
  50: 7,
  100: 8,
  200: 9,
  400: 10,
  800: 11,
  1600: 12,
};
/** Range field: BMI160 uses its own codes, BMI270 0..3 (§3: `0c`=16 g, `08`=8 g; `03`=16 g, `02`=8 g). */
const RANGE_CODES: Readonly<Record<MetamotionChip, Readonly<Record<MetamotionRangeG, number>>>> = {
  bmi160: { 2: 0x03, 4: 0x05, 8: 0x08, 16: 0x0c },
  bmi270: { 2: 0x00, 4: 0x01, 8: 0x02, 16: 0x03 },
};
/** Upper config bits: BMI160 acc_bwp=normal (0x20); BMI270 also filter_perf (0x80) - as in §3's bytes. */
const CONFIG_FLAGS: Readonly<Record<MetamotionChip, number>> = { bmi160: 0x20, bmi270: 0xa0 };

export const metamotionChipCheckCommand = (): Uint8Array => Uint8Array.of(MODULE_ACC, REG_INFO | READ);

/** `03 03 <conf> <range>`; throws RangeError for rates/ranges the chips do not have. */
export function metamotionConfigCommand(chip: MetamotionChip, rateHz: number, rangeG: number): Uint8Array {
  const odr = ODR_CODES[rateHz];
  if (odr === undefined)
    throw new RangeError(`MetaMotion rate ${rateHz} Hz is not one of 12.5..1600 (doubling)`);
  if (!isRange(rangeG)) throw new RangeError(`MetaMotion range ${rangeG} g is not 2, 4, 8 or 16`);
  return Uint8Array.of(MODULE_ACC, REG_CONFIG, CONFIG_FLAGS[chip] | odr, RANGE_CODES[chip][rangeG]);
}

const dataRegister = (chip: MetamotionChip, packed: boolean) =>
  packed ? METAMOTION_PACKED_REGISTER[chip] : REG_DATA;

export const metamotionSubscribeCommand = (chip: MetamotionChip, packed: boolean): Uint8Array =>
  Uint8Array.of(MODULE_ACC, dataRegister(chip, packed), 0x01);
export const metamotionUnsubscribeCommand = (chip: MetamotionChip, packed: boolean): Uint8Array =>
  Uint8Array.of(MODULE_ACC, dataRegister(chip, packed), 0x00);
export const metamotionEnableCommand = (): Uint8Array =>
  Uint8Array.of(MODULE_ACC, REG_INTERRUPT_ENABLE, 0x01, 0x00);
export const metamotionDisableCommand = (): Uint8Array =>
  Uint8Array.of(MODULE_ACC, REG_INTERRUPT_ENABLE, 0x00, 0x01);
export const metamotionStartCommand = (): Uint8Array => Uint8Array.of(MODULE_ACC, REG_POWER, 0x01);
export const metamotionStopCommand = (): Uint8Array => Uint8Array.of(MODULE_ACC, REG_POWER, 0x00);

/**
 * Settings module 0x11 register 0x09: u16 min and max interval (1.25 ms units), u16 latency, u16
 * supervision timeout (10 ms units) [U: the layout is from the SDK's settings module, not in §3].
 */
export function metamotionConnectionParamsCommand(p: {
  minIntervalMs: number;
  maxIntervalMs: number;
  latency?: number;
  timeoutMs?: number;
}): Uint8Array {
  return Uint8Array.from([
    0x11,
    0x09,
    ...uintLe(Math.round(p.minIntervalMs / 1.25), 2),
    ...uintLe(Math.round(p.maxIntervalMs / 1.25), 2),
    ...uintLe(p.latency ?? 0, 2),
    ...uintLe(Math.round((p.timeoutMs ?? 6000) / 10), 2),
  ]);
}

/** Chip from the reply `03 80 <code> ..` (§3), or undefined when the bytes are not that reply. */
export function parseMetamotionChip(bytes: Uint8Array): MetamotionChip | 'unknown' | undefined {
  if (bytes.length < 3 || bytes[0] !== MODULE_ACC || bytes[1] !== (REG_INFO | READ)) return undefined;
  return METAMOTION_CHIP_CODES[bytes[2] ?? 0] ?? 'unknown';
}

/** Throws RangeError at creation for a range other than 2/4/8/16 g; decode() itself never throws. */
export function createMetamotionDecoder(options: DecoderOptions = {}): Decoder {
  // The range selects the scaling, so a wrong one is a programming error, not a notification problem.
  const rangeG = options.rangeG ?? 16;
  if (!isRange(rangeG)) throw new RangeError(`MetaMotion range ${rangeG} g is not 2, 4, 8 or 16`);
  const countsPerG = metamotionCountsPerG(rangeG);
  let learnedChip: MetamotionChip | undefined;

  const packedRegisters = (): number[] => {
    const chip = options.chip ?? learnedChip;
    return chip ? [METAMOTION_PACKED_REGISTER[chip]] : Object.values(METAMOTION_PACKED_REGISTER);
  };

  return {
    family: 'metamotion',
    reset() {
      learnedChip = undefined;
    },
    flush: () => ({ samples: [], errors: [] }),
    decode(bytes) {
      const out = new ResultBuilder({ accelG: rangeG, gyroDps: 0 });
      const chip = parseMetamotionChip(bytes);
      if (chip !== undefined) {
        if (chip !== 'unknown') learnedChip = chip;
        out.control.push({ kind: 'metamotion-chip', chip, code: bytes[2] ?? 0 });
        return out.result();
      }
      if (bytes.length < 2 || bytes[0] !== MODULE_ACC) {
        out.error(`not an accelerometer frame: ${toHex(bytes)}`);
        return out.result();
      }
      const register = bytes[1] ?? 0;
      const count = register === REG_DATA ? 1 : packedRegisters().includes(register) ? 3 : 0;
      if (count === 0) {
        out.error(`unexpected accelerometer register 0x${register.toString(16)}: ${toHex(bytes)}`);
        return out.result();
      }
      if (bytes.length !== 2 + 6 * count) {
        out.error(
          `register 0x${register.toString(16)} frame is ${bytes.length} bytes, expected ${2 + 6 * count}`,
        );
        return out.result();
      }
      const dv = view(bytes);
      for (let k = 0; k < count; k++) {
        const axis = (a: number) => dv.getInt16(2 + 6 * k + 2 * a, true) / countsPerG;
        out.sample({ ax: axis(0), ay: axis(1), az: axis(2) }, `sample ${k}`);
      }
      return out.result();
    },
  };
}

const COMMAND: GattTarget = { service: METAMOTION_SERVICE_UUID, characteristic: METAMOTION_COMMAND_UUID };
const NOTIFY: GattTarget = { service: METAMOTION_SERVICE_UUID, characteristic: METAMOTION_NOTIFY_UUID };
const cmd = (bytes: Uint8Array, description: string) =>
  write(COMMAND, bytes, description, { withResponse: false });

/**
 * Run first when the chip is unknown: the reply (`parseMetamotionChip`, or the decoder's
 * `metamotion-chip` control message) selects the stream script. Scripts are straight lines, no branches.
 */
export function metamotionProbe(): SetupStep[] {
  return [
    subscribe(NOTIFY, 'enable MetaWear notifications'),
    write(COMMAND, metamotionChipCheckCommand(), 'which accelerometer chip (03 80)', {
      withResponse: false,
      awaitResponse: { from: NOTIFY, prefix: [MODULE_ACC, REG_INFO | READ] },
    }),
  ];
}

/** Defaults: 100 Hz, 16 g, packed. `chip` is required (throws RangeError without it). */
export function metamotionSetup(options: SetupOptions = {}): SetupStep[] {
  const chip = options.chip;
  if (!chip) throw new RangeError('MetaMotion setup needs the chip: run metamotionProbe() first');
  const rateHz = options.rateHz ?? 100;
  const rangeG = options.rangeG ?? 16;
  const packed = options.packed ?? true;
  return [
    subscribe(NOTIFY, 'enable MetaWear notifications'),
    cmd(metamotionConfigCommand(chip, rateHz, rangeG), `configure ${chip} ${rateHz} Hz +-${rangeG} g`),
    cmd(
      metamotionSubscribeCommand(chip, packed),
      packed ? 'route packed acceleration' : 'route acceleration',
    ),
    cmd(metamotionEnableCommand(), 'enable data interrupt'),
    cmd(metamotionStartCommand(), 'start accelerometer'),
  ];
}

export function metamotionTeardown(options: SetupOptions = {}): SetupStep[] {
  const chip = options.chip ?? 'bmi160';
  return [
    cmd(metamotionStopCommand(), 'stop accelerometer'),
    cmd(metamotionDisableCommand(), 'disable data interrupt'),
    cmd(metamotionUnsubscribeCommand(chip, options.packed ?? true), 'unroute acceleration'),
    unsubscribe(NOTIFY, 'disable MetaWear notifications'),
  ];
}
