import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { StartSessionRequest } from '../../../shared/ipc/contract';

interface Props {
  running: boolean;
  error: string | null;
  onStart(req: StartSessionRequest): void;
  onStop(): void;
}

export const DEFAULT_TEMPO = '3-1-X-0';

export function TempoControls({ running, error, onStart, onStop }: Props) {
  const [tempo, setTempo] = useState(DEFAULT_TEMPO);
  const [tolerance, setTolerance] = useState('0.8');
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    // Space anywhere toggles, so a lifter with chalked hands can hit the big key. Focused controls keep
    // their own Space behaviour (typing, clicking the focused button) so nothing toggles twice.
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || e.repeat) return;
      if (e.target instanceof Element && e.target.closest('input, select, textarea, button')) return;
      e.preventDefault();
      form.current?.requestSubmit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (running) onStop();
    else onStart({ tempo, tolerance: Number(tolerance) });
  };

  return (
    <form ref={form} className="controls" onSubmit={submit} data-tempo={tempo} data-tolerance={tolerance}>
      <label>
        Tempo
        <input
          value={tempo}
          onChange={(e) => setTempo(e.target.value)}
          disabled={running}
          spellCheck={false}
          aria-invalid={error !== null}
          aria-describedby="tempo-error"
          size={9}
        />
      </label>
      <label>
        Rushed below
        <select value={tolerance} onChange={(e) => setTolerance(e.target.value)} disabled={running}>
          {['0.6', '0.7', '0.8', '0.9'].map((t) => (
            <option key={t} value={t}>
              {Math.round(Number(t) * 100)}%
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={running ? 'stop' : 'start'}>
        {running ? 'Stop' : 'Start'}
      </button>
      <span className="hint">
        <kbd>Space</kbd> start / stop
      </span>
      {error ? (
        <span id="tempo-error" className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
