/**
 * How CLI commands reach the database: `--db PATH` > `BARTEMPO_DB` > the app's own file, opened through the
 * storage module, and interrupted sessions recovered first (each said on stderr, so stdout stays the output).
 */
import { resolveDatabasePath, SessionStore, type RecoveredSession } from '../main/storage';
import type { CliIo } from './types';

export const DB_FLAG_HELP = `  --db <file>            the session database (default: the app's, or $BARTEMPO_DB)`;

export function openCliStore(dbFlag: string | undefined, io: CliIo): SessionStore {
  const location = resolveDatabasePath(dbFlag);
  const store = SessionStore.open(location.path, { createDirectory: location.isDefault });
  try {
    for (const r of store.recoverInterrupted()) io.stderr(`${describeRecovered(r)}\n`);
  } catch (err) {
    store.close();
    throw err;
  }
  return store;
}

export function describeRecovered(r: RecoveredSession): string {
  const when = r.interruptedAt === null ? '' : ` at ${r.interruptedAt}`;
  return `recovered session ${r.id} (started ${r.startedAt}, interrupted${when}): ${r.samples} samples, ${r.sets} sets, ${r.reps} reps kept`;
}
