/**
 * Where the database lives. The default is the folder Electron's `app.getPath('userData')` gives an app named
 * "BarTempo" (the app calls `app.setPath('userData', defaultUserDataDir())` so both agree by construction), so
 * the CLI sees the app's history. No Electron import: the CLI and tests compute the same path in plain Node.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_FOLDER_NAME = 'BarTempo';
export const DATABASE_FILE_NAME = 'bartempo.sqlite';
export const DATABASE_PATH_ENV = 'BARTEMPO_DB';

export interface PathEnv {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
}

const processPathEnv = (): PathEnv => ({ platform: process.platform, env: process.env, home: homedir() });

/** Electron's appData folder + "BarTempo": Linux $XDG_CONFIG_HOME or ~/.config, macOS ~/Library/Application Support, Windows %APPDATA%. */
export function defaultUserDataDir(where: PathEnv = processPathEnv()): string {
  const { platform, env, home } = where;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  if (platform === 'win32') return join(env['APPDATA'] || join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  const xdg = env['XDG_CONFIG_HOME'];
  // The XDG spec ignores a relative XDG_CONFIG_HOME; so does Electron.
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.config'), APP_FOLDER_NAME);
}

export function defaultDatabasePath(where: PathEnv = processPathEnv()): string {
  return join(defaultUserDataDir(where), DATABASE_FILE_NAME);
}

export interface DatabaseLocation {
  path: string;
  /** The default location: its folder may be created (the app would create it too); a given path's may not. */
  isDefault: boolean;
}

/** `--db PATH` > `BARTEMPO_DB` > the app's default. Empty values count as not given. */
export function resolveDatabasePath(
  flag: string | undefined,
  where: PathEnv = processPathEnv(),
): DatabaseLocation {
  if (flag !== undefined && flag.trim() !== '') return { path: resolve(flag), isDefault: false };
  const fromEnv = where.env[DATABASE_PATH_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { path: resolve(fromEnv), isDefault: false };
  return { path: defaultDatabasePath(where), isDefault: true };
}
