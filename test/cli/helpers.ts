import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { main, type CliIo } from '../../src/cli';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function run(...argv: string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Output sink for calling one command's run() directly; out()/err() read what it wrote. */
export function capture(): CliIo & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    out: () => stdout,
    err: () => stderr,
  };
}

/** A temp dir removed after the file's tests; write(name, text) returns the path. */
export function tempFiles(): (name: string, text: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'bartempo-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, text) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
}

/** A small canonical CSV: a bar at rest, ~1 g on z with a tiny alternating wobble (exact repeats are dropped as resends). */
export function restCsv(n = 50, rateHz = 100): string {
  const rows = ['t,ax,ay,az'];
  for (let i = 0; i < n; i++) rows.push(`${(i / rateHz).toFixed(4)},0,0,${i % 2 === 0 ? '1' : '1.001'}`);
  return rows.join('\n') + '\n';
}
