import { describe, expect, it } from 'vitest';
import { analyzeSamples } from '../../../src/shared/engine/analyze';
import { TempoEngine } from '../../../src/shared/engine/engine';
import { parseTempo } from '../../../src/shared/tempo/parse';
import { synthesize, type Move } from '../../helpers/synthetic';

function squatSet(reps: number, eccS: number, bottomS: number, conS: number, topS: number): Move[] {
  const moves: Move[] = [{ dz: 0, durationS: 2 }];
  for (let i = 0; i < reps; i++) {
    moves.push({ dz: -0.5, durationS: eccS }, { dz: 0, durationS: bottomS }, { dz: 0.5, durationS: conS });
    moves.push({ dz: 0, durationS: i === reps - 1 ? 3 : topS });
  }
  return moves;
}

describe('TempoEngine on clean synthetic squats', () => {
  it('finds every rep and times the eccentric to the 5% edges', () => {
    const syn = synthesize(squatSet(5, 2, 1, 1, 1.5), { rateHz: 100, noiseG: 0.005 });
    const result = analyzeSamples(syn.samples, { prescription: parseTempo('2-1-X-1') });
    expect(result.sets).toHaveLength(1);
    const reps = result.sets[0]!.reps;
    expect(reps).toHaveLength(5);
    const downs = syn.strokes.filter((s) => s.dz < 0);
    reps.forEach((rep, i) => {
      expect(rep.eccentric.startS).toBeCloseTo(downs[i]!.startS, 1);
      expect(rep.eccentric.endS).toBeCloseTo(downs[i]!.endS, 1);
      expect(rep.romM).toBeGreaterThan(0.4);
      expect(rep.romM).toBeLessThan(0.6);
    });
  });
});

describe('streaming equals batch', () => {
  it('gives identical events for random chunkings', () => {
    const syn = synthesize(squatSet(3, 3, 0, 1, 1), { rateHz: 100, noiseG: 0.01, seed: 7 });
    const batch = analyzeSamples(syn.samples, { prescription: parseTempo('3-0-X-1') });
    let seed = 3;
    for (let trial = 0; trial < 5; trial++) {
      const engine = new TempoEngine({ prescription: parseTempo('3-0-X-1') });
      const events = [];
      let i = 0;
      while (i < syn.samples.length) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const size = 1 + (seed % 97);
        events.push(...engine.process(syn.samples.slice(i, i + size)));
        i += size;
      }
      events.push(...engine.finish());
      expect(events).toEqual(batch.events);
    }
  });
});
