import type { Sample } from '../engine/types';
import { InputError } from './errors';
import { GYRO_FIELDS, SAMPLE_FIELDS, checkColumnMap, type ColumnMap, type SampleField } from './columns';

export type TimeUnit = 's' | 'ms';
export type AccelUnit = 'g' | 'mps2';
export type GyroUnit = 'dps' | 'rads';

export interface CsvOptions {
  /** The first non-blank line is a header. Default true. */
  header?: boolean;
  /** 1-based columns; without it the header names them (t, ax, ay, az, optional gx, gy, gz). */
  columns?: ColumnMap;
  timeUnit?: TimeUnit;
  accelUnit?: AccelUnit;
  gyroUnit?: GyroUnit;
}

/** Standard gravity, m/s^2 per g (CGPM 1901), to convert m/s^2 logs into the engine's g. */
export const STANDARD_GRAVITY_MPS2 = 9.80665;
const DEG_PER_RAD = 180 / Math.PI;

/** Mapping for the development recordings in ../shared/data/realbar (node_id,t_ms,ax..az m/s^2,gx..gz rad/s,mx..mz). */
export const REALBAR_CSV_OPTIONS: Required<CsvOptions> = {
  header: false,
  columns: { t: 2, ax: 3, ay: 4, az: 5, gx: 6, gy: 7, gz: 8 },
  timeUnit: 'ms',
  accelUnit: 'mps2',
  gyroUnit: 'rads',
};

// Strict decimal: Number() would accept "", " ", "0x1f", "Infinity", which are never valid sensor readings.
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface Row {
  lineNumber: number;
  cells: string[];
}

/**
 * Parses CSV text into samples in engine units (s, g, deg/s). Keeps rows in file order, duplicates included:
 * ordering and de-duplication are the engine's job. Throws InputError naming the line (1-based, as an editor
 * shows it) and the column.
 */
export function parseSamplesCsv(text: string, options: CsvOptions = {}): Sample[] {
  const header = options.header ?? true;
  let columns: ColumnMap | null = header ? null : requireMapping(options.columns);
  const scale = unitScales(options);
  const samples: Sample[] = [];
  let sawLine = false;
  // Line by line, never holding every row's cells at once: an hour at 200 Hz is 720k lines.
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const row: Row = { lineNumber: i + 1, cells: line.split(',').map(cleanCell) };
    if (!sawLine) {
      sawLine = true;
      if (header) {
        columns = options.columns ? checkColumnMap(options.columns) : columnsFromHeader(row);
        continue;
      }
    }
    samples.push(toSample(row, columns as ColumnMap, scale));
  }
  if (!sawLine) throw new InputError('File is empty');
  if (samples.length < 2) {
    const what = samples.length === 0 ? 'no data rows' : 'only 1 data row';
    throw new InputError(`File has ${what}${header ? ' after the header' : ''}; need at least 2 samples`);
  }
  return samples;
}

function requireMapping(columns: ColumnMap | undefined): ColumnMap {
  if (!columns)
    throw new InputError('A file without a header needs a column mapping, e.g. t=2,ax=3,ay=4,az=5');
  return checkColumnMap(columns);
}

/** Trims and drops surrounding double quotes, which spreadsheet exports add. */
function cleanCell(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

function columnsFromHeader(row: Row): ColumnMap {
  const map: Partial<Record<SampleField, number>> = {};
  row.cells.forEach((cell, i) => {
    const name = cell.toLowerCase();
    if ((SAMPLE_FIELDS as readonly string[]).includes(name) && map[name as SampleField] === undefined) {
      map[name as SampleField] = i + 1;
    }
  });
  const missing = ['t', 'ax', 'ay', 'az'].filter((f) => map[f as SampleField] === undefined);
  if (missing.length > 0 && row.cells.every((c) => NUMBER_RE.test(c))) {
    throw new InputError(
      `Line ${row.lineNumber} is data, not a header naming t,ax,ay,az; a file without a header needs a column mapping, e.g. t=2,ax=3,ay=4,az=5`,
    );
  }
  if (missing.length > 0) {
    throw new InputError(
      `Line ${row.lineNumber}: header lacks column ${missing.join(', ')}; expected t,ax,ay,az (optional gx,gy,gz), or give a column mapping for a file without this header`,
    );
  }
  const gyro = GYRO_FIELDS.filter((f) => map[f] !== undefined);
  if (gyro.length !== 0 && gyro.length !== 3) {
    throw new InputError(`Line ${row.lineNumber}: header has ${gyro.join(', ')} but not all of gx, gy, gz`);
  }
  return checkColumnMap(map);
}

interface Scales {
  t: number;
  accel: number;
  gyro: number;
}

function unitScales(options: CsvOptions): Scales {
  return {
    t: options.timeUnit === 'ms' ? 1e-3 : 1,
    accel: options.accelUnit === 'mps2' ? 1 / STANDARD_GRAVITY_MPS2 : 1,
    gyro: options.gyroUnit === 'rads' ? DEG_PER_RAD : 1,
  };
}

function toSample(row: Row, columns: ColumnMap, scale: Scales): Sample {
  const read = (field: SampleField, column: number): number => {
    const cell = row.cells[column - 1];
    if (cell === undefined) {
      throw new InputError(
        `Line ${row.lineNumber}: has ${row.cells.length} columns but ${field} is column ${column}`,
      );
    }
    if (!NUMBER_RE.test(cell)) {
      const shown =
        cell === '' ? 'an empty cell' : `"${cell.length > 20 ? `${cell.slice(0, 20)}...` : cell}"`;
      throw new InputError(`Line ${row.lineNumber}, column ${column} (${field}): ${shown} is not a number`);
    }
    const value = Number(cell);
    if (!Number.isFinite(value)) {
      throw new InputError(`Line ${row.lineNumber}, column ${column} (${field}): "${cell}" is out of range`);
    }
    return value;
  };
  const sample: Sample = {
    t: read('t', columns.t) * scale.t,
    ax: read('ax', columns.ax) * scale.accel,
    ay: read('ay', columns.ay) * scale.accel,
    az: read('az', columns.az) * scale.accel,
  };
  if (columns.gx !== undefined && columns.gy !== undefined && columns.gz !== undefined) {
    sample.gx = read('gx', columns.gx) * scale.gyro;
    sample.gy = read('gy', columns.gy) * scale.gyro;
    sample.gz = read('gz', columns.gz) * scale.gyro;
  }
  return sample;
}

/**
 * Canonical CSV (`t,ax,ay,az[,gx,gy,gz]`, s / g / deg/s). Gyro columns are written only when every sample has
 * all three, so the file never has blank cells. Numbers use the shortest exact form, so parsing gives back
 * identical samples.
 */
export function formatCanonicalCsv(samples: readonly Sample[]): string {
  const gyro =
    samples.length > 0 &&
    samples.every((s) => s.gx !== undefined && s.gy !== undefined && s.gz !== undefined);
  const lines = [gyro ? 't,ax,ay,az,gx,gy,gz' : 't,ax,ay,az'];
  for (const s of samples) {
    const values = gyro ? [s.t, s.ax, s.ay, s.az, s.gx, s.gy, s.gz] : [s.t, s.ax, s.ay, s.az];
    lines.push(values.map((v) => String(v)).join(','));
  }
  return `${lines.join('\n')}\n`;
}
