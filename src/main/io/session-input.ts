/**
 * A recording or a session file from disk as a session, for every importer (the CLI's `analyze`, `report`
 * and `sessions import`, the app's import): a JSON session file as it is, a CSV through the checked
 * streaming reader. One place, so the app and the CLI read a file the same way.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Sample } from '../../shared/engine/types';
import type { CsvOptions } from '../../shared/io/csv';
import { parseSessionFile } from '../../shared/session/file';
import type { SessionData } from '../../shared/session/types';
import { DEFAULT_TOLERANCE } from '../../shared/tempo/parse';
import { readSamplesFile, readTextFile, readTextStart } from './read-input';

/** A JSON session file (by its extension, else by its first character) rather than a CSV recording. */
export async function isSessionFile(path: string): Promise<boolean> {
  if (extname(path).toLowerCase() === '.json') return true;
  if (extname(path).toLowerCase() === '.csv') return false;
  return (await readTextStart(path)).trimStart().startsWith('{');
}

/**
 * The session in `path`. A CSV becomes a complete session started at the file's modification time, from
 * sensor `import: <name>`, scored against nothing; its reader's notes (e.g. rows sorted) go to `onNote`.
 */
export async function readSessionPath(
  path: string,
  csvOptions: CsvOptions = {},
  onNote: (note: string) => void = () => undefined,
): Promise<SessionData> {
  if (await isSessionFile(path)) return parseSessionFile(await readTextFile(path));
  const samples: Sample[] = [];
  const collect = {
    process: (chunk: readonly Sample[]) => {
      for (const s of chunk) samples.push(s);
    },
    reset: () => void (samples.length = 0),
  };
  const reading = await readSamplesFile(path, csvOptions, collect);
  for (const note of reading.notices) onNote(note);
  const modified = (await stat(path)).mtime;
  return {
    info: {
      startedAt: modified.toISOString(),
      endedAt: null,
      name: null,
      athlete: null,
      exercise: null,
      load: null,
      sensor: `import: ${basename(path)}`,
      notes: '',
      status: 'complete',
    },
    scoring: { tempo: null, tolerance: DEFAULT_TOLERANCE },
    setInfo: [],
    samples,
    dropouts: [],
  };
}
