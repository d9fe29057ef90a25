/**
 * The one owner of the database: sessions, their raw samples (the source of truth) and the analysis derived
 * from them. Plain Node (no Electron), so the app's main process, the CLI and the tests share it. Every public
 * method checks its arguments and turns any SQLite failure into a StorageError with one clear line; writes
 * that belong together run in one transaction.
 */
import type Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { analyzeChunks, type Analysis, type InputStats } from '../../shared/engine/analyze';
import type { Gap, RepMetrics, Sample, SetResult, SetSummary } from '../../shared/engine/types';
import type {
  Load,
  Scoring,
  SessionData,
  SessionInfo,
  SessionStatus,
  SessionSummary,
  SetInfo,
} from '../../shared/session/types';
import { prescriptionOf } from '../../shared/session/analyze-session';
import { openDatabase, type OpenOptions } from './database';
import { StorageError, toStorageError } from './errors';
import { decodeSamples, encodeSamples, type EncodedChunk } from './sample-codec';
import {
  MAX_NAME_LENGTH,
  MAX_PERSON_LENGTH,
  checkGap,
  checkId,
  checkLoad,
  checkName,
  checkNotes,
  checkRequiredName,
  checkSamples,
  checkScoring,
  checkSetIndex,
  checkStatus,
  checkTimestamp,
  describe,
} from './validate';
import { SessionRecorder, type RecorderOptions } from './recorder';

/** What a new session starts with; everything but the sensor and scoring is optional. */
export interface NewSession {
  /** Default: now. */
  startedAt?: string;
  name?: string | null;
  athlete?: string | null;
  exercise?: string | null;
  load?: Load | null;
  sensor: string;
  notes?: string;
  scoring: Scoring;
}

/** The derived results as stored, and the prescription they were scored against. */
export interface StoredAnalysis {
  scoring: Scoring;
  /** The engine's input statistics; null while the session is still being recorded. */
  input: InputStats | null;
  /** The sets the engine closed (times in seconds from the first accepted sample), by index. */
  sets: SetResult[];
}

export interface StoredSession {
  id: number;
  data: SessionData;
  analysis: StoredAnalysis;
}

export interface SessionFilter {
  /** Exact name, any case. */
  athlete?: string;
  /** The session's exercise or any of its sets', exact name, any case. */
  exercise?: string;
  /** Sessions started at or after this ISO 8601 UTC time. */
  from?: string;
  /** Sessions started before this ISO 8601 UTC time. */
  to?: string;
}

export interface SessionInfoPatch {
  name?: string | null;
  athlete?: string | null;
  exercise?: string | null;
  load?: Load | null;
  notes?: string;
}

export interface SetInfoPatch {
  exercise?: string | null;
  load?: Load | null;
  notes?: string;
}

export interface DeletedSession {
  id: number;
  startedAt: string;
  samples: number;
  sets: number;
  reps: number;
}

export interface RecoveredSession {
  id: number;
  startedAt: string;
  /** Wall-clock time of the recorder's last commit (ISO 8601 UTC), when known. */
  interruptedAt: string | null;
  samples: number;
  sets: number;
  reps: number;
}

/** A recorder whose process is alive is left alone unless silent this long (its pid reused by another program). */
const ORPHAN_AFTER_MS = 10 * 60_000;
/** Samples per chunk when a whole session is written at once (import). */
const IMPORT_CHUNK_SAMPLES = 4096;

/** Sessions being recorded by this process, per database file: recovery never touches them. */
const activeRecordings = new Set<string>();

interface SessionRow {
  id: number;
  started_at: string;
  ended_at: string | null;
  name: string | null;
  athlete: string | null;
  exercise: string | null;
  load_value: number | null;
  load_unit: 'kg' | 'lb' | null;
  sensor: string;
  notes: string;
  status: SessionStatus;
  tempo: string | null;
  tolerance: number;
  sample_count: number;
  first_t: number | null;
  last_t: number | null;
  input_json: string | null;
  recorder_pid: number | null;
  recorder_host: string | null;
  heartbeat_ms: number | null;
  sets: number;
  reps: number;
}

const SESSION_SELECT = `
  SELECT s.*, a.name AS athlete, e.name AS exercise,
    (SELECT count(*) FROM sets x WHERE x.session_id = s.id AND x.found = 1) AS sets,
    (SELECT count(*) FROM reps r WHERE r.session_id = s.id) AS reps
  FROM sessions s
  LEFT JOIN athletes a ON a.id = s.athlete_id
  LEFT JOIN exercises e ON e.id = s.exercise_id`;

/** One flush of a live recording: samples, engine results and dropouts committed together. */
export interface RecordingBatch {
  samples: readonly Sample[];
  startedSets: { index: number; startS: number }[];
  reps: { setIndex: number; rep: RepMetrics }[];
  endedSets: SetResult[];
  engineGaps: Gap[];
  dropouts: Gap[];
}

export class SessionStore {
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  /** Opens (creating and migrating when needed) the database at `path`; see database.ts for what is refused. */
  static open(path: string, options: OpenOptions = {}): SessionStore {
    if (typeof path !== 'string' || path.trim() === '')
      throw new StorageError('database path must be a file path', 'invalid-argument');
    return new SessionStore(openDatabase(path, options), path);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** Creates a session with status `recording` and no samples; returns its id. */
  createSession(meta: NewSession): number {
    const m = checkNewSession(meta);
    return this.run('creating a session', () =>
      this.tx(() => {
        const info = this.db
          .prepare(
            `INSERT INTO sessions (started_at, name, athlete_id, exercise_id, load_value, load_unit, sensor, notes,
               status, tempo, tolerance, recorder_pid, recorder_host, heartbeat_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'recording', ?, ?, ?, ?, ?)`,
          )
          .run(
            m.startedAt,
            m.name,
            this.athleteId(m.athlete),
            this.exerciseId(m.exercise),
            m.load?.value ?? null,
            m.load?.unit ?? null,
            m.sensor,
            m.notes,
            m.scoring.tempo,
            m.scoring.tolerance,
            process.pid,
            hostname(),
            Date.now(),
          );
        return Number(info.lastInsertRowid);
      }),
    );
  }

  /** Creates a session and a recorder writing to it (recorder.ts); finish() it, or it is recovered later. */
  startRecording(meta: NewSession, options: RecorderOptions = {}): SessionRecorder {
    const id = this.createSession(meta);
    const key = this.recordingKey(id);
    activeRecordings.add(key);
    return new SessionRecorder(this, id, checkScoring(meta.scoring), options, () =>
      activeRecordings.delete(key),
    );
  }

  /**
   * The whole session: metadata, raw samples, dropouts and its stored analysis. `samples: false` leaves the
   * samples out (an empty array): what a review needs, without decoding hours of samples.
   */
  loadSession(id: number, options: { samples?: boolean } = {}): StoredSession {
    checkId(id);
    return this.run(`loading session ${id}`, () => {
      const row = this.sessionRow(id);
      const samples: Sample[] = [];
      if (options.samples !== false)
        for (const chunk of this.sampleChunks(id)) for (const s of chunk) samples.push(s);
      const dropouts = this.gaps(id, 'dropout');
      const setRows = this.db
        .prepare(
          `SELECT x.*, e.name AS exercise FROM sets x LEFT JOIN exercises e ON e.id = x.exercise_id
           WHERE x.session_id = ? ORDER BY x.set_index`,
        )
        .all(id) as SetRow[];
      const setInfo: SetInfo[] = setRows
        .filter((r) => r.exercise !== null || r.load_value !== null || r.notes !== '')
        .map((r) => ({ index: r.set_index, exercise: r.exercise, load: loadOf(r), notes: r.notes }));
      const data: SessionData = {
        info: infoOf(row),
        scoring: { tempo: row.tempo, tolerance: row.tolerance },
        setInfo,
        samples,
        dropouts,
      };
      return { id, data, analysis: this.analysisOf(row, setRows) };
    });
  }

  /** The raw samples of a session, one stored chunk at a time (a long session is never held whole). */
  *sampleChunks(id: number): Generator<Sample[]> {
    checkId(id);
    const rows = this.run(`reading samples of session ${id}`, () =>
      this.db
        .prepare('SELECT sample_count, has_gyro, data FROM sample_chunks WHERE session_id = ? ORDER BY seq')
        .iterate(id),
    ) as IterableIterator<{ sample_count: number; has_gyro: number; data: Buffer }>;
    for (;;) {
      const next = this.run(`reading samples of session ${id}`, () => rows.next());
      if (next.done) return;
      yield decodeSamples(next.value.data, next.value.sample_count, next.value.has_gyro === 1);
    }
  }

  /** Stores a complete session (e.g. a JSON session file), analyses it and returns its new id. */
  importSession(data: SessionData): number {
    const checked = checkSessionData(data);
    const chunks = encodeSamples(checked.samples, IMPORT_CHUNK_SAMPLES);
    const analysis = analyzeChunks([checked.samples], { prescription: prescriptionOf(checked.scoring) });
    return this.run('importing a session', () =>
      this.tx(() => {
        const { info, scoring } = checked;
        const id = Number(
          this.db
            .prepare(
              `INSERT INTO sessions (started_at, ended_at, name, athlete_id, exercise_id, load_value, load_unit,
                 sensor, notes, status, tempo, tolerance)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              info.startedAt,
              info.endedAt,
              info.name,
              this.athleteId(info.athlete),
              this.exerciseId(info.exercise),
              info.load?.value ?? null,
              info.load?.unit ?? null,
              info.sensor,
              info.notes,
              info.status,
              scoring.tempo,
              scoring.tolerance,
            ).lastInsertRowid,
        );
        this.insertChunks(id, 0, chunks);
        this.countSamples(id, chunks);
        for (const g of checked.dropouts) this.insertGap(id, 'dropout', g);
        for (const s of checked.setInfo) this.patchSet(id, s.index, s);
        this.storeAnalysis(id, scoring, analysis);
        return id;
      }),
    );
  }

  /** Sessions matching the filter, newest first. */
  listSessions(filter: SessionFilter = {}): SessionSummary[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const athlete = checkName(filter.athlete, 'athlete filter', MAX_PERSON_LENGTH);
    const exercise = checkName(filter.exercise, 'exercise filter', MAX_PERSON_LENGTH);
    if (athlete !== null) {
      where.push('lower(a.name) = lower(?)');
      params.push(athlete);
    }
    if (exercise !== null) {
      where.push(`(lower(e.name) = lower(?) OR EXISTS (SELECT 1 FROM sets x JOIN exercises xe ON xe.id = x.exercise_id
                   WHERE x.session_id = s.id AND lower(xe.name) = lower(?)))`);
      params.push(exercise, exercise);
    }
    if (filter.from !== undefined) {
      where.push('s.started_at >= ?');
      params.push(checkTimestamp(filter.from, 'from'));
    }
    if (filter.to !== undefined) {
      where.push('s.started_at < ?');
      params.push(checkTimestamp(filter.to, 'to'));
    }
    const sql = `${SESSION_SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY s.started_at DESC, s.id DESC`;
    return this.run('listing sessions', () =>
      (this.db.prepare(sql).all(...params) as SessionRow[]).map(summaryOf),
    );
  }

  summary(id: number): SessionSummary {
    checkId(id);
    return this.run(`reading session ${id}`, () => summaryOf(this.sessionRow(id)));
  }

  rename(id: number, name: string | null): void {
    this.updateSession(id, { name });
  }

  setNotes(id: number, notes: string): void {
    this.updateSession(id, { notes });
  }

  /** Changes what the user said about a session; fields not given are kept. */
  updateSession(id: number, patch: SessionInfoPatch): void {
    checkId(id);
    const sets: string[] = [];
    const values: (string | number | null)[] = [];
    if (typeof patch !== 'object' || patch === null)
      throw new StorageError('session changes must be an object', 'invalid-argument');
    if ('name' in patch) {
      sets.push('name = ?');
      values.push(checkName(patch.name, 'name', MAX_NAME_LENGTH));
    }
    if ('notes' in patch) {
      sets.push('notes = ?');
      values.push(checkNotes(patch.notes));
    }
    if ('load' in patch) {
      const load = checkLoad(patch.load);
      sets.push('load_value = ?', 'load_unit = ?');
      values.push(load?.value ?? null, load?.unit ?? null);
    }
    const athlete = 'athlete' in patch ? checkName(patch.athlete, 'athlete', MAX_PERSON_LENGTH) : undefined;
    const exercise =
      'exercise' in patch ? checkName(patch.exercise, 'exercise', MAX_PERSON_LENGTH) : undefined;
    this.run(`changing session ${id}`, () =>
      this.tx(() => {
        this.sessionRow(id);
        if (athlete !== undefined) {
          sets.push('athlete_id = ?');
          values.push(this.athleteId(athlete));
        }
        if (exercise !== undefined) {
          sets.push('exercise_id = ?');
          values.push(this.exerciseId(exercise));
        }
        if (sets.length > 0)
          this.db.prepare(`UPDATE sessions SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      }),
    );
  }

  /** Changes what the user said about set `setIndex` (1-based, as the engine numbers them). */
  updateSet(id: number, setIndex: number, patch: SetInfoPatch): void {
    checkId(id);
    checkSetIndex(setIndex);
    if (typeof patch !== 'object' || patch === null)
      throw new StorageError('set changes must be an object', 'invalid-argument');
    const checked: SetInfoPatch = {};
    if ('exercise' in patch) checked.exercise = checkName(patch.exercise, 'exercise', MAX_PERSON_LENGTH);
    if ('load' in patch) checked.load = checkLoad(patch.load);
    if ('notes' in patch) checked.notes = checkNotes(patch.notes);
    this.run(`changing set ${setIndex} of session ${id}`, () =>
      this.tx(() => {
        this.sessionRow(id);
        this.patchSet(id, setIndex, checked);
      }),
    );
  }

  setSetNotes(id: number, setIndex: number, notes: string): void {
    this.updateSet(id, setIndex, { notes });
  }

  /** Deletes a session with its samples and results; says what went. */
  deleteSession(id: number): DeletedSession {
    checkId(id);
    if (activeRecordings.has(this.recordingKey(id)))
      throw new StorageError(`session ${id} is being recorded; stop it first`, 'invalid-argument');
    return this.run(`deleting session ${id}`, () =>
      this.tx(() => {
        const row = this.sessionRow(id);
        this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
        return { id, startedAt: row.started_at, samples: row.sample_count, sets: row.sets, reps: row.reps };
      }),
    );
  }

  /**
   * Scores the stored samples against another prescription: the samples are not touched, the derived results
   * are replaced, and the session records the scoring its figures now follow.
   */
  reanalyze(id: number, scoring: Scoring): StoredAnalysis;
  /** The same, returning the whole analysis, with rep curves when asked (the app's review: one pass). */
  reanalyze(id: number, scoring: Scoring, options: { curves?: boolean }): StoredAnalysis & Analysis;
  reanalyze(id: number, scoring: Scoring, options: { curves?: boolean } = {}): StoredAnalysis & Analysis {
    checkId(id);
    const checked = checkScoring(scoring);
    return this.run(`re-analysing session ${id}`, () => {
      const row = this.sessionRow(id);
      if (row.status === 'recording')
        throw new StorageError(
          `session ${id} is still being recorded; re-analyse it once it has stopped`,
          'invalid-argument',
        );
      const analysis = analyzeChunks(this.sampleChunks(id), {
        prescription: prescriptionOf(checked),
        curves: options.curves === true,
      });
      this.tx(() => this.storeAnalysis(id, checked, analysis));
      return { ...analysis, scoring: checked };
    });
  }

  /**
   * Finds sessions left `recording` by a recorder that is gone (crash, kill -9, power loss), marks them
   * `recovered` and analyses their samples. A session a live process is still recording is left alone.
   */
  recoverInterrupted(): RecoveredSession[] {
    const rows = this.run('looking for interrupted sessions', () =>
      this.db.prepare(`${SESSION_SELECT} WHERE s.status = 'recording' ORDER BY s.id`).all(),
    ) as SessionRow[];
    const recovered: RecoveredSession[] = [];
    for (const row of rows) {
      if (!this.isOrphan(row)) continue;
      const scoring = { tempo: row.tempo, tolerance: row.tolerance };
      const analysis = this.run(`recovering session ${row.id}`, () =>
        analyzeChunks(this.sampleChunks(row.id), { prescription: prescriptionOf(scoring) }),
      );
      const done = this.run(`recovering session ${row.id}`, () =>
        this.tx(() => {
          // Another process may have recovered it meanwhile.
          const now = this.db.prepare('SELECT status FROM sessions WHERE id = ?').get(row.id) as
            { status: string } | undefined;
          if (now?.status !== 'recording') return false;
          this.storeAnalysis(row.id, scoring, analysis);
          this.db
            .prepare(
              `UPDATE sessions SET status = 'recovered', recorder_pid = NULL, recorder_host = NULL WHERE id = ?`,
            )
            .run(row.id);
          return true;
        }),
      );
      if (!done) continue;
      const after = this.summary(row.id);
      recovered.push({
        id: row.id,
        startedAt: row.started_at,
        interruptedAt: row.heartbeat_ms === null ? null : new Date(row.heartbeat_ms).toISOString(),
        samples: after.samples,
        sets: after.sets,
        reps: after.reps,
      });
    }
    return recovered;
  }

  // ---- used by SessionRecorder -------------------------------------------------------------------------

  /** @internal One flush of a live recording, in one transaction. */
  writeRecording(id: number, scoring: Scoring, firstSeq: number, batch: RecordingBatch): number {
    return this.run(`saving session ${id}`, () =>
      this.tx(() => {
        const chunks = batch.samples.length > 0 ? encodeSamples(batch.samples) : [];
        this.insertChunks(id, firstSeq, chunks);
        this.countSamples(id, chunks);
        this.db.prepare('UPDATE sessions SET heartbeat_ms = ? WHERE id = ?').run(Date.now(), id);
        for (const s of batch.startedSets)
          this.upsertFoundSet(id, scoring, { index: s.index, startS: s.startS, endS: null, summary: null });
        for (const r of batch.reps) this.upsertRep(id, r.setIndex, r.rep);
        for (const set of batch.endedSets) {
          // set-ended is the final word on a set's reps: the live ones it dropped go.
          this.db.prepare('DELETE FROM reps WHERE session_id = ? AND set_index = ?').run(id, set.index);
          this.upsertFoundSet(id, scoring, set);
          for (const rep of set.reps) this.upsertRep(id, set.index, rep);
        }
        for (const g of batch.engineGaps) this.insertGap(id, 'engine', g);
        for (const g of batch.dropouts) this.insertGap(id, 'dropout', g);
        return firstSeq + chunks.length;
      }),
    );
  }

  /** @internal The recorder's last step: status complete, end time, the final analysis of the stored samples. */
  finishRecording(id: number, scoring: Scoring, endedAt: string): StoredAnalysis {
    return this.run(`finishing session ${id}`, () => {
      const analysis = analyzeChunks(this.sampleChunks(id), { prescription: prescriptionOf(scoring) });
      this.tx(() => {
        this.storeAnalysis(id, scoring, analysis);
        this.db
          .prepare(
            `UPDATE sessions SET status = 'complete', ended_at = ?, recorder_pid = NULL, recorder_host = NULL WHERE id = ?`,
          )
          .run(endedAt, id);
      });
      return { scoring, input: analysis.input, sets: analysis.sets };
    });
  }

  /** @internal Drops a session that recorded nothing. */
  discardRecording(id: number): void {
    this.run(`discarding session ${id}`, () => this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id));
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private recordingKey(id: number): string {
    return `${this.path}#${id}`;
  }

  private isOrphan(row: SessionRow): boolean {
    if (activeRecordings.has(this.recordingKey(row.id))) return false;
    const silentMs = Date.now() - (row.heartbeat_ms ?? 0);
    if (row.recorder_pid === null) return true;
    if (row.recorder_host !== hostname()) return silentMs > ORPHAN_AFTER_MS;
    if (row.recorder_pid === process.pid) return true;
    return !processAlive(row.recorder_pid) || silentMs > ORPHAN_AFTER_MS;
  }

  private run<T>(doing: string, fn: () => T): T {
    if (this.closed) throw new StorageError(`the database ${this.path} is closed`, 'closed');
    try {
      return fn();
    } catch (err) {
      throw toStorageError(err, this.path, doing);
    }
  }

  private tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private sessionRow(id: number): SessionRow {
    const row = this.db.prepare(`${SESSION_SELECT} WHERE s.id = ?`).get(id) as SessionRow | undefined;
    if (!row) throw new StorageError(`no session ${id} in ${this.path}`, 'not-found');
    return row;
  }

  private athleteId(name: string | null): number | null {
    return name === null ? null : this.nameId('athletes', name);
  }

  private exerciseId(name: string | null): number | null {
    return name === null ? null : this.nameId('exercises', name);
  }

  private nameId(table: 'athletes' | 'exercises', name: string): number {
    this.db.prepare(`INSERT INTO ${table} (name) VALUES (?) ON CONFLICT (name) DO NOTHING`).run(name);
    return (this.db.prepare(`SELECT id FROM ${table} WHERE name = ?`).get(name) as { id: number }).id;
  }

  private insertChunks(id: number, firstSeq: number, chunks: readonly EncodedChunk[]): void {
    const insert = this.db.prepare(
      'INSERT INTO sample_chunks (session_id, seq, sample_count, has_gyro, first_t, last_t, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    chunks.forEach((c, i) =>
      insert.run(id, firstSeq + i, c.count, c.hasGyro ? 1 : 0, c.firstT, c.lastT, c.data),
    );
  }

  private countSamples(id: number, chunks: readonly EncodedChunk[]): void {
    if (chunks.length === 0) return;
    const count = chunks.reduce((n, c) => n + c.count, 0);
    this.db
      .prepare(
        'UPDATE sessions SET sample_count = sample_count + ?, first_t = coalesce(first_t, ?), last_t = ? WHERE id = ?',
      )
      .run(count, chunks[0]?.firstT ?? null, chunks[chunks.length - 1]?.lastT ?? null, id);
  }

  private insertGap(id: number, kind: 'dropout' | 'engine', g: Gap): void {
    this.db
      .prepare('INSERT INTO gaps (session_id, kind, start_s, end_s) VALUES (?, ?, ?, ?)')
      .run(id, kind, g.startS, g.endS);
  }

  private gaps(id: number, kind: 'dropout' | 'engine'): Gap[] {
    return (
      this.db
        .prepare('SELECT start_s, end_s FROM gaps WHERE session_id = ? AND kind = ? ORDER BY id')
        .all(id, kind) as { start_s: number; end_s: number }[]
    ).map((g) => ({ startS: g.start_s, endS: g.end_s }));
  }

  private patchSet(id: number, setIndex: number, patch: SetInfoPatch): void {
    this.db
      .prepare('INSERT INTO sets (session_id, set_index) VALUES (?, ?) ON CONFLICT DO NOTHING')
      .run(id, setIndex);
    if ('exercise' in patch)
      this.db
        .prepare('UPDATE sets SET exercise_id = ? WHERE session_id = ? AND set_index = ?')
        .run(this.exerciseId(patch.exercise ?? null), id, setIndex);
    if ('load' in patch)
      this.db
        .prepare('UPDATE sets SET load_value = ?, load_unit = ? WHERE session_id = ? AND set_index = ?')
        .run(patch.load?.value ?? null, patch.load?.unit ?? null, id, setIndex);
    if ('notes' in patch)
      this.db
        .prepare('UPDATE sets SET notes = ? WHERE session_id = ? AND set_index = ?')
        .run(patch.notes, id, setIndex);
  }

  private upsertFoundSet(
    id: number,
    scoring: Scoring,
    set: { index: number; startS: number; endS: number | null; summary: SetSummary | null },
  ): void {
    this.db
      .prepare(
        `INSERT INTO sets (session_id, set_index, found, tempo, tolerance, start_s, end_s, summary_json)
         VALUES (?, ?, 1, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id, set_index) DO UPDATE SET found = 1, tempo = excluded.tempo,
           tolerance = excluded.tolerance, start_s = excluded.start_s, end_s = excluded.end_s,
           summary_json = excluded.summary_json`,
      )
      .run(
        id,
        set.index,
        scoring.tempo,
        scoring.tolerance,
        set.startS,
        set.endS,
        set.summary === null ? null : JSON.stringify(set.summary),
      );
  }

  private upsertRep(id: number, setIndex: number, rep: RepMetrics): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO reps (session_id, set_index, rep_index, rushed, estimated, metrics_json)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(id, setIndex, rep.index, rep.rushed ? 1 : 0, rep.estimated ? 1 : 0, JSON.stringify(rep));
  }

  /** Replaces every derived result of a session (call inside a transaction). */
  private storeAnalysis(
    id: number,
    scoring: Scoring,
    analysis: { input: InputStats; sets: readonly SetResult[] },
  ): void {
    this.db.prepare('DELETE FROM reps WHERE session_id = ?').run(id);
    this.db
      .prepare(
        `UPDATE sets SET found = 0, tempo = NULL, tolerance = NULL, start_s = NULL, end_s = NULL, summary_json = NULL
         WHERE session_id = ?`,
      )
      .run(id);
    for (const set of analysis.sets) {
      this.upsertFoundSet(id, scoring, set);
      for (const rep of set.reps) this.upsertRep(id, set.index, rep);
    }
    this.db
      .prepare(
        `DELETE FROM sets WHERE session_id = ? AND found = 0 AND exercise_id IS NULL AND load_value IS NULL AND notes = ''`,
      )
      .run(id);
    this.db.prepare(`DELETE FROM gaps WHERE session_id = ? AND kind = 'engine'`).run(id);
    for (const g of analysis.input.gaps) this.insertGap(id, 'engine', g);
    this.db
      .prepare('UPDATE sessions SET tempo = ?, tolerance = ?, input_json = ? WHERE id = ?')
      .run(scoring.tempo, scoring.tolerance, JSON.stringify(analysis.input), id);
  }

  private analysisOf(row: SessionRow, setRows: readonly SetRow[]): StoredAnalysis {
    const repRows = this.db
      .prepare('SELECT set_index, metrics_json FROM reps WHERE session_id = ? ORDER BY set_index, rep_index')
      .all(row.id) as { set_index: number; metrics_json: string }[];
    const repsBySet = new Map<number, RepMetrics[]>();
    for (const r of repRows) {
      const list = repsBySet.get(r.set_index) ?? [];
      list.push(parseJson<RepMetrics>(r.metrics_json, this.path));
      repsBySet.set(r.set_index, list);
    }
    const sets: SetResult[] = setRows
      .filter((r) => r.found === 1 && r.summary_json !== null && r.end_s !== null)
      .map((r) => ({
        index: r.set_index,
        startS: r.start_s ?? 0,
        endS: r.end_s ?? 0,
        reps: repsBySet.get(r.set_index) ?? [],
        summary: parseJson<SetSummary>(r.summary_json ?? '', this.path),
      }));
    let input: InputStats | null = null;
    if (row.input_json !== null) {
      const parsed = parseJson<InputStats & { originS: number | null }>(row.input_json, this.path);
      // JSON has no NaN: an empty stream's origin comes back as null.
      input = { ...parsed, originS: parsed.originS ?? Number.NaN };
    }
    return { scoring: { tempo: row.tempo, tolerance: row.tolerance }, input, sets };
  }
}

interface SetRow {
  set_index: number;
  exercise: string | null;
  load_value: number | null;
  load_unit: 'kg' | 'lb' | null;
  notes: string;
  found: number;
  start_s: number | null;
  end_s: number | null;
  summary_json: string | null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseJson<T>(text: string, path: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new StorageError(`${path} is damaged (a stored result is not valid JSON)`, 'corrupt');
  }
}

function loadOf(r: { load_value: number | null; load_unit: 'kg' | 'lb' | null }): Load | null {
  return r.load_value === null || r.load_unit === null ? null : { value: r.load_value, unit: r.load_unit };
}

function infoOf(row: SessionRow): SessionInfo {
  return {
    startedAt: row.started_at,
    endedAt: row.ended_at,
    name: row.name,
    athlete: row.athlete,
    exercise: row.exercise,
    load: loadOf(row),
    sensor: row.sensor,
    notes: row.notes,
    status: row.status,
  };
}

function summaryOf(row: SessionRow): SessionSummary {
  const durationS =
    row.sample_count > 1 && row.first_t !== null && row.last_t !== null ? row.last_t - row.first_t : 0;
  return {
    id: row.id,
    startedAt: row.started_at,
    durationS,
    samples: row.sample_count,
    sets: row.sets,
    reps: row.reps,
    status: row.status,
    name: row.name,
    athlete: row.athlete,
    exercise: row.exercise,
    load: loadOf(row),
    tempo: row.tempo,
  };
}

interface CheckedNewSession {
  startedAt: string;
  name: string | null;
  athlete: string | null;
  exercise: string | null;
  load: Load | null;
  sensor: string;
  notes: string;
  scoring: Scoring;
}

function checkNewSession(meta: NewSession): CheckedNewSession {
  if (typeof meta !== 'object' || meta === null)
    throw new StorageError('a new session needs its details', 'invalid-argument');
  return {
    startedAt:
      meta.startedAt === undefined ? new Date().toISOString() : checkTimestamp(meta.startedAt, 'startedAt'),
    name: checkName(meta.name, 'name', MAX_NAME_LENGTH),
    athlete: checkName(meta.athlete, 'athlete', MAX_PERSON_LENGTH),
    exercise: checkName(meta.exercise, 'exercise', MAX_PERSON_LENGTH),
    load: checkLoad(meta.load),
    sensor: checkRequiredName(meta.sensor, 'sensor', MAX_NAME_LENGTH),
    notes: meta.notes === undefined ? '' : checkNotes(meta.notes),
    scoring: checkScoring(meta.scoring),
  };
}

/** An imported session checked whole before anything is written (a `recording` one is stored as recovered). */
function checkSessionData(data: SessionData): SessionData {
  if (typeof data !== 'object' || data === null)
    throw new StorageError(`a session must be an object (got ${describe(data)})`, 'invalid-argument');
  const info = data.info as SessionInfo | undefined;
  if (typeof info !== 'object' || info === null)
    throw new StorageError('a session needs its info', 'invalid-argument');
  const status = checkStatus(info.status);
  const setInfo = data.setInfo;
  if (!Array.isArray(setInfo)) throw new StorageError('setInfo must be an array', 'invalid-argument');
  let lastIndex = 0;
  const checkedSets: SetInfo[] = setInfo.map((s: SetInfo) => {
    if (typeof s !== 'object' || s === null)
      throw new StorageError('each setInfo entry must be an object', 'invalid-argument');
    const index = checkSetIndex(s.index);
    if (index <= lastIndex)
      throw new StorageError('setInfo must be sorted by index, each index once', 'invalid-argument');
    lastIndex = index;
    return {
      index,
      exercise: checkName(s.exercise, `set ${index} exercise`, MAX_PERSON_LENGTH),
      load: checkLoad(s.load, `set ${index} load`),
      notes: checkNotes(s.notes, `set ${index} notes`),
    };
  });
  if (!Array.isArray(data.dropouts)) throw new StorageError('dropouts must be an array', 'invalid-argument');
  return {
    info: {
      startedAt: checkTimestamp(info.startedAt, 'startedAt'),
      endedAt: info.endedAt === null ? null : checkTimestamp(info.endedAt, 'endedAt'),
      name: checkName(info.name, 'name', MAX_NAME_LENGTH),
      athlete: checkName(info.athlete, 'athlete', MAX_PERSON_LENGTH),
      exercise: checkName(info.exercise, 'exercise', MAX_PERSON_LENGTH),
      load: checkLoad(info.load),
      sensor: checkRequiredName(info.sensor, 'sensor', MAX_NAME_LENGTH),
      notes: checkNotes(info.notes),
      status: status === 'recording' ? 'recovered' : status,
    },
    scoring: checkScoring(data.scoring),
    setInfo: checkedSets,
    samples: checkSamples(data.samples),
    dropouts: data.dropouts.map((g, i) => checkGap(g, `dropout ${i + 1}`)),
  };
}
