import type { FormEvent, RefObject } from 'react';
import type { RackSettings } from '../settings';

export interface SessionFormRefs {
  athlete: RefObject<HTMLInputElement | null>;
  exercise: RefObject<HTMLInputElement | null>;
  load: RefObject<HTMLInputElement | null>;
  tempo: RefObject<HTMLInputElement | null>;
  form: RefObject<HTMLFormElement | null>;
}

interface Props {
  settings: RackSettings;
  onChange(patch: Partial<RackSettings>): void;
  running: boolean;
  error: string | null;
  refs: SessionFormRefs;
  onSubmit(): void;
}

/** The Start/Stop button sits apart from the fields (beside the stage, the biggest target) but submits them. */
export const SESSION_FORM_ID = 'session-form';

export function StartStopButton({ running }: { running: boolean }) {
  return (
    <button type="submit" form={SESSION_FORM_ID} className={running ? 'go stop' : 'go start'}>
      {running ? 'Stop' : 'Start'}
    </button>
  );
}

/**
 * Who, what, how heavy and the prescription, beside one big Start/Stop. The fields are sent with the
 * session's start, so they are locked while it runs. Enter in any field starts.
 */
export function SessionForm({ settings, onChange, running, error, refs, onSubmit }: Props) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  const field = (key: 'athlete' | 'exercise', label: string, size: number) => (
    <label>
      {label}
      <input
        ref={refs[key]}
        value={settings[key]}
        onChange={(e) => onChange({ [key]: e.target.value })}
        disabled={running}
        spellCheck={false}
        maxLength={80}
        size={size}
        data-testid={`${key}-input`}
      />
    </label>
  );

  return (
    <form ref={refs.form} id={SESSION_FORM_ID} className="controls" onSubmit={submit} aria-label="Session">
      {field('athlete', 'Athlete', 8)}
      {field('exercise', 'Exercise', 10)}
      <label>
        Load
        <input
          ref={refs.load}
          value={settings.load}
          onChange={(e) => onChange({ load: e.target.value })}
          disabled={running}
          inputMode="decimal"
          size={4}
          data-testid="load-input"
        />
      </label>
      <button
        type="button"
        className="unit-toggle"
        onClick={() => onChange({ unit: settings.unit === 'kg' ? 'lb' : 'kg' })}
        disabled={running}
        aria-label={`Load unit: ${settings.unit} (press to switch)`}
        data-testid="unit-toggle"
      >
        {settings.unit}
      </button>
      <label>
        Tempo
        <input
          ref={refs.tempo}
          value={settings.tempo}
          onChange={(e) => onChange({ tempo: e.target.value })}
          disabled={running}
          spellCheck={false}
          aria-invalid={error !== null}
          aria-describedby="session-error"
          size={7}
          data-testid="tempo-input"
        />
      </label>
      <label>
        Rushed
        <select
          aria-label="Rushed below"
          value={settings.tolerance}
          onChange={(e) => onChange({ tolerance: e.target.value })}
          disabled={running}
        >
          {['0.6', '0.7', '0.8', '0.9'].map((t) => (
            <option key={t} value={t}>
              {Math.round(Number(t) * 100)}%
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <span id="session-error" className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
