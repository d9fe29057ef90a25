/**
 * Runtime validation of every invoke argument. The renderer is untrusted (a compromised page can send
 * anything), and TypeScript types vanish at runtime, so main checks each payload's shape before use.
 * Messages name the channel and the offending field so a developer sees at once what was wrong.
 */
import type {
  ExportFormat,
  ExportSessionRequest,
  HistoryFilter,
  ImportSessionRequest,
  InvokeArgs,
  InvokeChannel,
  ReanalyzeRequest,
  RepCurveRequest,
  ScanSensorsRequest,
  SelectSensorRequest,
  SessionRef,
  StartSessionRequest,
  UpdateSessionRequest,
} from './contract';
import { MAX_LOAD } from '../session/load';
import { isUtcInstant } from '../session/file';
import { formatTempo, parseTempo } from '../tempo/parse';
import type { Load, LoadUnit } from '../session/types';

export class IpcArgumentError extends Error {
  constructor(channel: string, detail: string) {
    super(`${channel}: ${detail}`);
    this.name = 'IpcArgumentError';
  }
}

/** Long enough for any sane notation ("10-2.5-X-1"), short enough that nobody ships a novel through IPC. */
export const MAX_TEMPO_LENGTH = 32;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function expectArity(channel: InvokeChannel, args: readonly unknown[], max: number): void {
  if (args.length > max) {
    throw new IpcArgumentError(channel, `expected at most ${max} argument(s), got ${args.length}`);
  }
}

function noArgs(channel: InvokeChannel) {
  return (args: readonly unknown[]): [] => {
    expectArity(channel, args, 0);
    return [];
  };
}

const START_FIELDS = new Set(['tempo', 'tolerance', 'athlete', 'exercise', 'load']);
/** Athlete and exercise names: any real name fits, a pasted document does not. */
export const MAX_LABEL_LENGTH = 80;
const LOAD_UNITS = new Set(['kg', 'lb']);

function parseLabel(channel: InvokeChannel, field: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new IpcArgumentError(channel, `"${field}" must be a string, got ${describe(value)}`);
  }
  if (value.length > MAX_LABEL_LENGTH) {
    throw new IpcArgumentError(
      channel,
      `"${field}" is too long (${value.length} > ${MAX_LABEL_LENGTH} characters)`,
    );
  }
  return value;
}

function parseLoadField(channel: InvokeChannel, value: unknown): Load {
  const shape = 'an object like { value: 100, unit: "kg" }';
  if (!isPlainObject(value)) {
    throw new IpcArgumentError(channel, `"load" must be ${shape}, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'value' && key !== 'unit') throw new IpcArgumentError(channel, `unknown field "load.${key}"`);
  }
  const { value: amount, unit } = value;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0 || amount > MAX_LOAD) {
    throw new IpcArgumentError(
      channel,
      `"load.value" must be a number in (0, ${MAX_LOAD}], got ${describe(amount)}${typeof amount === 'number' ? ` ${amount}` : ''}`,
    );
  }
  if (typeof unit !== 'string' || !LOAD_UNITS.has(unit)) {
    throw new IpcArgumentError(channel, `"load.unit" must be "kg" or "lb", got ${describe(unit)}`);
  }
  return { value: amount, unit: unit as LoadUnit };
}

export function parseStartSessionRequest(value: unknown): StartSessionRequest {
  const channel = 'session:start';
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    throw new IpcArgumentError(
      channel,
      `expected an object like { tempo?: string, tolerance?: number }, got ${describe(value)}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!START_FIELDS.has(key)) throw new IpcArgumentError(channel, `unknown field "${key}"`);
  }
  const out: StartSessionRequest = {};
  const { tempo, tolerance } = value;
  if (tempo !== undefined) {
    if (typeof tempo !== 'string') {
      throw new IpcArgumentError(
        channel,
        `"tempo" must be a string such as "3-1-X-0", got ${describe(tempo)}`,
      );
    }
    if (tempo.length > MAX_TEMPO_LENGTH) {
      throw new IpcArgumentError(
        channel,
        `"tempo" is too long (${tempo.length} > ${MAX_TEMPO_LENGTH} characters)`,
      );
    }
    out.tempo = tempo;
  }
  if (tolerance !== undefined) {
    if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance <= 0 || tolerance > 1) {
      throw new IpcArgumentError(
        channel,
        `"tolerance" must be a number in (0, 1], got ${describe(tolerance)}${typeof tolerance === 'number' ? ` ${tolerance}` : ''}`,
      );
    }
    out.tolerance = tolerance;
  }
  if (value.athlete !== undefined) out.athlete = parseLabel(channel, 'athlete', value.athlete);
  if (value.exercise !== undefined) out.exercise = parseLabel(channel, 'exercise', value.exercise);
  if (value.load !== undefined) out.load = parseLoadField(channel, value.load);
  return out;
}

/** Scan duration bounds, seconds: long enough to catch a slow advertiser, short enough to stay responsive. */
export const MIN_SCAN_SECONDS = 1;
export const MAX_SCAN_SECONDS = 30;
/** Longer than any BLE id, macOS UUID or "replay:<path>" a lifter would use. */
export const MAX_SENSOR_ID_LENGTH = 128;

export function parseScanSensorsRequest(value: unknown): ScanSensorsRequest {
  const channel = 'sensor:scan';
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    throw new IpcArgumentError(
      channel,
      `expected an object like { seconds?: number }, got ${describe(value)}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (key !== 'seconds') throw new IpcArgumentError(channel, `unknown field "${key}"`);
  }
  const { seconds } = value;
  if (seconds === undefined) return {};
  if (
    typeof seconds !== 'number' ||
    !Number.isFinite(seconds) ||
    seconds < MIN_SCAN_SECONDS ||
    seconds > MAX_SCAN_SECONDS
  ) {
    throw new IpcArgumentError(
      channel,
      `"seconds" must be a number in [${MIN_SCAN_SECONDS}, ${MAX_SCAN_SECONDS}], got ${describe(seconds)}${typeof seconds === 'number' ? ` ${seconds}` : ''}`,
    );
  }
  return { seconds };
}

export function parseSelectSensorRequest(value: unknown): SelectSensorRequest {
  const channel = 'sensor:select';
  if (!isPlainObject(value)) {
    throw new IpcArgumentError(channel, `expected an object like { id: string }, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'id') throw new IpcArgumentError(channel, `unknown field "${key}"`);
  }
  const { id } = value;
  if (typeof id !== 'string') {
    throw new IpcArgumentError(
      channel,
      `"id" must be a string (a sensor id from the list), got ${describe(id)}`,
    );
  }
  if (id.trim() === '') throw new IpcArgumentError(channel, '"id" must not be empty');
  if (id.length > MAX_SENSOR_ID_LENGTH) {
    throw new IpcArgumentError(
      channel,
      `"id" is too long (${id.length} > ${MAX_SENSOR_ID_LENGTH} characters)`,
    );
  }
  return { id };
}

/** Session names and notes: what the store accepts (storage/validate.ts), checked before it is asked. */
export const MAX_SESSION_NAME_LENGTH = 200;
export const MAX_NOTES_LENGTH = 20_000;
/** A file path from a drop: longer than any real path (Windows' long paths are 32767). */
export const MAX_PATH_LENGTH = 32_767;
/** Sets and reps are numbered 1..n; no session has more than this many of either. */
export const MAX_SET_OR_REP_INDEX = 100_000;
const EXPORT_FORMATS: readonly ExportFormat[] = ['pdf', 'html', 'csv', 'json'];

function requestObject(
  channel: InvokeChannel,
  value: unknown,
  fields: readonly string[],
  shape: string,
): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new IpcArgumentError(channel, `expected an object like ${shape}, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) throw new IpcArgumentError(channel, `unknown field "${key.slice(0, 40)}"`);
  }
  return value;
}

function parseIndex(channel: InvokeChannel, field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new IpcArgumentError(
      channel,
      `"${field}" must be a whole number in [1, ${max}], got ${describe(value)}${typeof value === 'number' ? ` ${value}` : ''}`,
    );
  }
  return value;
}

const parseId = (channel: InvokeChannel, value: unknown): number =>
  parseIndex(channel, 'id', value, Number.MAX_SAFE_INTEGER);

function parseText(channel: InvokeChannel, field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') {
    throw new IpcArgumentError(channel, `"${field}" must be a string, got ${describe(value)}`);
  }
  if (value.length > max) {
    throw new IpcArgumentError(channel, `"${field}" is too long (${value.length} > ${max} characters)`);
  }
  return value;
}

function parseNullableText(
  channel: InvokeChannel,
  field: string,
  value: unknown,
  max: number,
): string | null {
  return value === null ? null : parseText(channel, field, value, max);
}

export function parseHistoryFilter(value: unknown): HistoryFilter {
  const channel = 'history:list';
  if (value === undefined) return {};
  const o = requestObject(
    channel,
    value,
    ['athlete', 'exercise', 'from', 'to'],
    '{ athlete?, exercise?, from?, to? }',
  );
  const out: HistoryFilter = {};
  if (o.athlete !== undefined) out.athlete = parseLabel(channel, 'athlete', o.athlete);
  if (o.exercise !== undefined) out.exercise = parseLabel(channel, 'exercise', o.exercise);
  for (const field of ['from', 'to'] as const) {
    const v = o[field];
    if (v === undefined) continue;
    const text = parseText(channel, field, v, 40);
    if (!isUtcInstant(text)) {
      throw new IpcArgumentError(
        channel,
        `"${field}" must be a UTC time such as "2025-01-31T17:05:00.000Z", got ${describe(text)}`,
      );
    }
    out[field] = text;
  }
  return out;
}

export function parseSessionRef(channel: InvokeChannel, value: unknown): SessionRef {
  const o = requestObject(channel, value, ['id'], '{ id: number }');
  return { id: parseId(channel, o.id) };
}

export function parseRepCurveRequest(value: unknown): RepCurveRequest {
  const channel = 'history:rep-curve';
  const o = requestObject(channel, value, ['id', 'setIndex', 'repIndex'], '{ id, setIndex, repIndex }');
  return {
    id: parseId(channel, o.id),
    setIndex: parseIndex(channel, 'setIndex', o.setIndex, MAX_SET_OR_REP_INDEX),
    repIndex: parseIndex(channel, 'repIndex', o.repIndex, MAX_SET_OR_REP_INDEX),
  };
}

/** The tempo is parsed here, so a typo comes back as the parser's own message before any work. */
export function parseReanalyzeRequest(value: unknown): ReanalyzeRequest {
  const channel = 'history:reanalyze';
  const o = requestObject(channel, value, ['id', 'tempo', 'tolerance'], '{ id, tempo, tolerance }');
  const id = parseId(channel, o.id);
  const { tolerance } = o;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance <= 0 || tolerance > 1) {
    throw new IpcArgumentError(
      channel,
      `"tolerance" must be a number in (0, 1], got ${describe(tolerance)}${typeof tolerance === 'number' ? ` ${tolerance}` : ''}`,
    );
  }
  const tempo = parseNullableText(channel, 'tempo', o.tempo, MAX_TEMPO_LENGTH);
  if (tempo === null) return { id, tempo: null, tolerance };
  try {
    return { id, tempo: formatTempo(parseTempo(tempo, tolerance)), tolerance };
  } catch (err) {
    throw new IpcArgumentError(channel, err instanceof Error ? err.message : String(err));
  }
}

export function parseUpdateSessionRequest(value: unknown): UpdateSessionRequest {
  const channel = 'history:update';
  const o = requestObject(
    channel,
    value,
    ['id', 'name', 'notes', 'athlete', 'exercise'],
    '{ id, name?, notes?, athlete?, exercise? }',
  );
  const out: UpdateSessionRequest = { id: parseId(channel, o.id) };
  if (o.name !== undefined) out.name = parseNullableText(channel, 'name', o.name, MAX_SESSION_NAME_LENGTH);
  if (o.notes !== undefined) out.notes = parseText(channel, 'notes', o.notes, MAX_NOTES_LENGTH);
  if (o.athlete !== undefined)
    out.athlete = o.athlete === null ? null : parseLabel(channel, 'athlete', o.athlete);
  if (o.exercise !== undefined)
    out.exercise = o.exercise === null ? null : parseLabel(channel, 'exercise', o.exercise);
  return out;
}

export function parseExportSessionRequest(value: unknown): ExportSessionRequest {
  const channel = 'history:export';
  const o = requestObject(
    channel,
    value,
    ['id', 'format'],
    '{ id, format: "pdf" | "html" | "csv" | "json" }',
  );
  const id = parseId(channel, o.id);
  if (!EXPORT_FORMATS.includes(o.format as ExportFormat)) {
    throw new IpcArgumentError(
      channel,
      `"format" must be one of ${EXPORT_FORMATS.join(', ')}, got ${describe(o.format)}`,
    );
  }
  return { id, format: o.format as ExportFormat };
}

export function parseImportSessionRequest(value: unknown): ImportSessionRequest {
  const channel = 'history:import';
  if (value === undefined) return {};
  const o = requestObject(channel, value, ['path'], '{ path?: string }');
  if (o.path === undefined) return {};
  const path = parseText(channel, 'path', o.path, MAX_PATH_LENGTH);
  if (path.trim() === '' || path.includes('\0')) {
    throw new IpcArgumentError(channel, '"path" must be a file path');
  }
  return { path };
}

type Guard<C extends InvokeChannel> = (args: readonly unknown[]) => InvokeArgs<C>;

/** A channel taking one request object, checked by `parse`. */
function oneArg<C extends InvokeChannel>(
  channel: C,
  parse: (value: unknown) => InvokeArgs<C>[0],
): (args: readonly unknown[]) => [InvokeArgs<C>[0]] {
  return (args) => {
    expectArity(channel, args, 1);
    return [parse(args[0])];
  };
}

/** One guard per invoke channel; the mapped type makes a missing guard a compile error. */
export const invokeGuards: { [C in InvokeChannel]: Guard<C> } = {
  'app:get-info': noArgs('app:get-info'),
  'session:start': (args) => {
    expectArity('session:start', args, 1);
    return [parseStartSessionRequest(args[0])];
  },
  'session:stop': noArgs('session:stop'),
  'session:get-state': noArgs('session:get-state'),
  'sensor:list': noArgs('sensor:list'),
  'sensor:scan': (args) => {
    expectArity('sensor:scan', args, 1);
    return [parseScanSensorsRequest(args[0])];
  },
  'sensor:select': (args) => {
    expectArity('sensor:select', args, 1);
    return [parseSelectSensorRequest(args[0])];
  },
  'history:list': oneArg('history:list', parseHistoryFilter),
  'history:open': oneArg('history:open', (v) => parseSessionRef('history:open', v)),
  'history:rep-curve': oneArg('history:rep-curve', parseRepCurveRequest),
  'history:reanalyze': oneArg('history:reanalyze', parseReanalyzeRequest),
  'history:update': oneArg('history:update', parseUpdateSessionRequest),
  'history:delete': oneArg('history:delete', (v) => parseSessionRef('history:delete', v)),
  'history:export': oneArg('history:export', parseExportSessionRequest),
  'history:import': oneArg('history:import', parseImportSessionRequest),
};
