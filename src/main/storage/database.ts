/**
 * Opening the database file safely: a path that is a directory, a file that is not a BarTempo database, a
 * truncated file or one written by a newer BarTempo is refused with one clear line BEFORE anything is written
 * (those checks read only: the header bytes, then a read-only SQLite connection, which never checkpoints).
 * Only then is the file opened for writing and migrated.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StorageError, toStorageError } from './errors';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './migrations';

/** How long a write waits for another process (the app while the CLI runs) to release the file. */
export const BUSY_TIMEOUT_MS = 5_000;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;

export interface OpenOptions {
  /** Create the file's folder when missing (the default location); a folder the user named must exist. */
  createDirectory?: boolean;
}

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  const existing = checkFile(path, options.createDirectory === true);
  if (existing) checkReadOnly(path);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw toStorageError(err, path, 'opening it');
  }
  try {
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    // After the schema exists (in rollback-journal mode, atomically): a crash between the two never leaves a
    // BarTempo file without its application id. WAL lets the app record while the CLI reads; FULL syncs
    // each commit, so a power loss too costs at most the uncommitted second.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return db;
  } catch (err) {
    db.close();
    throw toStorageError(err, path, 'opening it');
  }
}

/** File-system checks; true when a non-empty file is already there. */
function checkFile(path: string, createDirectory: boolean): boolean {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR')
      throw new StorageError(
        `cannot create database ${path}: a part of its folder path is not a folder`,
        'unusable-path',
      );
    if (code !== 'ENOENT')
      throw new StorageError(`cannot use database path ${path}: ${(err as Error).message}`, 'unusable-path');
    const folder = dirname(path);
    if (!existsSync(folder)) {
      if (!createDirectory)
        throw new StorageError(
          `cannot create database ${path}: folder ${folder} does not exist`,
          'unusable-path',
        );
      try {
        mkdirSync(folder, { recursive: true });
      } catch (mkdirErr) {
        throw new StorageError(
          `cannot create folder ${folder} for the database: ${(mkdirErr as Error).message}`,
          'unusable-path',
        );
      }
    } else if (!statSync(folder).isDirectory()) {
      throw new StorageError(`cannot create database ${path}: ${folder} is not a folder`, 'unusable-path');
    }
    return false;
  }
  if (stat.isDirectory())
    throw new StorageError(`database path ${path} is a folder; give a file path`, 'unusable-path');
  if (!stat.isFile()) throw new StorageError(`database path ${path} is not a regular file`, 'unusable-path');
  if (stat.size === 0) return false;
  const header = Buffer.alloc(HEADER_BYTES);
  let read: number;
  const fd = openSync(path, 'r');
  try {
    read = readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (read < SQLITE_MAGIC.length || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC))
    throw new StorageError(
      `${path} is not a BarTempo database (not an SQLite file); it was left as it is`,
      'not-bartempo',
    );
  if (read < HEADER_BYTES) throw truncated(path);
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  // The in-header page count is trusted only when written by a version that keeps it (SQLite file format).
  const countValid = header.readUInt32BE(24) === header.readUInt32BE(92);
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw truncated(path);
  if (stat.size % pageSize !== 0 || (countValid && pageCount * pageSize > stat.size)) throw truncated(path);
  return true;
}

function truncated(path: string): StorageError {
  return new StorageError(`${path} is damaged (truncated or cut short); it was left as it is`, 'corrupt');
}

/** Identity and version, read through a read-only connection (sees a WAL's newer pages; writes nothing). */
function checkReadOnly(path: string): void {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    // Reading the schema also catches a damaged first page.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    checkIdentity(path, appId, version);
  } catch (err) {
    throw toStorageError(err, path, 'checking it');
  } finally {
    db?.close();
  }
}

function checkIdentity(path: string, appId: number, version: number): void {
  if (appId !== APPLICATION_ID)
    throw new StorageError(
      `${path} is not a BarTempo database (an SQLite file of another program); it was left as it is`,
      'not-bartempo',
    );
  if (version > SCHEMA_VERSION)
    throw new StorageError(
      `${path} was written by a newer BarTempo (database version ${version}; this one reads up to ${SCHEMA_VERSION}); update BarTempo. The file was left as it is`,
      'newer-version',
    );
}

function migrate(db: Database.Database, path: string): void {
  const step = db.transaction(() => {
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId === 0 && version === 0) {
      // A new file (or one another process created meanwhile): it must hold nothing yet.
      const tables = db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number };
      if (tables.n > 0) checkIdentity(path, appId, version);
      db.pragma(`application_id = ${APPLICATION_ID}`);
    } else {
      checkIdentity(path, appId, version);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= version) continue;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  });
  step.immediate();
}
