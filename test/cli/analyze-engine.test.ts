import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalyzeReportJson } from '../../src/shared/report/report-json';
import { formatCanonicalCsv } from '../../src/shared/io/csv';
import { defaultScenario, simulateSession } from '../../src/shared/sim';
import { restCsv, run, tempFiles } from './helpers';
import { motionCsv } from './motion';

/** The CLI end to end with the real engine. */

const write = tempFiles();
const normal = { eccentricS: 2, bottomPauseS: 0.5, concentricS: 1, topPauseS: 1.5 };
const rushed = { ...normal, eccentricS: 1 };

describe('analyze with the real engine', () => {
  const file = write('reps.csv', motionCsv([normal, normal, normal, rushed]));

  it('finds the reps and flags the rushed negative', async () => {
    const r = await run('analyze', file, '--tempo', '2-0.5-X-1.5', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as AnalyzeReportJson;
    const reps = doc.sets.flatMap((s) => s.reps);
    expect(reps).toHaveLength(4);
    expect(reps.map((x) => x.rushed)).toEqual([false, false, false, true]);
    for (const rep of reps.slice(0, 3)) {
      // The engine's phase starts/ends at 5% of peak speed, ~0.14 s inside each end of a 2 s cosine phase.
      expect(rep.eccentric.durationS).toBeGreaterThan(1.5);
      expect(rep.eccentric.durationS).toBeLessThan(2.1);
    }
  });

  it('prints the table with a RUSHED marker', async () => {
    const r = await run('analyze', file, '--tempo', '2-0.5-X-1.5');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Set 1: .* 4 reps/);
    expect(r.stdout.match(/RUSHED/g)).toHaveLength(1);
  });

  it('counts the reps of a simulated set written as canonical CSV', async () => {
    // A deadlift set (no unrack or walk-out): this test is about the CLI path end to end; the engine's
    // accuracy across lifts, racks and sensors is measured by the benchmark.
    const scenario = defaultScenario('deadlift', {
      sets: 1,
      repsPerSet: 5,
      leadInS: 3,
      lifter: { rushedRepProbability: 0 },
      sensor: { sampleRateHz: 100 },
    });
    const session = simulateSession(scenario, 7);
    const csv = write('sim.csv', formatCanonicalCsv(session.samples));
    const r = await run('analyze', csv, '--tempo', '3-1-X-1', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as AnalyzeReportJson;
    expect(doc.sets.flatMap((s) => s.reps)).toHaveLength(5);
    expect(doc.sets.flatMap((s) => s.reps).some((rep) => rep.rushed)).toBe(false);
  });

  it('says "no reps found" for a bar at rest', async () => {
    const r = await run('analyze', write('rest.csv', restCsv(500)));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no reps found');
  });

  const realbar = resolve(process.cwd(), '../shared/data/realbar/squat/squat_adam_set1_reps10_1.csv');
  it.skipIf(!existsSync(realbar))(
    `reads a realbar log with the documented column mapping (needs ${realbar})`,
    async () => {
      const r = await run(
        'analyze',
        realbar,
        '--no-header',
        '--columns',
        't=2,ax=3,ay=4,az=5,gx=6,gy=7,gz=8',
        '--time-unit',
        'ms',
        '--accel-unit',
        'mps2',
        '--gyro-unit',
        'rads',
        '--json',
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as AnalyzeReportJson;
      expect(doc.input.samples).toBe(2073);
    },
  );
});
