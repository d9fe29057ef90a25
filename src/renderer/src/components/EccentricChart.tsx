import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, XAxis, YAxis } from 'recharts';
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

/** Eccentric duration per rep against the target and the rushed threshold: fatigue shows as a falling staircase. */
export function EccentricChart({
  reps,
  prescription,
}: {
  reps: RepMetrics[];
  prescription: Prescription | null;
}) {
  const target = prescription?.eccentricS ?? null;
  const data = reps.map((r, i) => ({
    rep: i + 1,
    ecc: r.eccentric.durationS,
    verdict: eccentricVerdict(r.eccentric.durationS, r.rushed, prescription),
  }));
  const yMax = Math.ceil(Math.max(target ?? 0, ...data.map((d) => d.ecc), 1) + 0.5);
  const step = yMax > 8 ? 2 : 1;
  const ticks = Array.from({ length: Math.floor(yMax / step) + 1 }, (_, i) => i * step);
  return (
    <figure className="chart" aria-label="Eccentric duration per rep">
      <figcaption>
        Negative per rep (s)
        {target !== null ? <span className="key-target">- - target</span> : null}
        {target !== null ? <span className="key-rushed">··· rushed</span> : null}
      </figcaption>
      {/* Fixed size: a rack screen has one layout, and it spares a ResizeObserver per render. */}
      <BarChart width={600} height={100} data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid stroke="#2a2f36" vertical={false} />
        <XAxis dataKey="rep" stroke="#9aa4b2" tickLine={false} />
        <YAxis domain={[0, yMax]} ticks={ticks} stroke="#9aa4b2" tickLine={false} />
        <Bar dataKey="ecc" isAnimationActive={false} radius={[4, 4, 0, 0]}>
          {data.map((d) => (
            <Cell key={d.rep} fill={VERDICT_COLOUR[d.verdict]} />
          ))}
        </Bar>
        {target !== null ? <ReferenceLine y={target} stroke="#f5f7fa" strokeDasharray="6 4" /> : null}
        {target !== null && prescription ? (
          <ReferenceLine
            y={target * prescription.tolerance}
            stroke={VERDICT_COLOUR.rushed}
            strokeDasharray="2 4"
          />
        ) : null}
      </BarChart>
    </figure>
  );
}
