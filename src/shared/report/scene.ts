/**
 * A chart as a small vector scene: what both the SVG (HTML report, app) and the PDF draw, with the same
 * coordinates. Units are abstract points; y grows downwards; text y is the baseline.
 */
export type SceneItem =
  | {
      kind: 'rect';
      x: number;
      y: number;
      w: number;
      h: number;
      fill: string | null;
      stroke?: string;
      dash?: boolean;
    }
  | {
      kind: 'line';
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      stroke: string;
      width: number;
      dash?: boolean;
    }
  /** Flat x, y pairs. */
  | { kind: 'polyline'; points: number[]; stroke: string; width: number }
  | { kind: 'polygon'; points: number[]; fill: string; stroke?: string }
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      fill: string;
      anchor: 'start' | 'middle' | 'end';
      bold?: boolean;
    };

export interface Scene {
  width: number;
  height: number;
  /** What the chart shows, in words (SVG title, for screen readers). */
  description: string;
  items: SceneItem[];
}

/** Every colour the report uses; each meaning is also said in text (labels, legends), never colour alone. */
export const COLORS = {
  eccentric: '#1d4ed8',
  bottomPause: '#7fb0f5',
  concentric: '#f59e0b',
  topPause: '#c4ccd8',
  rushed: '#dc2626',
  band: '#dcfce7',
  bandEdge: '#16a34a',
  grid: '#e5e7eb',
  axis: '#6b7280',
  text: '#111827',
  muted: '#6b7280',
  estimated: '#e5e7eb',
  setBlock: '#bfdbfe',
  white: '#ffffff',
} as const;

/** Helvetica's average glyph width is about 0.55 of the font size: enough to decide what fits. */
export function textWidth(text: string, size: number): number {
  return text.length * size * 0.55;
}

/** A round step giving at most `maxTicks` ticks up to `max`. */
export function niceStep(max: number, maxTicks: number): number {
  const raw = Math.max(max, 1e-9) / maxTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** `max` rounded up to a whole number of steps. */
export function niceMax(max: number, step: number): number {
  return Math.max(step, Math.ceil(max / step - 1e-9) * step);
}

/** Tick labels without float noise (0.30000000000000004 -> "0.3"). */
export function tickLabel(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
