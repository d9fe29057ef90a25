import { describe, expect, it } from 'vitest';
import { TempoEngine } from '../../../src/shared/engine/engine';
import type { EngineEvent, RepMetrics, SetResult } from '../../../src/shared/engine/types';
import { defaultScenario, SimulatedLifter } from '../../../src/shared/sim';
import { parseTempo } from '../../../src/shared/tempo';
import {
  applyEvents,
  eccentricVerdict,
  emptyView,
  shownSetNumber,
  tableRows,
  type LiveView,
} from '../../../src/renderer/src/model';

const P = parseTempo('3-1-X-0', 0.8);

function rep(index: number, startS: number, eccS: number, rushed: boolean): RepMetrics {
  const phase = (a: number, b: number) => ({ startS: a, endS: b, durationS: b - a, detectedAtS: b });
  const e = startS + eccS;
  return {
    index,
    startS,
    endS: e + 2,
    eccentric: phase(startS, e),
    bottomPause: phase(e, e + 1),
    concentric: phase(e + 1, e + 2),
    topPause: phase(e + 2, e + 2),
    romM: 0.5,
    meanConcentricVelocityMps: 0.5,
    peakConcentricVelocityMps: 0.9,
    meanEccentricVelocityMps: 0.2,
    tempo: '',
    rushed,
    scores: null,
  };
}

const completed = (setIndex: number, r: RepMetrics): EngineEvent => ({
  type: 'rep-completed',
  setIndex,
  rep: r,
  committedAtS: r.endS,
});
const bottom = (atS: number, durationS: number, rushed: boolean): EngineEvent => ({
  type: 'eccentric-ended',
  setIndex: 1,
  repIndex: 1,
  atS,
  durationS,
  rushed,
  committedAtS: atS,
});
const ended = (index: number, reps: RepMetrics[]): EngineEvent => {
  const set: SetResult = {
    index,
    startS: reps[0]!.startS,
    endS: reps[reps.length - 1]!.endS,
    reps,
    summary: {
      repCount: reps.length,
      eccentricMeanS: 0,
      eccentricSdS: 0,
      eccentricCv: 0,
      eccentricTrendSPerRep: 0,
      rushedCount: reps.filter((r) => r.rushed).length,
      adherence: null,
      velocityLossPct: 0,
    },
  };
  return { type: 'set-ended', set, committedAtS: set.endS + 12 };
};
const repsShown = (view: LiveView) =>
  tableRows(view, P).flatMap((row) => (row.kind === 'rep' ? [row.rep] : []));

describe('eccentricVerdict', () => {
  it('never calls a negative under the rushed line fine: unflagged, it is unsure', () => {
    expect(eccentricVerdict(1.9, false, P)).toBe('unsure');
    expect(eccentricVerdict(1.9, true, P)).toBe('rushed');
    expect(eccentricVerdict(2.39, false, P)).toBe('unsure');
    expect(eccentricVerdict(2.4, false, P)).toBe('fine'); // exactly tolerance x target is not rushed
    expect(eccentricVerdict(3.2, false, P)).toBe('fine');
  });

  it('has nothing to say without an eccentric target', () => {
    expect(eccentricVerdict(1, false, null)).toBe('untimed');
    expect(eccentricVerdict(1, false, parseTempo('X-0-X-0'))).toBe('untimed');
  });
});

describe('the live view', () => {
  it('goes armed -> in set -> set ended -> in set, counting sets; a lone lowering starts nothing', () => {
    let v = applyEvents(emptyView, [bottom(3, 1.2, false)]);
    expect(v.stage).toBe('armed');
    expect(shownSetNumber(v)).toBe(1);
    v = applyEvents(v, [completed(1, rep(1, 10, 3, false))]);
    expect(v.stage).toBe('in-set');
    expect(shownSetNumber(v)).toBe(1);
    v = applyEvents(v, [ended(1, [rep(1, 10, 3, false)])]);
    expect(v.stage).toBe('set-ended');
    expect(shownSetNumber(v)).toBe(1);
    v = applyEvents(v, [{ type: 'rep-started', setIndex: 2, repIndex: 1, atS: 100, committedAtS: 101 }]);
    expect(v.stage).toBe('in-set');
    expect(shownSetNumber(v)).toBe(2);
    expect(repsShown(v)).toEqual([]); // the new set's table starts empty
  });

  it('set-ended takes back a rep it dropped: the RUSHED re-rack leaves the table, the flash and the readout', () => {
    const kept = [rep(1, 10, 3.1, false), rep(2, 16, 2.9, false)];
    const rerack = rep(3, 30, 1.9, true);
    let v = applyEvents(emptyView, [
      completed(1, kept[0]!),
      completed(1, kept[1]!),
      bottom(rerack.eccentric.endS, 1.9, true),
      completed(1, rerack),
    ]);
    expect(repsShown(v)).toHaveLength(3);
    expect(tableRows(v, P).some((r) => r.kind === 'rep' && r.verdict === 'rushed')).toBe(true);
    expect(v.lastEccentric).toMatchObject({ durationS: 1.9, rushed: true });
    expect(v.rushedAlert).toMatchObject({ seq: 1, withdrawn: false });

    v = applyEvents(v, [ended(1, kept)]);
    expect(repsShown(v)).toEqual(kept);
    expect(v.lastEccentric).toEqual({
      atS: expect.closeTo(18.9, 9),
      durationS: expect.closeTo(2.9, 9),
      rushed: false,
    });
    expect(v.rushedAlert).toMatchObject({ seq: 1, withdrawn: true });
    // The next warning still counts up (the flash keys off the number).
    v = applyEvents(v, [bottom(50, 1, true)]);
    expect(v.rushedAlert).toMatchObject({ seq: 2, withdrawn: false });
  });

  it('keeps a warning the final reps confirm (re-timed a little), and the final figure of the last rep', () => {
    const last = rep(2, 16, 1.5, true);
    let v = applyEvents(emptyView, [completed(1, rep(1, 10, 3, false)), bottom(17.3, 1.3, true)]);
    v = applyEvents(v, [ended(1, [rep(1, 10, 3, false), last])]);
    expect(v.rushedAlert?.withdrawn).toBe(false);
    expect(v.lastEccentric).toEqual({ atS: 17.5, durationS: 1.5, rushed: true });
  });

  it('counts a bottom announced twice once, and does not let an older lowering replace the readout', () => {
    let v = applyEvents(emptyView, [bottom(14.11, 1.97, true), bottom(14.11, 1.97, true)]);
    expect(v.rushedAlert?.seq).toBe(1);
    v = applyEvents(v, [bottom(10.13, 2.78, false)]); // the set's first lowering, announced late
    expect(v.lastEccentric).toMatchObject({ atS: 14.11, durationS: 1.97 });
  });

  it('shows a dropout as a row where it happened, and only in the set it belongs to', () => {
    const gap = (startS: number, endS: number): EngineEvent => ({
      type: 'gap',
      gap: { startS, endS },
      committedAtS: endS,
    });
    let v = applyEvents(emptyView, [
      completed(1, rep(1, 10, 3, false)),
      gap(15.5, 17),
      completed(1, rep(2, 18, 3, false)),
    ]);
    expect(tableRows(v, P).map((r) => r.kind)).toEqual(['rep', 'gap', 'rep']);
    v = applyEvents(v, [ended(1, [rep(1, 10, 3, false), rep(2, 18, 3, false)]), gap(40, 41)]);
    // Between sets the ended set shows its own dropout and the one since.
    expect(tableRows(v, P).map((r) => r.kind)).toEqual(['rep', 'gap', 'rep', 'gap']);
    v = applyEvents(v, [completed(2, rep(1, 100, 3, false))]);
    expect(tableRows(v, P).map((r) => (r.kind === 'gap' ? r.gap.startS : r.kind))).toEqual([40, 'rep']);
  });

  it('on the real engine: after every set-ended the table holds exactly that set’s reps', () => {
    const lifter = new SimulatedLifter(
      defaultScenario('squat', {
        leadInS: 2,
        sets: 2,
        restBetweenSetsS: 30,
        prescription: P,
        lifter: { rushedRepProbability: 0.35 },
      }),
      7,
    );
    const engine = new TempoEngine({ prescription: P });
    const samples = lifter.takeUntil(200);
    let v = emptyView;
    let checked = 0;
    for (let i = 0; i < samples.length; i += 13) {
      for (const e of engine.process(samples.slice(i, i + 13))) {
        v = applyEvents(v, [e]);
        if (e.type === 'set-ended') {
          expect(repsShown(v)).toEqual(e.set.reps);
          const lastRep = e.set.reps[e.set.reps.length - 1]!;
          expect(v.lastEccentric?.durationS).toBe(lastRep.eccentric.durationS);
          checked++;
        }
      }
    }
    expect(checked).toBe(2);
  });
});
