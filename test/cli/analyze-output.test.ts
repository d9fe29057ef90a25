import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Analysis } from '../../src/shared/engine/analyze';
import { emptyAnalysis, fakeAnalysis } from './fake-analysis';
import { restCsv, run, tempFiles } from './helpers';

// The engine is stubbed so these tests pin the CLI's own behaviour (flags, CSV options, output), whatever the
// engine detects. The real-engine tests are in analyze-engine.test.ts.
const engine = vi.hoisted(() => ({ result: undefined as unknown, calls: [] as unknown[][] }));
// The CLI streams the file into an AnalysisStream; the stub collects what it is fed and hands it over at finish.
vi.mock('../../src/shared/engine/analyze', () => ({
  AnalysisStream: class {
    private samples: unknown[] = [];
    constructor(private readonly options: unknown) {}
    process(chunk: unknown[]): void {
      for (const s of chunk) this.samples.push(s);
    }
    reset(): void {
      this.samples = [];
    }
    finish(): unknown {
      engine.calls.push([this.samples, this.options]);
      return engine.result;
    }
  },
}));

const write = tempFiles();
const file = write('rest.csv', restCsv(10));

beforeEach(() => {
  engine.calls = [];
  engine.result = fakeAnalysis();
});

describe('analyze output', () => {
  it('prints a table per set with the RUSHED marker, summary lines and gaps', async () => {
    const r = await run('analyze', file, '--tempo', '3-1-X-0');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('note: used 1,498 of 1,500 samples (2 duplicates)\n');
    expect(r.stdout).toMatchInlineSnapshot(`
      "input: 1500 samples, 15.0 s, 100.0 Hz, 1 gap
      tempo: 3-1-X-0 (tolerance 0.8)

      Set 1: 2.0-12.4 s, 2 reps
        rep  ecc s  bottom s  con s  top s            tempo  ROM m  con mean m/s  con peak m/s
          1   3.12      0.99   0.80   0.10  3.1-1.0-0.8-0.1   0.51          0.56          1.00
          2   1.50      1.00   0.90   0.00  1.5-1.0-0.9-0.0   0.51          0.51          1.00  RUSHED
        eccentric 2.31 s ± 1.15 (CV 50%), trend -1.62 s/rep
        rushed 1/2, velocity loss 9%
        within tolerance: eccentric 50%, bottom 100%, concentric -, top 100%

      gaps (samples missing):
        7.25-7.60 s (0.35 s)
      "
    `);
  });

  it('marks a rep the engine estimated from the lifts', async () => {
    const result = fakeAnalysis();
    result.sets[0]!.reps[0]!.estimated = true;
    engine.result = result;
    const r = await run('analyze', file);
    const repLines = r.stdout.split('\n').filter((l) => /^ +[12] /.test(l));
    expect(repLines[0]).toMatch(/ estimated$/);
    expect(repLines[1]).toMatch(/ RUSHED$/);
  });

  it('prints exactly one JSON document with --json', async () => {
    const r = await run('analyze', file, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { input: unknown; sets: unknown[] };
    expect(Object.keys(doc)).toEqual(['input', 'sets']);
    expect(doc.sets).toHaveLength(1);
  });

  it('says "no reps found" (exit 0) when nothing moved', async () => {
    engine.result = emptyAnalysis() satisfies Analysis;
    const r = await run('analyze', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no reps found');
    const json = await run('analyze', file, '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      input: {
        samples: 50,
        durationS: 0.49,
        sampleRateHz: 100,
        gaps: [],
        acceptedSamples: 50,
        droppedSamples: { duplicates: 0, garbage: 0, outOfOrder: 0 },
        sortedRows: 0,
        notices: [],
      },
      sets: [],
    });
  });

  it('passes the prescription and converted samples to the engine', async () => {
    const raw = write(
      'raw.csv',
      '1,1000,0,0,9.80665,0,0,3.14159265358979,0,0,0\n1,1010,0,0,9.80665,0,0,0,0,0,0\n',
    );
    const r = await run(
      'analyze',
      raw,
      '--no-header',
      '--columns',
      't=2,ax=3,ay=4,az=5,gx=6,gy=7,gz=8',
      '--time-unit',
      'ms',
      '--accel-unit=mps2',
      '--gyro-unit',
      'rads',
      '--tempo',
      '4-0-1-0',
      '--tolerance',
      '0.9',
    );
    expect(r.stderr).not.toContain('bartempo:');
    expect(r.code).toBe(0);
    const [samples, options] = engine.calls[0] as [{ t: number; az: number; gz: number }[], unknown];
    expect(samples).toHaveLength(2);
    expect(samples[0]?.t).toBeCloseTo(1, 12);
    expect(samples[0]?.az).toBeCloseTo(1, 12);
    expect(samples[0]?.gz).toBeCloseTo(180, 9);
    expect(options).toEqual({
      prescription: { eccentricS: 4, bottomPauseS: 0, concentricS: 1, topPauseS: 0, tolerance: 0.9 },
    });
  });

  it('turns an engine failure into one stderr line', async () => {
    engine.result = undefined;
    const r = await run('analyze', file);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
