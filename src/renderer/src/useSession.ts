import { useCallback, useEffect, useRef, useState } from 'react';
import type { SampleTrace, SensorStatus, SessionState, StartSessionRequest } from '../../shared/ipc/contract';
import { getBridge, ipcErrorMessage } from './bridge';
import { applyEvents, emptyView, type LiveView } from './model';
import { TraceBuffer } from './trace';

export interface SessionHook {
  view: LiveView;
  state: SessionState | null;
  sensor: SensorStatus | null;
  /** Last start/stop failure (e.g. bad tempo notation), shown next to the input. */
  error: string | null;
  /** The engine's live velocity, for the chart (mutable: subscribe to it, it does not re-render). */
  trace: TraceBuffer;
  start(req: StartSessionRequest): Promise<void>;
  stop(): Promise<void>;
}

/** `onTrace` gets every velocity batch as it arrives (the metronome), and `onNewSession` each start. */
export function useSession(
  hooks: { onTrace?(t: SampleTrace): void; onNewSession?(): void } = {},
): SessionHook {
  const [view, setView] = useState<LiveView>(emptyView);
  const [state, setState] = useState<SessionState | null>(null);
  const [sensor, setSensor] = useState<SensorStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sessionStart = useRef<number | null>(null);
  const [trace] = useState(() => new TraceBuffer());
  const hooksRef = useRef(hooks);
  hooksRef.current = hooks;

  const acceptState = useCallback(
    (s: SessionState) => {
      // Main pushes the new state before the session's first event batch (same ordered channel), so
      // clearing here can never drop events of the new session.
      if (s.running && s.startedAtMs !== sessionStart.current) {
        setView(emptyView);
        trace.clear();
        hooksRef.current.onNewSession?.();
      }
      sessionStart.current = s.startedAtMs;
      setState(s);
      setSensor(s.sensor);
    },
    [trace],
  );

  useEffect(() => {
    const api = getBridge();
    const offs = [
      api.onEngineEvents((events) => setView((v) => applyEvents(v, events))),
      api.onSamples((t) => {
        trace.push(t);
        hooksRef.current.onTrace?.(t);
      }),
      api.onSensorStatus(setSensor),
      api.onSessionState(acceptState),
    ];
    api
      .getSessionState()
      .then(acceptState)
      .catch((err: unknown) => setError(ipcErrorMessage(err)));
    return () => offs.forEach((off) => off());
  }, [acceptState, trace]);

  const start = useCallback(
    async (req: StartSessionRequest) => {
      try {
        acceptState(await getBridge().startSession(req));
        setError(null);
      } catch (err) {
        setError(ipcErrorMessage(err));
      }
    },
    [acceptState],
  );

  const stop = useCallback(async () => {
    try {
      acceptState(await getBridge().stopSession());
    } catch (err) {
      setError(ipcErrorMessage(err));
    }
  }, [acceptState]);

  return { view, state, sensor, error, trace, start, stop };
}
