import type { Scene, SceneItem } from '../../../shared/report/scene';

/**
 * A report chart scene (shared/report/scene.ts) as React SVG elements: the same geometry the HTML and PDF
 * reports draw. Colours are SVG presentation attributes (the CSP forbids inline styles).
 */
export function SceneSvg({ scene, testId }: { scene: Scene; testId?: string }) {
  return (
    <svg
      className="scene"
      viewBox={`0 0 ${scene.width} ${scene.height}`}
      role="img"
      aria-label={scene.description}
      data-testid={testId}
      fontFamily="Helvetica, Arial, sans-serif"
    >
      <title>{scene.description}</title>
      {scene.items.map((item, i) => (
        <Item key={i} item={item} />
      ))}
    </svg>
  );
}

const DASH = '4 3';

function Item({ item }: { item: SceneItem }) {
  switch (item.kind) {
    case 'rect':
      return (
        <rect
          x={item.x}
          y={item.y}
          width={Math.max(0, item.w)}
          height={Math.max(0, item.h)}
          fill={item.fill ?? 'none'}
          stroke={item.stroke}
          strokeWidth={item.stroke ? 0.75 : undefined}
          strokeDasharray={item.dash ? DASH : undefined}
        />
      );
    case 'line':
      return (
        <line
          x1={item.x1}
          y1={item.y1}
          x2={item.x2}
          y2={item.y2}
          stroke={item.stroke}
          strokeWidth={item.width}
          strokeDasharray={item.dash ? DASH : undefined}
        />
      );
    case 'polyline':
      return (
        <polyline points={pairs(item.points)} fill="none" stroke={item.stroke} strokeWidth={item.width} />
      );
    case 'polygon':
      return <polygon points={pairs(item.points)} fill={item.fill} stroke={item.stroke} />;
    case 'text':
      return (
        <text
          x={item.x}
          y={item.y}
          fontSize={item.size}
          fill={item.fill}
          textAnchor={item.anchor}
          fontWeight={item.bold ? 'bold' : undefined}
        >
          {item.text}
        </text>
      );
  }
}

function pairs(flat: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    out.push(`${Math.round(flat[i]! * 100) / 100},${Math.round(flat[i + 1]! * 100) / 100}`);
  return out.join(' ');
}
