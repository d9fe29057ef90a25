/**
 * The canonical CSV written as the recording goes: the destination is claimed before recording starts
 * (an existing file is refused unless the caller forces it), and every chunk of samples goes to the file
 * at once (one write per chunk: the OS has it, so a crash of the process loses none of it).
 */
import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import type { Sample } from '../shared/engine/types';
import { InputError } from '../shared/io/errors';

export interface CsvSink {
  write(samples: readonly Sample[]): void;
  close(): void;
  /** Closes and removes the file (nothing was recorded into it). */
  discard(): void;
}

/** Opens `path` for a new recording; throws an InputError with one clear line when it cannot be used. */
export function openCsvOut(path: string, force: boolean): CsvSink {
  let fd: number;
  try {
    fd = openSync(path, force ? 'w' : 'wx');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || (code === 'EEXIST' && isFolder(path)))
      throw new InputError(`cannot write ${path}: it is a folder`);
    if (code === 'EEXIST') throw new InputError(`${path} already exists; use --force to overwrite it`);
    if (code === 'ENOENT') throw new InputError(`cannot write ${path}: its folder does not exist`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new InputError(`cannot write ${path}: permission denied`);
    throw new InputError(`cannot write ${path}: ${(err as Error).message}`);
  }
  return new CanonicalCsvFile(fd, path);
}

class CanonicalCsvFile implements CsvSink {
  /** Decided by the first sample (a sensor has a gyroscope or not); null before it. */
  private gyro: boolean | null = null;
  private open = true;

  constructor(
    private readonly fd: number,
    private readonly path: string,
  ) {}

  write(samples: readonly Sample[]): void {
    if (samples.length === 0 || !this.open) return;
    const lines: string[] = [];
    if (this.gyro === null) {
      const first = samples[0] as Sample;
      this.gyro = first.gx !== undefined && first.gy !== undefined && first.gz !== undefined;
      lines.push(this.gyro ? 't,ax,ay,az,gx,gy,gz' : 't,ax,ay,az');
    }
    for (const s of samples) {
      // Shortest exact form (String), as formatCanonicalCsv writes: reading it back gives identical samples.
      const row = `${s.t},${s.ax},${s.ay},${s.az}`;
      lines.push(this.gyro ? `${row},${s.gx ?? ''},${s.gy ?? ''},${s.gz ?? ''}` : row);
    }
    try {
      writeSync(this.fd, `${lines.join('\n')}\n`);
    } catch (err) {
      throw new InputError(`cannot write ${this.path}: ${(err as Error).message}`);
    }
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }

  discard(): void {
    this.close();
    unlinkSync(this.path);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
