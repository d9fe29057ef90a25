import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IpcArgumentError, MAX_LABEL_LENGTH, parseStartSessionRequest } from '../../../src/shared/ipc/guards';

describe('session:start guard: athlete, exercise and load', () => {
  it('passes valid fields through', () => {
    expect(
      parseStartSessionRequest({
        tempo: '3-1-X-0',
        athlete: 'Jo',
        exercise: 'Back squat',
        load: { value: 102.5, unit: 'kg' },
      }),
    ).toEqual({
      tempo: '3-1-X-0',
      athlete: 'Jo',
      exercise: 'Back squat',
      load: { value: 102.5, unit: 'kg' },
    });
    expect(parseStartSessionRequest({ load: { value: 225, unit: 'lb' } })).toEqual({
      load: { value: 225, unit: 'lb' },
    });
    expect(parseStartSessionRequest({ athlete: 'x'.repeat(MAX_LABEL_LENGTH) }).athlete).toHaveLength(80);
  });

  it.each([
    [{ athlete: 7 }, '"athlete" must be a string, got number'],
    [{ exercise: ['squat'] }, '"exercise" must be a string, got an array'],
    [{ athlete: 'x'.repeat(81) }, '"athlete" is too long (81 > 80 characters)'],
    [{ load: 100 }, '"load" must be an object like { value: 100, unit: "kg" }, got number'],
    [{ load: null }, '"load" must be an object like { value: 100, unit: "kg" }, got null'],
    [{ load: { value: 100 } }, '"load.unit" must be "kg" or "lb", got undefined'],
    [{ load: { value: 100, unit: 'stone' } }, '"load.unit" must be "kg" or "lb", got "stone"'],
    [{ load: { value: 0, unit: 'kg' } }, '"load.value" must be a number in (0, 2000], got number 0'],
    [{ load: { value: -5, unit: 'kg' } }, '"load.value" must be a number in (0, 2000], got number -5'],
    [
      { load: { value: Infinity, unit: 'kg' } },
      '"load.value" must be a number in (0, 2000], got number Infinity',
    ],
    [{ load: { value: NaN, unit: 'kg' } }, '"load.value" must be a number in (0, 2000], got number NaN'],
    [{ load: { value: 2001, unit: 'lb' } }, '"load.value" must be a number in (0, 2000], got number 2001'],
    [{ load: { value: '100', unit: 'kg' } }, '"load.value" must be a number in (0, 2000], got "100"'],
    [{ load: { value: 100, unit: 'kg', plates: 4 } }, 'unknown field "load.plates"'],
  ])('rejects %j with one clear message', (req, message) => {
    expect(() => parseStartSessionRequest(req)).toThrow(IpcArgumentError);
    expect(() => parseStartSessionRequest(req)).toThrow(`session:start: ${message}`);
  });

  it('never echoes a huge value back whole', () => {
    const huge = 'y'.repeat(100_000);
    let message = '';
    try {
      parseStartSessionRequest({ load: { value: 1, unit: huge } });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.length).toBeLessThan(120);
  });

  it('fuzzed: accepts exactly the well-formed loads and labels, and throws only IpcArgumentError', () => {
    fc.assert(
      fc.property(
        fc.record(
          { athlete: fc.anything(), exercise: fc.anything(), load: fc.anything() },
          { requiredKeys: [] },
        ),
        fc.option(fc.record({ value: fc.double(), unit: fc.constantFrom('kg', 'lb', 'KG', '') })),
        (labels, load) => {
          const req = load === null ? labels : { ...labels, load };
          const ok = (v: unknown) =>
            v === undefined || (typeof v === 'string' && v.length <= MAX_LABEL_LENGTH);
          const l = req.load as { value?: unknown; unit?: unknown } | undefined;
          const loadOk =
            l === undefined ||
            (typeof l === 'object' &&
              l !== null &&
              [Object.prototype, null].includes(Object.getPrototypeOf(l)) &&
              Object.keys(l).every((k) => k === 'value' || k === 'unit') &&
              typeof l.value === 'number' &&
              l.value > 0 &&
              l.value <= 2000 &&
              (l.unit === 'kg' || l.unit === 'lb'));
          const valid = ok(req.athlete) && ok(req.exercise) && loadOk;
          let threw: unknown = null;
          try {
            parseStartSessionRequest(req);
          } catch (err) {
            threw = err;
          }
          if (valid) expect(threw).toBeNull();
          else expect(threw).toBeInstanceOf(IpcArgumentError);
        },
      ),
      { numRuns: 500 },
    );
  });
});
