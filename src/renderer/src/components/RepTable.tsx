import { useEffect, useRef } from 'react';
import { seconds, span, VERDICT_WORD } from '../format';
import type { TableRow } from '../model';

/** The set's reps in order, with any sensor dropout as its own row where it happened. */
export function RepTable({ rows }: { rows: TableRow[] }) {
  const wrap = useRef<HTMLDivElement>(null);
  // The newest rep is the one the lifter looks for: keep the bottom of a long set in view.
  useEffect(() => {
    if (wrap.current) wrap.current.scrollTop = wrap.current.scrollHeight;
  }, [rows.length]);
  return (
    <div className="table-wrap" ref={wrap}>
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
          {rows.length === 0 ? (
            <tr>
              <td colSpan={8} className="empty">
                No reps yet in this set
              </td>
            </tr>
          ) : (
            rows.map((row) =>
              row.kind === 'gap' ? (
                <tr key={`gap-${row.gap.startS}`} className="gap" data-testid="gap-row">
                  <td colSpan={8}>no data {span(row.gap.startS, row.gap.endS)}</td>
                </tr>
              ) : (
                <tr
                  key={`rep-${row.rep.startS}`}
                  className={row.verdict}
                  data-testid="rep-row"
                  data-verdict={row.verdict}
                >
                  <td>{row.number}</td>
                  <td>{seconds(row.rep.eccentric.durationS)}</td>
                  <td>{seconds(row.rep.bottomPause.durationS)}</td>
                  <td>{seconds(row.rep.concentric.durationS)}</td>
                  <td>{seconds(row.rep.topPause.durationS)}</td>
                  <td className="tempo">{row.rep.tempo}</td>
                  <td>{Math.round(row.rep.romM * 100)} cm</td>
                  <td>
                    {row.verdict === 'rushed' || row.verdict === 'unsure' ? (
                      <span className={`tag ${row.verdict}`}>{VERDICT_WORD[row.verdict]}</span>
                    ) : null}
                    {row.rep.estimated ? (
                      <span className="tag estimated" title="Counted from the bar's lift; phases estimated">
                        ≈
                      </span>
                    ) : null}
                  </td>
                </tr>
              ),
            )
          )}
        </tbody>
      </table>
    </div>
  );
}
