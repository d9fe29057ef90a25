import { describe, expect, it } from 'vitest';
import { markdownTable, num, pct, replaceBenchBlock, verdict } from '../../src/bench/markdown';
import { parseRealbarIndex } from '../../src/bench/realbar';

describe('markdown helpers', () => {
  it('renders a table with right-aligned figure columns and escaped pipes', () => {
    expect(markdownTable(['a', 'b'], [['x|y', '1']])).toBe('| a | b |\n| --- | ---: |\n| x\\|y | 1 |');
    const t = markdownTable(
      ['k', 'v', 'n'],
      [
        ['a', '99.5%', 'ok'],
        ['b', '-', ''],
        ['c', '1,234 ms', 'MISS'],
      ],
    );
    expect(t.split('\n')[1]).toBe('| --- | ---: | --- |');
  });

  it('formats figures and verdicts, "-" for nothing measured', () => {
    expect(pct(0.99512)).toBe('99.5%');
    expect(pct(Number.NaN)).toBe('-');
    expect(num(12.345, 1)).toBe('12.3');
    expect(verdict(0.996, 0.995, true)).toBe('ok');
    expect(verdict(31, 30, false)).toBe('MISS');
    expect(verdict(Number.NaN, 30, false)).toBe('-');
  });

  it('replaces only the bench block of a README', () => {
    const readme = '# X\n\n<!-- bench:start -->\nold\n<!-- bench:end -->\n\nmore\n';
    expect(replaceBenchBlock(readme, '\nnew table\n')).toBe(
      '# X\n\n<!-- bench:start -->\nnew table\n<!-- bench:end -->\n\nmore\n',
    );
    expect(() => replaceBenchBlock('# no markers', 'x')).toThrow(/needs a <!-- bench:start -->/);
    expect(() => replaceBenchBlock('<!-- bench:end --><!-- bench:start -->', 'x')).toThrow();
  });
});

describe('parseRealbarIndex', () => {
  it('reads the columns by header name', () => {
    const text =
      'file,exercise,subject,set,reps,duration_s,unique_rows,effective_hz\r\na/b.csv,squat,x,1,10,20.1,2000,99.5\r\n';
    expect(parseRealbarIndex(text)).toEqual([
      { file: 'a/b.csv', exercise: 'squat', reps: 10, effectiveHz: 99.5 },
    ]);
  });
});

describe('runRealbarBench', () => {
  it('prints a clear skip line when ../shared is absent', async () => {
    const { runRealbarBench } = await import('../../src/bench/realbar');
    expect(runRealbarBench('/nonexistent/project')).toMatch(/^skipped: \.\.\/shared not found/);
  });
});
