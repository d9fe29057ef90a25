import { TempoError } from './errors';
import type { Prescription } from './types';

export const DEFAULT_TOLERANCE = 0.8;

/** Longest phase target accepted, in seconds: anything longer is almost certainly a typo (e.g. `31-0-X-0`). */
export const MAX_PHASE_TARGET_S = 60;

const PART_NAMES = ['eccentric', 'bottom pause', 'concentric', 'top pause'] as const;
const EXAMPLE = 'e.g. 3-1-X-0';
const NUMBER_RE = /^(\d+(\.\d+)?|\.\d+)$/;
const COMPACT_RE = /^[0-9x]{4}$/i;

/**
 * Parses tempo notation into a prescription. Accepted forms: dashed `3-1-X-0` / `3.5-1-X-0` (decimals allowed)
 * and compact `31X0` (one digit per phase). X (any case) means explosive: no target.
 */
export function parseTempo(notation: string, tolerance: number = DEFAULT_TOLERANCE): Prescription {
  checkTolerance(tolerance);
  const text = notation.trim();
  if (text === '')
    throw new TempoError(`Tempo is empty; give four parts (eccentric-bottom-concentric-top), ${EXAMPLE}`);
  const parts = splitParts(text);
  const seconds = parts.map((part, i) => parsePart(text, part, i));
  const [eccentricS, bottomPauseS, concentricS, topPauseS] = seconds as [
    number | null,
    number | null,
    number | null,
    number | null,
  ];
  return { eccentricS, bottomPauseS, concentricS, topPauseS, tolerance };
}

function splitParts(text: string): string[] {
  if (text.includes('-')) {
    const parts = text.split('-').map((p) => p.trim());
    if (parts.length !== 4) {
      throw new TempoError(
        `Tempo "${text}" must have four parts (eccentric-bottom-concentric-top), ${EXAMPLE}`,
      );
    }
    return parts;
  }
  if (COMPACT_RE.test(text)) return [...text];
  if (/^[0-9x]+$/i.test(text)) {
    throw new TempoError(
      `Tempo "${text}" must have four parts (eccentric-bottom-concentric-top), ${EXAMPLE} or 31X0`,
    );
  }
  throw new TempoError(`Tempo "${text}" is not tempo notation; use four parts such as 3-1-X-0 or 31X0`);
}

function parsePart(text: string, part: string, index: number): number | null {
  const name = PART_NAMES[index] ?? 'part';
  if (part === '') throw new TempoError(`Tempo "${text}" has an empty ${name} part, ${EXAMPLE}`);
  if (part.toLowerCase() === 'x') return null;
  if (!NUMBER_RE.test(part)) {
    throw new TempoError(`Tempo "${text}": ${name} "${part}" must be a number of seconds or X, ${EXAMPLE}`);
  }
  const seconds = Number(part);
  if (seconds > MAX_PHASE_TARGET_S) {
    throw new TempoError(
      `Tempo "${text}": ${name} ${part} s is longer than ${MAX_PHASE_TARGET_S} s, ${EXAMPLE}`,
    );
  }
  // A lift cannot move in 0 s; 0 is only meaningful for the pauses. X is the way to say "no target".
  if (seconds === 0 && (index === 0 || index === 2)) {
    throw new TempoError(`Tempo "${text}": the ${name} cannot be 0 s; use X for no target, ${EXAMPLE}`);
  }
  return seconds;
}

function checkTolerance(tolerance: number): void {
  if (!Number.isFinite(tolerance) || tolerance <= 0 || tolerance > 1) {
    throw new TempoError(`Tolerance must be in (0, 1], e.g. 0.8 (got ${String(tolerance)})`);
  }
}

/** Parses a tolerance typed as text (CLI, settings). */
export function parseTolerance(text: string): number {
  const trimmed = text.trim();
  const value = NUMBER_RE.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (Number.isNaN(value)) throw new TempoError(`Tolerance must be in (0, 1], e.g. 0.8 (got "${text}")`);
  checkTolerance(value);
  return value;
}

/** Dashed notation of a prescription, e.g. `3-1-X-0`; parseTempo(formatTempo(p)) gives p back. */
export function formatTempo(prescription: Prescription): string {
  const { eccentricS, bottomPauseS, concentricS, topPauseS } = prescription;
  return [eccentricS, bottomPauseS, concentricS, topPauseS]
    .map((s) => (s === null ? 'X' : String(s)))
    .join('-');
}

export interface PhaseDurations {
  eccentricS: number;
  bottomPauseS: number;
  concentricS: number;
  topPauseS: number;
}

/** Measured durations in tempo order with one decimal, e.g. `3.1-0.4-0.9-1.2`. */
export function formatActualTempo(durations: PhaseDurations): string {
  const { eccentricS, bottomPauseS, concentricS, topPauseS } = durations;
  // Clamp at 0 so a rounding artefact never prints "-0.0".
  return [eccentricS, bottomPauseS, concentricS, topPauseS].map((s) => Math.max(0, s).toFixed(1)).join('-');
}
