import type { Scene, SceneItem } from './scene';

/** A scene as a self-contained SVG element (no external fonts or styles), scaling to its container. */
export function sceneToSvg(scene: Scene): string {
  const body = scene.items.map(item).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${scene.width} ${n(scene.height)}" ` +
    `width="100%" role="img" aria-label="${escapeXml(scene.description)}" ` +
    `font-family="Helvetica, Arial, sans-serif"><title>${escapeXml(scene.description)}</title>${body}</svg>`
  );
}

function item(i: SceneItem): string {
  switch (i.kind) {
    case 'rect':
      return `<rect x="${n(i.x)}" y="${n(i.y)}" width="${n(Math.max(0, i.w))}" height="${n(Math.max(0, i.h))}" fill="${i.fill ?? 'none'}"${stroke(i.stroke, 0.75, i.dash)}/>`;
    case 'line':
      return `<line x1="${n(i.x1)}" y1="${n(i.y1)}" x2="${n(i.x2)}" y2="${n(i.y2)}"${stroke(i.stroke, i.width, i.dash)}/>`;
    case 'polyline':
      return `<polyline points="${points(i.points)}" fill="none"${stroke(i.stroke, i.width, false)}/>`;
    case 'polygon':
      return `<polygon points="${points(i.points)}" fill="${i.fill}"${stroke(i.stroke, 1, false)}/>`;
    case 'text':
      return `<text x="${n(i.x)}" y="${n(i.y)}" font-size="${i.size}" fill="${i.fill}" text-anchor="${ANCHOR[i.anchor]}"${i.bold ? ' font-weight="bold"' : ''}>${escapeXml(i.text)}</text>`;
  }
}

const ANCHOR = { start: 'start', middle: 'middle', end: 'end' } as const;

function stroke(color: string | undefined, width: number, dash: boolean | undefined): string {
  if (color === undefined) return '';
  return ` stroke="${color}" stroke-width="${width}"${dash ? ' stroke-dasharray="4 3"' : ''}`;
}

function points(flat: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    out.push(`${n(flat[i] as number)},${n(flat[i + 1] as number)}`);
  return out.join(' ');
}

/** Two decimals are far below a pixel; keeps the SVG small. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
