import { describe, expect, it } from 'vitest';
import { formatLoad, parseLoad } from '../../../src/shared/session/load';

describe('parseLoad', () => {
  it('reads a number with its unit, keeping the unit the lifter used', () => {
    expect(parseLoad('100kg')).toEqual({ value: 100, unit: 'kg' });
    expect(parseLoad(' 102.5 KG ')).toEqual({ value: 102.5, unit: 'kg' });
    expect(parseLoad('225lb')).toEqual({ value: 225, unit: 'lb' });
    expect(parseLoad('225 lbs')).toEqual({ value: 225, unit: 'lb' });
    expect(formatLoad(parseLoad('60kg'))).toBe('60 kg');
  });

  it('refuses a bare number, an unknown unit, zero and absurd loads', () => {
    for (const bad of ['100', '100 stone', '0kg', '-5kg', '5000kg', '', 'kg', '1e3kg']) {
      expect(() => parseLoad(bad), bad).toThrow(/Load/);
    }
  });

  it('does not echo a huge argument back whole', () => {
    const huge = 'x'.repeat(10_000);
    expect(() => parseLoad(huge)).toThrow(/^Load "x{24}\.\.\."/);
  });
});
