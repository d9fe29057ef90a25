/**
 * Raw samples as compact blobs: one chunk holds `count` samples as float64 little-endian columns
 * (t[count], ax[count], ay[count], az[count], then gx, gy, gz when the chunk has a gyroscope). Every double is
 * kept bit for bit (so a JSON export -> import -> export gives the same bytes): 32 bytes a sample, 56 with gyro.
 */
import { endianness } from 'node:os';
import type { Sample } from '../../shared/engine/types';
import { StorageError } from './errors';

const ACCEL_COLUMNS = 4;
const GYRO_COLUMNS = 7;
const BYTES_PER_VALUE = 8;
const HOST_IS_LITTLE_ENDIAN = endianness() === 'LE';

export interface EncodedChunk {
  count: number;
  hasGyro: boolean;
  firstT: number;
  lastT: number;
  data: Buffer;
}

export function hasGyro(s: Sample): boolean {
  return s.gx !== undefined && s.gy !== undefined && s.gz !== undefined;
}

/**
 * Encodes samples as chunks of at most `maxPerChunk`, starting a new chunk wherever the gyroscope comes or
 * goes (a chunk is all with or all without). A sample with only some gyro axes cannot be stored losslessly.
 */
export function encodeSamples(samples: readonly Sample[], maxPerChunk = 4096): EncodedChunk[] {
  const chunks: EncodedChunk[] = [];
  let start = 0;
  while (start < samples.length) {
    const gyro = gyroOf(samples[start] as Sample, start);
    let end = start + 1;
    while (end < samples.length && end - start < maxPerChunk && gyroOf(samples[end] as Sample, end) === gyro)
      end++;
    chunks.push(encodeRun(samples, start, end, gyro));
    start = end;
  }
  return chunks;
}

function gyroOf(s: Sample, i: number): boolean {
  const gyro = hasGyro(s);
  if (!gyro && (s.gx !== undefined || s.gy !== undefined || s.gz !== undefined))
    throw new StorageError(`sample ${i + 1} has some gyroscope axes but not all three`, 'invalid-argument');
  return gyro;
}

function encodeRun(samples: readonly Sample[], start: number, end: number, gyro: boolean): EncodedChunk {
  const n = end - start;
  const values = new Float64Array(n * (gyro ? GYRO_COLUMNS : ACCEL_COLUMNS));
  for (let i = 0; i < n; i++) {
    const s = samples[start + i] as Sample;
    values[i] = s.t;
    values[n + i] = s.ax;
    values[2 * n + i] = s.ay;
    values[3 * n + i] = s.az;
    if (gyro) {
      values[4 * n + i] = s.gx as number;
      values[5 * n + i] = s.gy as number;
      values[6 * n + i] = s.gz as number;
    }
  }
  const data = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  if (!HOST_IS_LITTLE_ENDIAN) data.swap64();
  return { count: n, hasGyro: gyro, firstT: values[0] as number, lastT: values[n - 1] as number, data };
}

/** The samples of one stored chunk; a blob of the wrong size is a damaged database, said as such. */
export function decodeSamples(data: Uint8Array, count: number, gyro: boolean, out: Sample[] = []): Sample[] {
  const columns = gyro ? GYRO_COLUMNS : ACCEL_COLUMNS;
  if (!Number.isSafeInteger(count) || count < 0 || data.byteLength !== count * columns * BYTES_PER_VALUE)
    throw new StorageError(
      `a stored sample chunk is damaged (${data.byteLength} bytes for ${count} samples)`,
      'corrupt',
    );
  // Copy into an aligned array: SQLite's blob may start at any byte offset.
  const v = new Float64Array(count * columns);
  const bytes = Buffer.from(v.buffer);
  bytes.set(data);
  if (!HOST_IS_LITTLE_ENDIAN) bytes.swap64();
  const n = count;
  for (let i = 0; i < n; i++) {
    const s: Sample = {
      t: v[i] as number,
      ax: v[n + i] as number,
      ay: v[2 * n + i] as number,
      az: v[3 * n + i] as number,
    };
    if (gyro) {
      s.gx = v[4 * n + i] as number;
      s.gy = v[5 * n + i] as number;
      s.gz = v[6 * n + i] as number;
    }
    out.push(s);
  }
  return out;
}
