import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  InputError,
  REALBAR_CSV_OPTIONS,
  STANDARD_GRAVITY_MPS2,
  formatCanonicalCsv,
  parseColumnSpec,
  parseSamplesCsv,
} from '../../../src/shared/io';
import type { Sample } from '../../../src/shared/engine/types';

describe('parseSamplesCsv, canonical header', () => {
  it('reads t,ax,ay,az in any column order and ignores extra columns', () => {
    const text = 'az,note,t,ay,ax\n1,a,0,0.1,0.2\n0.9,b,0.01,0.2,0.3\n';
    expect(parseSamplesCsv(text)).toEqual([
      { t: 0, ax: 0.2, ay: 0.1, az: 1 },
      { t: 0.01, ax: 0.3, ay: 0.2, az: 0.9 },
    ]);
  });

  it('reads gyro columns when all three are present', () => {
    const [s] = parseSamplesCsv('t,ax,ay,az,gx,gy,gz\n0,0,0,1,10,-20,30\n0.01,0,0,1,0,0,0');
    expect(s).toEqual({ t: 0, ax: 0, ay: 0, az: 1, gx: 10, gy: -20, gz: 30 });
  });

  it('handles a BOM, CRLF, blank lines, quoted header cells, spaces and no trailing newline', () => {
    const text = '\uFEFF"t", "ax" ,AY,Az\r\n\r\n0, 1e-3 ,0,1\r\n   \r\n.5,0,-0,+1';
    expect(parseSamplesCsv(text)).toEqual([
      { t: 0, ax: 0.001, ay: 0, az: 1 },
      { t: 0.5, ax: 0, ay: -0, az: 1 },
    ]);
  });

  it('keeps duplicate and out-of-order rows (the engine handles them)', () => {
    const text = 't,ax,ay,az\n1,0,0,1\n1,0,0,1\n0.5,0,0,1\n';
    expect(parseSamplesCsv(text).map((s) => s.t)).toEqual([1, 1, 0.5]);
  });

  it.each([
    ['', /^File is empty$/],
    ['\uFEFF\r\n  \n', /^File is empty$/],
    ['t,ax,ay,az\n', /no data rows after the header; need at least 2 samples/],
    ['t,ax,ay,az\n0,0,0,1\n', /only 1 data row/],
    ['t,ax,ay\n0,0,0\n1,0,0', /Line 1: header lacks column az/],
    ['time,x,y,z\n0,0,0,1', /Line 1: header lacks column t, ax, ay, az/],
    [
      '0,0,0,1\n1,0,0,1\n2,0,0,1',
      /^Line 1 is data, not a header naming t,ax,ay,az; .* needs a column mapping/,
    ],
    ['t,ax,ay,az,gx\n0,0,0,1,0\n1,0,0,1,0', /Line 1: header has gx but not all of gx, gy, gz/],
    ['t,ax,ay,az\n0,0,0,1\n\n0.01,0,abc,1\n', /^Line 4, column 3 \(ay\): "abc" is not a number$/],
    ['t,ax,ay,az\n0,0,0,1\n0.01,0,,1\n', /^Line 3, column 3 \(ay\): an empty cell is not a number$/],
    ['t,ax,ay,az\n0,0,0,1\n0.01,0,0\n', /^Line 3: has 3 columns but az is column 4$/],
    ['t,ax,ay,az\n0,0,0,1\n0.01,0,0x1f,1\n', /column 3 \(ay\): "0x1f" is not a number/],
    ['t,ax,ay,az\n0,0,0,1\nNaN,0,0,1\n', /Line 3, column 1 \(t\)/],
    ['t,ax,ay,az\n0,0,0,1\n1e999,0,0,1\n', /out of range/],
  ])('rejects %j', (text, message) => {
    expect(() => parseSamplesCsv(text)).toThrow(InputError);
    expect(() => parseSamplesCsv(text)).toThrow(message);
  });
});

describe('parseSamplesCsv, column mapping and units', () => {
  const line = '1,1000,0,0,9.80665,3.14159265358979,0,0,47,-42,89';

  it('converts ms, m/s^2 and rad/s', () => {
    const text = `${line}\n1,1010,${STANDARD_GRAVITY_MPS2},0,0,0,0,0,1,2,3\n`;
    const [a, b] = parseSamplesCsv(text, REALBAR_CSV_OPTIONS);
    expect(a?.t).toBeCloseTo(1, 12);
    expect(a?.az).toBeCloseTo(1, 12);
    expect(a?.gx).toBeCloseTo(180, 9);
    expect(b?.t).toBeCloseTo(1.01, 12);
    expect(b?.ax).toBeCloseTo(1, 12);
  });

  it('skips the header row when a mapping is given for a file with a header', () => {
    const s = parseSamplesCsv('a,b,c,d,e\nx,0,0,0,1\ny,1,0,0,1', {
      columns: parseColumnSpec('t=2,ax=3,ay=4,az=5'),
    });
    expect(s).toEqual([
      { t: 0, ax: 0, ay: 0, az: 1 },
      { t: 1, ax: 0, ay: 0, az: 1 },
    ]);
  });

  it('requires a mapping without a header', () => {
    expect(() => parseSamplesCsv('0,0,0,1\n1,0,0,1', { header: false })).toThrow(/needs a column mapping/);
  });

  it('names the line and column of a bad cell in a headerless file', () => {
    const text = `${line}\n${line}\n1,1020,0,0,oops,0,0,0,1,2,3`;
    expect(() => parseSamplesCsv(text, REALBAR_CSV_OPTIONS)).toThrow(
      /^Line 3, column 5 \(az\): "oops" is not a number$/,
    );
  });
});

describe('parseColumnSpec', () => {
  it('parses a full mapping', () => {
    expect(parseColumnSpec('t=2, ax=3,ay=4,AZ=5,gx=6,gy=7,gz=8')).toEqual({
      t: 2,
      ax: 3,
      ay: 4,
      az: 5,
      gx: 6,
      gy: 7,
      gz: 8,
    });
  });

  it.each([
    ['t=1,ax=2,ay=3', /missing az/],
    ['t=1,ax=2,ay=3,az=4,gx=5', /has gx but not all/],
    ['t=1,ax=2,ay=3,az=4,mx=5', /unknown field "mx"/],
    ['t=0,ax=2,ay=3,az=4', /start at 1/],
    ['t=1,t=2,ax=2,ay=3,az=4', /"t" twice/],
    ['t:1', /name=number/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseColumnSpec(spec)).toThrow(message);
  });
});

describe('formatCanonicalCsv', () => {
  it('round-trips samples exactly, with and without gyro', () => {
    const withGyro: Sample[] = [
      { t: 0.1 + 0.2, ax: -0.123456789012345, ay: 1e-9, az: 1.0000001, gx: 12.5, gy: -0.001, gz: 1 / 3 },
      { t: 1234.5678, ax: 0, ay: 0, az: 1, gx: 0, gy: 0, gz: 0 },
    ];
    expect(parseSamplesCsv(formatCanonicalCsv(withGyro))).toEqual(withGyro);
    const plain = withGyro.map(({ t, ax, ay, az }) => ({ t, ax, ay, az }));
    const text = formatCanonicalCsv(plain);
    expect(text.startsWith('t,ax,ay,az\n')).toBe(true);
    expect(parseSamplesCsv(text)).toEqual(plain);
  });

  it('drops gyro columns when some samples lack them', () => {
    const text = formatCanonicalCsv([
      { t: 0, ax: 0, ay: 0, az: 1, gx: 1, gy: 2, gz: 3 },
      { t: 1, ax: 0, ay: 0, az: 1 },
    ]);
    expect(text).toBe('t,ax,ay,az\n0,0,0,1\n1,0,0,1\n');
  });
});

// The development recordings live outside the repo (../shared) and must never be copied in.
const realbarDir = resolve(process.cwd(), '../shared/data/realbar');
describe.skipIf(!existsSync(realbarDir))(`realbar recordings (needs ${realbarDir})`, () => {
  it('every file parses with the realbar mapping', () => {
    for (const dir of readdirSync(realbarDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const name of readdirSync(join(realbarDir, dir.name)).filter((n) => n.endsWith('.csv'))) {
        const samples = parseSamplesCsv(
          readFileSync(join(realbarDir, dir.name, name), 'utf8'),
          REALBAR_CSV_OPTIONS,
        );
        expect(samples.length).toBeGreaterThan(1);
        const first = samples[0];
        expect(first?.gz).toBeDefined();
        // Gravity is ~1 g on a bar at rest: a sanity check of the m/s^2 conversion.
        const g = Math.hypot(first?.ax ?? 0, first?.ay ?? 0, first?.az ?? 0);
        expect(g).toBeGreaterThan(0.5);
        expect(g).toBeLessThan(2);
      }
    }
  });
});
