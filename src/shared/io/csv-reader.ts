import type { Sample } from '../engine/types';
import { GYRO_FIELDS, SAMPLE_FIELDS, checkColumnMap, type ColumnMap, type SampleField } from './columns';
import { unitScales, type CsvOptions, type UnitScales } from './csv-options';
import { scanDecimal } from './decimal';
import { InputError } from './errors';

/** No sensor log has lines this long; past it the text is not one (and a 1 GB "line" must not be held). */
export const MAX_LINE_CHARS = 1 << 20;
/**
 * |t| beyond this many seconds (317 years) is not a sample time: epoch seconds are 1.7e9, and past 1e10 s a
 * double no longer holds times to the microsecond.
 */
export const MAX_ABS_TIME_S = 1e10;

// Strict decimal, for the slow path only (cells the scanner did not take): Number() would accept "", " ",
// "0x1f", "Infinity", which are never valid sensor readings.
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LF = 10;
const CR = 13;
const COMMA = 44;
const BOM = 0xfeff;
/** Longest cell text quoted back in a message. */
const SHOWN_CELL_CHARS = 20;

/**
 * Reads CSV text, in chunks split anywhere (mid-line, mid-number, between \r and \n), into samples in engine
 * units (s, g, deg/s), in file order, duplicates included: ordering is checked by SampleFileCheck, and
 * de-duplication is the engine's. Never holds more than one line of text between chunks, nor any row's cells.
 * Throws InputError naming the line (1-based, as an editor shows it) and the column.
 */
export class CsvSampleReader {
  private readonly header: boolean;
  private readonly scale: UnitScales;
  private columns: ColumnMap | null = null;
  /** Field index (SAMPLE_FIELDS order) of each column up to the last mapped one, -1 for unread columns. */
  private fieldAt = new Int8Array(0);
  private hasGyro = false;
  private readonly values = new Float64Array(SAMPLE_FIELDS.length);
  /** The unfinished last line of the previous chunk. */
  private carry = '';
  /** The previous chunk ended in \r: a \n opening the next one is the same line break. */
  private afterCR = false;
  private atStart = true;
  private lineCount = 0;
  private sawLine = false;
  private rowCount = 0;

  constructor(private readonly options: CsvOptions = {}) {
    this.header = options.header ?? true;
    this.scale = unitScales(options);
    this.reset();
  }

  /** Data rows read so far. */
  get rows(): number {
    return this.rowCount;
  }

  /**
   * Reads the lines `chunk` completes; appends their samples to `out` and, when given, each one's line
   * number to `lines`.
   */
  process(chunk: string, out: Sample[] = [], lines?: number[]): Sample[] {
    let pos = 0;
    if (this.atStart && chunk.length > 0) {
      this.atStart = false;
      if (chunk.charCodeAt(0) === BOM) pos = 1;
    }
    if (this.afterCR && chunk.length > 0) {
      this.afterCR = false;
      if (chunk.charCodeAt(pos) === LF) pos++;
    }
    if (this.carry.length > 0) {
      pos = this.completeCarriedLine(chunk, pos, out, lines);
      if (pos === -1) return out;
    }
    // The chunk itself is scanned in place (no copy).
    const text = chunk;
    let nextLF = text.indexOf('\n', pos);
    let nextCR = text.indexOf('\r', pos);
    for (;;) {
      if (nextLF !== -1 && nextLF < pos) nextLF = text.indexOf('\n', pos);
      if (nextCR !== -1 && nextCR < pos) nextCR = text.indexOf('\r', pos);
      const end = nextCR === -1 ? nextLF : nextLF === -1 ? nextCR : Math.min(nextLF, nextCR);
      if (end === -1) break;
      this.readLine(text, pos, end, out, lines);
      pos = this.afterLineBreak(text, end);
    }
    if (text.length - pos > MAX_LINE_CHARS) throw lineTooLong(this.lineCount + 1);
    this.carry = text.slice(pos);
    return out;
  }

  /** Ends the line carried over from earlier chunks; the position after its line break, or -1 if it goes on. */
  private completeCarriedLine(chunk: string, from: number, out: Sample[], lines?: number[]): number {
    const lf = chunk.indexOf('\n', from);
    const cr = chunk.indexOf('\r', from);
    const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(lf, cr);
    if (end === -1) {
      if (this.carry.length + chunk.length - from > MAX_LINE_CHARS) throw lineTooLong(this.lineCount + 1);
      this.carry += chunk.slice(from);
      return -1;
    }
    // join, not +: it gives a flat string, so the scanner only ever sees one kind of string (+ gives a rope).
    const line = [this.carry, chunk.slice(from, end)].join('');
    this.carry = '';
    this.readLine(line, 0, line.length, out, lines);
    return this.afterLineBreak(chunk, end);
  }

  /** The position after the line break at `end`: \r\n is one break, even split between two chunks. */
  private afterLineBreak(text: string, end: number): number {
    const next = end + 1;
    if (text.charCodeAt(end) !== CR) return next;
    if (next === text.length) this.afterCR = true;
    else if (text.charCodeAt(next) === LF) return next + 1;
    return next;
  }

  /** Reads the last line (one without a line break) and checks the file had data. */
  finish(out: Sample[] = [], lines?: number[]): Sample[] {
    if (this.carry.length > 0) {
      const text = this.carry;
      this.carry = '';
      this.readLine(text, 0, text.length, out, lines);
    }
    if (!this.sawLine) throw new InputError('File is empty');
    if (this.rowCount < 2) {
      const what = this.rowCount === 0 ? 'no data rows' : 'only 1 data row';
      throw new InputError(
        `File has ${what}${this.header ? ' after the header' : ''}; need at least 2 samples`,
      );
    }
    return out;
  }

  reset(): void {
    this.columns = null;
    this.carry = '';
    this.afterCR = false;
    this.atStart = true;
    this.lineCount = 0;
    this.sawLine = false;
    this.rowCount = 0;
    if (!this.header) this.useColumns(requireMapping(this.options.columns));
  }

  private readLine(text: string, start: number, end: number, out: Sample[], lines?: number[]): void {
    const lineNumber = ++this.lineCount;
    if (end - start > MAX_LINE_CHARS) throw lineTooLong(lineNumber);
    if (isBlank(text, start, end)) return;
    if (!this.sawLine) {
      this.sawLine = true;
      if (this.header) {
        const options = this.options.columns;
        this.useColumns(
          options ? checkColumnMap(options) : columnsFromHeader(cellsOf(text, start, end), lineNumber),
        );
        return;
      }
    }
    const sample = this.fastRow(text, start, end) ?? this.slowRow(text.slice(start, end), lineNumber);
    if (!(Math.abs(sample.t) <= MAX_ABS_TIME_S)) throw this.absurdTime(sample.t, lineNumber);
    this.rowCount++;
    out.push(sample);
    if (lines) lines.push(lineNumber);
  }

  /** The common case: plain decimals in every mapped cell. null sends the row to slowRow. */
  private fastRow(text: string, start: number, end: number): Sample | null {
    const fieldAt = this.fieldAt;
    const values = this.values;
    const lastColumn = fieldAt.length - 1;
    let cellStart = start;
    for (let column = 0; ; column++) {
      let cellEnd = text.indexOf(',', cellStart);
      if (cellEnd === -1 || cellEnd > end) cellEnd = end;
      const field = fieldAt[column]!;
      if (field >= 0) {
        const value = scanDecimal(text, cellStart, cellEnd);
        if (value !== value) return null;
        values[field] = value;
      }
      if (column === lastColumn) break;
      if (cellEnd === end) return null;
      cellStart = cellEnd + 1;
    }
    const scale = this.scale;
    const t = values[0]!;
    const ax = values[1]!;
    const ay = values[2]!;
    const az = values[3]!;
    if (!this.hasGyro) {
      // One finiteness test for the row: any Infinity makes the sum non-finite.
      if (!Number.isFinite(t + ax + ay + az)) return null;
      return { t: t * scale.t, ax: ax * scale.accel, ay: ay * scale.accel, az: az * scale.accel };
    }
    const gx = values[4]!;
    const gy = values[5]!;
    const gz = values[6]!;
    if (!Number.isFinite(t + ax + ay + az + gx + gy + gz)) return null;
    return {
      t: t * scale.t,
      ax: ax * scale.accel,
      ay: ay * scale.accel,
      az: az * scale.accel,
      gx: gx * scale.gyro,
      gy: gy * scale.gyro,
      gz: gz * scale.gyro,
    };
  }

  /** Quoted cells, odd whitespace, and every error: field by field, with the message naming the first bad one. */
  private slowRow(line: string, lineNumber: number): Sample {
    const cells = line.split(',').map(cleanCell);
    const columns = this.columns as ColumnMap;
    const read = (field: SampleField, column: number): number => {
      const cell = cells[column - 1];
      if (cell === undefined) {
        throw new InputError(
          `Line ${lineNumber}: has ${cells.length} columns but ${field} is column ${column}`,
        );
      }
      const where = `Line ${lineNumber}, column ${column} (${field})`;
      if (!NUMBER_RE.test(cell)) {
        throw new InputError(`${where}: ${cell === '' ? 'an empty cell' : quoted(cell)} is not a number`);
      }
      const value = Number(cell);
      if (!Number.isFinite(value)) throw new InputError(`${where}: ${quoted(cell)} is out of range`);
      return value;
    };
    const scale = this.scale;
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

  private absurdTime(tS: number, lineNumber: number): InputError {
    const column = (this.columns as ColumnMap).t;
    const inMs = this.options.timeUnit !== 'ms' && Math.abs(tS) / 1000 <= MAX_ABS_TIME_S;
    return new InputError(
      `Line ${lineNumber}, column ${column} (t): ${tS} s is not a sample time (over ${MAX_ABS_TIME_S} s, 317 years, from the clock's zero)${inMs ? '; if the time is in milliseconds use --time-unit ms' : ''}`,
    );
  }

  private useColumns(columns: ColumnMap): void {
    this.columns = columns;
    this.hasGyro = columns.gx !== undefined;
    const width = Math.max(...SAMPLE_FIELDS.map((f) => columns[f as keyof ColumnMap] ?? 0));
    this.fieldAt = new Int8Array(width).fill(-1);
    SAMPLE_FIELDS.forEach((field, index) => {
      const column = columns[field as keyof ColumnMap];
      if (column !== undefined) this.fieldAt[column - 1] = index;
    });
  }
}

function lineTooLong(lineNumber: number): InputError {
  return new InputError(
    `Line ${lineNumber} is over ${MAX_LINE_CHARS.toLocaleString('en-US')} characters long: not a sensor log`,
  );
}

function quoted(cell: string): string {
  return `"${cell.length > SHOWN_CELL_CHARS ? `${cell.slice(0, SHOWN_CELL_CHARS)}...` : cell}"`;
}

/** A line of nothing but spaces: ASCII checked in place, anything else as String.trim sees it. */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    if (c < 128 && c !== 11 && c !== 12) return false;
    return text.slice(start, end).trim() === '';
  }
  return true;
}

function requireMapping(columns: ColumnMap | undefined): ColumnMap {
  if (!columns)
    throw new InputError('A file without a header needs a column mapping, e.g. t=2,ax=3,ay=4,az=5');
  return checkColumnMap(columns);
}

function cellsOf(text: string, start: number, end: number): string[] {
  const cells: string[] = [];
  let cellStart = start;
  for (let i = start; i <= end; i++) {
    if (i === end || text.charCodeAt(i) === COMMA) {
      cells.push(cleanCell(text.slice(cellStart, i)));
      cellStart = i + 1;
    }
  }
  return cells;
}

/** Trims and drops surrounding double quotes, which spreadsheet exports add. */
function cleanCell(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

function columnsFromHeader(cells: readonly string[], lineNumber: number): ColumnMap {
  const map: Partial<Record<SampleField, number>> = {};
  cells.forEach((cell, i) => {
    const name = cell.toLowerCase();
    if (!(SAMPLE_FIELDS as readonly string[]).includes(name)) return;
    const earlier = map[name as SampleField];
    if (earlier !== undefined) {
      throw new InputError(
        `Line ${lineNumber}: header names ${name} twice (columns ${earlier} and ${i + 1}); rename one, or give a column mapping`,
      );
    }
    map[name as SampleField] = i + 1;
  });
  const missing = ['t', 'ax', 'ay', 'az'].filter((f) => map[f as SampleField] === undefined);
  if (missing.length > 0 && cells.every((c) => NUMBER_RE.test(c))) {
    throw new InputError(
      `Line ${lineNumber} is data, not a header naming t,ax,ay,az; a file without a header needs a column mapping, e.g. t=2,ax=3,ay=4,az=5`,
    );
  }
  if (missing.length > 0) {
    throw new InputError(
      `Line ${lineNumber}: header lacks column ${missing.join(', ')}; expected t,ax,ay,az (optional gx,gy,gz), or give a column mapping for a file without this header`,
    );
  }
  const gyro = GYRO_FIELDS.filter((f) => map[f] !== undefined);
  if (gyro.length !== 0 && gyro.length !== 3) {
    throw new InputError(`Line ${lineNumber}: header has ${gyro.join(', ')} but not all of gx, gy, gz`);
  }
  return checkColumnMap(map);
}
