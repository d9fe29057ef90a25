/**
 * Review: what main does when the app opens a 2-hour session's review (stored results, report model), the
 * first rep's curve (one analysis with curves), a later one, a re-analysis and the size of the review sent
 * to the window. The window's own drawing is not measured here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryService } from '../main/history/history-service';
import { SessionStore } from '../main/storage';
import type { Sample } from '../shared/engine/types';
import { markdownTable } from './markdown';
import { buildStream } from './throughput';

export const DURATION_S = 7200;
export const RATE_HZ = 200;

/** Stores `samples` as a completed session scored against 3-1-X-0 at 80%; its id. */
export function importBenchSession(store: SessionStore, samples: Sample[]): number {
  return store.importSession({
    info: {
      startedAt: '2025-01-01T08:00:00.000Z',
      endedAt: null,
      name: null,
      athlete: 'bench',
      exercise: 'squat',
      load: null,
      sensor: 'bench',
      notes: '',
      status: 'complete',
    },
    scoring: { tempo: '3-1-X-0', tolerance: 0.8 },
    setInfo: [],
    samples,
    dropouts: [],
  });
}

export function runReviewBench(): string {
  const { samples } = buildStream({ durationS: DURATION_S, rateHz: RATE_HZ, chunkS: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'bartempo-bench-'));
  try {
    const store = SessionStore.open(join(dir, 'bench.sqlite'));
    const id = importBenchSession(store, samples);
    const history = new HistoryService({
      store,
      chooseSavePath: async () => null,
      chooseOpenPath: async () => null,
    });
    const time = <T>(fn: () => T): [T, number] => {
      const t0 = performance.now();
      const out = fn();
      return [out, performance.now() - t0];
    };
    const [review, openMs] = time(() => history.openSession(id));
    const curveOf = (rep: (typeof review.report.reps)[number] | undefined) =>
      rep ? history.repCurve({ id, setIndex: rep.setIndex, repIndex: rep.index }) : null;
    const [, firstCurveMs] = time(() => curveOf(review.report.reps[0]));
    const [curve, curveMs] = time(() => curveOf(review.report.reps[review.report.reps.length - 1]));
    const [, reanalyzeMs] = time(() => history.reanalyze({ id, tempo: '4-0-1-0', tolerance: 0.9 }));
    const reviewBytes = Buffer.byteLength(JSON.stringify(review));
    store.close();
    return [
      `A ${(DURATION_S / 3600).toFixed(0)} h session at ${RATE_HZ} Hz (${samples.length.toLocaleString('en-US')} samples, ${review.report.sets.length} sets, ${review.report.reps.length} reps) in a temp database; main's side of the review screen (target for the whole screen: under 1 s).`,
      '',
      markdownTable(
        ['step', 'time'],
        [
          ['open the review (stored results, report model)', `${(openMs / 1000).toFixed(2)} s`],
          [
            "the first rep's curve (analyses the samples once, with curves)",
            `${(firstCurveMs / 1000).toFixed(2)} s`,
          ],
          ['the review sent to the window', `${(reviewBytes / 1e3).toFixed(0)} kB of JSON`],
          [`any later rep's curve (${curve?.tS.length ?? 0} points)`, `${curveMs.toFixed(1)} ms`],
          ['re-analyse with another prescription (stored)', `${(reanalyzeMs / 1000).toFixed(2)} s`],
        ],
      ),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
