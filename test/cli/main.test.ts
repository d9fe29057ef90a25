import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands';
import { restCsv, run, tempFiles } from './helpers';

const write = tempFiles();

describe('global help and dispatch', () => {
  it('lists every command on --help, help and -h', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await run(flag);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('Usage: bartempo <command> [options]');
      for (const c of commands)
        expect(r.stdout).toMatch(
          new RegExp(`\\n  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`),
        );
    }
  });

  it('prints usage on stderr with exit 2 when no command is given', async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: bartempo');
  });

  it('rejects unknown commands and options', async () => {
    const r = await run('frobnicate');
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('Unknown command "frobnicate"'),
    });
    expect((await run('--verbose')).stderr).toContain('Unknown option --verbose');
    expect((await run('help', 'nope')).code).toBe(2);
  });

  it('prints command help for `<cmd> --help` and `help <cmd>`', async () => {
    for (const argv of [
      ['analyze', '--help'],
      ['analyze', 'x.csv', '-h'],
      ['help', 'analyze'],
    ]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: bartempo analyze <file.csv | session.json> [options]');
    }
  });
});

describe('analyze: bad input is one line on stderr, non-zero, no stack', () => {
  const good = write('good.csv', restCsv());
  const cases: [string, string[], number, RegExp][] = [
    ['no file', [], 2, /analyze needs a file \(see `bartempo analyze --help`\)/],
    ['two files', [good, good], 2, /takes one file \(got 2\)/],
    ['missing file', ['/nonexistent/x.csv'], 1, /Cannot read \/nonexistent\/x\.csv: no such file/],
    ['a directory', ['/tmp'], 1, /it is a directory/],
    ['unknown flag', [good, '--fast'], 2, /Unknown option --fast/],
    ['bad tempo', [good, '--tempo', '3-1'], 1, /Tempo "3-1" must have four parts .*e\.g\. 3-1-X-0/],
    ['bad tolerance', [good, '--tempo', '31X0', '--tolerance', '2'], 1, /Tolerance must be in \(0, 1\]/],
    ['tolerance alone', [good, '--tolerance', '0.7'], 2, /--tolerance only applies with --tempo/],
    ['bad unit', [good, '--time-unit', 'h'], 2, /--time-unit must be one of s, ms/],
    ['no-header without columns', [good, '--no-header'], 2, /--no-header needs --columns/],
    ['bad columns', [good, '--columns', 't=1,ax=2'], 1, /missing ay, az/],
    ['empty file', [write('empty.csv', '')], 1, /File is empty/],
    [
      'wrong header',
      [write('hdr.csv', 'time,x,y,z\n0,0,0,1\n1,0,0,1\n')],
      1,
      /Line 1: header lacks column t, ax/,
    ],
    [
      'non-numeric',
      [write('nan.csv', 't,ax,ay,az\n0,0,0,1\n0.01,0,zero,1\n')],
      1,
      /Line 3, column 3 \(ay\): "zero"/,
    ],
    ['one sample', [write('one.csv', 't,ax,ay,az\n0,0,0,1\n')], 1, /need at least 2 samples/],
  ];

  it.each(cases)('%s', async (_label, argv, code, message) => {
    const r = await run('analyze', ...argv);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.startsWith('bartempo: ')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
