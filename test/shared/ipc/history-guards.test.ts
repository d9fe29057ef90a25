import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invokeGuards, IpcArgumentError } from '../../../src/shared/ipc/guards';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../../src/shared/ipc/contract';
import { parseTempo } from '../../../src/shared/tempo/parse';

const guard = (channel: InvokeChannel, ...args: unknown[]) => invokeGuards[channel](args);
const isId = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const HISTORY = INVOKE_CHANNELS.filter((c) => c.startsWith('history:'));

/** Runs `fn`, returning what it threw (null when it did not). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return null;
  } catch (err) {
    return err;
  }
}

describe('history guards: fixed cases', () => {
  it('pass well-formed requests through', () => {
    expect(guard('history:list', { athlete: 'Jo', from: '2025-01-01T00:00:00.000Z' })).toEqual([
      { athlete: 'Jo', from: '2025-01-01T00:00:00.000Z' },
    ]);
    expect(guard('history:list')).toEqual([{}]);
    expect(guard('history:open', { id: 7 })).toEqual([{ id: 7 }]);
    expect(guard('history:rep-curve', { id: 7, setIndex: 2, repIndex: 3 })).toEqual([
      { id: 7, setIndex: 2, repIndex: 3 },
    ]);
    // The notation comes back canonical.
    expect(guard('history:reanalyze', { id: 7, tempo: '31x0', tolerance: 0.75 })).toEqual([
      { id: 7, tempo: '3-1-X-0', tolerance: 0.75 },
    ]);
    expect(guard('history:reanalyze', { id: 7, tempo: null, tolerance: 1 })).toEqual([
      { id: 7, tempo: null, tolerance: 1 },
    ]);
    expect(guard('history:update', { id: 7, name: null, notes: '', athlete: null })).toEqual([
      { id: 7, name: null, notes: '', athlete: null },
    ]);
    expect(guard('history:export', { id: 7, format: 'pdf' })).toEqual([{ id: 7, format: 'pdf' }]);
    expect(guard('history:import', { path: '/tmp/a.csv' })).toEqual([{ path: '/tmp/a.csv' }]);
    expect(guard('history:import', {})).toEqual([{}]);
  });

  it.each([
    ['history:open', { id: 0 }, '"id" must be a whole number in [1, 9007199254740991], got number 0'],
    ['history:open', { id: 2 ** 53 }, '"id" must be a whole number'],
    ['history:open', { id: '3' }, '"id" must be a whole number in [1, 9007199254740991], got "3"'],
    ['history:delete', { id: 1, all: true }, 'unknown field "all"'],
    ['history:delete', null, 'expected an object like { id: number }, got null'],
    [
      'history:rep-curve',
      { id: 1, setIndex: 0, repIndex: 1 },
      '"setIndex" must be a whole number in [1, 100000]',
    ],
    ['history:reanalyze', { id: 1, tempo: '3-1-X', tolerance: 0.8 }, 'Tempo "3-1-X" must have four parts'],
    [
      'history:reanalyze',
      { id: 1, tempo: '3-1-X-0', tolerance: 0 },
      '"tolerance" must be a number in (0, 1], got number 0',
    ],
    [
      'history:reanalyze',
      { id: 1, tempo: '3-1-X-0' },
      '"tolerance" must be a number in (0, 1], got undefined',
    ],
    [
      'history:update',
      { id: 1, notes: 'n'.repeat(20_001) },
      '"notes" is too long (20001 > 20000 characters)',
    ],
    ['history:update', { id: 1, athlete: 5 }, '"athlete" must be a string, got number'],
    ['history:export', { id: 1, format: 'docx' }, '"format" must be one of pdf, html, csv, json, got "docx"'],
    ['history:import', { path: '' }, '"path" must be a file path'],
    ['history:import', { path: 'a\0b' }, '"path" must be a file path'],
    ['history:list', { from: '2025-02-30T00:00:00.000Z' }, '"from" must be a UTC time'],
    ['history:list', { to: 5 }, '"to" must be a string, got number'],
  ] as const)('%s refuses bad request #%# in one line', (channel, req, message) => {
    const err = thrown(() => guard(channel, req));
    expect(err).toBeInstanceOf(IpcArgumentError);
    expect((err as Error).message).toContain(`${channel}: ${message}`);
    expect((err as Error).message).not.toContain('\n');
  });

  it('never echoes a huge argument back', () => {
    for (const channel of HISTORY) {
      const err = thrown(() => guard(channel, { id: 1, path: 'p'.repeat(100_000), ['k'.repeat(5000)]: 1 }));
      expect((err as Error).message.length).toBeLessThan(200);
    }
  });
});

describe('history guards: fuzzed', () => {
  it('any arguments: a valid request or an IpcArgumentError, nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HISTORY), fc.array(fc.anything(), { maxLength: 2 }), (channel, args) => {
        const err = thrown(() => invokeGuards[channel](args));
        if (err !== null) expect(err).toBeInstanceOf(IpcArgumentError);
      }),
      { numRuns: 2000 },
    );
  });

  it('ids: accepted exactly when positive safe integers', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer(),
          fc.double(),
          fc.constant(2 ** 53),
          fc.bigInt(),
          fc.string(),
          fc.constant(null),
        ),
        fc.constantFrom<InvokeChannel>('history:open', 'history:delete'),
        (id, channel) => {
          const err = thrown(() => guard(channel, { id }));
          expect(err === null).toBe(isId(id));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reanalyze: accepted exactly when parseTempo accepts the tempo and the tolerance is in (0, 1]', () => {
    const tempo = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 40 }),
      fc
        .tuple(
          fc.oneof(fc.nat(12).map(String), fc.constant('X'), fc.constant('1.5')),
          fc.oneof(fc.nat(12).map(String), fc.constant('x')),
          fc.oneof(fc.nat(3).map(String), fc.constant('X')),
          fc.nat(5).map(String),
        )
        .map((parts) => parts.join('-')),
    );
    const tolerance = fc.oneof(fc.double(), fc.double({ min: 0, max: 1 }), fc.constant(1));
    fc.assert(
      fc.property(tempo, tolerance, (t, tol) => {
        const tolOk = Number.isFinite(tol) && tol > 0 && tol <= 1;
        const tempoOk = t === null || (t.length <= 32 && tolOk && thrown(() => parseTempo(t, tol)) === null);
        const err = thrown(() => guard('history:reanalyze', { id: 1, tempo: t, tolerance: tol }));
        if (err !== null) expect(err).toBeInstanceOf(IpcArgumentError);
        expect(err === null).toBe(tolOk && tempoOk);
      }),
      { numRuns: 1500 },
    );
  });

  it('export: accepted exactly for the four formats', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom('pdf', 'html', 'csv', 'json', 'PDF', ''), fc.anything()),
        (format) => {
          const err = thrown(() => guard('history:export', { id: 1, format }));
          expect(err === null).toBe(['pdf', 'html', 'csv', 'json'].includes(format as string));
        },
      ),
    );
  });

  it('update: strings bounded, null clears, anything else refused', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            name: fc.oneof(fc.constant(null), fc.string({ maxLength: 220 }), fc.anything()),
            athlete: fc.oneof(fc.constant(null), fc.string({ maxLength: 90 }), fc.anything()),
            notes: fc.oneof(fc.string(), fc.anything()),
          },
          { requiredKeys: [] },
        ),
        (patch) => {
          const ok = (v: unknown, max: number, nullable: boolean) =>
            v === undefined || (nullable && v === null) || (typeof v === 'string' && v.length <= max);
          const valid =
            ok(patch.name, 200, true) && ok(patch.athlete, 80, true) && ok(patch.notes, 20_000, false);
          const err = thrown(() => guard('history:update', { id: 3, ...patch }));
          expect(err === null).toBe(valid);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
