import { describe, expect, it } from 'vitest';
import { TempoEngine } from '../../../src/shared/engine/engine';
import { parseTempo } from '../../../src/shared/tempo/parse';
import { MJ_EDGE, synthesize, type Move } from '../../helpers/synthetic';

const MOVES: Move[] = [{ dz: 0, durationS: 2 }];
for (let i = 0; i < 3; i++) {
  MOVES.push({ dz: -0.5, durationS: 3 }, { dz: 0, durationS: 1 }, { dz: 0.5, durationS: 1 });
  MOVES.push({ dz: 0, durationS: i === 2 ? 3 : 1.5 });
}

/** The engine's live velocity after each sample (sample times are the engine's: the stream starts at 0). */
function liveVelocities(): { t: number; v: number | null }[] {
  const syn = synthesize(MOVES, { rateHz: 100, noiseG: 0.005, seed: 3 });
  const engine = new TempoEngine({ prescription: parseTempo('3-1-X-1') });
  return syn.samples.map((s) => {
    engine.process([s]);
    return { t: engine.durationS, v: engine.liveVelocityMps };
  });
}

describe('TempoEngine.liveVelocityMps (the tracker’s estimate, drawn on the rack screen)', () => {
  const trace = liveVelocities();
  const syn = synthesize(MOVES, { rateHz: 100, noiseG: 0.005, seed: 3 });
  const at = (tS: number) => trace.find((p) => p.t >= tS)!.v;

  it('is null until the tracker has a gravity reference, then 0 at rest', () => {
    expect(new TempoEngine().liveVelocityMps).toBeNull();
    expect(trace[0]!.v).toBeNull();
    expect(at(1.9)).toBe(0);
  });

  it('follows each stroke: down while lowering, up while lifting, near the true mid-stroke speed', () => {
    for (const stroke of syn.strokes) {
      // A minimum-jerk stroke peaks at its middle at 1.875 x its mean speed over the whole move.
      const fullS = (stroke.endS - stroke.startS) / (1 - 2 * MJ_EDGE);
      const peak = (1.875 * stroke.dz) / fullS;
      const v = at((stroke.startS + stroke.endS) / 2);
      expect(v).not.toBeNull();
      expect(v!).toBeGreaterThan(peak - 0.25 * Math.abs(peak));
      expect(v!).toBeLessThan(peak + 0.25 * Math.abs(peak));
    }
  });

  it('is back to 0 in the pauses between strokes', () => {
    const lowerings = syn.strokes.filter((s) => s.dz < 0);
    for (const down of lowerings) expect(at(down.endS + 0.8)).toBe(0);
  });

  it('reading it changes nothing: the same events whether or not it is read after every sample', () => {
    const read = new TempoEngine({ prescription: parseTempo('3-1-X-1') });
    const unread = new TempoEngine({ prescription: parseTempo('3-1-X-1') });
    const a = syn.samples.flatMap((s) => {
      const events = read.process([s]);
      void read.liveVelocityMps;
      return events;
    });
    const b = unread.process(syn.samples);
    expect([...a, ...read.finish()]).toEqual([...b, ...unread.finish()]);
  });
});
