/** The storage module: the only code that touches the database (no Electron import). */
export { StorageError, type StorageErrorCode } from './errors';
export {
  DATABASE_PATH_ENV,
  defaultDatabasePath,
  defaultUserDataDir,
  resolveDatabasePath,
  type DatabaseLocation,
} from './paths';
export { SCHEMA_VERSION, APPLICATION_ID } from './migrations';
export {
  SessionStore,
  type DeletedSession,
  type NewSession,
  type RecoveredSession,
  type SessionFilter,
  type SessionInfoPatch,
  type SetInfoPatch,
  type StoredAnalysis,
  type StoredSession,
} from './session-store';
export { SessionRecorder, type RecorderOptions } from './recorder';
export { openAppStore, type AppStore } from './app-store';
