/**
 * One rep's curve as a scene (scene.ts): the engine's vertical velocity above, its integral (position)
 * below, on one time axis, with the phase boundaries the engine gave the rep drawn across both.
 */
import type { RepCurve } from '../engine/curves';
import type { PhaseName } from '../engine/types';
import { PHASES } from '../tempo/score';
import { CHART_WIDTH, PHASE_NAMES } from './charts';
import { COLORS, niceStep, textWidth, tickLabel, type Scene, type SceneItem } from './scene';

const PANEL_H = 110;

export function repCurveChart(curve: RepCurve, title: string): Scene {
  const x0 = 52;
  const x1 = CHART_WIDTH - 12;
  const t0 = curve.tS[0] ?? curve.startS;
  const t1 = curve.tS[curve.tS.length - 1] ?? curve.endS;
  const span = Math.max(t1 - t0, 1e-3);
  const x = (t: number): number => x0 + ((t - t0) / span) * (x1 - x0);
  const items: SceneItem[] = [
    {
      kind: 'text',
      x: 0,
      y: 12,
      text: curve.source === 'looked-back' ? `${title} (rough: looked-back estimate)` : title,
      size: 11,
      fill: COLORS.text,
      anchor: 'start',
      bold: true,
    },
  ];
  const top1 = 40;
  const top2 = top1 + PANEL_H + 26;
  const bottom = top2 + PANEL_H;
  // Phase shading and boundaries, across both panels; each phase named once above.
  PHASES.forEach((phase: PhaseName, i) => {
    const { startS, endS } = curve.phases[phase];
    if (endS <= startS) return;
    items.push({
      kind: 'rect',
      x: x(startS),
      y: top1,
      w: x(endS) - x(startS),
      h: bottom - top1,
      fill: i % 2 === 0 ? '#f3f6fb' : null,
    });
    const label = PHASE_NAMES[phase];
    const w = x(endS) - x(startS);
    if (w > textWidth(label, 9) + 4)
      items.push({
        kind: 'text',
        x: (x(startS) + x(endS)) / 2,
        y: top1 - 6,
        text: label,
        size: 9,
        fill: COLORS[phase] === COLORS.topPause ? COLORS.muted : COLORS[phase],
        anchor: 'middle',
        bold: true,
      });
  });
  for (const phase of PHASES) {
    for (const t of [curve.phases[phase].startS, curve.phases[phase].endS]) {
      items.push({
        kind: 'line',
        x1: x(t),
        y1: top1,
        x2: x(t),
        y2: bottom,
        stroke: COLORS.axis,
        width: 0.75,
        dash: true,
      });
    }
  }
  items.push(...panel(curve.tS, curve.velocityMps, x, top1, 'velocity m/s', COLORS.eccentric, x0, x1));
  items.push(...panel(curve.tS, curve.positionM, x, top2, 'position m', COLORS.concentric, x0, x1));
  const step = niceStep(span, 8);
  for (let s = 0; s <= span + 1e-9; s += step) {
    items.push({
      kind: 'text',
      x: x(t0 + s),
      y: bottom + 12,
      text: tickLabel(s),
      size: 9,
      fill: COLORS.muted,
      anchor: 'middle',
    });
  }
  items.push({
    kind: 'text',
    x: x1,
    y: bottom + 24,
    text: 'seconds',
    size: 9,
    fill: COLORS.muted,
    anchor: 'end',
  });
  return {
    width: CHART_WIDTH,
    height: bottom + 28,
    description: `${title}: vertical velocity and position over time with the phase boundaries`,
    items,
  };
}

function panel(
  tS: readonly number[],
  values: readonly number[],
  x: (t: number) => number,
  top: number,
  label: string,
  stroke: string,
  x0: number,
  x1: number,
): SceneItem[] {
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi - lo < 1e-6) {
    lo -= 0.5;
    hi += 0.5;
  }
  const y = (v: number): number => top + PANEL_H - ((v - lo) / (hi - lo)) * PANEL_H;
  const items: SceneItem[] = [
    { kind: 'line', x1: x0, y1: y(0), x2: x1, y2: y(0), stroke: COLORS.axis, width: 1 },
    { kind: 'text', x: x0 - 6, y: top - 2, text: label, size: 9, fill: COLORS.muted, anchor: 'start' },
  ];
  const step = niceStep(hi - lo, 4);
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
    items.push({ kind: 'line', x1: x0, y1: y(v), x2: x1, y2: y(v), stroke: COLORS.grid, width: 0.5 });
    items.push({
      kind: 'text',
      x: x0 - 4,
      y: y(v) + 3,
      text: tickLabel(v),
      size: 9,
      fill: COLORS.muted,
      anchor: 'end',
    });
  }
  const points: number[] = [];
  tS.forEach((t, i) => points.push(x(t), y(values[i] ?? 0)));
  items.push({ kind: 'polyline', points, stroke, width: 1.5 });
  return items;
}
