import { describe, expect, it } from 'vitest';
import { readSamplesFile } from '../../src/main/io/read-input';
import type { AnalyzeReportJson } from '../../src/shared/report/report-json';
import type { Sample } from '../../src/shared/engine/types';
import { readSamplesText } from '../../src/shared/io/read-samples';
import { run, tempFiles } from './helpers';
import { motionCsv } from './motion';
import { shuffled } from '../helpers/shuffle';

/**
 * Each of these files used to exit 0 with "no reps found" or reps missing, and no word of why. Now the reader
 * sorts what is only out of order (and says so), and refuses the rest with one line naming the reason.
 */

const write = tempFiles();
const rep = { eccentricS: 2, bottomPauseS: 0.5, concentricS: 1, topPauseS: 1.5 };
const ordered = motionCsv([rep, rep, rep]);
const [header, ...rows] = ordered.trimEnd().split('\n');
const fileOf = (name: string, body: readonly string[]): string =>
  write(name, `${header}\n${body.join('\n')}\n`);

async function analyzeJson(...args: string[]): Promise<AnalyzeReportJson> {
  const r = await run('analyze', ...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AnalyzeReportJson;
}

describe('analyze: rows only out of order are sorted, with a note', () => {
  const inOrder = write('ordered.csv', ordered);

  it.each([
    ['shuffled', shuffled(rows, 99)],
    ['reversed', [...rows].reverse()],
  ])('%s rows give the reps of the ordered file', async (label, body) => {
    const file = fileOf(`${label}.csv`, body);
    const expected = await analyzeJson(inOrder);
    expect(expected.sets.flatMap((s) => s.reps)).toHaveLength(3);
    const doc = await analyzeJson(file);
    expect(doc.sets).toEqual(expected.sets);
    expect(doc.input.samples).toBe(rows.length);
    expect(doc.input.sortedRows).toBeGreaterThan(rows.length / 2);
    expect(doc.input.notices).toEqual([
      `${doc.input.sortedRows.toLocaleString('en-US')} rows were out of time order; sorted`,
    ]);
    const text = await run('analyze', file);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe(`note: ${doc.input.notices[0]}\n`);
    expect(text.stdout).toMatch(/Set 1: .* 3 reps/);
  });
});

describe('analyze: says how many samples it used of those offered', () => {
  it('in a note (text) and in input (JSON), keeping input.samples the offered count', async () => {
    const file = fileOf(
      'dupes.csv',
      rows.flatMap((r, i) => (i % 100 === 0 ? [r, r] : [r])),
    );
    const repeats = Math.ceil(rows.length / 100);
    const text = await run('analyze', file);
    expect(text.stderr).toBe(
      `note: used ${rows.length.toLocaleString('en-US')} of ${(rows.length + repeats).toLocaleString('en-US')} samples (${repeats} duplicates)\n`,
    );
    const doc = await analyzeJson(file);
    expect(doc.input.samples).toBe(rows.length + repeats);
    expect(doc.input.acceptedSamples).toBe(rows.length);
    expect(doc.input.droppedSamples).toEqual({ duplicates: repeats, garbage: 0, outOfOrder: 0 });
  });
});

describe('analyze refuses, in one line, what it cannot read right', () => {
  const times = rows.map((r) => Number(r.split(',')[0]));
  const withTime = (f: (t: number, i: number) => number): string[] =>
    rows.map((r, i) => [String(f(times[i]!, i)), ...r.split(',').slice(1)].join(','));
  const withAccel = (scale: number): string[] =>
    rows.map((r) =>
      [
        r.split(',')[0],
        ...r
          .split(',')
          .slice(1)
          .map((v) => String(Number(v) * scale)),
      ].join(','),
    );
  const half = Math.floor(rows.length / 2);
  const cases: [string, string[], string[], RegExp][] = [
    [
      'all timestamps equal',
      withTime(() => 3),
      [],
      /^bartempo: All [\d,]+ rows have the same time \(t = 3 s\)/,
    ],
    [
      'the clock resetting mid-file',
      withTime((t, i) => (i < half ? t : t - times[half]! + 0.2)),
      [],
      new RegExp(`^bartempo: Line ${half + 2}: time goes back .* split the file at line ${half + 2}`),
    ],
    [
      'two logs concatenated',
      [...rows, ...rows],
      [],
      new RegExp(`^bartempo: Line ${rows.length + 2}: time goes back`),
    ],
    [
      'time in ms without --time-unit',
      withTime((t) => Math.round(t * 1e6) / 1e3),
      [],
      /use --time-unit ms\n$/,
    ],
    ['acceleration in m/s^2 without --accel-unit', withAccel(9.80665), [], /use --accel-unit mps2\n$/],
    [
      'one row at t = 1e308',
      [...rows, `1e308,0,0,1`],
      [],
      /^bartempo: Line \d+, column 1 \(t\): 1e\+308 s is not a sample time/,
    ],
    ['the same column mapped twice', rows, ['--columns', 't=1,ax=2,ay=2,az=3'], /column 2 to both ax and ay/],
    [
      'a 5 MB cell',
      [...rows.slice(0, 5), `1,${'7'.repeat(5_000_000)},0,1`],
      [],
      /^bartempo: Line 7 is over 1,048,576 characters long/,
    ],
  ];

  it.each(cases)('%s', async (label, body, extra, message) => {
    const r = await run('analyze', fileOf(`${label.replace(/\W+/g, '-')}.csv`, body), ...extra);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.length).toBeLessThan(400);
  });
});

describe('readSamplesFile', () => {
  it('reads a file in chunks of any size (a UTF-8 BOM or character split between chunks) as the whole text', async () => {
    const text = `\uFEFFt,ax,ay,az,note\r\n${rows
      .slice(0, 300)
      .map((r, i) => `${r},${i % 3 === 0 ? 'ünïcødé ✓' : ''}`)
      .join('\r\n')}`;
    const file = write('bom.csv', text);
    const expected = readSamplesText(text);
    for (const chunkBytes of [1, 2, 3, 5, 64, 1 << 20]) {
      const samples: Sample[] = [];
      const summary = await readSamplesFile(
        file,
        {},
        { process: (c) => samples.push(...c), reset: () => (samples.length = 0) },
        chunkBytes,
      );
      expect({ ...summary, samples }).toEqual(expected);
    }
  });
});
