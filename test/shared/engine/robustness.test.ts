import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSamples } from '../../../src/shared/engine/analyze';
import { TempoEngine } from '../../../src/shared/engine/engine';
import type { Sample } from '../../../src/shared/engine/types';

/** Anything a broken link or a buggy driver could hand the engine, mixed with plausible readings. */
const anySample: fc.Arbitrary<Sample> = fc.record(
  {
    t: fc.oneof(
      fc.double({ min: -1e3, max: 1e4 }),
      fc.constant(Number.NaN),
      fc.constant(Number.POSITIVE_INFINITY),
    ),
    ax: fc.oneof(fc.double({ min: -2, max: 2 }), fc.double(), fc.constant(Number.NaN)),
    ay: fc.oneof(fc.double({ min: -2, max: 2 }), fc.double()),
    az: fc.oneof(fc.double({ min: -2, max: 2 }), fc.double()),
    gx: fc.double(),
    gy: fc.double(),
    gz: fc.double(),
  },
  { requiredKeys: ['t', 'ax', 'ay', 'az'] },
);

describe('engine robustness', () => {
  it('never throws on garbage, and streaming equals batch for any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(anySample, { maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }),
        (samples, sizes) => {
          const batch = analyzeSamples(samples);
          const engine = new TempoEngine();
          const events = [];
          let i = 0;
          let k = 0;
          while (i < samples.length) {
            const size = sizes[k++ % sizes.length]!;
            events.push(...engine.process(samples.slice(i, i + size)));
            i += size;
          }
          events.push(...engine.finish());
          expect(events).toEqual(batch.events);
          for (const set of batch.sets) {
            for (const rep of set.reps) {
              for (const phase of [rep.eccentric, rep.bottomPause, rep.concentric, rep.topPause]) {
                expect(Number.isFinite(phase.startS) && Number.isFinite(phase.durationS)).toBe(true);
                expect(phase.durationS).toBeGreaterThanOrEqual(0);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts an empty stream and an empty chunk', () => {
    const engine = new TempoEngine();
    expect(engine.process([])).toEqual([]);
    expect(engine.finish()).toEqual([]);
    const result = analyzeSamples([]);
    expect(result.sets).toEqual([]);
    expect(result.input.samples).toBe(0);
  });
});
