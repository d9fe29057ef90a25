import { describe, expect, it } from 'vitest';
import { analyzeSamples } from '../../../src/shared/engine/analyze';
import type { PhaseTiming, RepMetrics } from '../../../src/shared/engine/types';
import { createRng, randomScenario, simulateSession } from '../../../src/shared/sim';

/** Everything wrong with a rep's phases: each one well-formed, and the four back to back in order. */
function phaseProblems(rep: RepMetrics): string[] {
  const problems: string[] = [];
  const lowersFirst = rep.eccentric.startS <= rep.concentric.startS;
  const order: [string, PhaseTiming][] = lowersFirst
    ? [
        ['eccentric', rep.eccentric],
        ['bottomPause', rep.bottomPause],
        ['concentric', rep.concentric],
        ['topPause', rep.topPause],
      ]
    : [
        ['concentric', rep.concentric],
        ['topPause', rep.topPause],
        ['eccentric', rep.eccentric],
        ['bottomPause', rep.bottomPause],
      ];
  order.forEach(([name, p], i) => {
    if (!(p.endS >= p.startS) || Math.abs(p.endS - p.startS - p.durationS) > 1e-9) {
      problems.push(`${name} ${p.startS}-${p.endS} (${p.durationS} s)`);
    }
    const before = order[i - 1];
    if (before && Math.abs(p.startS - before[1].endS) > 1e-9)
      problems.push(`${name} does not follow ${before[0]}`);
  });
  return problems;
}

describe('engine output over random simulated sessions', () => {
  // Seeds 141-160 include 148, whose lift-first set once had a lowering fitted to start 7 ms before its
  // lift ended (a negative top pause), and 147, 150 and 155, whose reps once overlapped (a filled-in
  // rep's lift inside a tracker rep's pause; edges fitted across a short rest between two reps), and
  // 1021, whose tracker merged three touch-and-go deadlift lifts into one rep's (filled-in reps inside it).
  it('gives every rep four ordered, back-to-back, non-negative phases, one rep after the other', () => {
    for (const seed of [...Array.from({ length: 20 }, (_, i) => 141 + i), 1021]) {
      const scenario = randomScenario(createRng(seed));
      const analysis = analyzeSamples(simulateSession(scenario, seed).samples, {
        prescription: scenario.prescription,
      });
      for (const set of analysis.sets) {
        set.reps.forEach((rep, i) => {
          const where = `seed ${seed} set ${set.index} rep ${rep.index}`;
          expect(phaseProblems(rep), where).toEqual([]);
          // And one after the other: a rep starts no sooner than the one before it ended.
          const before = set.reps[i - 1];
          if (before) expect(rep.startS, where).toBeGreaterThanOrEqual(before.endS - 1e-9);
        });
      }
    }
  });
});
