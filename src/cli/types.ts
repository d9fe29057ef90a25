/** Where a command writes; tests pass collectors, the binary passes process streams. Strings carry their own newlines. */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

export interface Command {
  name: string;
  /** One line for the global help. */
  summary: string;
  /** Full help text printed by `bartempo <name> --help`. */
  usage: string;
  /** args: everything after the command name. Resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes: 0 ok, 1 the input could not be processed, 2 the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The command line itself is wrong (unknown flag, missing value): exit 2 and point at --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
