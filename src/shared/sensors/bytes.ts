import type { ControlMessage, DecodedSample, DecodeResult } from './types';

/** A DataView over exactly the bytes of `bytes` (noble hands us Buffer slices of a larger pool). */
export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `03 04 16` style, for error messages and tests. */
export function toHex(bytes: Uint8Array | readonly number[], max = 32): string {
  const list = Array.from(bytes.slice(0, max), (b) => b.toString(16).padStart(2, '0'));
  return list.join(' ') + (bytes.length > max ? ` ... (${bytes.length} bytes)` : '');
}

/**
 * Parses hex text into bytes; spaces, colons, dashes and a leading `0x` are tolerated. Returns an error
 * string (never throws) for odd lengths and non-hex characters.
 */
export function parseHex(text: string): Uint8Array | string {
  const clean = text
    .trim()
    .replace(/^0x/i, '')
    .replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(clean)) return 'characters other than 0-9, a-f, spaces, colons and dashes';
  if (clean.length % 2 !== 0) return `odd number of hex digits (${clean.length})`;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Little-endian byte list of an unsigned integer (command builders). */
export function uintLe(value: number, bytes: number): number[] {
  const out: number[] = [];
  let v = value;
  for (let i = 0; i < bytes; i++) {
    out.push(v & 0xff);
    v = Math.floor(v / 256);
  }
  return out;
}

export interface SampleLimits {
  accelG: number;
  gyroDps: number;
}

/** Collects one notification's output; every sample goes through the range/finite check. */
export class ResultBuilder {
  readonly samples: DecodedSample[] = [];
  readonly errors: string[] = [];
  readonly control: ControlMessage[] = [];
  lostPackets = 0;

  constructor(private readonly limits: SampleLimits) {}

  error(message: string): void {
    this.errors.push(message);
  }

  /** Adds the sample if every value is finite and within limits; otherwise records why not. */
  sample(s: DecodedSample, label: string): void {
    const problem = checkSample(s, this.limits);
    if (problem) this.errors.push(`${label}: ${problem}`);
    else this.samples.push(s);
  }

  result(withLost = false): DecodeResult {
    const r: DecodeResult = { samples: this.samples, errors: this.errors };
    if (withLost) r.lostPackets = this.lostPackets;
    if (this.control.length > 0) r.control = this.control;
    return r;
  }
}

export function checkSample(s: DecodedSample, limits: SampleLimits): string | null {
  for (const key of ['ax', 'ay', 'az'] as const) {
    const v = s[key];
    if (!Number.isFinite(v)) return `${key} is not a finite number`;
    if (Math.abs(v) > limits.accelG) return `${key} ${v} g outside +-${limits.accelG} g`;
  }
  for (const key of ['gx', 'gy', 'gz'] as const) {
    const v = s[key];
    if (v === undefined) continue;
    if (!Number.isFinite(v)) return `${key} is not a finite number`;
    if (Math.abs(v) > limits.gyroDps) return `${key} ${v} deg/s outside +-${limits.gyroDps} deg/s`;
  }
  if (s.t !== undefined && !Number.isFinite(s.t)) return 't is not a finite number';
  return null;
}

/** A positive finite option or the default (bad option values must not make a decoder throw). */
export function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function emptyResult(): DecodeResult {
  return { samples: [], errors: [] };
}
