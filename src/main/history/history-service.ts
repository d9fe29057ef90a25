/**
 * What the review and history screens ask of main: stored sessions listed, opened (with every figure of the
 * report model), re-scored, renamed, deleted, exported and imported. No Electron import: the save and open
 * dialogs come in as `chooseSavePath` / `chooseOpenPath`, so the app, tests and any other host share it.
 *
 * The open session's analysis is kept; the engine's recorded rep curves are added to it once, when the
 * first curve is asked for, and later curves are read from it (a 2-hour session takes seconds to analyse).
 */
import { analyzeChunks, type Analysis } from '../../shared/engine/analyze';
import { repCurve, type RepCurve } from '../../shared/engine/curves';
import type {
  ExportResult,
  ExportSessionRequest,
  HistoryFilter,
  ImportResult,
  ImportSessionRequest,
  ReanalyzeRequest,
  RepCurveRequest,
  SessionReview,
  UpdateSessionRequest,
} from '../../shared/ipc/contract';
import { buildReportModel } from '../../shared/report/model';
import { analyzeSession, prescriptionOf } from '../../shared/session/analyze-session';
import type { SessionData, SessionSummary } from '../../shared/session/types';
import { readSessionPath } from '../io/session-input';
import { exportSession, type ExportFormat } from '../export/export-session';
import { writeFileAtomic } from '../export/write-file';
import type { SessionStore } from '../storage';

export interface HistoryServiceDeps {
  store: SessionStore;
  /** Asks where to save (e.g. Electron's save dialog); null = cancelled. The dialog confirms overwriting. */
  chooseSavePath(suggestedName: string, format: ExportFormat): Promise<string | null>;
  /** Asks for a CSV recording or a JSON session file to import; null = cancelled. */
  chooseOpenPath(): Promise<string | null>;
}

/** The open session: what the review shows, without its samples (reloaded for an export). */
interface OpenSession {
  id: number;
  data: SessionData;
  analysis: Analysis;
}

export class HistoryService {
  private open: OpenSession | null = null;

  constructor(private readonly deps: HistoryServiceDeps) {}

  list(filter: HistoryFilter): SessionSummary[] {
    return this.deps.store.listSessions(filter);
  }

  /**
   * The review from the stored results (no samples decoded, no analysis: a 2-hour session opens at once);
   * a session still being recorded has no final results yet and is analysed from its samples so far.
   */
  openSession(id: number): SessionReview {
    const { data, analysis: stored } = this.deps.store.loadSession(id, { samples: false });
    const analysis: Analysis =
      stored.input === null
        ? this.analyzeStored(id, data, false)
        : { input: stored.input, sets: stored.sets, events: [] };
    return this.keep(id, data, analysis);
  }

  /** From the open session's analysis; the first curve asked for analyses the samples once, with curves. */
  repCurve({ id, setIndex, repIndex }: RepCurveRequest): RepCurve | null {
    if (this.open?.id !== id) this.openSession(id);
    const open = this.open as OpenSession;
    if (!open.analysis.curves) open.analysis = this.analyzeStored(id, open.data, true);
    return repCurve(open.analysis, setIndex, repIndex);
  }

  /** Stores the new scoring and its figures (one analysis pass, curves kept) and returns the new review. */
  reanalyze({ id, tempo, tolerance }: ReanalyzeRequest): SessionReview {
    const scoring = { tempo, tolerance };
    const data =
      this.open?.id === id ? this.open.data : this.deps.store.loadSession(id, { samples: false }).data;
    const analysis = this.deps.store.reanalyze(id, scoring, { curves: true });
    return this.keep(id, { ...data, scoring }, analysis);
  }

  private analyzeStored(id: number, data: SessionData, curves: boolean): Analysis {
    return analyzeChunks(this.deps.store.sampleChunks(id), {
      prescription: prescriptionOf(data.scoring),
      curves,
    });
  }

  update({ id, ...patch }: UpdateSessionRequest): SessionSummary {
    this.deps.store.updateSession(id, patch);
    if (this.open?.id === id) {
      // The cached copy follows, so an export after a rename carries the new name.
      this.open.data = { ...this.open.data, info: { ...this.open.data.info, ...patch } };
    }
    return this.deps.store.summary(id);
  }

  delete(id: number): void {
    this.deps.store.deleteSession(id);
    if (this.open?.id === id) this.open = null;
  }

  async exportSession({ id, format }: ExportSessionRequest): Promise<ExportResult> {
    const summary = this.deps.store.summary(id); // a missing session fails before the dialog opens
    const path = await this.deps.chooseSavePath(suggestedFileName(summary, format), format);
    if (path === null) return { cancelled: true };
    const { data } = this.deps.store.loadSession(id);
    const analysis =
      this.open?.id === id && sameScoring(this.open.data, data) ? this.open.analysis : analyzeSession(data);
    // The save dialog already asked before replacing an existing file.
    await writeFileAtomic(path, await exportSession(data, analysis, format), true);
    return { path };
  }

  /** A CSV recording or a JSON session file, read through the CLI's checked readers, stored as a session. */
  async importSession({ path }: ImportSessionRequest): Promise<ImportResult> {
    const chosen = path ?? (await this.deps.chooseOpenPath());
    if (chosen === null) return { cancelled: true };
    const data = await readSessionPath(chosen);
    return { summary: this.deps.store.summary(this.deps.store.importSession(data)) };
  }

  private keep(id: number, data: SessionData, analysis: Analysis): SessionReview {
    this.open = { id, data, analysis };
    return {
      summary: this.deps.store.summary(id),
      info: data.info,
      scoring: data.scoring,
      setInfo: data.setInfo,
      report: buildReportModel(data, analysis),
    };
  }
}

function sameScoring(a: SessionData, b: SessionData): boolean {
  return a.scoring.tempo === b.scoring.tempo && a.scoring.tolerance === b.scoring.tolerance;
}

const EXTENSION: Record<ExportFormat, string> = { pdf: 'pdf', html: 'html', csv: 'csv', json: 'json' };

/** e.g. "2025-01-31 Jo Back squat.pdf": the date, then whatever names the session, file-name safe. */
export function suggestedFileName(summary: SessionSummary, format: ExportFormat): string {
  const words = [summary.startedAt.slice(0, 10), summary.name ?? summary.athlete, summary.exercise]
    .filter((w): w is string => typeof w === 'string' && w.trim() !== '')
    .join(' ')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\p{Cc}+/gu, ' ')
    .slice(0, 120);
  const suffix = format === 'csv' ? ' reps' : format === 'json' ? ' session' : ' report';
  return `${words}${suffix}.${EXTENSION[format]}`;
}
