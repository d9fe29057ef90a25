/** Pure reduction of engine events into what the rack screen shows; no React, easy to reason about. */
import type { EngineEvent, Gap, PhaseName, RepMetrics, SetResult } from '../../shared/engine/types';
import { isRushed } from '../../shared/tempo/score';
import type { Prescription } from '../../shared/tempo/types';

/**
 * How a negative reads. The engine withholds its live warning for a lowering it takes for a possible
 * rack move (`rushed: false` below the line), so a figure under tolerance x target that was not flagged
 * is "unsure": never shown as fine.
 */
export type Verdict = 'fine' | 'rushed' | 'unsure' | 'untimed';

export function eccentricVerdict(
  durationS: number,
  flaggedRushed: boolean,
  prescription: Prescription | null,
): Verdict {
  if (flaggedRushed) return 'rushed';
  if (prescription === null || prescription.eccentricS === null) return 'untimed';
  return isRushed(durationS, prescription) ? 'unsure' : 'fine';
}

/** Where the session is: waiting for a set's first rep, inside a set, or just past a set's end. */
export type Stage = 'armed' | 'in-set' | 'set-ended';

export interface LastEccentric {
  /** When the lowering reached the bottom (stream seconds). */
  atS: number;
  durationS: number;
  rushed: boolean;
}

/** A live RUSHED warning, kept until the set's final reps confirm or take it back. */
export interface RushedAlert {
  /** Increments with every new warning: the flash and the beep key off it. */
  seq: number;
  atS: number;
  /** The set's final reps did not keep it as a rushed rep: the flash stops, the figure is revised. */
  withdrawn: boolean;
}

interface LiveRep {
  /** The engine's live set number (its final sets may be merged or split: set-ended is the final word). */
  setIndex: number;
  rep: RepMetrics;
}

export interface LiveView {
  stage: Stage;
  /** Sets the engine has ended this session. */
  setsEnded: number;
  repIndex: number | null;
  phase: PhaseName | null;
  lastEccentric: LastEccentric | null;
  /** Provisional reps of the set in progress, in order of completion. */
  liveReps: LiveRep[];
  /** The last set the engine ended, with its final reps. */
  lastSet: SetResult | null;
  /** Gaps at or after this time belong to the set in progress (the last ended set's end). */
  currentFromS: number;
  /** The same for the last ended set (the end of the one before it). */
  lastSetFromS: number;
  /** Sensor dropouts this session (the most recent MAX_GAPS). */
  gaps: Gap[];
  rushedAlert: RushedAlert | null;
  /** Bottoms already announced (a lowering can be announced twice: live, then when its rep forms). */
  announcedAtS: number[];
}

const MAX_GAPS = 200;
/** Final re-timing can move a lowering's end a little; past this it is another lowering. */
const SAME_LOWERING_S = 0.5;
/** Two announcements of one bottom carry the same time; float noise only. */
const SAME_BOTTOM_S = 1e-6;

export const emptyView: LiveView = {
  stage: 'armed',
  setsEnded: 0,
  repIndex: null,
  phase: null,
  lastEccentric: null,
  liveReps: [],
  lastSet: null,
  currentFromS: -Infinity,
  lastSetFromS: -Infinity,
  gaps: [],
  rushedAlert: null,
  announcedAtS: [],
};

export function applyEvents(view: LiveView, events: readonly EngineEvent[]): LiveView {
  return events.reduce(applyEvent, view);
}

function applyEvent(view: LiveView, e: EngineEvent): LiveView {
  switch (e.type) {
    case 'set-started':
    case 'rep-started':
      return { ...enterSet(view), repIndex: e.type === 'rep-started' ? e.repIndex : view.repIndex };
    case 'phase-changed':
      return { ...enterSet(view), repIndex: e.repIndex, phase: e.phase };
    case 'eccentric-ended':
      return onEccentricEnded(view, e.atS, e.durationS, e.rushed);
    case 'rep-completed': {
      const next = enterSet(view);
      const others = next.liveReps.filter((r) => r.setIndex !== e.setIndex || r.rep.index !== e.rep.index);
      return { ...next, liveReps: [...others, { setIndex: e.setIndex, rep: e.rep }] };
    }
    case 'set-ended':
      return onSetEnded(view, e.set);
    case 'gap':
      return { ...view, gaps: [...view.gaps, e.gap].slice(-MAX_GAPS) };
  }
}

/** The first sign of a set's reps ends the "armed" or "set ended" screen. */
function enterSet(view: LiveView): LiveView {
  return view.stage === 'in-set' ? view : { ...view, stage: 'in-set', liveReps: [], announcedAtS: [] };
}

function onEccentricEnded(view: LiveView, atS: number, durationS: number, rushed: boolean): LiveView {
  // Deliberately not a stage change: a lone lowering (putting the bar back) is not a set.
  if (view.announcedAtS.some((t) => Math.abs(t - atS) <= SAME_BOTTOM_S)) return view;
  const announcedAtS = [...view.announcedAtS, atS].slice(-32);
  // A set's first lowering can be announced after a later one: the readout keeps the latest lowering.
  const latest = view.lastEccentric === null || atS >= view.lastEccentric.atS;
  return {
    ...view,
    announcedAtS,
    lastEccentric: latest ? { atS, durationS, rushed } : view.lastEccentric,
    rushedAlert: rushed ? { seq: (view.rushedAlert?.seq ?? 0) + 1, atS, withdrawn: false } : view.rushedAlert,
  };
}

/**
 * The engine's final word on a set: the reps shown become exactly its reps, and whatever was shown live
 * and is not among them (a re-rack taken for a rushed rep, a rep merged away) goes. The engine ends a
 * set only once no set is open, so every live rep and lowering announced so far is settled by it.
 */
function onSetEnded(view: LiveView, set: SetResult): LiveView {
  const lastRep = set.reps[set.reps.length - 1];
  const alert = view.rushedAlert;
  const confirmed =
    alert !== null &&
    set.reps.some((r) => r.rushed && Math.abs(r.eccentric.endS - alert.atS) <= SAME_LOWERING_S);
  return {
    ...view,
    stage: 'set-ended',
    setsEnded: set.index,
    repIndex: null,
    phase: null,
    liveReps: [],
    lastSet: set,
    lastSetFromS: view.currentFromS,
    currentFromS: set.endS,
    lastEccentric: lastRep
      ? { atS: lastRep.eccentric.endS, durationS: lastRep.eccentric.durationS, rushed: lastRep.rushed }
      : view.lastEccentric,
    // A withdrawn warning stops flashing; its number is kept so a later warning still counts up.
    rushedAlert: alert === null || confirmed ? alert : { ...alert, withdrawn: true },
    announcedAtS: [],
  };
}

/** The set number to show: the set in progress, the one just ended, or (armed) the next. */
export function shownSetNumber(view: LiveView): number {
  return view.stage === 'set-ended' ? view.setsEnded : view.setsEnded + 1;
}

export type TableRow =
  { kind: 'rep'; number: number; rep: RepMetrics; verdict: Verdict } | { kind: 'gap'; gap: Gap };

/**
 * The rep table: the set in progress (or, between sets, the one just ended), with every sensor dropout
 * since the set before it where it happened in time.
 */
export function tableRows(view: LiveView, prescription: Prescription | null): TableRow[] {
  const showingEnded = view.stage === 'set-ended' && view.lastSet !== null;
  const reps = showingEnded ? (view.lastSet?.reps ?? []) : view.liveReps.map((r) => r.rep);
  const fromS = showingEnded ? view.lastSetFromS : view.currentFromS;
  const rows: TableRow[] = reps.map((rep, i) => ({
    kind: 'rep',
    number: i + 1,
    rep,
    verdict: eccentricVerdict(rep.eccentric.durationS, rep.rushed, prescription),
  }));
  for (const gap of view.gaps) if (gap.endS > fromS) rows.push({ kind: 'gap', gap });
  return rows.sort((a, b) => rowStartS(a) - rowStartS(b));
}

function rowStartS(row: TableRow): number {
  return row.kind === 'rep' ? row.rep.startS : row.gap.startS;
}

/** The reps of the set on screen (for the per-rep chart). */
export function shownReps(view: LiveView): RepMetrics[] {
  return view.stage === 'set-ended' && view.lastSet ? view.lastSet.reps : view.liveReps.map((r) => r.rep);
}
