import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, XAxis, YAxis } from 'recharts';
import type { RepMetrics } from '../../../shared/engine/types';
import type { Prescription } from '../../../shared/tempo/types';

const RED = '#ff3b30';
const GREEN = '#30d158';

/** Eccentric duration per rep against the target and the rushed threshold: fatigue shows as a falling staircase. */
export function EccentricChart({
  reps,
  prescription,
}: {
  reps: RepMetrics[];
  prescription: Prescription | null;
}) {
  const target = prescription?.eccentricS ?? null;
  const data = reps.map((r) => ({ rep: r.index, ecc: r.eccentric.durationS, rushed: r.rushed }));
  const yMax = Math.ceil(Math.max(target ?? 0, ...data.map((d) => d.ecc), 1) + 0.5);
  const step = yMax > 8 ? 2 : 1;
  const ticks = Array.from({ length: Math.floor(yMax / step) + 1 }, (_, i) => i * step);
  return (
    <figure className="chart" aria-label="Eccentric duration per rep">
      <figcaption>Negative per rep (s)</figcaption>
      {/* Fixed size: a rack screen has one layout, and it spares a ResizeObserver per render. */}
      <BarChart width={600} height={220} data={data} margin={{ top: 8, right: 64, bottom: 0, left: -16 }}>
        <CartesianGrid stroke="#2a2f36" vertical={false} />
        <XAxis dataKey="rep" stroke="#9aa4b2" tickLine={false} />
        <YAxis domain={[0, yMax]} ticks={ticks} stroke="#9aa4b2" tickLine={false} />
        <Bar dataKey="ecc" isAnimationActive={false} radius={[4, 4, 0, 0]}>
          {data.map((d) => (
            <Cell key={d.rep} fill={d.rushed ? RED : GREEN} />
          ))}
        </Bar>
        {target !== null ? (
          <ReferenceLine
            y={target}
            stroke="#f5f7fa"
            strokeDasharray="6 4"
            label={{ value: 'target', fill: '#f5f7fa', position: 'right' }}
          />
        ) : null}
        {target !== null && prescription ? (
          <ReferenceLine
            y={target * prescription.tolerance}
            stroke={RED}
            strokeDasharray="2 4"
            label={{ value: 'rushed', fill: RED, position: 'right' }}
          />
        ) : null}
      </BarChart>
    </figure>
  );
}
