import { describe, expect, it } from 'vitest';
import { ZERO_TARGET_SLACK_S, parseTempo, scorePhase, scoreRep } from '../../../src/shared/tempo';

const d = (eccentricS: number, bottomPauseS: number, concentricS: number, topPauseS: number) => ({
  eccentricS,
  bottomPauseS,
  concentricS,
  topPauseS,
});

describe('scoreRep', () => {
  const p = parseTempo('3-1-X-0'); // tolerance 0.8

  it('flags an eccentric under tolerance x target as rushed', () => {
    expect(scoreRep(d(2.39, 1, 0.8, 0), p).rushed).toBe(true);
    // 0.8 x 3 is 2.4000000000000004 in floating point; exactly 2.4 s must not count as rushed.
    expect(scoreRep(d(2.4, 1, 0.8, 0), p).rushed).toBe(false);
    expect(scoreRep(d(5, 1, 0.8, 0), p).rushed).toBe(false);
  });

  it('scores phases within [tol x T, T / tol], X as null, 0 s with the absolute slack', () => {
    const { scores } = scoreRep(d(3.75, 0.79, 0.6, ZERO_TARGET_SLACK_S), p);
    expect(scores.eccentric).toEqual({ targetS: 3, withinTolerance: true }); // 3 / 0.8 = 3.75
    expect(scores.bottomPause).toEqual({ targetS: 1, withinTolerance: false }); // < 0.8
    expect(scores.concentric).toEqual({ targetS: null, withinTolerance: null });
    expect(scores.topPause).toEqual({ targetS: 0, withinTolerance: true });
  });

  it('marks a too-slow phase and a pause where none was prescribed as outside', () => {
    const { scores, rushed } = scoreRep(d(3.8, 1.25, 0.6, 0.3), p);
    expect(rushed).toBe(false);
    expect(scores.eccentric.withinTolerance).toBe(false);
    expect(scores.bottomPause.withinTolerance).toBe(true); // 1 / 0.8 = 1.25
    expect(scores.topPause.withinTolerance).toBe(false);
  });

  it('never flags rushed without an eccentric target', () => {
    expect(scoreRep(d(0.1, 0, 0.5, 0), parseTempo('X-0-X-0')).rushed).toBe(false);
  });
});

describe('scorePhase', () => {
  it('tolerance 1 demands the exact target', () => {
    expect(scorePhase(2, 2, 1).withinTolerance).toBe(true);
    expect(scorePhase(2.01, 2, 1).withinTolerance).toBe(false);
  });
});
