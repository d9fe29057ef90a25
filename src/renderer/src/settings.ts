/** What the rack screen remembers between launches (localStorage): checked on the way in, never trusted. */
import type { StartSessionRequest } from '../../shared/ipc/contract';
import { parseLoad } from '../../shared/session/load';
import type { LoadUnit } from '../../shared/session/types';

export interface RackSettings {
  athlete: string;
  exercise: string;
  /** The load field as typed (a number in `unit`), '' = none. */
  load: string;
  unit: LoadUnit;
  tempo: string;
  tolerance: string;
  metronome: boolean;
  /** Arm the session by itself when the screen opens (the first rep then starts the set). */
  autoArm: boolean;
}

export const DEFAULT_SETTINGS: RackSettings = {
  athlete: '',
  exercise: '',
  load: '',
  unit: 'kg',
  tempo: '3-1-X-0',
  tolerance: '0.8',
  metronome: false,
  autoArm: false,
};

const KEY = 'bartempo.rack.v1';
/** Nothing a form field holds is longer; a longer stored value is not ours. */
const MAX_STORED_CHARS = 200;

export function loadSettings(storage: Storage | null = safeStorage()): RackSettings {
  let stored: unknown;
  try {
    stored = JSON.parse(storage?.getItem(KEY) ?? 'null');
  } catch {
    stored = null; // Corrupt: start from the defaults rather than fail to open the screen.
  }
  if (typeof stored !== 'object' || stored === null) return { ...DEFAULT_SETTINGS };
  const s = stored as Record<string, unknown>;
  const text = (k: keyof RackSettings) => {
    const v = s[k];
    return typeof v === 'string' && v.length <= MAX_STORED_CHARS ? v : (DEFAULT_SETTINGS[k] as string);
  };
  const flag = (k: 'metronome' | 'autoArm') => (typeof s[k] === 'boolean' ? s[k] : DEFAULT_SETTINGS[k]);
  return {
    athlete: text('athlete'),
    exercise: text('exercise'),
    load: text('load'),
    unit: s.unit === 'lb' ? 'lb' : 'kg',
    tempo: text('tempo'),
    tolerance: text('tolerance'),
    metronome: flag('metronome'),
    autoArm: flag('autoArm'),
  };
}

export function saveSettings(settings: RackSettings, storage: Storage | null = safeStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Full or disabled storage: the settings last for this run only.
  }
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** What `session:start` gets from the form, or the one-line reason it cannot start. */
export function startRequest(settings: RackSettings): StartSessionRequest | { error: string } {
  const req: StartSessionRequest = { tempo: settings.tempo, tolerance: Number(settings.tolerance) };
  if (settings.athlete.trim()) req.athlete = settings.athlete.trim();
  if (settings.exercise.trim()) req.exercise = settings.exercise.trim();
  if (settings.load.trim()) {
    try {
      req.load = parseLoad(`${settings.load.trim()} ${settings.unit}`);
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }
  return req;
}
