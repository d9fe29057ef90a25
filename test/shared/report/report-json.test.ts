import { describe, expect, it } from 'vitest';
import { round, toReportJson } from '../../../src/shared/report/report-json';
import { fakeAnalysis } from '../../cli/fake-analysis';

describe('toReportJson', () => {
  const json = toReportJson(fakeAnalysis());

  it('has exactly the documented keys, in order', () => {
    expect(Object.keys(json)).toEqual(['input', 'sets']);
    // The first four are the original contract; fields are only ever added after them.
    expect(Object.keys(json.input)).toEqual([
      'samples',
      'durationS',
      'sampleRateHz',
      'gaps',
      'acceptedSamples',
      'droppedSamples',
      'sortedRows',
      'notices',
    ]);
    const set = json.sets[0];
    expect(Object.keys(set ?? {})).toEqual(['index', 'startS', 'endS', 'reps', 'summary']);
    expect(Object.keys(set?.reps[0] ?? {})).toEqual([
      'index',
      'startS',
      'endS',
      'eccentric',
      'bottomPause',
      'concentric',
      'topPause',
      'romM',
      'meanConcentricVelocityMps',
      'peakConcentricVelocityMps',
      'meanEccentricVelocityMps',
      'rushed',
      'tempo',
      'estimated',
    ]);
    expect(Object.keys(set?.reps[0]?.eccentric ?? {})).toEqual([
      'startS',
      'endS',
      'durationS',
      'detectedAtS',
    ]);
  });

  it('rounds times to ms, distances to mm, speeds to mm/s', () => {
    expect(json.input).toEqual({
      samples: 1500,
      durationS: 15,
      sampleRateHz: 100,
      gaps: [{ startS: 7.25, endS: 7.602 }],
      acceptedSamples: 1498,
      droppedSamples: { duplicates: 2, garbage: 0, outOfOrder: 0 },
      sortedRows: 0,
      notices: [],
    });
    const sorted = { rows: 1500, outOfOrderRows: 12, notices: ['12 rows were out of time order; sorted'] };
    expect(toReportJson(fakeAnalysis(), sorted).input).toMatchObject({
      samples: 1500,
      sortedRows: 12,
      notices: ['12 rows were out of time order; sorted'],
    });
    const rep = json.sets[0]?.reps[0];
    expect(rep?.startS).toBe(2);
    expect(rep?.eccentric).toEqual({ startS: 2, endS: 5.124, durationS: 3.123, detectedAtS: 5.175 });
    expect(rep?.romM).toBe(0.512);
    expect(rep?.peakConcentricVelocityMps).toBe(1);
    expect(rep?.tempo).toBe('3.1-1.0-0.8-0.1');
    expect(json.sets[0]?.reps[1]?.rushed).toBe(true);
    expect(json.sets[0]?.reps.map((r) => r.estimated)).toEqual([false, false]);
    const estimated = fakeAnalysis();
    estimated.sets[0]!.reps[1]!.estimated = true;
    expect(toReportJson(estimated).sets[0]?.reps.map((r) => r.estimated)).toEqual([false, true]);
    expect(json.sets[0]?.summary.rushedCount).toBe(1);
    expect(json.sets[0]?.summary.adherence).toEqual({
      eccentric: 0.5,
      bottomPause: 1,
      concentric: null,
      topPause: 1,
    });
  });

  it('round() never yields -0', () => {
    expect(Object.is(round(-0.0001, 3), 0)).toBe(true);
    expect(round(1.0005, 3)).toBe(1.001);
  });
});
