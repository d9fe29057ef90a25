/**
 * Every failure of the storage module is a StorageError with one clear line (what, which file, why), never
 * a raw SQLite message or stack. `code` lets callers (the app, the CLI) react without parsing the text.
 */
export type StorageErrorCode =
  /** The file is not a BarTempo database (random bytes, text, another app's SQLite file). */
  | 'not-bartempo'
  /** Written by a newer BarTempo: its schema is unknown here. */
  | 'newer-version'
  /** An SQLite file that is damaged or truncated. */
  | 'corrupt'
  /** The path cannot be used (a directory, no permission, missing folder, disk full). */
  | 'unusable-path'
  /** Another process holds the database locked for longer than the busy timeout. */
  | 'busy'
  /** No session (or set) with that id. */
  | 'not-found'
  /** A caller passed an argument the store does not accept (bad id, too long a name, tolerance out of range). */
  | 'invalid-argument'
  /** The store was used after close(), or a recorder after finish(). */
  | 'closed'
  | 'failed';

export class StorageError extends Error {
  constructor(
    message: string,
    readonly code: StorageErrorCode,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

interface SqliteLikeError {
  code?: unknown;
  message?: unknown;
}

/**
 * Turns whatever SQLite (or the file system) threw into a StorageError about `path`; `doing` says what was
 * being done ("saving samples", "opening"). A StorageError passes through unchanged.
 */
export function toStorageError(err: unknown, path: string, doing: string): StorageError {
  if (err instanceof StorageError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SqliteLikeError;
  const code = typeof e.code === 'string' ? e.code : '';
  const raw = typeof e.message === 'string' ? e.message : String(err);
  const detail = firstLine(raw);
  if (code === 'SQLITE_NOTADB')
    return new StorageError(`${path} is not a BarTempo database (not an SQLite file)`, 'not-bartempo');
  if (code.startsWith('SQLITE_CORRUPT'))
    return new StorageError(`${path} is damaged (${detail}) while ${doing}; it was left as it is`, 'corrupt');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new StorageError(`${path} is locked by another program while ${doing}; try again`, 'busy');
  if (code === 'SQLITE_FULL')
    return new StorageError(`no space left for ${path} while ${doing}`, 'unusable-path');
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_PERM')
  )
    return new StorageError(`cannot write ${path} while ${doing}: ${detail}`, 'unusable-path');
  if (code.startsWith('SQLITE_IOERR'))
    return new StorageError(`cannot read or write ${path} while ${doing}: ${detail}`, 'unusable-path');
  return new StorageError(`database ${path}: ${doing} failed: ${detail}`, 'failed');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}
