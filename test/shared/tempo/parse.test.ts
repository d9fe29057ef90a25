import { describe, expect, it } from 'vitest';
import {
  TempoError,
  formatActualTempo,
  formatTempo,
  parseTempo,
  parseTolerance,
} from '../../../src/shared/tempo';

describe('parseTempo', () => {
  it('parses dashed notation with X as no target', () => {
    expect(parseTempo('3-1-X-0')).toEqual({
      eccentricS: 3,
      bottomPauseS: 1,
      concentricS: null,
      topPauseS: 0,
      tolerance: 0.8,
    });
  });

  it('parses compact notation, any case of X', () => {
    expect(parseTempo('31x0')).toEqual(parseTempo('3-1-X-0'));
    expect(parseTempo('4010')).toMatchObject({
      eccentricS: 4,
      bottomPauseS: 0,
      concentricS: 1,
      topPauseS: 0,
    });
  });

  it('allows decimals and surrounding spaces in dashed notation', () => {
    expect(parseTempo(' 3.5-1 - x-0.5 ', 0.9)).toEqual({
      eccentricS: 3.5,
      bottomPauseS: 1,
      concentricS: null,
      topPauseS: 0.5,
      tolerance: 0.9,
    });
  });

  it.each([
    ['3-1', /must have four parts \(eccentric-bottom-concentric-top\), e\.g\. 3-1-X-0/],
    ['3-1-X-0-2', /four parts/],
    ['31X', /four parts/],
    ['31X00', /four parts/],
    ['', /empty/],
    ['3--X-0', /empty bottom pause part/],
    ['3-a-X-0', /bottom pause "a" must be a number of seconds or X/],
    ['3-1-X-0s', /top pause "0s"/],
    ['3,1,X,0', /not tempo notation/],
    ['0-1-X-0', /eccentric cannot be 0 s/],
    ['3-1-0-0', /concentric cannot be 0 s/],
    ['90-0-X-0', /longer than 60 s/],
  ])('rejects %j', (notation, message) => {
    expect(() => parseTempo(notation)).toThrow(TempoError);
    expect(() => parseTempo(notation)).toThrow(message);
  });

  it.each([0, -0.5, 1.01, Number.NaN])('rejects tolerance %d', (tolerance) => {
    expect(() => parseTempo('3-1-X-0', tolerance)).toThrow(/Tolerance must be in \(0, 1\]/);
  });

  it('accepts a leading-dot decimal', () => {
    expect(parseTempo('.5-0-X-0').eccentricS).toBe(0.5);
  });

  it('accepts tolerance 1', () => {
    expect(parseTempo('3-1-X-0', 1).tolerance).toBe(1);
  });
});

describe('parseTolerance', () => {
  it('parses text and rejects junk', () => {
    expect(parseTolerance('0.75')).toBe(0.75);
    expect(() => parseTolerance('abc')).toThrow(TempoError);
    expect(() => parseTolerance('1.5')).toThrow(/\(0, 1\]/);
  });
});

describe('formatTempo', () => {
  it('writes dashed notation that parses back', () => {
    for (const text of ['3-1-X-0', '3.5-0-1-2', 'X-0-X-0']) {
      const p = parseTempo(text, 0.7);
      expect(formatTempo(p)).toBe(text);
      expect(parseTempo(formatTempo(p), 0.7)).toEqual(p);
    }
    expect(formatTempo(parseTempo('31x0'))).toBe('3-1-X-0');
  });
});

describe('formatActualTempo', () => {
  it('rounds to one decimal and never prints -0.0', () => {
    expect(
      formatActualTempo({ eccentricS: 3.14, bottomPauseS: 0.36, concentricS: 0.94, topPauseS: 1.2 }),
    ).toBe('3.1-0.4-0.9-1.2');
    expect(formatActualTempo({ eccentricS: 2, bottomPauseS: -0.01, concentricS: 0, topPauseS: 0.04 })).toBe(
      '2.0-0.0-0.0-0.0',
    );
  });
});
