import type { SetSummary } from '../../../shared/engine/types';
import { shownSetNumber, type LiveView } from '../model';

/** Where the session is, in one line big enough to read from the bar: ARMED, IN SET or SET DONE. */
export function StageBar({ view, running }: { view: LiveView; running: boolean }) {
  const set = shownSetNumber(view);
  const summary: SetSummary | null = view.stage === 'set-ended' ? (view.lastSet?.summary ?? null) : null;
  const stage = !running ? 'stopped' : view.stage;
  const word = { stopped: 'STOPPED', armed: 'ARMED', 'in-set': 'IN SET', 'set-ended': 'SET DONE' }[stage];
  const detail = !running
    ? view.setsEnded > 0
      ? `${view.setsEnded} set${view.setsEnded === 1 ? '' : 's'} this session`
      : 'press Space to arm'
    : stage === 'armed'
      ? `your first rep starts set ${set}`
      : stage === 'set-ended'
        ? `${summary?.repCount ?? 0} reps · ${summary?.rushedCount ?? 0} rushed · next rep starts set ${set + 1}`
        : 'the set ends by itself when you rack the bar';
  return (
    <div className={`stage stage-${stage}`} data-testid="stage" data-stage={stage} role="status">
      <span className="stage-set" data-testid="set-counter">
        Set {set}
      </span>
      <span className="stage-word">{word}</span>
      <span className="stage-detail">{detail}</span>
    </div>
  );
}
