import { useCallback, useEffect, useRef, useState } from 'react';
import { formatLoad } from '../../../shared/session/load';
import { primeAudio } from '../beep';
import { EccentricChart } from '../components/EccentricChart';
import { PhaseReadout } from '../components/PhaseReadout';
import { RepTable } from '../components/RepTable';
import { RushedFlash } from '../components/RushedFlash';
import { SessionForm, StartStopButton, type SessionFormRefs } from '../components/SessionForm';
import { StageBar } from '../components/StageBar';
import { Toggle } from '../components/Toggles';
import { VelocityTrace } from '../components/VelocityTrace';
import { keyOf, shortcutFor, type ShortcutAction } from '../keys';
import type { Metronome } from '../metronome';
import { shownReps, tableRows } from '../model';
import { loadSettings, saveSettings, startRequest, type RackSettings } from '../settings';
import type { SessionHook } from '../useSession';

function focusTarget(el: EventTarget | null): 'text' | 'control' | 'none' {
  if (!(el instanceof HTMLElement)) return 'none';
  if (el.matches('input, textarea')) return 'text';
  return el.matches('button, select, a[href]') ? 'control' : 'none';
}

/** The screen beside the rack: readable from 3 m, driven from the keyboard, big targets for chalky hands. */
export function RackScreen({ session, metronome }: { session: SessionHook; metronome: Metronome }) {
  const { view, state, error, trace, start, stop } = session;
  const running = state?.running ?? false;
  const prescription = state?.prescription ?? null;
  const [settings, setSettings] = useState<RackSettings>(loadSettings);
  const [formError, setFormError] = useState<string | null>(null);
  const refs: SessionFormRefs = {
    athlete: useRef<HTMLInputElement>(null),
    exercise: useRef<HTMLInputElement>(null),
    load: useRef<HTMLInputElement>(null),
    tempo: useRef<HTMLInputElement>(null),
    form: useRef<HTMLFormElement>(null),
  };

  const change = useCallback((patch: Partial<RackSettings>) => {
    setSettings((s) => {
      const next = { ...s, ...patch };
      saveSettings(next);
      return next;
    });
    setFormError(null);
  }, []);

  const arm = useCallback(() => {
    primeAudio(); // inside the key press or click, so later beeps are allowed to play
    const req = startRequest(settings);
    if ('error' in req) {
      setFormError(req.error);
      return;
    }
    setFormError(null);
    void start(req);
  }, [settings, start]);

  const toggleSession = useCallback(() => {
    if (running) void stop();
    else arm();
  }, [running, stop, arm]);

  // The metronome follows the setting and the running session's target.
  const targetS = prescription?.eccentricS ?? null;
  useEffect(() => {
    metronome.configure(settings.metronome && running, targetS);
  }, [metronome, settings.metronome, running, targetS]);

  // Auto-arm: once the first state is known, an idle screen arms itself (the first rep starts the set).
  const autoArmed = useRef(false);
  useEffect(() => {
    if (autoArmed.current || state === null) return;
    autoArmed.current = true;
    if (settings.autoArm && !state.running) arm();
  }, [state, settings.autoArm, arm]);

  const act = useCallback(
    (action: ShortcutAction) => {
      const focus = (el: HTMLInputElement | null) => {
        el?.focus();
        el?.select();
      };
      switch (action) {
        case 'start-stop':
          return toggleSession();
        case 'metronome':
          primeAudio();
          return change({ metronome: !settings.metronome });
        case 'unit':
          if (!running) change({ unit: settings.unit === 'kg' ? 'lb' : 'kg' });
          return;
        case 'auto':
          change({ autoArm: !settings.autoArm });
          if (!settings.autoArm && !running) arm();
          return;
        case 'focus-athlete':
          return focus(refs.athlete.current);
        case 'focus-exercise':
          return focus(refs.exercise.current);
        case 'focus-load':
          return focus(refs.load.current);
        case 'focus-tempo':
          return focus(refs.tempo.current);
        case 'leave-field':
          if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
          return;
      }
    },
    // `refs` holds stable ref objects: only what the actions read changes the handler.
    [toggleSession, change, settings, running, arm],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e, focusTarget(e.target));
      if (action === null) return;
      e.preventDefault();
      act(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act]);

  return (
    <>
      <div className="top-row">
        <SessionForm
          settings={settings}
          onChange={change}
          running={running}
          error={formError ?? error}
          refs={refs}
          onSubmit={toggleSession}
        />
      </div>
      <div className="stage-row">
        <StageBar view={view} running={running} />
        {(
          [
            ['metronome', 'Metronome', settings.metronome],
            ['auto', 'Auto-arm', settings.autoArm],
          ] as const
        ).map(([action, label, on]) => (
          <Toggle
            key={action}
            on={on}
            label={label}
            keyName={keyOf(action)}
            onToggle={() => act(action)}
            testId={`${action}-toggle`}
          />
        ))}
        <StartStopButton running={running} />
      </div>
      <main className="rack">
        <PhaseReadout view={view} running={running} prescription={prescription} />
        <section className="set" aria-label="Current set">
          <h2>
            {[state?.athlete, state?.exercise].filter(Boolean).join(' · ') || 'Set'}
            {state?.load ? <span className="tempo-chip">{formatLoad(state.load)}</span> : null}
            {state?.tempo ? <span className="tempo-chip">{state.tempo}</span> : null}
          </h2>
          <RepTable rows={tableRows(view, prescription)} />
          <VelocityTrace trace={trace} />
          <EccentricChart reps={shownReps(view)} prescription={prescription} />
        </section>
      </main>
      <RushedFlash alert={view.rushedAlert} />
    </>
  );
}
