import { EccentricChart } from './components/EccentricChart';
import { PhaseReadout } from './components/PhaseReadout';
import { RepTable } from './components/RepTable';
import { RushedFlash } from './components/RushedFlash';
import { SensorPicker } from './components/SensorPicker';
import { StatusBanner } from './components/StatusBanner';
import { TempoControls } from './components/TempoControls';
import { primeAudio } from './beep';
import { useSession } from './useSession';

export function App() {
  const { view, state, sensor, error, start, stop } = useSession();
  const running = state?.running ?? false;
  const prescription = state?.prescription ?? null;

  return (
    <div className="app">
      <header>
        <h1>BarTempo</h1>
        <TempoControls
          running={running}
          error={error}
          onStart={(req) => {
            primeAudio(); // inside the user gesture, so later beeps are allowed to play
            void start(req);
          }}
          onStop={() => void stop()}
        />
      </header>
      <div className="sensor-row">
        <StatusBanner sensor={sensor} sessionError={state?.error ?? null} />
        <SensorPicker running={running} sensor={sensor} />
      </div>
      <main>
        <PhaseReadout view={view} running={running} prescription={prescription} />
        <section className="set" aria-label="Current set">
          <h2>
            Set {view.setIndex ?? '–'}
            {state?.tempo ? <span className="tempo-chip">{state.tempo}</span> : null}
            {view.summary ? (
              <span className="summary">
                {view.summary.repCount} reps · {view.summary.rushedCount} rushed
              </span>
            ) : null}
          </h2>
          <div className="table-wrap">
            <RepTable reps={view.reps} />
          </div>
          <EccentricChart reps={view.reps} prescription={prescription} />
        </section>
      </main>
      <RushedFlash count={view.rushedCount} />
    </div>
  );
}
