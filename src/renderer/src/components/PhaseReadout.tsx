import type { Prescription } from '../../../shared/tempo/types';
import { PHASE_DETAIL, PHASE_LABEL, seconds, VERDICT_WORD } from '../format';
import { eccentricVerdict, type LiveView } from '../model';

interface Props {
  view: LiveView;
  running: boolean;
  prescription: Prescription | null;
}

/** The two numbers a lifter reads from 3 m away: what the bar is doing now, and how long the last negative took. */
export function PhaseReadout({ view, running, prescription }: Props) {
  // Once stopped, the last phase is stale: say STOPPED rather than leave "DRIVE" on screen.
  const phase = running ? view.phase : null;
  const last = view.lastEccentric;
  const target = prescription?.eccentricS ?? null;
  const verdict = last ? eccentricVerdict(last.durationS, last.rushed, prescription) : null;
  // Between sets the stage bar says SET DONE; this panel says what the lifter is doing.
  const idleWord = !running ? 'STOPPED' : view.stage === 'set-ended' ? 'REST' : 'READY';

  return (
    <section className="readout" aria-label="Live readout">
      <div className={`phase ${phase ?? 'idle'}`} data-testid="phase">
        <div className="phase-word">{phase ? PHASE_LABEL[phase] : idleWord}</div>
        <div className="phase-detail">
          {phase ? PHASE_DETAIL[phase] : running ? 'waiting for a rep' : 'press Space to start'}
          {view.repIndex !== null && phase ? ` · rep ${view.repIndex}` : ''}
        </div>
      </div>
      <div
        className={`eccentric ${verdict ?? 'none'}`}
        data-testid="last-eccentric"
        data-verdict={verdict ?? 'none'}
      >
        <div className="label">Last negative</div>
        <div className={last ? 'value' : 'value empty'}>
          {last ? seconds(last.durationS) : '–'}
          <span className="unit">s</span>
        </div>
        <div className="verdict" data-testid="verdict">
          {verdict ? VERDICT_WORD[verdict] : ''}
        </div>
        <div className="target">
          {target !== null && prescription
            ? `target ${seconds(target)} s · rushed under ${seconds(target * prescription.tolerance)} s`
            : running || last
              ? 'no target'
              : ''}
        </div>
      </div>
    </section>
  );
}
