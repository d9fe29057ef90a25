import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../src/shared/engine/types';
import { formatCanonicalCsv } from '../../../src/shared/io/csv';
import type { CsvOptions } from '../../../src/shared/io/csv-options';
import { CheckedSampleRead, readSamplesText } from '../../../src/shared/io/read-samples';
import { shuffled } from '../../helpers/shuffle';

/** A bar at rest read at `rateHz` from `t0S`, with a small wobble so no reading repeats the one before. */
function rest(n: number, t0S = 0, rateHz = 100): Sample[] {
  return Array.from({ length: n }, (_, i) => ({ t: t0S + i / rateHz, ax: 0.01 * (i % 7), ay: 0, az: 1 }));
}

const csv = (samples: readonly Sample[]): string => formatCanonicalCsv(samples);

describe('readSamplesText: rows only out of order are sorted, and it says so', () => {
  const ordered = rest(500);

  it.each([
    ['shuffled', shuffled(ordered)],
    ['reversed', [...ordered].reverse()],
    [
      'two halves swapped (logs joined in the wrong order)',
      [...ordered.slice(250), ...ordered.slice(0, 250)],
    ],
  ])('%s', (_label, rows) => {
    const read = readSamplesText(csv(rows));
    expect(read.samples).toEqual(ordered);
    expect(read.outOfOrderRows).toBeGreaterThan(0);
    expect(read.notices).toEqual([`${read.outOfOrderRows} rows were out of time order; sorted`]);
  });

  it('leaves jitter within the engine’s 60 ms allowance to the engine: no sort, no notice', () => {
    const jittered = rest(300).map((s, i) => (i % 10 === 5 ? { ...s, t: s.t - 0.055 } : s));
    const read = readSamplesText(csv(jittered));
    expect(read.samples).toEqual(jittered);
    expect(read.notices).toEqual([]);
  });

  it('gives the same sorted result however the text is cut (the second, sorting pass included)', () => {
    const text = csv(shuffled(rest(300)));
    const whole = readSamplesText(text);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 6 }), (rawCuts) => {
        const cuts = [...rawCuts].sort((a, b) => a - b);
        const pieces = cuts.map((c, i) => text.slice(i === 0 ? 0 : cuts[i - 1], c));
        pieces.push(text.slice(cuts[cuts.length - 1] ?? 0));
        const samples: Sample[] = [];
        const read = new CheckedSampleRead(
          {},
          { process: (c) => samples.push(...c), reset: () => (samples.length = 0) },
        );
        for (const p of pieces) read.process(p);
        let summary = read.needsRestart ? null : read.finish();
        if (!summary) {
          read.restart();
          for (const p of pieces) read.process(p);
          summary = read.finish();
        }
        expect({ ...summary, samples }).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});

describe('readSamplesText refuses what sorting cannot fix, naming the line', () => {
  it('a clock reset mid-file', () => {
    const text = csv([...rest(300), ...rest(200, 0.5)]);
    expect(() => readSamplesText(text)).toThrow(
      /^Line 302: time goes back from 2\.99 s to 0\.5 s, and the rows from there overlap earlier rows in time \(a clock reset, or two logs joined\?\), so they cannot be put in one order: split the file at line 302 and analyse each part$/,
    );
  });

  it('two logs concatenated, each from its own zero', () => {
    expect(() => readSamplesText(csv([...rest(300), ...rest(300)]))).toThrow(/^Line 302: time goes back/);
  });

  it('all timestamps equal', () => {
    const same = rest(100).map((s) => ({ ...s, t: 5 }));
    expect(() => readSamplesText(csv(same))).toThrow(
      /^All 100 rows have the same time \(t = 5 s\): the time column must advance/,
    );
  });

  it('a jump of more than a day', () => {
    const text = csv([...rest(100), ...rest(100, 2 * 86400)]);
    expect(() => readSamplesText(text)).toThrow(
      /^Line 102: time jumps 2\.0 days forward \(t = 0\.99 to 172800 s\)/,
    );
  });
});

describe('readSamplesText hints at the unit option when the readings say which unit they are in', () => {
  const G = 9.80665;
  const inMps2 = rest(500).map((s) => ({ ...s, ax: s.ax * G, az: s.az * G }));
  const inMs = rest(500).map((s) => ({ ...s, t: s.t * 1000 }));
  const cases: [string, Sample[], CsvOptions, RegExp][] = [
    [
      'm/s^2 read as g',
      inMps2,
      {},
      /^Acceleration looks like m\/s\^2 \(median \|a\| 9\.8\d, .*use --accel-unit mps2$/,
    ],
    [
      'g read as m/s^2',
      rest(500),
      { accelUnit: 'mps2' },
      /^Acceleration looks like g .*leave out --accel-unit mps2$/,
    ],
    [
      'ms read as s',
      inMs,
      {},
      /^Time looks like milliseconds \(median step between rows 10, read as seconds\): use --time-unit ms$/,
    ],
    ['s read as ms', rest(500), { timeUnit: 'ms' }, /^Time looks like seconds .*leave out --time-unit ms$/],
  ];
  it.each(cases)('%s', (_label, samples, options, message) => {
    expect(() => readSamplesText(csv(samples), options)).toThrow(message);
  });

  it('takes the same files with the right option', () => {
    expect(readSamplesText(csv(inMps2), { accelUnit: 'mps2' }).samples[0]!.az).toBeCloseTo(1, 12);
    expect(readSamplesText(csv(inMs), { timeUnit: 'ms' }).samples[1]!.t).toBeCloseTo(0.01, 12);
  });

  it('judges a long file by its first rows in time order, before reading it all', () => {
    const text = csv(rest(5000).map((s) => ({ ...s, t: s.t * 1000 })));
    const cut = text.indexOf('\n', Math.floor(text.length / 2));
    const read = new CheckedSampleRead({}, { process: () => {}, reset: () => {} });
    expect(() => read.process(text.slice(0, cut))).toThrow(/^Time looks like milliseconds/);
  });
});
