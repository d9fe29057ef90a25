import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { CsvOptions } from '../../shared/io/csv-options';
import { InputError } from '../../shared/io/errors';
import { CheckedSampleRead, type ReadSummary, type SampleConsumer } from '../../shared/io/read-samples';

/** Reads a text file, turning filesystem errors into one-line InputErrors (no stack traces for users). */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw fileError(path, err);
  }
}

/** The first `bytes` of a text file (to tell a file's kind from its content), with the same one-line errors. */
export async function readTextStart(path: string, bytes = 256): Promise<string> {
  try {
    const file = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(bytes), 0, bytes, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await file.close();
    }
  } catch (err) {
    throw fileError(path, err);
  }
}

/**
 * Bytes read at a time: large enough that the per-chunk cost vanishes, and under V8's threshold for external
 * strings (about 1 MB), whose characters the reader reads at half the speed.
 */
const DEFAULT_CHUNK_BYTES = 1 << 18;

/**
 * The checked, streaming read of a CSV file into a consumer (CheckedSampleRead): a file in time order is
 * read once and never held whole; one out of order is read a second time, held, and sorted or refused.
 * `chunkBytes` is for tests (chunk boundaries anywhere, even inside a UTF-8 character or the BOM).
 */
export async function readSamplesFile(
  path: string,
  options: CsvOptions,
  consumer: SampleConsumer,
  chunkBytes = DEFAULT_CHUNK_BYTES,
): Promise<ReadSummary> {
  const read = new CheckedSampleRead(options, consumer);
  const feed = async (): Promise<void> => {
    // 'utf8' decodes across chunk boundaries (a character split between two chunks is kept whole).
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes });
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        read.process(chunk);
        if (read.needsRestart) break;
      }
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw fileError(path, err);
    } finally {
      stream.destroy();
    }
  };
  await feed();
  const summary = read.needsRestart ? null : read.finish();
  if (summary) return summary;
  read.restart();
  await feed();
  return read.finish() as ReadSummary;
}

function fileError(path: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(`Cannot read ${path}: no such file`);
  if (code === 'EISDIR') return new InputError(`Cannot read ${path}: it is a directory`);
  if (code === 'EACCES') return new InputError(`Cannot read ${path}: permission denied`);
  return new InputError(`Cannot read ${path}: ${(err as Error).message}`);
}
