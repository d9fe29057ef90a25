import type { Load, SessionData } from './types';

export interface SetDetails {
  exercise: string | null;
  load: Load | null;
  notes: string;
}

/** What a set was: its own exercise and load where the user gave them, else the session's. */
export function setDetails(data: SessionData, setIndex: number): SetDetails {
  const own = data.setInfo.find((s) => s.index === setIndex);
  return {
    exercise: own?.exercise ?? data.info.exercise,
    load: own?.load ?? data.info.load,
    notes: own?.notes ?? '',
  };
}
