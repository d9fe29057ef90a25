import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { RepCurve } from '../../../shared/engine/curves';
import type { ExportFormat, SessionReview } from '../../../shared/ipc/contract';
import { eccentricChart, phaseChart, PHASE_NAMES, sessionChart, signed } from '../../../shared/report/charts';
import { repCurveChart } from '../../../shared/report/curve-chart';
import type { ReportModel, RepModel, SetModel } from '../../../shared/report/model';
import { PHASES } from '../../../shared/tempo/score';
import { getBridge, ipcErrorMessage } from '../bridge';
import { ErrorLine } from '../components/ErrorLine';
import { SceneSvg } from '../components/SceneSvg';
import { REVIEW_KEYS, screenKeyAction } from '../screen-keys';

const pct = (share: number | null | undefined): string =>
  share === null || share === undefined ? '-' : `${Math.round(share * 100)}%`;

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: 'pdf', label: 'PDF' },
  { format: 'html', label: 'HTML' },
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
];

interface Selection {
  setIndex: number;
  repIndex: number;
}

/**
 * A stored session after the bar is racked: per set its phases, eccentrics and figures; across the session
 * every eccentric in order and a table per set; a rep's own curve; re-scoring, export and import.
 * `sessionId` null = the newest stored session (the one just recorded).
 */
export function ReviewScreen({
  sessionId,
  onOpened,
}: {
  sessionId: number | null;
  onOpened(id: number): void;
}) {
  const [review, setReview] = useState<SessionReview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [setIndex, setSetIndex] = useState(1);
  const [selected, setSelected] = useState<Selection | null>(null);
  const [curve, setCurve] = useState<RepCurve | null | 'loading'>(null);
  const [tempo, setTempo] = useState('');
  const [tolerance, setTolerance] = useState('0.8');
  const [dragging, setDragging] = useState(false);
  const tempoRef = useRef<HTMLInputElement>(null);

  const show = useCallback((r: SessionReview) => {
    setReview(r);
    setTempo(r.scoring.tempo ?? '');
    setTolerance(String(r.scoring.tolerance));
    setError(null);
  }, []);

  const open = useCallback(
    async (id: number | null) => {
      try {
        const target = id ?? (await getBridge().listHistory())[0]?.id ?? null;
        if (target === null) {
          setReview(null);
          setError('No stored session yet: record one on the rack screen, or import a file.');
          return;
        }
        show(await getBridge().openSession(target));
        setSetIndex(1);
        setSelected(null);
        setCurve(null);
        if (id === null) onOpened(target);
      } catch (err) {
        setError(ipcErrorMessage(err));
      }
    },
    [show, onOpened],
  );

  useEffect(() => {
    void open(sessionId);
  }, [open, sessionId]);

  const model = review?.report ?? null;
  const set = model?.sets.find((s) => s.index === setIndex) ?? model?.sets[0] ?? null;
  const id = review?.summary.id ?? null;

  // A rep's curve comes from main (the engine's recorded velocity), once per selection.
  useEffect(() => {
    if (id === null || selected === null) return;
    let live = true;
    setCurve('loading');
    getBridge()
      .repCurve({ id, ...selected })
      .then((c) => live && setCurve(c))
      .catch((err: unknown) => live && setError(ipcErrorMessage(err)));
    return () => {
      live = false;
    };
  }, [id, selected]);

  const moveRep = useCallback(
    (by: number) => {
      if (!model || model.reps.length === 0) return;
      const at = selected
        ? model.reps.findIndex((r) => r.setIndex === selected.setIndex && r.index === selected.repIndex)
        : by > 0
          ? -1
          : model.reps.length;
      const next = model.reps[Math.min(Math.max(at + by, 0), model.reps.length - 1)]!;
      setSelected({ setIndex: next.setIndex, repIndex: next.index });
      setSetIndex(next.setIndex);
    },
    [model, selected],
  );

  const moveSet = useCallback(
    (by: number) => {
      if (!model || model.sets.length === 0) return;
      const at = model.sets.findIndex((s) => s.index === set?.index);
      const next = model.sets[Math.min(Math.max(at + by, 0), model.sets.length - 1)]!;
      setSetIndex(next.index);
      setSelected(null);
      setCurve(null);
    },
    [model, set],
  );

  const reanalyze = useCallback(async () => {
    if (id === null) return;
    const tol = Number(tolerance);
    try {
      show(
        await getBridge().reanalyzeSession({
          id,
          tempo: tempo.trim() === '' ? null : tempo.trim(),
          tolerance: tol,
        }),
      );
      setCurve(null);
      setSelected(null);
      setNote('Re-analysed: the figures below follow the new prescription.');
    } catch (err) {
      setError(ipcErrorMessage(err));
    }
  }, [id, tempo, tolerance, show]);

  const exportAs = useCallback(
    async (format: ExportFormat) => {
      if (id === null) return;
      try {
        const result = await getBridge().exportSession({ id, format });
        setNote('path' in result ? `Saved ${result.path}` : 'Export cancelled.');
        setError(null);
      } catch (err) {
        setError(ipcErrorMessage(err));
      }
    },
    [id],
  );

  const importFile = useCallback(
    async (file?: File) => {
      try {
        const result = await getBridge().importSession(file);
        if ('cancelled' in result) return setNote('Import cancelled.');
        setNote(`Imported session ${result.summary.id}.`);
        onOpened(result.summary.id);
      } catch (err) {
        setError(ipcErrorMessage(err));
      }
    },
    [onOpened],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = screenKeyAction(REVIEW_KEYS, e);
      if (action === null) return;
      e.preventDefault();
      if (action === 'leave-field') (document.activeElement as HTMLElement | null)?.blur();
      else if (action === 'next-rep') moveRep(1);
      else if (action === 'prev-rep') moveRep(-1);
      else if (action === 'next-set') moveSet(1);
      else if (action === 'prev-set') moveSet(-1);
      else if (action === 'focus-tempo') tempoRef.current?.select();
      else if (action === 'import') void importFile();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [moveRep, moveSet, importFile]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void importFile(file);
  };

  const selectedRep = useMemo(
    () =>
      selected && model
        ? (model.reps.find((r) => r.setIndex === selected.setIndex && r.index === selected.repIndex) ?? null)
        : null,
    [selected, model],
  );

  return (
    <main
      className={dragging ? 'review dragging' : 'review'}
      data-testid="review"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <section className="review-head">
        <h2 data-testid="review-title">{model ? sessionTitle(model) : 'Review'}</h2>
        {model ? (
          <p className="review-meta">
            {model.dateText} · {model.sets.length} sets · {model.reps.length} reps · {model.rushedCount}{' '}
            rushed ·{' '}
            {model.prescription
              ? `${model.prescription.tempo} at ${pct(model.prescription.tolerance)}`
              : 'no prescription'}
          </p>
        ) : null}
        <form
          className="review-tools"
          onSubmit={(e) => {
            e.preventDefault();
            void reanalyze();
          }}
        >
          <label>
            Tempo
            <input
              ref={tempoRef}
              value={tempo}
              onChange={(e) => setTempo(e.target.value)}
              data-testid="review-tempo"
              placeholder="none"
              maxLength={32}
            />
          </label>
          <label>
            Tolerance
            <input
              value={tolerance}
              onChange={(e) => setTolerance(e.target.value)}
              data-testid="review-tolerance"
              inputMode="decimal"
              maxLength={6}
            />
          </label>
          <button type="submit" disabled={id === null}>
            Re-analyse
          </button>
          <span className="tool-gap" />
          {EXPORTS.map((x) => (
            <button
              key={x.format}
              type="button"
              disabled={id === null}
              onClick={() => void exportAs(x.format)}
            >
              {x.label}
            </button>
          ))}
          <button type="button" onClick={() => void importFile()} data-testid="import-button">
            Import…
          </button>
        </form>
        <ErrorLine message={error} />
        {note ? (
          <p className="review-note" role="status" data-testid="review-note">
            {note}
          </p>
        ) : null}
        <p className="drop-hint">Drop a CSV recording or a session .json anywhere here to import it.</p>
      </section>

      {model && set ? (
        <>
          <section className="review-set" aria-label={`Set ${set.index}`} data-testid="set-review">
            <div className="set-tabs" role="tablist" aria-label="Sets">
              {model.sets.map((s) => (
                <button
                  key={s.index}
                  type="button"
                  role="tab"
                  aria-selected={s.index === set.index}
                  className={s.index === set.index ? 'tab active' : 'tab'}
                  onClick={() => {
                    setSetIndex(s.index);
                    setSelected(null);
                    setCurve(null);
                  }}
                >
                  Set {s.index}
                </button>
              ))}
            </div>
            <div className="review-grid">
              <div className="paper">
                <SceneSvg scene={phaseChart(set, model.prescription)} testId="phase-chart" />
                <SceneSvg scene={eccentricChart(set, model.prescription)} testId="eccentric-chart" />
              </div>
              <div>
                <SetFigures set={set} model={model} />
                <RepPicker
                  set={set}
                  selected={selectedRep}
                  onPick={(r) => setSelected({ setIndex: r.setIndex, repIndex: r.index })}
                />
              </div>
            </div>
            {selected ? (
              <div
                className="paper curve"
                data-testid="rep-curve"
                data-source={curve && curve !== 'loading' ? curve.source : ''}
              >
                {curve === 'loading' ? (
                  <p>Loading the curve…</p>
                ) : curve === null ? (
                  <p>No curve was recorded for this rep.</p>
                ) : (
                  <SceneSvg
                    scene={repCurveChart(curve, `Set ${selected.setIndex}, rep ${selected.repIndex}`)}
                    testId="curve-chart"
                  />
                )}
              </div>
            ) : null}
          </section>

          <section className="review-session" aria-label="Whole session" data-testid="session-review">
            <h3>Across the session</h3>
            <div className="paper">
              <SceneSvg scene={sessionChart(model)} testId="session-chart" />
            </div>
            <SessionTable model={model} />
          </section>
        </>
      ) : null}
    </main>
  );
}

function sessionTitle(model: ReportModel): string {
  return [model.name, model.athlete, model.exercise, model.loadText].filter(Boolean).join(' · ') || 'Session';
}

function SetFigures({ set, model }: { set: SetModel; model: ReportModel }) {
  const s = set.summary;
  return (
    <table className="reps figures" data-testid="set-figures">
      <tbody>
        {PHASES.map((phase) => (
          <tr key={phase}>
            <th scope="row">{PHASE_NAMES[phase]} within tolerance</th>
            <td data-testid={`adherence-${phase}`}>{model.prescription ? pct(s.adherence?.[phase]) : '-'}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">eccentric mean</th>
          <td>{s.repCount ? `${s.eccentricMeanS.toFixed(2)} s` : '-'}</td>
        </tr>
        <tr>
          <th scope="row">eccentric CV · trend</th>
          <td>{s.repCount ? `${pct(s.eccentricCv)} · ${signed(s.eccentricTrendSPerRep)} s/rep` : '-'}</td>
        </tr>
        <tr>
          <th scope="row">concentric mean · peak</th>
          <td>
            {set.meanConcentricVelocityMps.toFixed(2)} · {set.peakConcentricVelocityMps.toFixed(2)} m/s
          </td>
        </tr>
        <tr>
          <th scope="row">velocity loss</th>
          <td>{s.velocityLossPct.toFixed(0)}%</td>
        </tr>
        <tr>
          <th scope="row">rushed</th>
          <td data-testid="set-rushed">
            {model.prescription?.eccentricBand ? `${s.rushedCount} of ${s.repCount}` : '-'}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function RepPicker({
  set,
  selected,
  onPick,
}: {
  set: SetModel;
  selected: RepModel | null;
  onPick(r: RepModel): void;
}) {
  return (
    <div className="rep-picker" role="group" aria-label="Reps: pick one to see its curve (arrow keys)">
      {set.reps.map((r) => (
        <button
          key={r.index}
          type="button"
          className={[r.rushed ? 'rushed' : '', selected === r ? 'active' : ''].join(' ').trim() || undefined}
          aria-pressed={selected === r}
          data-testid="rep-button"
          onClick={() => onPick(r)}
        >
          {r.index}
          <small>
            {r.durationsS.eccentric.toFixed(1)}s{r.rushed ? ' RUSHED' : ''}
          </small>
        </button>
      ))}
    </div>
  );
}

function SessionTable({ model }: { model: ReportModel }) {
  return (
    <div className="table-wrap">
      <table className="reps" data-testid="session-table">
        <thead>
          <tr>
            <th>Set</th>
            <th>Reps</th>
            <th>Ecc mean s</th>
            <th>CV</th>
            <th>Trend s/rep</th>
            <th>Rushed</th>
            {PHASES.map((p) => (
              <th key={p}>{PHASE_NAMES[p]}</th>
            ))}
            <th>Mean m/s</th>
            <th>Peak m/s</th>
            <th>Vel. loss</th>
          </tr>
        </thead>
        <tbody>
          {model.sets.map((set) => {
            const s = set.summary;
            return (
              <tr key={set.index}>
                <td>{set.index}</td>
                <td>{s.repCount}</td>
                <td>{s.repCount ? s.eccentricMeanS.toFixed(2) : '-'}</td>
                <td>{s.repCount ? pct(s.eccentricCv) : '-'}</td>
                <td>{s.repCount ? signed(s.eccentricTrendSPerRep) : '-'}</td>
                <td className={s.rushedCount > 0 ? 'flag-rushed' : undefined}>
                  {model.prescription?.eccentricBand ? s.rushedCount : '-'}
                </td>
                {PHASES.map((p) => (
                  <td key={p}>{pct(s.adherence?.[p])}</td>
                ))}
                <td>{set.meanConcentricVelocityMps.toFixed(2)}</td>
                <td>{set.peakConcentricVelocityMps.toFixed(2)}</td>
                <td>{s.velocityLossPct.toFixed(0)}%</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
