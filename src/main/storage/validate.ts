/**
 * Argument checks for the store's public methods: every value that reaches SQL was checked here first, and a
 * bad one is a StorageError('invalid-argument') naming the field (never echoing a huge value back whole).
 */
import type { Gap, Sample } from '../../shared/engine/types';
import type { Load, Scoring, SessionStatus } from '../../shared/session/types';
import { formatTempo, parseTempo } from '../../shared/tempo/parse';
import { StorageError } from './errors';

export const MAX_NAME_LENGTH = 200;
export const MAX_PERSON_LENGTH = 100;
export const MAX_NOTES_LENGTH = 20_000;
export const MAX_SET_INDEX = 10_000;
const STATUSES: readonly SessionStatus[] = ['recording', 'complete', 'recovered'];
const ISO_UTC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// Control characters break one-line lists; notes may hold line breaks and tabs.
// eslint-disable-next-line no-control-regex -- control characters are what these look for
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- as above
const NOTES_CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function invalid(message: string): StorageError {
  return new StorageError(message, 'invalid-argument');
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 24 ? `"${value.slice(0, 24)}..."` : `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

export function checkId(value: unknown, what = 'session id'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw invalid(`${what} must be a whole number from 1 (got ${describe(value)})`);
  return value;
}

export function checkSetIndex(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_SET_INDEX)
    throw invalid(`set index must be a whole number from 1 to ${MAX_SET_INDEX} (got ${describe(value)})`);
  return value;
}

/** A one-line name; blank becomes null (no name). */
export function checkName(value: unknown, field: string, maxLength: number): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw invalid(`${field} must be text (got ${describe(value)})`);
  const text = value.trim();
  if (text.length > maxLength) throw invalid(`${field} is longer than ${maxLength} characters`);
  if (CONTROL_RE.test(text)) throw invalid(`${field} must be one line without control characters`);
  return text === '' ? null : text;
}

export function checkRequiredName(value: unknown, field: string, maxLength: number): string {
  const text = checkName(value, field, maxLength);
  if (text === null) throw invalid(`${field} must not be empty`);
  return text;
}

export function checkNotes(value: unknown, field = 'notes'): string {
  if (typeof value !== 'string') throw invalid(`${field} must be text (got ${describe(value)})`);
  if (value.length > MAX_NOTES_LENGTH)
    throw invalid(`${field} are longer than ${MAX_NOTES_LENGTH} characters`);
  if (NOTES_CONTROL_RE.test(value)) throw invalid(`${field} must not hold control characters`);
  return value;
}

export function checkLoad(value: unknown, field = 'load'): Load | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') throw invalid(`${field} must be { value, unit } (got ${describe(value)})`);
  const { value: amount, unit } = value as Record<string, unknown>;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0)
    throw invalid(`${field} value must be a number above 0 (got ${describe(amount)})`);
  if (unit !== 'kg' && unit !== 'lb') throw invalid(`${field} unit must be kg or lb (got ${describe(unit)})`);
  return { value: amount, unit };
}

export function checkTimestamp(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ISO_UTC_RE.test(value) || Number.isNaN(Date.parse(value)))
    throw invalid(
      `${field} must be an ISO 8601 UTC time like 2025-01-31T18:05:00.000Z (got ${describe(value)})`,
    );
  return value;
}

export function checkStatus(value: unknown): SessionStatus {
  if (!STATUSES.includes(value as SessionStatus))
    throw invalid(`status must be one of ${STATUSES.join(', ')} (got ${describe(value)})`);
  return value as SessionStatus;
}

/** The scoring in canonical form (tempo as formatTempo writes it); a bad tempo or tolerance says why. */
export function checkScoring(value: unknown): Scoring {
  if (typeof value !== 'object' || value === null) throw invalid(`scoring must be { tempo, tolerance }`);
  const { tempo, tolerance } = value as Record<string, unknown>;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance <= 0 || tolerance > 1)
    throw invalid(`tolerance must be in (0, 1], e.g. 0.8 (got ${describe(tolerance)})`);
  if (tempo === null) return { tempo: null, tolerance };
  if (typeof tempo !== 'string' || tempo.length > 40)
    throw invalid(`tempo must be notation like 3-1-X-0 (got ${describe(tempo)})`);
  try {
    return { tempo: formatTempo(parseTempo(tempo, tolerance)), tolerance };
  } catch (err) {
    throw invalid((err as Error).message);
  }
}

export function checkGap(value: unknown, field: string): Gap {
  const { startS, endS } = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  if (
    typeof startS !== 'number' ||
    typeof endS !== 'number' ||
    !Number.isFinite(startS) ||
    !Number.isFinite(endS) ||
    endS < startS
  )
    throw invalid(`${field} must be { startS, endS } with finite seconds, endS >= startS`);
  return { startS, endS };
}

const SAMPLE_FIELDS = ['t', 'ax', 'ay', 'az'] as const;
const GYRO_FIELDS = ['gx', 'gy', 'gz'] as const;

/** Samples of an imported session: finite numbers (a JSON file cannot hold others), gyro all or none. */
export function checkSamples(value: unknown): Sample[] {
  if (!Array.isArray(value)) throw invalid(`samples must be an array (got ${describe(value)})`);
  value.forEach((s: unknown, i) => {
    if (typeof s !== 'object' || s === null) throw invalid(`sample ${i + 1} must be an object`);
    const r = s as Record<string, unknown>;
    for (const f of SAMPLE_FIELDS)
      if (typeof r[f] !== 'number' || !Number.isFinite(r[f]))
        throw invalid(`sample ${i + 1}: ${f} must be a finite number (got ${describe(r[f])})`);
    const gyros = GYRO_FIELDS.filter((f) => r[f] !== undefined);
    if (gyros.length !== 0 && gyros.length !== 3)
      throw invalid(`sample ${i + 1} has some gyroscope axes but not all three`);
    for (const f of gyros)
      if (typeof r[f] !== 'number' || !Number.isFinite(r[f]))
        throw invalid(`sample ${i + 1}: ${f} must be a finite number (got ${describe(r[f])})`);
  });
  return value as Sample[];
}
