import { UsageError } from './types';

export type FlagSpec = Record<string, 'string' | 'boolean'>;

export interface ParsedArgs {
  /** String flags hold their value, boolean flags true; absent flags are absent. Last occurrence wins. */
  flags: Record<string, string | true>;
  positional: string[];
}

/**
 * A deliberately tiny parser: `--name value`, `--name=value`, `--flag` (booleans, including `--no-x` names
 * declared as such), positionals, and `--` ending the flags. Anything undeclared is a UsageError so typos
 * never silently change a result.
 */
export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg))
        throw new UsageError(`Unknown option ${arg}`);
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const type = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (type === undefined) throw new UsageError(`Unknown option --${name}`);
    if (type === 'boolean') {
      if (eq !== -1) throw new UsageError(`Option --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    if (eq !== -1) {
      flags[name] = arg.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`Option --${name} needs a value`);
    flags[name] = next;
    i++;
  }
  return { flags, positional };
}

/** A string flag's value, or undefined when absent. */
export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function booleanFlag(parsed: ParsedArgs, name: string): boolean {
  return parsed.flags[name] === true;
}

/** A string flag restricted to listed values. */
export function choiceFlag<T extends string>(
  parsed: ParsedArgs,
  name: string,
  choices: readonly T[],
): T | undefined {
  const v = stringFlag(parsed, name);
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v)) {
    throw new UsageError(`Option --${name} must be one of ${choices.join(', ')} (got "${v}")`);
  }
  return v as T;
}
