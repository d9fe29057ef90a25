import { describe, expect, it } from 'vitest';
import { analyzeSamples } from '../../../src/shared/engine/analyze';
import { repCurve, type RepCurve } from '../../../src/shared/engine/curves';
import { repCurveChart } from '../../../src/shared/report/curve-chart';
import { sceneToSvg } from '../../../src/shared/report/svg';
import { defaultScenario, simulateSession } from '../../../src/shared/sim';
import { parseTempo } from '../../../src/shared/tempo/parse';

describe('repCurveChart', () => {
  const prescription = parseTempo('3-1-X-0');
  const samples = simulateSession(
    defaultScenario('squat', { sets: 1, repsPerSet: 3, prescription }),
    5,
  ).samples;
  const analysis = analyzeSamples(samples, { prescription, curves: true });
  const rep = analysis.sets[0]!.reps[1]!;
  const curve = repCurve(analysis, 1, rep.index) as RepCurve;

  it('draws velocity and position over the rep with a dashed line at every phase boundary', () => {
    const scene = repCurveChart(curve, 'Set 1, rep 2');
    const lines = scene.items.filter((i) => i.kind === 'polyline');
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(line.kind === 'polyline' && line.points.length).toBe(curve.tS.length * 2);
    const boundaries = scene.items.filter((i) => i.kind === 'line' && i.dash === true);
    expect(boundaries).toHaveLength(8); // start and end of each of the four phases
    const texts = scene.items.flatMap((i) => (i.kind === 'text' ? [i.text] : []));
    expect(texts[0]).toBe('Set 1, rep 2');
    expect(texts).toContain('eccentric');
    expect(texts).toContain('velocity m/s');
    expect(texts).toContain('position m');
    expect(sceneToSvg(scene)).toContain('<polyline');
  });

  it('says "rough" when the curve is the looked-back estimate', () => {
    const scene = repCurveChart({ ...curve, source: 'looked-back' }, 'Set 1, rep 2');
    const title = scene.items[0];
    expect(title?.kind === 'text' && title.text).toBe('Set 1, rep 2 (rough: looked-back estimate)');
  });
});
