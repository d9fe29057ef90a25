/**
 * The JSON session file (`.json`): one session in an open, documented format (README "JSON session
 * file"). Raw samples are the source of truth: the `analysis` section is written for people and other
 * tools (the `analyze --json` shape) but never read back; an import recomputes it from the samples, so an
 * edited reps section cannot lie. format(parse(format(x))) gives the same bytes as format(x).
 */
import type { Analysis } from '../engine/analyze';
import type { Gap, Sample } from '../engine/types';
import { InputError } from '../io/errors';
import { toReportJson } from '../report/report-json';
import { parseTempo } from '../tempo/parse';
import { JsonChecker, kindOf, quote } from './json-check';
import { formatJsonText } from './json-text';
import { MAX_LOAD } from './load';
import type { Load, Scoring, SessionData, SessionInfo, SetInfo } from './types';

export const SESSION_FILE_FORMAT = 'bartempo-session';
/** The newest version this build writes and reads. Bump it (and keep reading the old ones) on any change. */
export const SESSION_FILE_VERSION = 1;

/** Sample times beyond this many seconds from 0 are corrupt, not a clock (1e10 s is 317 years). */
const MAX_ABS_TIME_S = 1e10;
/** Far past any accelerometer (they clip at 16 g) or gyroscope; only corruption reads more. */
const MAX_ABS_ACCEL_G = 1e6;
const MAX_ABS_GYRO_DPS = 1e7;
/** 3 days at 200 Hz. */
const MAX_SAMPLES = 52_000_000;
const MAX_DROPOUTS = 1_000_000;
const MAX_SETS = 10_000;
const MAX_LABEL_CHARS = 200;
const MAX_NOTES_CHARS = 20_000;
const MAX_TEMPO_CHARS = 40;
const ISO_UTC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** ISO 8601 UTC with milliseconds, as Date.toISOString writes it, and a real date (no 2025-02-30). */
export function isUtcInstant(text: string): boolean {
  const date = new Date(text);
  return ISO_UTC_RE.test(text) && !Number.isNaN(date.getTime()) && date.toISOString() === text;
}

const STATUSES = ['recording', 'complete', 'recovered'] as const;
const LOAD_UNITS = ['kg', 'lb'] as const;
const ACCEL = ['ax', 'ay', 'az'] as const;
const GYRO = ['gx', 'gy', 'gz'] as const;
const TOP_KEYS = ['format', 'version', 'info', 'scoring', 'setInfo', 'samples', 'dropouts'] as const;

/**
 * The session file's text. `analysis` must be the session's own (`analyzeSession(data)`); it is written
 * as the derived section. Throws InputError for a session no file could hold (e.g. a time of 1e308),
 * so nothing is written that cannot be read back.
 */
export function formatSessionFile(data: SessionData, analysis: Analysis): string {
  const document = {
    format: SESSION_FILE_FORMAT,
    version: SESSION_FILE_VERSION,
    info: infoJson(data.info),
    scoring: { tempo: data.scoring.tempo, tolerance: data.scoring.tolerance },
    setInfo: data.setInfo.map((s) => ({
      index: s.index,
      exercise: s.exercise,
      load: loadJson(s.load),
      notes: s.notes,
    })),
    samples: sampleColumns(data.samples),
    dropouts: data.dropouts.map((g) => ({ startS: g.startS, endS: g.endS })),
    analysis: toReportJson(analysis),
  };
  const text = formatJsonText(document);
  try {
    parseSessionFile(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^Session file: /, '') : String(err);
    throw new InputError(`This session cannot be saved as a session file: ${detail}`);
  }
  return text;
}

/** Reads a session file, strictly: anything wrong is one InputError naming the field. */
export function parseSessionFile(text: string): SessionData {
  let document: unknown;
  try {
    document = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // V8 quotes a few characters of the text, newlines included: keep the message one short line.
    throw new InputError(`Session file is not valid JSON: ${message.replace(/\s+/g, ' ').slice(0, 120)}`);
  }
  const check = new JsonChecker('Session file');
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new InputError(`Session file must hold a JSON object (got ${kindOf(document)})`);
  }
  const top = document as Record<string, unknown>;
  if (top.format !== SESSION_FILE_FORMAT) {
    const got = typeof top.format === 'string' ? quote(top.format) : kindOf(top.format);
    throw new InputError(`Not a BarTempo session file: format must be "${SESSION_FILE_FORMAT}" (got ${got})`);
  }
  const version = check.integer(top.version, 'version', 1, Number.MAX_SAFE_INTEGER);
  if (version > SESSION_FILE_VERSION) {
    throw new InputError(
      `Session file was written by a newer BarTempo (format version ${version}; this one reads up to ${SESSION_FILE_VERSION}): update BarTempo to open it`,
    );
  }
  check.object(top, '', TOP_KEYS, ['analysis']);
  const samples = readSamples(check, top.samples);
  const data: SessionData = {
    info: readInfo(check, top.info),
    scoring: readScoring(check, top.scoring),
    setInfo: readSetInfo(check, top.setInfo),
    samples,
    dropouts: readDropouts(check, top.dropouts),
  };
  // Derived figures are recomputed from the samples; the section only has to be an object if present.
  if (top.analysis !== undefined) check.anyObject(top.analysis, 'analysis');
  return data;
}

function infoJson(info: SessionInfo): Record<keyof SessionInfo, unknown> {
  return {
    startedAt: info.startedAt,
    endedAt: info.endedAt,
    name: info.name,
    athlete: info.athlete,
    exercise: info.exercise,
    load: loadJson(info.load),
    sensor: info.sensor,
    notes: info.notes,
    status: info.status,
  };
}

function loadJson(load: Load | null): Load | null {
  return load === null ? null : { value: load.value, unit: load.unit };
}

/** Column arrays; a reading that is not a finite number (sensor garbage) is written as null. */
function sampleColumns(samples: readonly Sample[]): Record<string, number[]> {
  const withGyro = samples.filter((s) => s.gx !== undefined || s.gy !== undefined || s.gz !== undefined);
  const complete = withGyro.filter((s) => s.gx !== undefined && s.gy !== undefined && s.gz !== undefined);
  if (complete.length !== withGyro.length || (withGyro.length > 0 && withGyro.length < samples.length)) {
    throw new InputError(
      'This session cannot be saved as a session file: some samples have gyroscope readings and some do not',
    );
  }
  const columns: Record<string, number[]> = {
    t: samples.map((s) => s.t),
    ax: samples.map((s) => s.ax),
    ay: samples.map((s) => s.ay),
    az: samples.map((s) => s.az),
  };
  if (withGyro.length > 0) {
    for (const axis of GYRO) columns[axis] = samples.map((s) => s[axis] as number);
  }
  return columns;
}

function readInfo(check: JsonChecker, value: unknown): SessionInfo {
  const o = check.object(value, 'info', [
    'startedAt',
    'endedAt',
    'name',
    'athlete',
    'exercise',
    'load',
    'sensor',
    'notes',
    'status',
  ]);
  return {
    startedAt: readInstant(check, o.startedAt, 'info.startedAt'),
    endedAt: o.endedAt === null ? null : readInstant(check, o.endedAt, 'info.endedAt'),
    name: check.stringOrNull(o.name, 'info.name', MAX_LABEL_CHARS),
    athlete: check.stringOrNull(o.athlete, 'info.athlete', MAX_LABEL_CHARS),
    exercise: check.stringOrNull(o.exercise, 'info.exercise', MAX_LABEL_CHARS),
    load: readLoad(check, o.load, 'info.load'),
    sensor: check.string(o.sensor, 'info.sensor', MAX_LABEL_CHARS),
    notes: check.string(o.notes, 'info.notes', MAX_NOTES_CHARS),
    status: check.choice(o.status, 'info.status', STATUSES),
  };
}

/** ISO 8601 UTC with milliseconds, as Date.toISOString writes it (and a real date: no 2025-02-30). */
function readInstant(check: JsonChecker, value: unknown, path: string): string {
  const text = check.string(value, path, 40);
  if (!isUtcInstant(text)) {
    check.fail(path, `must be a UTC time such as "2025-01-31T17:05:00.000Z" (got ${quote(text)})`);
  }
  return text;
}

function readLoad(check: JsonChecker, value: unknown, path: string): Load | null {
  if (value === null) return null;
  const o = check.object(value, path, ['value', 'unit']);
  const loadValue = check.number(o.value, `${path}.value`, 0, MAX_LOAD);
  if (loadValue === 0) check.fail(`${path}.value`, 'must be more than 0');
  return { value: loadValue, unit: check.choice(o.unit, `${path}.unit`, LOAD_UNITS) };
}

function readScoring(check: JsonChecker, value: unknown): Scoring {
  const o = check.object(value, 'scoring', ['tempo', 'tolerance']);
  const tolerance = check.number(o.tolerance, 'scoring.tolerance', 0, 1);
  if (tolerance === 0) check.fail('scoring.tolerance', 'must be more than 0');
  const tempo = check.stringOrNull(o.tempo, 'scoring.tempo', MAX_TEMPO_CHARS);
  if (tempo !== null) {
    try {
      parseTempo(tempo, tolerance);
    } catch (err) {
      check.fail('scoring.tempo', `is not usable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { tempo, tolerance };
}

function readSetInfo(check: JsonChecker, value: unknown): SetInfo[] {
  const items = check.array(value, 'setInfo', MAX_SETS);
  let lastIndex = 0;
  return items.map((item, i) => {
    const path = `setInfo[${i}]`;
    const o = check.object(item, path, ['index', 'exercise', 'load', 'notes']);
    const index = check.integer(o.index, `${path}.index`, 1, MAX_SETS);
    if (index <= lastIndex) check.fail(`${path}.index`, `must be more than the one before (${lastIndex})`);
    lastIndex = index;
    return {
      index,
      exercise: check.stringOrNull(o.exercise, `${path}.exercise`, MAX_LABEL_CHARS),
      load: readLoad(check, o.load, `${path}.load`),
      notes: check.string(o.notes, `${path}.notes`, MAX_NOTES_CHARS),
    };
  });
}

function readSamples(check: JsonChecker, value: unknown): Sample[] {
  const o = check.object(value, 'samples', ['t', 'ax', 'ay', 'az'], GYRO);
  const gyroCount = GYRO.filter((axis) => Object.hasOwn(o, axis)).length;
  if (gyroCount !== 0 && gyroCount !== 3) check.fail('samples', 'must have all of gx, gy, gz or none');
  const t = check.array(o.t, 'samples.t', MAX_SAMPLES);
  const n = t.length;
  const times = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const ti = t[i];
    if (typeof ti !== 'number') check.fail(`samples.t[${i}]`, `must be a number (got ${kindOf(ti)})`);
    if (!(Math.abs(ti) <= MAX_ABS_TIME_S))
      check.fail(`samples.t[${i}]`, `is not a plausible time in seconds`);
    if (i > 0 && ti < (times[i - 1] as number)) check.fail(`samples.t[${i}]`, 'goes back in time');
    times[i] = ti;
  }
  const readings: Record<string, number[]> = {};
  for (const axis of gyroCount === 3 ? [...ACCEL, ...GYRO] : ACCEL) {
    const limit = axis.startsWith('g') ? MAX_ABS_GYRO_DPS : MAX_ABS_ACCEL_G;
    readings[axis] = readReadings(check, o[axis], `samples.${axis}`, n, limit);
  }
  const samples = new Array<Sample>(n);
  const { ax, ay, az, gx, gy, gz } = readings as Record<'ax' | 'ay' | 'az', number[]> &
    Partial<Record<'gx' | 'gy' | 'gz', number[]>>;
  for (let i = 0; i < n; i++) {
    const sample: Sample = {
      t: times[i] as number,
      ax: ax[i] as number,
      ay: ay[i] as number,
      az: az[i] as number,
    };
    if (gx && gy && gz) {
      sample.gx = gx[i] as number;
      sample.gy = gy[i] as number;
      sample.gz = gz[i] as number;
    }
    samples[i] = sample;
  }
  return samples;
}

/** One reading column: as long as t; null = a reading that was not a number (kept: the engine drops it). */
function readReadings(check: JsonChecker, value: unknown, path: string, n: number, limit: number): number[] {
  const column = check.array(value, path, MAX_SAMPLES);
  if (column.length !== n) check.fail(path, `has ${column.length} values but samples.t has ${n}`);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = column[i];
    if (v === null) {
      out[i] = NaN;
      continue;
    }
    if (typeof v !== 'number') check.fail(`${path}[${i}]`, `must be a number or null (got ${kindOf(v)})`);
    if (!(Math.abs(v) <= limit))
      check.fail(`${path}[${i}]`, `is beyond any sensor (at most ${limit} in size)`);
    out[i] = v;
  }
  return out;
}

function readDropouts(check: JsonChecker, value: unknown): Gap[] {
  return check.array(value, 'dropouts', MAX_DROPOUTS).map((item, i) => {
    const path = `dropouts[${i}]`;
    const o = check.object(item, path, ['startS', 'endS']);
    const startS = check.number(o.startS, `${path}.startS`, -MAX_ABS_TIME_S, MAX_ABS_TIME_S);
    const endS = check.number(o.endS, `${path}.endS`, -MAX_ABS_TIME_S, MAX_ABS_TIME_S);
    if (endS < startS) check.fail(`${path}.endS`, 'is before its startS');
    return { startS, endS };
  });
}
