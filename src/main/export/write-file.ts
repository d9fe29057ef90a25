import { randomBytes } from 'node:crypto';
import { access, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../../shared/io/errors';

/**
 * Checks up front (before any long work) that `path` may be written: refused when it exists unless
 * `force`, and when its folder does not exist.
 */
export async function checkWritable(path: string, force: boolean): Promise<void> {
  if (!force && (await exists(path))) {
    throw new InputError(`${path} already exists: use --force to overwrite it`);
  }
  if (!(await exists(dirname(path)))) throw new InputError(`Cannot write ${path}: its folder does not exist`);
}

/**
 * Writes all of `bytes` or nothing: a temporary file next to `path`, then a rename over it, so a failure
 * (disk full, a crash) never leaves half a file where the old one or none was.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array, force: boolean): Promise<void> {
  await checkWritable(path, force);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new InputError(`Cannot write ${path}: ${reason}`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
