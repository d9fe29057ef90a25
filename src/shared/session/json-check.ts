import { InputError } from '../io/errors';

/**
 * Strict readers for a parsed JSON document: each checks one value and names its path in a one-line
 * InputError (`info.load.value must be ...`). Values are never echoed whole (a hostile file can hold a
 * 100 MB string); only short, clipped excerpts are.
 */
export class JsonChecker {
  constructor(private readonly what: string) {}

  /** `path` '' is the document itself. */
  fail(path: string, problem: string): never {
    throw new InputError(`${this.what}: ${path === '' ? 'the file' : path} ${problem}`);
  }

  /** A plain object with exactly `required` keys plus any of `optional`; extra keys are refused. */
  object(value: unknown, path: string, required: readonly string[], optional: readonly string[] = []) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `must be an object (got ${kindOf(value)})`);
    }
    const record = value as Record<string, unknown>;
    for (const key of required) {
      if (!Object.hasOwn(record, key)) this.fail(join(path, key), 'is missing');
    }
    for (const key of Object.keys(record)) {
      if (!required.includes(key) && !optional.includes(key)) {
        this.fail(path, `has an unknown field ${quote(key)}`);
      }
    }
    return record;
  }

  /** An object whose content is not read (a section that is ignored). */
  anyObject(value: unknown, path: string): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `must be an object (got ${kindOf(value)})`);
    }
  }

  array(value: unknown, path: string, maxLength: number): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `must be an array (got ${kindOf(value)})`);
    if (value.length > maxLength) this.fail(path, `has ${value.length} items (at most ${maxLength})`);
    return value;
  }

  string(value: unknown, path: string, maxLength: number): string {
    if (typeof value !== 'string') this.fail(path, `must be a string (got ${kindOf(value)})`);
    if (value.length > maxLength) {
      this.fail(path, `is ${value.length} characters long (at most ${maxLength})`);
    }
    return value;
  }

  stringOrNull(value: unknown, path: string, maxLength: number): string | null {
    if (value === null) return null;
    if (typeof value !== 'string') this.fail(path, `must be a string or null (got ${kindOf(value)})`);
    return this.string(value, path, maxLength);
  }

  /** A finite number in [min, max] (JSON.parse reads 1e999 as Infinity: refused here). */
  number(value: unknown, path: string, min: number, max: number): number {
    if (typeof value !== 'number') this.fail(path, `must be a number (got ${kindOf(value)})`);
    if (!(value >= min && value <= max))
      this.fail(path, `must be between ${min} and ${max} (got ${short(value)})`);
    return value;
  }

  integer(value: unknown, path: string, min: number, max: number): number {
    const n = this.number(value, path, min, max);
    if (!Number.isInteger(n)) this.fail(path, `must be a whole number (got ${short(n)})`);
    return n;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, `must be true or false (got ${kindOf(value)})`);
    return value;
  }

  choice<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      const got = typeof value === 'string' ? quote(value) : kindOf(value);
      this.fail(path, `must be one of ${choices.map((c) => `"${c}"`).join(', ')} (got ${got})`);
    }
    return value as T;
  }
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return 'true/false';
  return `a ${typeof value}`;
}

/** A string as JSON, clipped to a readable excerpt. */
export function quote(text: string, maxLength = 24): string {
  return JSON.stringify(text.length > maxLength ? `${text.slice(0, maxLength)}...` : text);
}

function short(n: number): string {
  return String(n).slice(0, 24);
}

export function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}
