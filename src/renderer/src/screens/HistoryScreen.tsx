import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryFilter } from '../../../shared/ipc/contract';
import { formatLoad } from '../../../shared/session/load';
import type { SessionSummary } from '../../../shared/session/types';
import { getBridge, ipcErrorMessage } from '../bridge';
import { ErrorLine } from '../components/ErrorLine';
import { HISTORY_KEYS, screenKeyAction } from '../screen-keys';

interface FilterForm {
  athlete: string;
  exercise: string;
  /** yyyy-mm-dd, local days (the date inputs' value). */
  from: string;
  to: string;
}

/** The form as the channel's filter: blanks dropped, days as UTC instants of local midnight. */
export function historyFilter(f: FilterForm): HistoryFilter {
  const out: HistoryFilter = {};
  if (f.athlete.trim()) out.athlete = f.athlete.trim();
  if (f.exercise.trim()) out.exercise = f.exercise.trim();
  const day = (text: string, plusDays: number): string | undefined => {
    const [y, m, d] = text.split('-').map(Number);
    if (!y || !m || !d) return undefined;
    return new Date(y, m - 1, d + plusDays).toISOString();
  };
  const from = day(f.from, 0);
  const to = day(f.to, 1); // the "to" day is included
  if (from) out.from = from;
  if (to) out.to = to;
  return out;
}

const when = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Stored sessions, newest first: filter, rename, notes, delete (confirmed), open the review. */
export function HistoryScreen({ onOpen }: { onOpen(id: number): void }) {
  const [filter, setFilter] = useState<FilterForm>({ athlete: '', exercise: '', from: '', to: '' });
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [cursor, setCursor] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: number; field: 'name' | 'notes'; value: string } | null>(null);
  const [confirming, setConfirming] = useState<SessionSummary | null>(null);
  const [notes, setNotes] = useState<Map<number, string>>(new Map());
  const filterRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const editRef = useRef<HTMLInputElement>(null);

  const reload = useCallback(async () => {
    try {
      setSessions(await getBridge().listHistory(historyFilter(filter)));
      setError(null);
    } catch (err) {
      setError(ipcErrorMessage(err));
    }
  }, [filter]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const current = sessions[Math.min(cursor, sessions.length - 1)] ?? null;

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (editing) editRef.current?.focus();
  }, [editing]);

  const startEdit = useCallback(
    async (s: SessionSummary, field: 'name' | 'notes') => {
      let value = s.name ?? '';
      if (field === 'notes') {
        try {
          value = notes.get(s.id) ?? (await getBridge().openSession(s.id)).info.notes;
        } catch (err) {
          return setError(ipcErrorMessage(err));
        }
      }
      setEditing({ id: s.id, field, value });
    },
    [notes],
  );

  const saveEdit = useCallback(async () => {
    if (!editing) return;
    try {
      if (editing.field === 'name') {
        await getBridge().updateSession({ id: editing.id, name: editing.value.trim() || null });
      } else {
        await getBridge().updateSession({ id: editing.id, notes: editing.value });
        setNotes((m) => new Map(m).set(editing.id, editing.value));
      }
      setEditing(null);
      await reload();
    } catch (err) {
      setError(ipcErrorMessage(err));
    }
  }, [editing, reload]);

  const remove = useCallback(async () => {
    if (!confirming) return;
    try {
      await getBridge().deleteSession(confirming.id);
      setConfirming(null);
      await reload();
    } catch (err) {
      setError(ipcErrorMessage(err));
    }
  }, [confirming, reload]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (confirming) {
        if (e.code === 'Escape') {
          e.preventDefault();
          setConfirming(null);
        }
        return; // the dialog's own buttons take Enter / Tab
      }
      const action = screenKeyAction(HISTORY_KEYS, e);
      if (action === null) return;
      e.preventDefault();
      if (action === 'leave-field') {
        setEditing(null);
        (document.activeElement as HTMLElement | null)?.blur();
      } else if (action === 'prev-session') setCursor((c) => Math.max(0, c - 1));
      else if (action === 'next-session') setCursor((c) => Math.min(sessions.length - 1, c + 1));
      else if (action === 'filter') filterRef.current?.focus();
      else if (current === null) return;
      else if (action === 'open') onOpen(current.id);
      else if (action === 'rename') void startEdit(current, 'name');
      else if (action === 'notes') void startEdit(current, 'notes');
      else if (action === 'delete') setConfirming(current);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [confirming, current, sessions.length, onOpen, startEdit]);

  const field = (key: keyof FilterForm, label: string, type = 'text') => (
    <label>
      {label}
      <input
        ref={key === 'athlete' ? filterRef : undefined}
        type={type}
        value={filter[key]}
        maxLength={80}
        data-testid={`filter-${key}`}
        onChange={(e) => setFilter((f) => ({ ...f, [key]: e.target.value }))}
      />
    </label>
  );

  return (
    <main className="history" data-testid="history">
      <form className="review-tools" role="search" onSubmit={(e) => e.preventDefault()}>
        {field('athlete', 'Athlete')}
        {field('exercise', 'Exercise')}
        {field('from', 'From', 'date')}
        {field('to', 'To', 'date')}
      </form>
      <ErrorLine message={error} />
      {confirming ? (
        <div
          className="confirm"
          role="alertdialog"
          aria-labelledby="confirm-text"
          data-testid="confirm-delete"
        >
          <p id="confirm-text">
            Delete the session of {when(confirming.startedAt)} ({confirming.sets} sets, {confirming.reps}{' '}
            reps) with all its samples? This cannot be undone.
          </p>
          <button ref={confirmRef} type="button" className="danger" onClick={() => void remove()}>
            Delete
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            Keep it
          </button>
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="reps sessions" data-testid="session-list">
          <thead>
            <tr>
              <th className="text">Started</th>
              <th className="text">Name</th>
              <th className="text">Athlete</th>
              <th className="text">Exercise</th>
              <th>Load</th>
              <th>Tempo</th>
              <th>Sets</th>
              <th>Reps</th>
              <th>Length</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.length === 0 ? (
              <tr>
                <td colSpan={10} className="empty">
                  No stored sessions{Object.keys(historyFilter(filter)).length ? ' match the filter' : ' yet'}
                  .
                </td>
              </tr>
            ) : null}
            {sessions.map((s, i) => (
              <tr
                key={s.id}
                className={s === current ? 'current' : undefined}
                aria-selected={s === current}
                data-testid="session-row"
                data-id={s.id}
                onClick={() => setCursor(i)}
                onDoubleClick={() => onOpen(s.id)}
              >
                <td className="text">{when(s.startedAt)}</td>
                <td className="text">
                  {editing?.id === s.id ? (
                    <form
                      onSubmit={(e) => {
                        e.preventDefault();
                        void saveEdit();
                      }}
                    >
                      <input
                        ref={editRef}
                        aria-label={editing.field === 'name' ? 'Session name' : 'Notes'}
                        data-testid={`edit-${editing.field}`}
                        value={editing.value}
                        maxLength={editing.field === 'name' ? 200 : 20_000}
                        onChange={(e) => setEditing({ ...editing, value: e.target.value })}
                      />
                    </form>
                  ) : (
                    (s.name ?? <span className="muted">-</span>)
                  )}
                  {s.status !== 'complete' ? <span className="tag">{s.status}</span> : null}
                </td>
                <td className="text">{s.athlete ?? '-'}</td>
                <td className="text">{s.exercise ?? '-'}</td>
                <td>{s.load ? formatLoad(s.load) : '-'}</td>
                <td className="tempo">{s.tempo ?? '-'}</td>
                <td>{s.sets}</td>
                <td>{s.reps}</td>
                <td>{Math.round(s.durationS / 60)} min</td>
                <td className="row-actions">
                  <button type="button" onClick={() => onOpen(s.id)}>
                    Open
                  </button>
                  <button type="button" onClick={() => void startEdit(s, 'name')}>
                    Rename
                  </button>
                  <button type="button" onClick={() => void startEdit(s, 'notes')}>
                    Notes
                  </button>
                  <button type="button" className="danger" onClick={() => setConfirming(s)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
