import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const BIN = join(ROOT, 'bin', 'bartempo.cjs');
const CLI = join(ROOT, 'out', 'node', 'cli.js');

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the bundled CLI (npm run build:node) when it is missing or older than the sources. */
export function ensureBuiltCli(): void {
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestMtimeMs(join(ROOT, 'src'))) return;
  execFileSync('npm', ['run', 'build:node'], { cwd: ROOT, stdio: 'ignore' });
}

/** `node bin/bartempo.cjs ...args` with its stdout split into lines as they come. */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
): {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => void (err += text));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => err, exited };
}

/** Resolves once a stdout line matches (rejects after timeoutMs or when the process exits first). */
export function waitForLine(
  run: { lines: string[]; exited: Promise<number | null> },
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const started = Date.now();
    const poll = setInterval(() => {
      const hit = run.lines.find((l) => pattern.test(l));
      if (hit !== undefined) finish(() => resolve(hit));
      else if (Date.now() - started > timeoutMs)
        finish(() => reject(new Error(`no line matching ${pattern}`)));
    }, 5);
    void run.exited.then(() =>
      setTimeout(() => finish(() => reject(new Error(`exited before ${pattern}`))), 50),
    );
    function finish(f: () => void): void {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      f();
    }
  });
}
