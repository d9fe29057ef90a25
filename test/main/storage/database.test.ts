import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION, SessionStore, StorageError } from '../../../src/main/storage';
import { sessionData, tempDir } from './helpers';

const { dir, path } = tempDir();

/** Opening must fail with `code` and a one-line message, leaving the file's bytes as they were. */
function expectRefused(file: string, code: string, message: RegExp): void {
  const before = readFileSync(file);
  let error: unknown;
  try {
    SessionStore.open(file).close();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(StorageError);
  expect((error as StorageError).code).toBe(code);
  expect((error as StorageError).message).toMatch(message);
  expect((error as StorageError).message).not.toContain('\n');
  expect(readFileSync(file).equals(before)).toBe(true);
}

/** A BarTempo database with one session, closed (its WAL checkpointed into the file). */
function populated(name: string): string {
  const file = path(name);
  const store = SessionStore.open(file);
  store.importSession(sessionData());
  store.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
  return file;
}

describe('opening a database file', () => {
  it('creates a new one marked as BarTempo, at the current schema version, in WAL mode', () => {
    const file = path('new.sqlite');
    SessionStore.open(file).close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    // Reopening an up-to-date file works and keeps its contents.
    const store = SessionStore.open(file);
    expect(store.listSessions()).toEqual([]);
    store.close();
  });

  it("refuses random bytes, a text file and another program's SQLite file, untouched", () => {
    const noise = path('noise.sqlite');
    writeFileSync(noise, randomBytes(8192));
    expectRefused(noise, 'not-bartempo', /is not a BarTempo database \(not an SQLite file\)/);
    const text = path('notes.txt');
    writeFileSync(text, 'squat 100kg 5x5\n'.repeat(50));
    expectRefused(text, 'not-bartempo', /not an SQLite file/);
    const other = path('other.db');
    const db = new Database(other);
    db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x')");
    db.close();
    expectRefused(other, 'not-bartempo', /an SQLite file of another program/);
  });

  it('refuses a database written by a newer BarTempo, untouched', () => {
    const file = populated('newer.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expectRefused(
      file,
      'newer-version',
      /written by a newer BarTempo \(database version 2; this one reads up to 1\)/,
    );
  });

  it('refuses a truncated database, untouched', () => {
    const file = populated('truncated.sqlite');
    const size = statSync(file).size;
    truncateSync(file, Math.floor(size / 2 / 4096) * 4096);
    expectRefused(file, 'corrupt', /is damaged \(truncated/);
    const cut = populated('cut.sqlite');
    truncateSync(cut, 1000);
    expectRefused(cut, 'corrupt', /damaged/);
  });

  it('turns damage found while reading into a StorageError and writes nothing', () => {
    const file = populated('damaged.sqlite');
    const bytes = readFileSync(file);
    // Garble the pages holding the samples (the file's second half).
    bytes.fill(0xa5, Math.floor(bytes.length / 2 / 4096) * 4096, bytes.length - 4096);
    writeFileSync(file, bytes);
    const store = SessionStore.open(file);
    let error: unknown;
    try {
      store.loadSession(1);
    } catch (err) {
      error = err;
    }
    store.close();
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('corrupt');
    expect((error as StorageError).message).toMatch(
      /is damaged \(.*\) while reading samples of session 1; it was left as it is/,
    );
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('says what is wrong with a folder, a missing folder, or a folder that is a file', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expect(() => SessionStore.open(folder)).toThrow(/is a folder; give a file path/);
    expect(() => SessionStore.open(join(dir, 'missing', 'x.sqlite'))).toThrow(
      /folder .*missing does not exist/,
    );
    const file = path('plain.txt');
    writeFileSync(file, 'x');
    expect(() => SessionStore.open(join(file, 'x.sqlite'))).toThrow(/is not a folder/);
    // The default location's folder is created, as the app would.
    const nested = join(dir, 'config', 'BarTempo', 'bartempo.sqlite');
    SessionStore.open(nested, { createDirectory: true }).close();
    expect(existsSync(nested)).toBe(true);
  });

  it('opens an empty file as a new database', () => {
    const file = path('empty.sqlite');
    writeFileSync(file, '');
    const store = SessionStore.open(file);
    expect(store.listSessions()).toEqual([]);
    store.close();
  });
});
