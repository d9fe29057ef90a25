/** Pure reduction of engine events into what the rack screen shows; no React, easy to reason about. */
import type { EngineEvent, PhaseName, RepMetrics, SetSummary } from '../../shared/engine/types';

export interface LastEccentric {
  repIndex: number;
  durationS: number;
  rushed: boolean;
}

export interface LiveView {
  setIndex: number | null;
  repIndex: number | null;
  phase: PhaseName | null;
  lastEccentric: LastEccentric | null;
  /** Completed reps of the current set, in order. */
  reps: RepMetrics[];
  summary: SetSummary | null;
  /** Incremented on every rushed eccentric: the flash and the beep key off changes to it. */
  rushedCount: number;
}

export const emptyView: LiveView = {
  setIndex: null,
  repIndex: null,
  phase: null,
  lastEccentric: null,
  reps: [],
  summary: null,
  rushedCount: 0,
};

export function applyEvents(view: LiveView, events: readonly EngineEvent[]): LiveView {
  return events.reduce(applyEvent, view);
}

function applyEvent(view: LiveView, e: EngineEvent): LiveView {
  switch (e.type) {
    case 'set-started':
      // A new set gets a clean table; the rushed counter keeps counting so the next flash still fires.
      // The engine announces a set once its first lowering is finalised, which can be after that
      // lowering's `eccentric-ended`: keep the readout it already set.
      return {
        ...emptyView,
        setIndex: e.setIndex,
        rushedCount: view.rushedCount,
        lastEccentric: view.lastEccentric,
      };
    case 'rep-started':
      return { ...view, repIndex: e.repIndex };
    case 'phase-changed':
      return { ...view, repIndex: e.repIndex, phase: e.phase };
    case 'eccentric-ended':
      return {
        ...view,
        lastEccentric: { repIndex: e.repIndex, durationS: e.durationS, rushed: e.rushed },
        rushedCount: view.rushedCount + (e.rushed ? 1 : 0),
      };
    case 'rep-completed':
      return { ...view, reps: [...view.reps.filter((r) => r.index !== e.rep.index), e.rep] };
    case 'set-ended':
      return { ...view, phase: null, reps: e.set.reps, summary: e.set.summary };
    case 'gap':
      return view;
  }
}
