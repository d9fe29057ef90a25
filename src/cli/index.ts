import { commands } from './commands';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from './types';

export type { CliIo, Command } from './types';

const processIo: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};

export function globalUsage(list: readonly Command[] = commands): string {
  const width = Math.max(...list.map((c) => c.name.length));
  const lines = list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: bartempo <command> [options]

Commands:
${lines.join('\n')}

Run \`bartempo <command> --help\` for a command's options.
`;
}

/** CLI entry (bin/bartempo.cjs). Never throws: every failure becomes one stderr line and a non-zero exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(globalUsage());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const target = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0]);
    if (rest[0] !== undefined && !target) return fail(io, new UsageError(`Unknown command "${rest[0]}"`));
    io.stdout(target ? target.usage : globalUsage());
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const what = name.startsWith('-') ? `Unknown option ${name}` : `Unknown command "${name}"`;
    return fail(io, new UsageError(what));
  }
  if (wantsHelp(rest)) {
    io.stdout(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    return fail(io, err, command.name);
  }
}

/** --help / -h anywhere before `--`. */
function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

function fail(io: CliIo, err: unknown, commandName?: string): number {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof UsageError) {
    const help = commandName ? `bartempo ${commandName} --help` : 'bartempo --help';
    io.stderr(`bartempo: ${message} (see \`${help}\`)\n`);
    return EXIT_USAGE;
  }
  io.stderr(`bartempo: ${message}\n`);
  // Stacks are for developers only; users get the one line above.
  if (process.env.BARTEMPO_DEBUG && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  return EXIT_FAILURE;
}
