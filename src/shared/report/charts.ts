/**
 * The report's charts, drawn once as scenes (scene.ts) and rendered by svg.ts (HTML) and the PDF
 * exporter with the same geometry. Every mark that colour sets apart is also labelled in text.
 */
import type { PhaseName } from '../engine/types';
import { slope } from '../engine/summary';
import { PHASES } from '../tempo/score';
import type { PrescriptionModel, ReportModel, RepModel, SetModel } from './model';
import { COLORS, niceMax, niceStep, textWidth, tickLabel, type Scene, type SceneItem } from './scene';

export const CHART_WIDTH = 600;

export const PHASE_NAMES: Record<PhaseName, string> = {
  eccentric: 'eccentric',
  bottomPause: 'bottom pause',
  concentric: 'concentric',
  topPause: 'top pause',
};

const text = (
  x: number,
  y: number,
  value: string,
  size: number,
  anchor: 'start' | 'middle' | 'end' = 'start',
  fill: string = COLORS.text,
  bold = false,
): SceneItem => ({ kind: 'text', x, y, text: value, size, fill, anchor, bold });

interface LegendEntry {
  label: string;
  fill: string;
  stroke?: string;
  dash?: boolean;
}

function legend(items: LegendEntry[], y: number): SceneItem[] {
  const out: SceneItem[] = [];
  let x = 0;
  for (const item of items) {
    out.push({
      kind: 'rect',
      x,
      y: y - 9,
      w: 10,
      h: 10,
      fill: item.fill,
      stroke: item.stroke,
      dash: item.dash,
    });
    out.push(text(x + 14, y, item.label, 9, 'start', COLORS.muted));
    x += 14 + textWidth(item.label, 9) + 16;
  }
  return out;
}

/**
 * One set's reps as horizontal stacked bars of their four phases, the prescription as a "Target" bar
 * above them and the eccentric band (where a lowering should end) as a green strip.
 */
export function phaseChart(set: SetModel, prescription: PrescriptionModel | null): Scene {
  const labelW = 58;
  const rightW = 150;
  const x0 = labelW;
  const x1 = CHART_WIDTH - rightW;
  const rowH = 14;
  const rowGap = 6;
  const top = 30;
  const targetTotal = prescription ? PHASES.reduce((a, p) => a + (prescription.targetsS[p] ?? 0), 0) : 0;
  const maxS = Math.max(
    targetTotal,
    ...set.reps.map((r) => r.totalS),
    prescription?.eccentricBand?.targetS ?? 0,
    1,
  );
  const step = niceStep(maxS, 8);
  const scaleMax = niceMax(maxS, step);
  const x = (s: number): number => x0 + (s / scaleMax) * (x1 - x0);
  const rows: { label: string; rep: RepModel | null }[] = [
    ...(prescription ? [{ label: 'Target', rep: null }] : []),
    ...set.reps.map((rep) => ({ label: `Rep ${rep.index}`, rep })),
  ];
  const plotBottom = top + rows.length * (rowH + rowGap);
  const items: SceneItem[] = legend(
    PHASES.map((p): LegendEntry => ({ label: PHASE_NAMES[p], fill: COLORS[p] })).concat(
      prescription?.eccentricBand
        ? [{ label: 'eccentric should end here', fill: COLORS.band, stroke: COLORS.bandEdge }]
        : [],
    ),
    12,
  );
  // Grid and axis.
  for (let s = 0; s <= scaleMax + 1e-9; s += step) {
    items.push({
      kind: 'line',
      x1: x(s),
      y1: top - 4,
      x2: x(s),
      y2: plotBottom,
      stroke: COLORS.grid,
      width: 0.75,
    });
    items.push(text(x(s), plotBottom + 12, tickLabel(s), 9, 'middle', COLORS.muted));
  }
  items.push(text(x1, plotBottom + 24, 'seconds from the start of the rep', 9, 'end', COLORS.muted));
  const band = prescription?.eccentricBand;
  if (band) {
    items.push({
      kind: 'rect',
      x: x(band.lowS),
      y: top - 4,
      w: x(band.targetS) - x(band.lowS),
      h: plotBottom - top + 4,
      fill: COLORS.band,
    });
    items.push({
      kind: 'line',
      x1: x(band.targetS),
      y1: top - 4,
      x2: x(band.targetS),
      y2: plotBottom,
      stroke: COLORS.bandEdge,
      width: 1,
      dash: true,
    });
  }
  rows.forEach((row, i) => {
    const y = top + i * (rowH + rowGap);
    const mid = y + rowH / 2 + 3.5;
    const durations = row.rep ? row.rep.durationsS : targetDurations(prescription);
    items.push(
      text(
        labelW - 8,
        mid,
        row.label,
        10,
        'end',
        row.rep?.rushed ? COLORS.rushed : COLORS.text,
        row.rep === null || row.rep.rushed,
      ),
    );
    let at = 0;
    for (const phase of PHASES) {
      const d = Math.max(0, durations[phase]);
      if (d > 0) {
        items.push({
          kind: 'rect',
          x: x(at),
          y: row.rep ? y : y + 3,
          w: x(at + d) - x(at),
          h: row.rep ? rowH : rowH - 6,
          fill: row.rep?.estimated ? COLORS.estimated : COLORS[phase],
          stroke: row.rep?.estimated ? COLORS.axis : COLORS.white,
          dash: row.rep?.estimated,
        });
      }
      at += d;
    }
    const note = row.rep
      ? [row.rep.tempo, row.rep.rushed ? 'RUSHED' : '', row.rep.estimated ? 'estimated' : '']
          .filter(Boolean)
          .join('  ')
      : `${prescription?.tempo ?? ''} prescribed`;
    items.push(
      text(
        x1 + 10,
        mid,
        note,
        10,
        'start',
        row.rep?.rushed ? COLORS.rushed : COLORS.text,
        row.rep?.rushed === true,
      ),
    );
  });
  if (set.reps.length === 0)
    items.push(text((x0 + x1) / 2, plotBottom - 4, 'no reps in this set', 10, 'middle', COLORS.muted));
  return {
    width: CHART_WIDTH,
    height: plotBottom + 30,
    description: `Set ${set.index}: the four phases of each rep${prescription ? ` against ${prescription.tempo}` : ''}`,
    items,
  };
}

function targetDurations(prescription: PrescriptionModel | null): Record<PhaseName, number> {
  const t = prescription?.targetsS;
  return {
    eccentric: t?.eccentric ?? 0,
    bottomPause: t?.bottomPause ?? 0,
    concentric: t?.concentric ?? 0,
    topPause: t?.topPause ?? 0,
  };
}

interface DurationAxis {
  x0: number;
  x1: number;
  top: number;
  /** Seconds to the chart's y. */
  y: (s: number) => number;
  step: number;
  scaleMax: number;
}

/** The seconds grid of an eccentric chart and, with a prescription, its target band (rushed below it). */
function durationAxis(
  { x0, x1, top, y, step, scaleMax }: DurationAxis,
  band: { lowS: number; targetS: number } | null,
): SceneItem[] {
  const items: SceneItem[] = [];
  for (let s = 0; s <= scaleMax + 1e-9; s += step) {
    items.push({ kind: 'line', x1: x0, y1: y(s), x2: x1, y2: y(s), stroke: COLORS.grid, width: 0.75 });
    items.push(text(x0 - 6, y(s) + 3, tickLabel(s), 9, 'end', COLORS.muted));
  }
  items.push(text(x0 - 6, top - 12, 's', 9, 'end', COLORS.muted));
  if (band) {
    items.push({
      kind: 'rect',
      x: x0,
      y: y(band.targetS),
      w: x1 - x0,
      h: y(band.lowS) - y(band.targetS),
      fill: COLORS.band,
    });
    items.push({
      kind: 'line',
      x1: x0,
      y1: y(band.targetS),
      x2: x1,
      y2: y(band.targetS),
      stroke: COLORS.bandEdge,
      width: 1,
      dash: true,
    });
    items.push(
      text(x1 + 6, y(band.targetS) + 3, `target ${tickLabel(band.targetS)} s`, 9, 'start', COLORS.bandEdge),
    );
    items.push(
      text(x1 + 6, y(band.lowS) + 3, `rushed below ${tickLabel(band.lowS)}`, 9, 'start', COLORS.bandEdge),
    );
  }
  return items;
}

/**
 * One set's eccentric durations as columns against the target band (tolerance x target .. target), with
 * the set's mean and trend line; rushed reps red and labelled RUSHED, estimated ones grey and labelled.
 */
export function eccentricChart(set: SetModel, prescription: PrescriptionModel | null): Scene {
  const x0 = 44;
  const x1 = CHART_WIDTH - 90;
  const top = 38;
  const bottom = 162;
  const band = prescription?.eccentricBand ?? null;
  const values = set.reps.map((r) => r.durationsS.eccentric);
  const maxS = Math.max(...values, band ? band.targetS / Math.max(prescription?.tolerance ?? 1, 0.5) : 0, 1);
  const step = niceStep(maxS, 5);
  const scaleMax = niceMax(maxS, step);
  const y = (s: number): number => bottom - (Math.max(0, s) / scaleMax) * (bottom - top);
  const n = Math.max(set.reps.length, 1);
  const slot = (x1 - x0) / n;
  const barW = Math.min(34, slot * 0.62);
  const cx = (i: number): number => x0 + slot * (i + 0.5);
  const items: SceneItem[] = legend(
    [
      { label: 'eccentric', fill: COLORS.eccentric },
      ...(band ? [{ label: 'rushed (labelled RUSHED)', fill: COLORS.rushed }] : []),
      { label: 'estimated rep', fill: COLORS.estimated, stroke: COLORS.axis, dash: true },
      ...(band
        ? [
            {
              label: `target band ${tickLabel(band.lowS)}-${tickLabel(band.targetS)} s`,
              fill: COLORS.band,
              stroke: COLORS.bandEdge,
            },
          ]
        : []),
    ],
    10,
  );
  items.push(...durationAxis({ x0, x1, top, y, step, scaleMax }, band));
  const narrow = slot < 46;
  set.reps.forEach((rep, i) => {
    const v = rep.durationsS.eccentric;
    items.push({
      kind: 'rect',
      x: cx(i) - barW / 2,
      y: y(v),
      w: barW,
      h: bottom - y(v),
      fill: rep.estimated ? COLORS.estimated : rep.rushed ? COLORS.rushed : COLORS.eccentric,
      stroke: rep.estimated ? COLORS.axis : undefined,
      dash: rep.estimated,
    });
    items.push(
      text(cx(i), y(v) - 3, v.toFixed(1), 9, 'middle', rep.rushed ? COLORS.rushed : COLORS.text, rep.rushed),
    );
    items.push(text(cx(i), bottom + 12, String(rep.index), 9, 'middle', COLORS.muted));
    const flag = rep.rushed ? (narrow ? 'R' : 'RUSHED') : rep.estimated ? (narrow ? 'e' : 'est.') : '';
    if (flag)
      items.push(
        text(cx(i), bottom + 23, flag, 8, 'middle', rep.rushed ? COLORS.rushed : COLORS.muted, rep.rushed),
      );
  });
  items.push({ kind: 'line', x1: x0, y1: bottom, x2: x1, y2: bottom, stroke: COLORS.axis, width: 1 });
  items.push(text(x0 - 6, bottom + 12, 'rep', 9, 'end', COLORS.muted));
  if (set.reps.length >= 2) {
    const mean = set.summary.eccentricMeanS;
    const trend = slope(
      set.reps.map((r) => r.index),
      values,
    );
    const meanIndex = set.reps.reduce((a, r) => a + r.index, 0) / set.reps.length;
    const at = (i: number): number => y(mean + trend * ((set.reps[i]?.index ?? 0) - meanIndex));
    items.push({
      kind: 'line',
      x1: cx(0),
      y1: at(0),
      x2: cx(set.reps.length - 1),
      y2: at(set.reps.length - 1),
      stroke: COLORS.text,
      width: 1.25,
      dash: true,
    });
    items.push(text(x1, top - 14, `dashed line: trend ${signed(trend)} s per rep`, 9, 'end', COLORS.text));
  }
  if (set.reps.length === 0)
    items.push(text((x0 + x1) / 2, (top + bottom) / 2, 'no reps in this set', 10, 'middle', COLORS.muted));
  return {
    width: CHART_WIDTH,
    height: bottom + (narrow ? 28 : 30),
    description: `Set ${set.index}: eccentric duration of each rep${band ? ' against the target band' : ''}`,
    items,
  };
}

/**
 * Tempo consistency across the session: every rep's eccentric in order across all sets, the band, set
 * boundaries labelled; rushed reps red triangles, estimated reps hollow.
 */
export function sessionChart(model: ReportModel): Scene {
  const x0 = 44;
  const x1 = CHART_WIDTH - 90;
  const top = 40;
  const bottom = 170;
  const band = model.prescription?.eccentricBand ?? null;
  const reps = model.reps;
  const maxS = Math.max(
    ...reps.map((r) => r.durationsS.eccentric),
    band ? band.targetS / Math.max(model.prescription?.tolerance ?? 1, 0.5) : 0,
    1,
  );
  const step = niceStep(maxS, 5);
  const scaleMax = niceMax(maxS, step);
  const y = (s: number): number => bottom - (Math.max(0, s) / scaleMax) * (bottom - top);
  const n = Math.max(reps.length, 1);
  const slot = (x1 - x0) / n;
  const cx = (sequence: number): number => x0 + slot * (sequence - 0.5);
  const items: SceneItem[] = legend(
    [
      { label: 'eccentric', fill: COLORS.eccentric },
      ...(band ? [{ label: 'rushed (triangle)', fill: COLORS.rushed }] : []),
      { label: 'estimated (hollow)', fill: COLORS.white, stroke: COLORS.axis },
      ...(band ? [{ label: 'target band', fill: COLORS.band, stroke: COLORS.bandEdge }] : []),
    ],
    10,
  );
  items.push(...durationAxis({ x0, x1, top, y, step, scaleMax }, band));
  for (const set of model.sets) {
    if (set.reps.length === 0) continue;
    const first = set.reps[0] as RepModel;
    const last = set.reps[set.reps.length - 1] as RepModel;
    const left = cx(first.sequence) - slot / 2;
    if (first.sequence > 1) {
      items.push({
        kind: 'line',
        x1: left,
        y1: top - 16,
        x2: left,
        y2: bottom,
        stroke: COLORS.axis,
        width: 0.75,
        dash: true,
      });
    }
    const label = slot * set.reps.length >= 40 ? `Set ${set.index}` : String(set.index);
    items.push(
      text((left + cx(last.sequence) + slot / 2) / 2, top - 6, label, 9, 'middle', COLORS.text, true),
    );
    items.push({
      kind: 'polyline',
      points: set.reps.flatMap((r) => [cx(r.sequence), y(r.durationsS.eccentric)]),
      stroke: COLORS.eccentric,
      width: 1,
    });
  }
  for (const rep of reps) {
    const px = cx(rep.sequence);
    const py = y(rep.durationsS.eccentric);
    if (rep.rushed)
      items.push({
        kind: 'polygon',
        points: [px, py - 5, px + 5, py + 4, px - 5, py + 4],
        fill: COLORS.rushed,
      });
    else {
      items.push({
        kind: 'polygon',
        points: [px, py - 4, px + 4, py, px, py + 4, px - 4, py],
        fill: rep.estimated ? COLORS.white : COLORS.eccentric,
        stroke: rep.estimated ? COLORS.axis : undefined,
      });
    }
  }
  items.push({ kind: 'line', x1: x0, y1: bottom, x2: x1, y2: bottom, stroke: COLORS.axis, width: 1 });
  items.push(text((x0 + x1) / 2, bottom + 14, 'reps in order, set by set', 9, 'middle', COLORS.muted));
  if (reps.length === 0)
    items.push(
      text((x0 + x1) / 2, (top + bottom) / 2, 'no reps in this session', 10, 'middle', COLORS.muted),
    );
  return {
    width: CHART_WIDTH,
    height: bottom + 22,
    description: 'Eccentric duration of every rep of the session, in order, set by set',
    items,
  };
}

/** The session on a time line: sets as blocks, gaps (samples missing) as red marks labelled "gap". */
export function timelineChart(model: ReportModel): Scene {
  const x0 = 10;
  const x1 = CHART_WIDTH - 10;
  const top = 8;
  const h = 22;
  const total = Math.max(model.durationS, ...model.gaps.map((g) => g.endS), 1e-3);
  const x = (s: number): number => x0 + (Math.min(Math.max(s, 0), total) / total) * (x1 - x0);
  const items: SceneItem[] = [
    { kind: 'rect', x: x0, y: top, w: x1 - x0, h, fill: '#f3f4f6', stroke: COLORS.grid },
  ];
  for (const set of model.sets) {
    const w = Math.max(2, x(set.endS) - x(set.startS));
    items.push({
      kind: 'rect',
      x: x(set.startS),
      y: top,
      w,
      h,
      fill: COLORS.setBlock,
      stroke: COLORS.eccentric,
    });
    const label = w >= 36 ? `Set ${set.index}` : String(set.index);
    if (w >= textWidth(label, 9) + 2)
      items.push(text(x(set.startS) + w / 2, top + h / 2 + 3, label, 9, 'middle', COLORS.text, true));
  }
  for (const gap of model.gaps) {
    items.push({
      kind: 'rect',
      x: x(gap.startS),
      y: top - 3,
      w: Math.max(2, x(gap.endS) - x(gap.startS)),
      h: h + 6,
      fill: COLORS.rushed,
    });
    items.push(text(x(gap.startS), top + h + 14, 'gap', 8, 'middle', COLORS.rushed, true));
  }
  const step = niceStep(total, 8);
  for (let s = 0; s <= total + 1e-9; s += step) {
    items.push(text(x(s), top + h + (model.gaps.length > 0 ? 26 : 14), clock(s), 8, 'middle', COLORS.muted));
  }
  return {
    width: CHART_WIDTH,
    height: top + h + (model.gaps.length > 0 ? 32 : 20),
    description: `The session's ${model.sets.length} sets over time${model.gaps.length ? `, with ${model.gaps.length} gaps in the data marked` : ''}`,
    items,
  };
}

/** m:ss. */
export function clock(s: number): string {
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export function signed(v: number, decimals = 2): string {
  const r = Math.round(v * 10 ** decimals) / 10 ** decimals;
  return (r > 0 ? '+' : '') + (r === 0 ? 0 : r).toFixed(decimals);
}
