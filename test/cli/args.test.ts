import { describe, expect, it } from 'vitest';
import { choiceFlag, parseArgs } from '../../src/cli/args';
import { UsageError } from '../../src/cli/types';

const spec = { tempo: 'string', json: 'boolean', 'no-header': 'boolean' } as const;

describe('parseArgs', () => {
  it('reads --x value, --x=value, booleans and positionals in any order', () => {
    expect(parseArgs(['a.csv', '--tempo', '3-1-X-0', '--json', '--no-header', 'b'], spec)).toEqual({
      flags: { tempo: '3-1-X-0', json: true, 'no-header': true },
      positional: ['a.csv', 'b'],
    });
    expect(parseArgs(['--tempo=31X0'], spec).flags).toEqual({ tempo: '31X0' });
  });

  it('keeps an = inside a value and lets the last occurrence win', () => {
    expect(parseArgs(['--tempo=a=b', '--tempo', 'c'], spec).flags.tempo).toBe('c');
    expect(parseArgs(['--tempo=a=b'], spec).flags.tempo).toBe('a=b');
  });

  it('treats everything after -- as positional, and a lone - or negative number as positional', () => {
    expect(parseArgs(['--', '--json', '-x'], spec)).toEqual({ flags: {}, positional: ['--json', '-x'] });
    expect(parseArgs(['-', '-1.5'], spec).positional).toEqual(['-', '-1.5']);
  });

  it.each([
    [['--bogus'], /Unknown option --bogus/],
    [['-x'], /Unknown option -x/],
    [['--json=yes'], /--json takes no value/],
    [['--tempo'], /--tempo needs a value/],
    [['--tempo', '--json'], /--tempo needs a value/],
    [['--toString'], /Unknown option --toString/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv, spec)).toThrow(UsageError);
    expect(() => parseArgs(argv, spec)).toThrow(message);
  });

  it('choiceFlag restricts values', () => {
    const parsed = parseArgs(['--tempo', 'ms'], spec);
    expect(choiceFlag(parsed, 'tempo', ['s', 'ms'])).toBe('ms');
    expect(() => choiceFlag(parseArgs(['--tempo', 'h'], spec), 'tempo', ['s', 'ms'])).toThrow(
      /must be one of s, ms \(got "h"\)/,
    );
  });
});
