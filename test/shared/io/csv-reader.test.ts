import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../src/shared/engine/types';
import { parseColumnSpec, parseSamplesCsv } from '../../../src/shared/io';
import { CsvSampleReader, MAX_LINE_CHARS } from '../../../src/shared/io/csv-reader';
import type { CsvOptions } from '../../../src/shared/io/csv-options';
import { scanDecimal } from '../../../src/shared/io/decimal';

// The reference the scanner must agree with: today's strict rule, then Number().
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What reading `text` cut at `cuts` gives: samples and line numbers, or the error message. */
function readInPieces(text: string, cuts: number[], options: CsvOptions = {}): unknown {
  const reader = new CsvSampleReader(options);
  const samples: Sample[] = [];
  const lines: number[] = [];
  try {
    let from = 0;
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      reader.process(text.slice(from, cut), samples, lines);
      from = cut;
    }
    reader.process(text.slice(from), samples, lines);
    reader.finish(samples, lines);
    return { samples, lines };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const cell = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -5000, max: 5000 }).map((n) => String(n / 1000)),
  fc.constantFrom(
    ' 1.5 ',
    '"2"',
    '-0',
    '+.5',
    '1e-3',
    '7.',
    '',
    'abc',
    '0x1f',
    'Infinity',
    '1e999',
    ' \u00a03',
  ),
);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const row = fc
  .tuple(fc.array(cell, { minLength: 3, maxLength: 6 }), eol)
  .map(([c, e]) => `${c.join(',')}${e}`);
const csvText = fc
  .tuple(
    fc.boolean(),
    fc.constantFrom('t,ax,ay,az', '"t", AX ,ay,az,note', 'az,t,ay,ax'),
    eol,
    fc.array(fc.oneof(row, fc.constantFrom('\n', '  \r\n', '0,0,0,1\n', '1,0,0,1')), { maxLength: 12 }),
  )
  .map(([bom, header, e, rows]) => `${bom ? '\uFEFF' : ''}${header}${e}${rows.join('')}`);

describe('CsvSampleReader', () => {
  it('gives the same samples, line numbers and errors however the text is cut into chunks', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(), { maxLength: 8 }), (text, rawCuts) => {
        const cuts = rawCuts.map((c) => c % (text.length + 1));
        expect(readInPieces(text, cuts)).toEqual(readInPieces(text, []));
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts between \\r and \\n, inside a number and before the BOM give one result', () => {
    const text = '\uFEFFt,ax,ay,az\r\n0,0.125,0,1\r\n\r\n0.01,-1.5e-3,0,1\r0.02,0,0,1';
    const whole = readInPieces(text, []);
    expect(whole).toEqual({
      samples: [
        { t: 0, ax: 0.125, ay: 0, az: 1 },
        { t: 0.01, ax: -0.0015, ay: 0, az: 1 },
        { t: 0.02, ax: 0, ay: 0, az: 1 },
      ],
      lines: [2, 4, 5],
    });
    for (let cut = 0; cut <= text.length; cut++) expect(readInPieces(text, [cut])).toEqual(whole);
    // Every character its own chunk.
    expect(
      readInPieces(
        text,
        Array.from({ length: text.length }, (_, i) => i),
      ),
    ).toEqual(whole);
  });

  it('matches parseSamplesCsv on the realbar column mapping, headerless', () => {
    const text = '1,1000,0,0,9.80665,0,0,0,9,9,9\n1,1010,0,0,9.8,0,0,0\n';
    const options: CsvOptions = {
      header: false,
      columns: parseColumnSpec('t=2,ax=3,ay=4,az=5,gx=6,gy=7,gz=8'),
      timeUnit: 'ms',
      accelUnit: 'mps2',
    };
    expect(readInPieces(text, [7, 20, 33], options)).toEqual({
      samples: parseSamplesCsv(text, options),
      lines: [1, 2],
    });
  });

  it('never echoes a huge cell: a 5 MB line is refused in one short line, a 400-digit number cut to 20', () => {
    const huge = `t,ax,ay,az\n0,0,0,1\n0.01,${'9'.repeat(5_000_000)},0,1\n`;
    const error = () => parseSamplesCsv(huge);
    expect(error).toThrow(`Line 3 is over ${MAX_LINE_CHARS.toLocaleString('en-US')} characters long`);
    let message = '';
    try {
      error();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.length).toBeLessThan(120);
    // In chunks the line is refused as soon as it has outgrown the limit, before its end is read.
    const reader = new CsvSampleReader();
    reader.process('t,ax,ay,az\n0,0,0,1\n0.01,');
    expect(() => reader.process('9'.repeat(MAX_LINE_CHARS + 1))).toThrow(/^Line 3 is over/);

    const long = `t,ax,ay,az\n0,0,0,1\n0.01,${'9'.repeat(400)},0,1\n`;
    expect(() => parseSamplesCsv(long)).toThrow(/^Line 3, column 2 \(ax\): "9{20}\.\.\." is out of range$/);
  });

  it('refuses an absurd time (t = 1e308 gave durationS: null in the JSON), hinting at ms when it fits', () => {
    expect(() => parseSamplesCsv('t,ax,ay,az\n0,0,0,1\n1e308,0,0,1\n')).toThrow(
      /^Line 3, column 1 \(t\): 1e\+308 s is not a sample time \(over 10000000000 s, 317 years, from the clock's zero\)$/,
    );
    expect(() => parseSamplesCsv('t,ax,ay,az\n1733650000000,0,0,1\n1733650000010,0,0,1\n')).toThrow(
      /Line 2, .*; if the time is in milliseconds use --time-unit ms$/,
    );
    // Epoch seconds are fine.
    expect(parseSamplesCsv('t,ax,ay,az\n1733650000,0,0,1\n1733650000.01,0,0,1\n')).toHaveLength(2);
  });

  it('refuses a column mapped twice, and a header naming a field twice', () => {
    expect(() => parseColumnSpec('t=1,ax=2,ay=2,az=3')).toThrow(
      'Column mapping gives column 2 to both ax and ay',
    );
    expect(() => parseSamplesCsv('t,ax,ay,az,az\n0,0,0,1,1\n1,0,0,1,1\n')).toThrow(
      /^Line 1: header names az twice \(columns 4 and 5\)/,
    );
  });
});

describe('scanDecimal', () => {
  it('gives exactly what Number() gives for every string the strict rule accepts, NaN for the rest', () => {
    const numberish = fc.oneof(
      fc.double({ noNaN: true }).map(String),
      fc.stringMatching(/^[+-]?\d{0,22}(\.\d{0,22})?([eE][+-]?\d{1,3})?$/),
      fc.string({ unit: fc.constantFrom('0', '1', '9', '.', 'e', 'E', '-', '+', ' ', 'x', '"') }),
    );
    fc.assert(
      fc.property(numberish, (s) => {
        const trimmed = s.replace(/^[ \t]+|[ \t]+$/g, '');
        const expected = NUMBER_RE.test(trimmed) ? Number(trimmed) : NaN;
        expect(Object.is(scanDecimal(s, 0, s.length), expected)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('rounds 16-19 digit mantissas exactly as Number() does, near ties between two doubles included', () => {
    // The exact decimal of the midpoint between x and the next double up, cut to 17-19 digits and nudged
    // by one in the last digit either way: the cases where a quick division is most often wrong.
    const view = new DataView(new ArrayBuffer(8));
    const nearTies = fc
      .tuple(
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.integer({ min: 17, max: 19 }),
        fc.constantFrom(-1n, 0n, 1n),
      )
      .filter(([x]) => x > 0)
      .map(([x, keep, nudge]) => {
        view.setFloat64(0, x);
        const raw = view.getBigUint64(0);
        const exponent = Number((raw >> 52n) & 0x7ffn) - 1075;
        const mantissa = (raw & ((1n << 52n) - 1n)) | (1n << 52n);
        // midpoint = (2m + 1) * 2^(exponent - 1) = (2m + 1) * 5^k / 10^k with k = 1 - exponent.
        const k = 1 - exponent;
        const digits = ((2n * mantissa + 1n) * 5n ** BigInt(k)).toString();
        const cut = BigInt(digits.slice(0, keep)) + nudge;
        const shift = digits.length - keep - k; // decimal exponent of the cut digits
        return `${cut}e${shift}`;
      });
    fc.assert(
      fc.property(fc.oneof(nearTies, fc.double({ min: -20, max: 20, noNaN: true }).map(String)), (s) => {
        expect(Object.is(scanDecimal(s, 0, s.length), Number(s))).toBe(true);
      }),
      { numRuns: 50_000 },
    );
  });

  it('rounds exact ties between two doubles to even, as Number() does', () => {
    // 2^52 + k + 0.5 lies exactly halfway between two doubles (their spacing there is 1).
    for (let k = 0; k < 40; k++) {
      for (const s of [
        `${2 ** 52 + k}.5`,
        `-${2 ** 52 + k}.5`,
        `${2 ** 52 + k}.50`,
        `${(2 ** 52 + k) * 10 + 5}e-1`,
      ]) {
        expect(scanDecimal(s, 0, s.length), s).toBe(Number(s));
      }
    }
  });

  it('reads a cell in place, between offsets', () => {
    expect(scanDecimal('x,-12.5e-1,y', 2, 10)).toBe(-1.25);
    expect(Object.is(scanDecimal('-0', 0, 2), -0)).toBe(true);
  });
});
