/* eslint-disable @typescript-eslint/no-explicit-any -- these tests edit parsed JSON documents, untyped by nature */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/shared/io/errors';
import { analyzeSession } from '../../../src/shared/session/analyze-session';
import { formatSessionFile, parseSessionFile } from '../../../src/shared/session/file';
import type { SessionData } from '../../../src/shared/session/types';
import { comparable, sessionDataArb, simulatedSessionData } from './sessions';

const exportSession = (data: SessionData): string => formatSessionFile(data, analyzeSession(data));

/** Parses, expecting an InputError; returns its message. */
function refusal(text: string): string {
  try {
    parseSessionFile(text);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('parsed');
}

describe('JSON session file', () => {
  const data = simulatedSessionData({ sets: 2, repsPerSet: 3 });
  const text = exportSession(data);
  const doc = (): Record<string, any> => JSON.parse(text) as Record<string, any>;
  const edited = (edit: (d: Record<string, any>) => void): string => {
    const d = doc();
    edit(d);
    return JSON.stringify(d);
  };

  it('holds the tag, version, metadata, scoring, columns and the analyze --json derived section', () => {
    const d = doc();
    expect(Object.keys(d)).toEqual([
      'format',
      'version',
      'info',
      'scoring',
      'setInfo',
      'samples',
      'dropouts',
      'analysis',
    ]);
    expect(d.format).toBe('bartempo-session');
    expect(d.version).toBe(1);
    expect(d.info.athlete).toBe('Ada Lovelace');
    expect(d.scoring).toEqual({ tempo: '3-1-X-1', tolerance: 0.8 });
    expect(Object.keys(d.samples)).toEqual(['t', 'ax', 'ay', 'az', 'gx', 'gy', 'gz']);
    expect(d.samples.t).toHaveLength(data.samples.length);
    expect(d.analysis.sets.flatMap((s: { reps: unknown[] }) => s.reps)).toHaveLength(6);
    // One line per column, not one per number.
    expect(text.split('\n').length).toBeLessThan(2000);
  });

  it('imports back losslessly and re-exports the same bytes', () => {
    const back = parseSessionFile(text);
    expect(comparable(back)).toEqual(comparable(data));
    expect(exportSession(back)).toBe(text);
  });

  it('export -> import -> export gives the same bytes for random sessions', () => {
    fc.assert(
      fc.property(sessionDataArb, (session) => {
        const first = exportSession(session);
        const back = parseSessionFile(first);
        expect(comparable(back)).toEqual(comparable(session));
        expect(exportSession(back)).toBe(first);
      }),
      { numRuns: 150 },
    );
  });

  it('recomputes the derived section: an edited reps section is not believed', () => {
    const tampered = edited((d) => {
      d.analysis.sets[0].reps[0].rushed = !d.analysis.sets[0].reps[0].rushed;
      d.analysis.sets[0].reps[0].eccentric.durationS = 99;
    });
    expect(exportSession(parseSessionFile(tampered))).toBe(text);
    // The section may be left out altogether.
    expect(exportSession(parseSessionFile(edited((d) => delete d.analysis)))).toBe(text);
  });

  it('keeps garbage readings as null (the engine drops them) and refuses what it could not read back', () => {
    const garbage = { ...data, samples: data.samples.map((s, i) => (i === 5 ? { ...s, ax: NaN } : s)) };
    const written = exportSession(garbage);
    expect((JSON.parse(written) as Record<string, any>).samples.ax[5]).toBeNull();
    expect(Number.isNaN(parseSessionFile(written).samples[5]?.ax)).toBe(true);
    const absurd = { ...data, samples: data.samples.map((s, i) => (i === 5 ? { ...s, t: 1e308 } : s)) };
    expect(() => formatSessionFile(absurd, analyzeSession(data))).toThrow(
      /cannot be saved as a session file: samples.t\[5\] is not a plausible time/,
    );
  });

  it.each([
    [
      'wrong tag',
      (d: any) => (d.format = 'other'),
      /Not a BarTempo session file: format must be "bartempo-session" \(got "other"\)/,
    ],
    ['no tag', (d: any) => delete d.format, /Not a BarTempo session file/],
    [
      'newer version',
      (d: any) => (d.version = 2),
      /written by a newer BarTempo \(format version 2; this one reads up to 1\)/,
    ],
    ['version 0', (d: any) => (d.version = 0), /version must be between 1/],
    ['version as text', (d: any) => (d.version = '1'), /version must be a number \(got a string\)/],
    ['missing info', (d: any) => delete d.info, /Session file: info is missing/],
    ['missing field', (d: any) => delete d.info.status, /info.status is missing/],
    ['junk at the top', (d: any) => (d.extra = 1), /the file has an unknown field "extra"/],
    ['junk in info', (d: any) => (d.info.colour = 'red'), /info has an unknown field "colour"/],
    [
      'wrong type',
      (d: any) => (d.info.athlete = 42),
      /info.athlete must be a string or null \(got a number\)/,
    ],
    ['bad status', (d: any) => (d.info.status = 'done'), /info.status must be one of/],
    [
      'bad date',
      (d: any) => (d.info.startedAt = '2025-02-30T10:00:00.000Z'),
      /info.startedAt must be a UTC time/,
    ],
    [
      'bad load',
      (d: any) => (d.info.load = { value: -5, unit: 'kg' }),
      /info.load.value must be between 0 and 2000/,
    ],
    ['load unit', (d: any) => (d.info.load.unit = 'stone'), /info.load.unit must be one of "kg", "lb"/],
    [
      'bad tempo',
      (d: any) => (d.scoring.tempo = '3-1-X'),
      /scoring.tempo is not usable: Tempo "3-1-X" must have four parts/,
    ],
    ['tolerance', (d: any) => (d.scoring.tolerance = 1.5), /scoring.tolerance must be between 0 and 1/],
    [
      'set order',
      (d: any) => d.setInfo.push({ index: 1, exercise: null, load: null, notes: '' }),
      /setInfo\[1\].index must be more than the one before \(2\)/,
    ],
    ['column length', (d: any) => d.samples.ay.pop(), /samples.ay has \d+ values but samples.t has \d+/],
    ['gyro incomplete', (d: any) => delete d.samples.gz, /samples must have all of gx, gy, gz or none/],
    ['time back', (d: any) => (d.samples.t[10] = d.samples.t[9] - 1), /samples.t\[10\] goes back in time/],
    [
      'absurd time',
      (d: any) => (d.samples.t[d.samples.t.length - 1] = 1e308),
      /samples.t\[\d+\] is not a plausible time/,
    ],
    [
      'text in a column',
      (d: any) => (d.samples.ax[3] = '1'),
      /samples.ax\[3\] must be a number or null \(got a string\)/,
    ],
    ['huge reading', (d: any) => (d.samples.az[3] = 1e300), /samples.az\[3\] is beyond any sensor/],
    ['null time', (d: any) => (d.samples.t[3] = null), /samples.t\[3\] must be a number \(got null\)/],
    [
      'dropout order',
      (d: any) => d.dropouts.push({ startS: 5, endS: 4 }),
      /dropouts\[0\].endS is before its startS/,
    ],
    ['analysis not an object', (d: any) => (d.analysis = [1]), /analysis must be an object \(got an array\)/],
  ])('refuses %s with one line naming the field', (_name, edit, message) => {
    const m = refusal(edited(edit));
    expect(m).toMatch(message);
    expect(m).not.toContain('\n');
  });

  it('refuses text JSON cannot be read, non-objects, Infinity and deep nesting, in one line', () => {
    expect(refusal(text.slice(0, text.length / 2))).toMatch(/^Session file is not valid JSON: /);
    expect(refusal('[1,2]')).toBe('Session file must hold a JSON object (got an array)');
    expect(refusal('')).toMatch(/not valid JSON/);
    expect(refusal(text.replace('"tolerance": 0.8', '"tolerance": 1e999'))).toMatch(
      /scoring.tolerance must be between 0 and 1 \(got Infinity\)/,
    );
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(refusal(deep)).toMatch(/must hold a JSON object/);
    const notes = JSON.stringify(data.info.notes);
    expect(text).toContain(notes);
    expect(refusal(text.replace(notes, deep))).toMatch(/info.notes must be a string \(got an array\)/);
  });

  it('never echoes a huge value back', () => {
    const huge = 'x'.repeat(5_000_000);
    for (const m of [
      refusal(edited((d) => (d.info.athlete = huge))),
      refusal(edited((d) => (d.format = huge))),
      refusal(edited((d) => (d[huge] = 1))),
      refusal(edited((d) => (d.info.status = huge))),
      refusal(`{"format": "${huge}`),
    ]) {
      expect(m.length).toBeLessThan(300);
    }
    expect(refusal(edited((d) => (d.info.athlete = huge)))).toBe(
      'Session file: info.athlete is 5000000 characters long (at most 200)',
    );
  });

  it('fuzz: random edits of a valid file either parse or give one InputError line', () => {
    const small = exportSession(simulatedSessionData({ sets: 1, repsPerSet: 2, sampleRateHz: 25 }));
    const values = fc.oneof(fc.jsonValue(), fc.constantFrom(1e308, -0, '', null, [], {}, 'NaN'));
    const check = (input: string): void => {
      try {
        parseSessionFile(input);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        expect(err.message).not.toContain('\n');
        expect(err.message.length).toBeLessThan(400);
      }
    };
    // Structural: replace the value at a random path.
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), values, (walk, value) => {
        const d = JSON.parse(small) as unknown;
        let node = d as Record<string, unknown>;
        for (let i = 0; i < walk.length; i++) {
          const keys = Object.keys(node);
          if (keys.length === 0) break;
          const key = keys[(walk[i] as number) % keys.length] as string;
          const child = node[key];
          if (i === walk.length - 1 || typeof child !== 'object' || child === null) {
            node[key] = value;
            break;
          }
          node = child as Record<string, unknown>;
        }
        check(JSON.stringify(d));
      }),
      { numRuns: 400 },
    );
    // Textual: cut, splice in junk, flip characters.
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.string({ maxLength: 8 }), (at, length, junk) => {
        const i = at % small.length;
        check(small.slice(0, i) + junk + small.slice(i + (length % 6)));
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => check(JSON.stringify(v) ?? '')),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => check(s)),
      { numRuns: 300 },
    );
  });
});
