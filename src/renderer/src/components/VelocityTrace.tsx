import { useEffect, useReducer } from 'react';
import type { TraceBuffer } from '../trace';

/** Seconds of history drawn, and the fixed velocity range (m/s): a still axis reads at a glance. */
export const WINDOW_S = 10;
const RANGE_MPS = 1.5;
const WIDTH = 600;
const HEIGHT = 80;

/**
 * The engine's vertical velocity over the last WINDOW_S, as plain SVG polylines (no animation, no
 * chart library): redrawn at most once per frame however fast batches arrive, from at most a few
 * hundred points. Where the engine had no estimate the line breaks.
 */
export function VelocityTrace({ trace }: { trace: TraceBuffer }) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    let frame = 0;
    const off = trace.subscribe(() => {
      if (frame === 0) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          redraw();
        });
      }
    });
    return () => {
      off();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [trace]);

  const latest = trace.latestT();
  const lines: string[] = [];
  let current: string[] = [];
  let points = 0;
  trace.forEach((tS, v) => {
    if (!(tS >= latest - WINDOW_S)) return;
    if (Number.isNaN(v)) {
      if (current.length > 1) lines.push(current.join(' '));
      current = [];
      return;
    }
    const x = WIDTH - ((latest - tS) / WINDOW_S) * WIDTH;
    const clamped = Math.max(-RANGE_MPS, Math.min(RANGE_MPS, v));
    const y = HEIGHT / 2 - (clamped / RANGE_MPS) * (HEIGHT / 2);
    current.push(`${x.toFixed(1)},${y.toFixed(1)}`);
    points++;
  });
  if (current.length > 1) lines.push(current.join(' '));

  return (
    <figure className="chart trace" aria-label="Vertical velocity">
      <figcaption>Bar speed (m/s, up +) · last {WINDOW_S} s</figcaption>
      <svg
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        data-testid="velocity-trace"
        data-points={points}
        role="img"
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} className="axis" />
        {[-1, 1].map((v) => (
          <g key={v}>
            <line
              x1={0}
              x2={WIDTH}
              y1={HEIGHT / 2 - (v / RANGE_MPS) * (HEIGHT / 2)}
              y2={HEIGHT / 2 - (v / RANGE_MPS) * (HEIGHT / 2)}
              className="grid"
            />
            <text x={4} y={HEIGHT / 2 - (v / RANGE_MPS) * (HEIGHT / 2) - 3} className="tick">
              {v > 0 ? '+1' : '−1'}
            </text>
          </g>
        ))}
        {lines.map((pts, i) => (
          <polyline key={i} points={pts} className="speed" />
        ))}
      </svg>
    </figure>
  );
}
