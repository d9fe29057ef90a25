import { useCallback, useEffect, useRef, useState } from 'react';
import { scheduleTick } from './beep';
import { SensorPicker } from './components/SensorPicker';
import { Shortcuts } from './components/Shortcuts';
import { StatusBanner } from './components/StatusBanner';
import { Metronome } from './metronome';
import { SHORTCUTS } from './keys';
import { HISTORY_KEYS, REVIEW_KEYS } from './screen-keys';
import { HistoryScreen } from './screens/HistoryScreen';
import { RackScreen } from './screens/RackScreen';
import { ReviewScreen } from './screens/ReviewScreen';
import { useSession } from './useSession';

/** The app's screens, in tab order; each has a digit key. */
const SCREENS = [
  { id: 'rack', label: 'Rack', key: '1' },
  { id: 'review', label: 'Review', key: '2' },
  { id: 'history', label: 'History', key: '3' },
] as const;
const LEGEND = { rack: SHORTCUTS, review: REVIEW_KEYS, history: HISTORY_KEYS } as const;
type ScreenId = (typeof SCREENS)[number]['id'];

export function App() {
  const [metronome] = useState(() => new Metronome({ schedule: scheduleTick }));
  // The session lives above the screens: a set keeps recording while another screen is shown.
  const session = useSession({ onTrace: (t) => metronome.onTrace(t), onNewSession: () => metronome.reset() });
  const [screen, setScreen] = useState<ScreenId>('rack');
  /** The session the review shows; null = the newest stored one (the session just recorded). */
  const [reviewId, setReviewId] = useState<number | null>(null);
  /** A session just stopped: the rack screen offers its review. */
  const [offerReview, setOfferReview] = useState(false);
  const running = session.state?.running ?? false;
  const recordedId = session.state?.sessionId ?? null;
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running && recordedId !== null) {
      setReviewId(recordedId);
      setOfferReview(true);
    }
    if (running) setOfferReview(false);
    wasRunning.current = running;
  }, [running, recordedId]);
  const openReview = useCallback((id: number | null) => {
    setReviewId(id);
    setOfferReview(false);
    setScreen('review');
  }, []);
  const onOpened = useCallback((id: number) => setReviewId(id), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target instanceof HTMLElement && e.target.matches('input, textarea')) return;
      const target = SCREENS.find((s) => e.code === `Digit${s.key}`);
      if (target) {
        if (target.id === 'review') setOfferReview(false);
        setScreen(target.id);
      }
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
      {screen === 'rack' && offerReview ? (
        <p className="banner banner-info review-offer" role="status" data-testid="review-offer">
          Session saved.{' '}
          <button type="button" onClick={() => openReview(recordedId)}>
            Review it <kbd>2</kbd>
          </button>
        </p>
      ) : null}
      {screen === 'rack' ? <RackScreen session={session} metronome={metronome} /> : null}
      {screen === 'review' ? <ReviewScreen sessionId={reviewId} onOpened={onOpened} /> : null}
      {screen === 'history' ? <HistoryScreen onOpen={(id) => openReview(id)} /> : null}
      <Shortcuts shortcuts={LEGEND[screen]} extra={[{ keys: SCREENS.map((s) => s.key), label: 'screens' }]} />
    </div>
  );
}
