/**
 * The app's history: its database opened once at start, interrupted sessions recovered. A database that
 * cannot be opened leaves the app usable (the rack screen works, nothing is saved) with the reason to show.
 */
import { toStorageError } from './errors';
import type { RecoveredSession } from './session-store';
import { SessionStore } from './session-store';

export type AppStore =
  | { store: SessionStore; recovered: RecoveredSession[]; problem: null }
  | { store: null; recovered: []; problem: string };

export function openAppStore(path: string, open = SessionStore.open): AppStore {
  let store: SessionStore | null = null;
  try {
    store = open(path, { createDirectory: true });
    return { store, recovered: store.recoverInterrupted(), problem: null };
  } catch (err) {
    store?.close();
    return { store: null, recovered: [], problem: describeOpenFailure(err, path) };
  }
}

function describeOpenFailure(err: unknown, path: string): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // better-sqlite3's native module is built for one ABI: Node's after npm install, Electron's after a rebuild.
  if (e?.code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION/.test(message)) {
    return 'the database driver was built for a different Node/Electron version: run `npm run rebuild:electron` (or reinstall)';
  }
  return toStorageError(err, path, 'opening').message;
}
