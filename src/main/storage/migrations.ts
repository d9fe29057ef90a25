/**
 * The schema, as numbered migrations. `PRAGMA user_version` is the number of the last one applied;
 * `PRAGMA application_id` marks the file as BarTempo's. Migrations only ever get added (never edited once
 * released): a file is brought up to date in one transaction (all pending steps or none).
 */
import type Database from 'better-sqlite3';

/** "BTMP": identifies a BarTempo database in the SQLite header (offset 68). */
export const APPLICATION_ID = 0x42544d50;

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'sessions, sets, reps, raw sample chunks, gaps',
    up(db) {
      db.exec(`
        CREATE TABLE athletes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE exercises (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

        -- AUTOINCREMENT: a deleted session's id is never given to another one.
        CREATE TABLE sessions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          started_at TEXT NOT NULL,
          ended_at TEXT,
          name TEXT,
          athlete_id INTEGER REFERENCES athletes(id),
          exercise_id INTEGER REFERENCES exercises(id),
          load_value REAL,
          load_unit TEXT CHECK (load_unit IN ('kg', 'lb')),
          sensor TEXT NOT NULL,
          notes TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'recovered')),
          -- The prescription the derived figures are scored against.
          tempo TEXT,
          tolerance REAL NOT NULL,
          -- Kept with every sample write, so lists need not read the samples.
          sample_count INTEGER NOT NULL DEFAULT 0,
          first_t REAL,
          last_t REAL,
          -- Derived: the engine's input statistics of the stored analysis (JSON); NULL until analysed.
          input_json TEXT,
          -- Who is recording it: an interrupted session is one whose recorder is gone.
          recorder_pid INTEGER,
          recorder_host TEXT,
          heartbeat_ms INTEGER
        );
        CREATE INDEX sessions_by_start ON sessions (started_at);

        -- One row per set index: what the user said about it (exercise, load, notes) and what the engine
        -- found (found = 1: the derived columns hold the set as scored against tempo/tolerance).
        CREATE TABLE sets (
          session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          set_index INTEGER NOT NULL,
          exercise_id INTEGER REFERENCES exercises(id),
          load_value REAL,
          load_unit TEXT CHECK (load_unit IN ('kg', 'lb')),
          notes TEXT NOT NULL DEFAULT '',
          found INTEGER NOT NULL DEFAULT 0,
          tempo TEXT,
          tolerance REAL,
          start_s REAL,
          end_s REAL,
          summary_json TEXT,
          PRIMARY KEY (session_id, set_index)
        ) WITHOUT ROWID;

        -- Derived: the engine's RepMetrics (JSON), times in seconds from the first accepted sample.
        CREATE TABLE reps (
          session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          set_index INTEGER NOT NULL,
          rep_index INTEGER NOT NULL,
          rushed INTEGER NOT NULL,
          estimated INTEGER NOT NULL,
          metrics_json TEXT NOT NULL,
          PRIMARY KEY (session_id, set_index, rep_index)
        ) WITHOUT ROWID;

        -- The source of truth: raw samples in recording order (sample-codec.ts).
        CREATE TABLE sample_chunks (
          session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          sample_count INTEGER NOT NULL,
          has_gyro INTEGER NOT NULL,
          first_t REAL NOT NULL,
          last_t REAL NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (session_id, seq)
        );

        -- kind 'dropout': the recorder was told samples were missing (times on the samples' clock);
        -- kind 'engine': derived, the engine's gaps (seconds from the first accepted sample).
        CREATE TABLE gaps (
          id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          kind TEXT NOT NULL CHECK (kind IN ('dropout', 'engine')),
          start_s REAL NOT NULL,
          end_s REAL NOT NULL
        );
        CREATE INDEX gaps_by_session ON gaps (session_id, kind);
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
