import type { RepMetrics } from '../../../shared/engine/types';
import { seconds } from '../format';

export function RepTable({ reps }: { reps: RepMetrics[] }) {
  return (
    <table className="reps" data-testid="rep-table">
      <thead>
        <tr>
          <th>Rep</th>
          <th>Ecc</th>
          <th>Bottom</th>
          <th>Con</th>
          <th>Top</th>
          <th>Tempo</th>
          <th>ROM</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {reps.length === 0 ? (
          <tr>
            <td colSpan={8} className="empty">
              No reps yet in this set
            </td>
          </tr>
        ) : (
          reps.map((r) => (
            <tr key={r.index} className={r.rushed ? 'rushed' : undefined} data-testid="rep-row">
              <td>{r.index}</td>
              <td>{seconds(r.eccentric.durationS)}</td>
              <td>{seconds(r.bottomPause.durationS)}</td>
              <td>{seconds(r.concentric.durationS)}</td>
              <td>{seconds(r.topPause.durationS)}</td>
              <td className="tempo">{r.tempo}</td>
              <td>{Math.round(r.romM * 100)} cm</td>
              <td>
                {r.rushed ? <span className="tag">RUSHED</span> : null}
                {r.estimated ? (
                  <span className="tag estimated" title="Counted from the bar's lift; phases estimated">
                    ≈
                  </span>
                ) : null}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
