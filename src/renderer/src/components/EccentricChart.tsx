import type { RepMetrics } from '../../../shared/engine/types';
import type { Prescription } from '../../../shared/tempo/types';
import { eccentricVerdict, type Verdict } from '../model';

/** Same colours as the readout (styles.css). */
export const VERDICT_COLOUR: Record<Verdict, string> = {
  fine: '#30d158',
  rushed: '#ff3b30',
  unsure: '#ff9f0a',
  untimed: '#9aa4b2',
};

const WIDTH = 600;
const HEIGHT = 116;
const LEFT = 28;
const BOTTOM = 18;
const TOP = 6;

/**
 * Eccentric duration per rep against the target and the rushed line: fatigue shows as a falling
 * staircase. Plain SVG, fixed size, no animation: a chart library's re-render cost 50-80 ms tasks per
 * rep here (measured in Chromium with a 200 Hz stream), which would stall the live trace.
 */
export function EccentricChart({
  reps,
  prescription,
}: {
  reps: RepMetrics[];
  prescription: Prescription | null;
}) {
  const target = prescription?.eccentricS ?? null;
  const bars = reps.map((r) => ({
    eccS: r.eccentric.durationS,
    verdict: eccentricVerdict(r.eccentric.durationS, r.rushed, prescription),
  }));
  const yMax = Math.ceil(Math.max(target ?? 0, ...bars.map((b) => b.eccS), 1) + 0.5);
  const step = yMax > 8 ? 4 : 2;
  const plotW = WIDTH - LEFT - 8;
  const plotH = HEIGHT - TOP - BOTTOM;
  const y = (s: number) => TOP + plotH - (s / yMax) * plotH;
  const slot = bars.length > 0 ? plotW / Math.max(bars.length, 8) : plotW;
  const barW = Math.min(48, slot * 0.7);
  const labelEvery = Math.ceil(bars.length / 20);
  const line = (s: number, cls: string) => (
    <line x1={LEFT} x2={LEFT + plotW} y1={y(s)} y2={y(s)} className={cls} />
  );

  return (
    <figure className="chart ecc-chart" aria-label="Eccentric duration per rep">
      <figcaption>
        Negative per rep (s)
        {target !== null ? <span className="key-target">- - target</span> : null}
        {target !== null ? <span className="key-rushed">··· rushed</span> : null}
      </figcaption>
      <svg
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        data-testid="ecc-chart"
        role="img"
      >
        {Array.from({ length: Math.floor(yMax / step) + 1 }, (_, i) => i * step).map((s) => (
          <g key={s}>
            {line(s, 'grid')}
            <text x={LEFT - 6} y={y(s) + 4} className="tick" textAnchor="end">
              {s}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = LEFT + slot * i + (slot - barW) / 2;
          return (
            <g key={i}>
              <rect
                x={x}
                y={y(b.eccS)}
                width={barW}
                height={Math.max(0, y(0) - y(b.eccS))}
                rx={3}
                fill={VERDICT_COLOUR[b.verdict]}
                data-verdict={b.verdict}
              />
              {i % labelEvery === 0 ? (
                <text x={x + barW / 2} y={HEIGHT - 4} className="tick" textAnchor="middle">
                  {i + 1}
                </text>
              ) : null}
            </g>
          );
        })}
        {target !== null ? line(target, 'target') : null}
        {target !== null && prescription ? line(target * prescription.tolerance, 'rushed-line') : null}
      </svg>
    </figure>
  );
}
