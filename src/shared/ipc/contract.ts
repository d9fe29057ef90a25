/**
 * The single IPC contract between the renderer (untrusted) and the main process. Every channel the app
 * uses is declared here once; main (src/main/ipc/router.ts), preload (src/preload/index.ts) and the
 * renderer derive their types from these maps, so a renamed channel or changed payload is a compile error
 * everywhere at once.
 */
import type { RepCurve } from '../engine/curves';
import type { EngineEvent } from '../engine/types';
import type { ReportModel } from '../report/model';
import type { Load, Scoring, SessionInfo, SessionSummary, SetInfo } from '../session/types';
import type { Prescription } from '../tempo/types';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  versions: { electron: string; chrome: string; node: string };
}

export interface StartSessionRequest {
  /** Tempo notation, e.g. "3-1-X-0"; absent = score nothing, flag nothing. */
  tempo?: string;
  /** Rushed threshold as a ratio of the prescribed eccentric (0 < tolerance <= 1); absent = default 0.8. */
  tolerance?: number;
  /** Who lifts (at most MAX_LABEL_LENGTH characters); absent or blank = not said. */
  athlete?: string;
  /** e.g. "Back squat" (at most MAX_LABEL_LENGTH characters); absent or blank = not said. */
  exercise?: string;
  /** The bar's load as entered (finite, > 0, at most MAX_LOAD of session/load.ts); absent = not said. */
  load?: Load;
}

export type SensorKind = 'simulated' | 'ble' | 'replay';

export interface SensorStatus {
  source: SensorKind;
  connected: boolean;
  /** Human-readable banner text, e.g. why the simulated sensor is in use; null = nothing to say. */
  message: string | null;
}

export interface SessionState {
  running: boolean;
  /** The notation the current (or last) session was started with; null = no prescription. */
  tempo: string | null;
  prescription: Prescription | null;
  /** Wall-clock ms (Date.now) when the current session started; null when never started. */
  startedAtMs: number | null;
  sensor: SensorStatus;
  /** Why the last session stopped on its own (e.g. the engine threw); null after a clean start/stop. */
  error: string | null;
  /** What the current (or last) session was started with (trimmed; null = not said), for storage. */
  athlete: string | null;
  exercise: string | null;
  load: Load | null;
  /** The stored session the current (or last) one is being saved as; null = not saved (no database). */
  sessionId: number | null;
}

/**
 * The engine's own vertical velocity estimate, thinned (~25 Hz) for a live chart. `t` is seconds from the
 * session's first accepted sample (the engine events' clock); a null velocity means the engine has no
 * estimate there (no gravity reference yet, or regaining the track after a gap).
 */
export interface SampleTrace {
  t: number[];
  velocityMps: (number | null)[];
}

/** One entry of the sensor picker. */
export interface DeviceSummary {
  /** What `sensor:select` takes: "simulated", "replay:<file>", or a BLE peripheral id. */
  id: string;
  /** Label for the picker, e.g. "Simulated lifter" or the advertised BLE name. */
  name: string;
  kind: SensorKind;
  /** BLE sensor family (e.g. "witmotion"); absent for the simulator and replays. */
  family?: string;
  /** Signal strength of the last advertisement, dBm (BLE only). */
  rssi?: number;
  /** Advertised battery level 0..100 (BLE only, when advertised). */
  battery?: number;
}

export interface ScanSensorsRequest {
  /** How long to scan, seconds, in [1, 30]; absent = 5. */
  seconds?: number;
}

export interface ScanSensorsResult {
  /** Every sensor the picker can offer now (the simulator always, first). */
  devices: DeviceSummary[];
  /** Why no Bluetooth scan could run (e.g. EAFNOSUPPORT); null = the scan ran. */
  unavailable: string | null;
}

export interface SelectSensorRequest {
  /** A `DeviceSummary.id` (non-empty, at most 128 characters). */
  id: string;
}

/** Which stored sessions `history:list` returns (all optional; the store's SessionFilter). */
export interface HistoryFilter {
  /** Exact name, any case. */
  athlete?: string;
  /** The session's exercise or any of its sets', exact name, any case. */
  exercise?: string;
  /** ISO 8601 UTC (toISOString): sessions started at or after it. */
  from?: string;
  /** ISO 8601 UTC: sessions started before it. */
  to?: string;
}

/** A stored session by id (a positive safe integer). */
export interface SessionRef {
  id: number;
}

/** Everything the review screen shows of a stored session, figures already computed in main. */
export interface SessionReview {
  summary: SessionSummary;
  info: SessionInfo;
  scoring: Scoring;
  setInfo: SetInfo[];
  report: ReportModel;
}

export interface RepCurveRequest {
  id: number;
  /** 1-based, as the engine numbers sets and reps. */
  setIndex: number;
  repIndex: number;
}

export interface ReanalyzeRequest {
  id: number;
  /** Tempo notation (checked with parseTempo); null = score nothing. */
  tempo: string | null;
  /** (0, 1]. */
  tolerance: number;
}

export interface UpdateSessionRequest {
  id: number;
  /** null clears it. */
  name?: string | null;
  notes?: string;
  athlete?: string | null;
  exercise?: string | null;
}

export type ExportFormat = 'pdf' | 'html' | 'csv' | 'json';

export interface ExportSessionRequest {
  id: number;
  format: ExportFormat;
}

/** Where an export went, or that the lifter closed the save dialog. */
export type ExportResult = { path: string } | { cancelled: true };

export interface ImportSessionRequest {
  /** A dropped file's path (preload: webUtils.getPathForFile); absent = main asks with an open dialog. */
  path?: string;
}

/** An imported session, or that the lifter closed the open dialog. */
export type ImportResult = { summary: SessionSummary } | { cancelled: true };

/** renderer → main: `ipcRenderer.invoke(channel, ...args)` / `ipcMain.handle`. */
export interface InvokeContract {
  'app:get-info': () => AppInfo;
  'session:start': (req: StartSessionRequest) => SessionState;
  'session:stop': () => SessionState;
  'session:get-state': () => SessionState;
  /** The picker's entries as last known (no scan). */
  'sensor:list': () => DeviceSummary[];
  /** Scans for BLE sensors; on a machine without Bluetooth the list is the simulator plus the reason. */
  'sensor:scan': (req: ScanSensorsRequest) => ScanSensorsResult;
  /** Picks the sensor; takes effect at once when idle, otherwise at the next session start. */
  'sensor:select': (req: SelectSensorRequest) => SensorStatus;
  /** Stored sessions, newest first. */
  'history:list': (filter: HistoryFilter) => SessionSummary[];
  /** A stored session's review (analysed once with curves; kept until another is opened). */
  'history:open': (req: SessionRef) => SessionReview;
  /** A rep's velocity and position from the open session's analysis; null when it has no such rep. */
  'history:rep-curve': (req: RepCurveRequest) => RepCurve | null;
  /** Re-scores a stored session against another prescription (stored) and returns its new review. */
  'history:reanalyze': (req: ReanalyzeRequest) => SessionReview;
  'history:update': (req: UpdateSessionRequest) => SessionSummary;
  'history:delete': (req: SessionRef) => void;
  /** Asks where to save (native dialog) and writes the export there. */
  'history:export': (req: ExportSessionRequest) => ExportResult;
  /** Stores a CSV recording or a JSON session file. */
  'history:import': (req: ImportSessionRequest) => ImportResult;
}

/** main → renderer: `webContents.send(channel, payload)`; exactly one payload per message. */
export interface EventContract {
  /** Engine events, batched (~every 75 ms) so a burst of decisions costs one message. */
  'session:engine-events': EngineEvent[];
  'session:samples': SampleTrace;
  'sensor:status': SensorStatus;
  /** Pushed whenever `running` changes, including a stop main decided on its own (error). */
  'session:state': SessionState;
}

export type InvokeChannel = keyof InvokeContract;
export type EventChannel = keyof EventContract;
export type InvokeArgs<C extends InvokeChannel> = Parameters<InvokeContract[C]>;
export type InvokeResult<C extends InvokeChannel> = ReturnType<InvokeContract[C]>;

/** Runtime lists of the channels (types vanish at runtime; tests and the preload use these). */
export const INVOKE_CHANNELS = [
  'app:get-info',
  'session:start',
  'session:stop',
  'session:get-state',
  'sensor:list',
  'sensor:scan',
  'sensor:select',
  'history:list',
  'history:open',
  'history:rep-curve',
  'history:reanalyze',
  'history:update',
  'history:delete',
  'history:export',
  'history:import',
] as const satisfies readonly InvokeChannel[];

export const EVENT_CHANNELS = [
  'session:engine-events',
  'session:samples',
  'sensor:status',
  'session:state',
] as const satisfies readonly EventChannel[];
