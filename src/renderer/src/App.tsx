import { useEffect, useState } from 'react';
import { scheduleTick } from './beep';
import { SensorPicker } from './components/SensorPicker';
import { Shortcuts } from './components/Shortcuts';
import { StatusBanner } from './components/StatusBanner';
import { Metronome } from './metronome';
import { RackScreen } from './screens/RackScreen';
import { useSession } from './useSession';

/**
 * The app's screens, in tab order; each has a digit key. Only the rack screen exists yet: Review and
 * History (they need the sessions database) are added here as `{ id, label, key }` entries and a case below.
 */
const SCREENS = [{ id: 'rack', label: 'Rack', key: '1' }] as const;
type ScreenId = (typeof SCREENS)[number]['id'];

export function App() {
  const [metronome] = useState(() => new Metronome({ schedule: scheduleTick }));
  // The session lives above the screens: a set keeps recording while another screen is shown.
  const session = useSession({ onTrace: (t) => metronome.onTrace(t), onNewSession: () => metronome.reset() });
  const [screen, setScreen] = useState<ScreenId>('rack');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target instanceof HTMLElement && e.target.matches('input, textarea')) return;
      const target = SCREENS.find((s) => e.code === `Digit${s.key}`);
      if (target) setScreen(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <header>
        <h1>BarTempo</h1>
        <nav className="tabs" role="tablist" aria-label="Screens">
          {SCREENS.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              aria-selected={screen === s.id}
              className={screen === s.id ? 'tab active' : 'tab'}
              onClick={() => setScreen(s.id)}
            >
              {s.label} <kbd>{s.key}</kbd>
            </button>
          ))}
        </nav>
        {/* The sensor is the app's, not one screen's. */}
        <StatusBanner sensor={session.sensor} sessionError={session.state?.error ?? null} />
        <SensorPicker running={session.state?.running ?? false} sensor={session.sensor} />
      </header>
      {screen === 'rack' ? <RackScreen session={session} metronome={metronome} /> : null}
      <Shortcuts extra={[{ keys: SCREENS.map((s) => s.key), label: 'screens' }]} />
    </div>
  );
}
