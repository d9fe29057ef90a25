import { InputError } from './errors';

export const SAMPLE_FIELDS = ['t', 'ax', 'ay', 'az', 'gx', 'gy', 'gz'] as const;
export type SampleField = (typeof SAMPLE_FIELDS)[number];
export const REQUIRED_FIELDS = ['t', 'ax', 'ay', 'az'] as const;
export const GYRO_FIELDS = ['gx', 'gy', 'gz'] as const;

/** 1-based column numbers of each sample field in a CSV row; gyro all three or none. */
export type ColumnMap = Record<(typeof REQUIRED_FIELDS)[number], number> &
  Partial<Record<(typeof GYRO_FIELDS)[number], number>>;

/** Parses `t=2,ax=3,ay=4,az=5[,gx=6,gy=7,gz=8]` (1-based column numbers) into a ColumnMap. */
export function parseColumnSpec(spec: string): ColumnMap {
  const example = 'e.g. t=2,ax=3,ay=4,az=5,gx=6,gy=7,gz=8';
  const map: Partial<Record<SampleField, number>> = {};
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const match = /^([a-z]+)\s*=\s*(\d+)$/i.exec(item);
    if (!match) throw new InputError(`Column mapping "${item}" must look like name=number, ${example}`);
    const name = (match[1] ?? '').toLowerCase();
    const column = Number(match[2]);
    if (!isSampleField(name)) {
      throw new InputError(
        `Column mapping names unknown field "${name}"; fields are ${SAMPLE_FIELDS.join(', ')}`,
      );
    }
    if (map[name] !== undefined) throw new InputError(`Column mapping gives "${name}" twice`);
    if (column < 1) throw new InputError(`Column numbers start at 1 (got ${name}=${column}), ${example}`);
    map[name] = column;
  }
  return checkColumnMap(map);
}

/** Validates a possibly partial mapping: t, ax, ay, az required; gyro all three or none; one field per column. */
export function checkColumnMap(map: Partial<Record<SampleField, number>>): ColumnMap {
  const missing = REQUIRED_FIELDS.filter((f) => map[f] === undefined);
  if (missing.length > 0) {
    throw new InputError(`Column mapping is missing ${missing.join(', ')}; t, ax, ay and az are required`);
  }
  const gyro = GYRO_FIELDS.filter((f) => map[f] !== undefined);
  if (gyro.length !== 0 && gyro.length !== 3) {
    throw new InputError(
      `Column mapping has ${gyro.join(', ')} but not all of gx, gy, gz; give all three or none`,
    );
  }
  const fieldOfColumn = new Map<number, SampleField>();
  for (const field of SAMPLE_FIELDS) {
    const column = map[field];
    if (column === undefined) continue;
    if (!Number.isInteger(column) || column < 1) {
      throw new InputError(`Column number for ${field} must be a whole number from 1 (got ${column})`);
    }
    // Two fields read from one column would give, e.g., ax = ay: readings that look valid and are not.
    const other = fieldOfColumn.get(column);
    if (other !== undefined) {
      throw new InputError(`Column mapping gives column ${column} to both ${other} and ${field}`);
    }
    fieldOfColumn.set(column, field);
  }
  return map as ColumnMap;
}

function isSampleField(name: string): name is SampleField {
  return (SAMPLE_FIELDS as readonly string[]).includes(name);
}
