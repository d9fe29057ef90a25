import {
  createDecoder,
  parseHex,
  SENSOR_FAMILIES,
  toHex,
  type ControlMessage,
  type DecodedSample,
  type DecoderOptions,
  type SensorFamily,
} from '../../shared/sensors';
import { choiceFlag, parseArgs, stringFlag, type FlagSpec, type ParsedArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type Command } from '../types';

const FLAGS: FlagSpec = {
  sensor: 'string',
  range: 'string',
  chip: 'string',
  rate: 'string',
  factor: 'string',
  measurement: 'string',
};

const USAGE = `Usage: bartempo decode --sensor <family> <hex> [<hex>...]

Decodes BLE notifications of a sensor family into samples (g, deg/s, seconds) and prints them as JSON.
One hex string per notification, in arrival order (Polar and Movesense decoders keep state between
notifications); spaces, colons and dashes inside a hex string are ignored, e.g. "03 04 16 c4 94 a2 2a d0".

Families: witmotion, polar, metamotion, movesense, thingy, open

Options:
  --sensor <family>         required
  --range <g>               metamotion (required): 2, 4, 8 or 16, selects the count scaling;
                            polar, movesense, thingy: plausibility limit (default 16)
  --chip bmi160|bmi270      metamotion: packed register 03 1c (bmi160) or 03 05 (bmi270) (default: both)
  --rate <Hz>               polar, movesense: sample rate, spaces the times of samples the device
                            clock does not stamp (polar: all but the last of the first frame)
  --factor <f>              polar: PMD factor from the settings, > 0 (default 1)
  --measurement imu6|acc    movesense: what was subscribed (default imu6)
  --help                    show this help

Output: { "samples": [ { "ax", "ay", "az", "gx"?, "gy"?, "gz"?, "t"? } ] }, plus "lostPackets" for
open (sequence gaps) and "control" when a notification is a command reply (register read, chip check,
Movesense result). All or nothing: if any notification (or any sample in it) is rejected, every reason
goes to stderr as "notification <n>: ...", nothing is printed on stdout and the exit code is 1.

Examples:
  bartempo decode --sensor metamotion --range 4 "03 04 16 c4 94 a2 2a d0"
  bartempo decode --sensor polar --rate 200 02009435770000000001f7ffffffe703f8fffeffe503
`;

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'decode BLE sensor notifications (hex) into samples',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, FLAGS);
    const family = choiceFlag(parsed, 'sensor', SENSOR_FAMILIES);
    if (family === undefined) throw new UsageError('decode needs --sensor <family>');
    if (parsed.positional.length === 0) throw new UsageError('decode needs at least one hex notification');
    const options = readOptions(parsed, family);

    const notifications: Uint8Array[] = [];
    const problems: string[] = [];
    parsed.positional.forEach((text, i) => {
      const bytes = parseHex(text);
      if (typeof bytes === 'string')
        problems.push(`notification ${i + 1} is not valid hex (${bytes}): "${text}"`);
      else notifications.push(bytes);
    });
    if (problems.length > 0) return fail(io, problems);

    const decoder = createDecoder(family, options);
    const samples: DecodedSample[] = [];
    const control: ControlMessage[] = [];
    let lostPackets = 0;
    const take = (label: string, r: ReturnType<typeof decoder.decode>) => {
      samples.push(...r.samples);
      control.push(...(r.control ?? []));
      lostPackets += r.lostPackets ?? 0;
      for (const e of r.errors) problems.push(`${label}: ${e}`);
    };
    notifications.forEach((bytes, i) =>
      take(`notification ${i + 1} (${toHex(bytes, 12)})`, decoder.decode(bytes)),
    );
    take('end of input', decoder.flush());
    if (problems.length > 0) return fail(io, problems);

    const doc: Record<string, unknown> = { samples };
    if (family === 'open') doc.lostPackets = lostPackets;
    if (control.length > 0) doc.control = control;
    io.stdout(JSON.stringify(doc, null, 2) + '\n');
    return EXIT_OK;
  },
};

function fail(io: { stderr(s: string): void }, problems: string[]): number {
  for (const p of problems) io.stderr(`bartempo decode: ${p}\n`);
  io.stderr(`bartempo decode: rejected, nothing printed (${problems.length} problem(s))\n`);
  return EXIT_FAILURE;
}

const APPLIES: Readonly<Record<string, readonly SensorFamily[]>> = {
  range: ['metamotion', 'polar', 'movesense', 'thingy'],
  chip: ['metamotion'],
  rate: ['polar', 'movesense'],
  factor: ['polar'],
  measurement: ['movesense'],
};

function readOptions(parsed: ParsedArgs, family: SensorFamily): DecoderOptions {
  for (const [flag, families] of Object.entries(APPLIES)) {
    if (stringFlag(parsed, flag) !== undefined && !families.includes(family)) {
      throw new UsageError(`--${flag} does not apply to ${family} (only ${families.join(', ')})`);
    }
  }
  const options: DecoderOptions = {};
  const range = positiveNumber(parsed, 'range');
  if (family === 'metamotion') {
    if (range === undefined)
      throw new UsageError('metamotion needs --range 2|4|8|16 (counts per g depend on it)');
    if (![2, 4, 8, 16].includes(range)) throw new UsageError(`--range for metamotion must be 2, 4, 8 or 16`);
  }
  if (range !== undefined) options.rangeG = range;
  const chip = choiceFlag(parsed, 'chip', ['bmi160', 'bmi270'] as const);
  if (chip) options.chip = chip;
  const rate = positiveNumber(parsed, 'rate');
  if (rate !== undefined) options.sampleRateHz = rate;
  // The PMD factor scales every reading: 0 would zero them all, a negative one flip the axes.
  const factor = positiveNumber(parsed, 'factor');
  if (factor !== undefined) options.polarFactor = factor;
  const measurement = choiceFlag(parsed, 'measurement', ['imu6', 'acc'] as const);
  if (measurement) options.movesenseMeasurement = measurement;
  return options;
}

function positiveNumber(parsed: ParsedArgs, name: string): number | undefined {
  const text = stringFlag(parsed, name);
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0) {
    throw new UsageError(`--${name} must be a positive number (got "${text}")`);
  }
  return v;
}
