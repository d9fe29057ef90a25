import { readFile } from 'node:fs/promises';
import { InputError } from '../shared/io/errors';

/** Reads a text file, turning filesystem errors into one-line InputErrors (no stack traces for users). */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`Cannot read ${path}: no such file`);
    if (code === 'EISDIR') throw new InputError(`Cannot read ${path}: it is a directory`);
    if (code === 'EACCES') throw new InputError(`Cannot read ${path}: permission denied`);
    throw new InputError(`Cannot read ${path}: ${(err as Error).message}`);
  }
}
