import type { RepCurve } from '../engine/curves';
import type { EngineEvent } from '../engine/types';
import type { SessionSummary } from '../session/types';
import type {
  AppInfo,
  DeviceSummary,
  ExportResult,
  ExportSessionRequest,
  HistoryFilter,
  ImportResult,
  ReanalyzeRequest,
  RepCurveRequest,
  SessionReview,
  UpdateSessionRequest,
  SampleTrace,
  ScanSensorsRequest,
  ScanSensorsResult,
  SelectSensorRequest,
  SensorStatus,
  SessionState,
  StartSessionRequest,
} from './contract';

type Unsubscribe = () => void;

/**
 * What the preload exposes as `window.api`. Declared in shared code (not inferred from the preload) so
 * the renderer's type-check never pulls the Electron-importing preload into the DOM project.
 */
export interface BridgeApi {
  getInfo(): Promise<AppInfo>;
  startSession(req?: StartSessionRequest): Promise<SessionState>;
  stopSession(): Promise<SessionState>;
  getSessionState(): Promise<SessionState>;
  listSensors(): Promise<DeviceSummary[]>;
  scanSensors(req?: ScanSensorsRequest): Promise<ScanSensorsResult>;
  selectSensor(req: SelectSensorRequest): Promise<SensorStatus>;
  listHistory(filter?: HistoryFilter): Promise<SessionSummary[]>;
  openSession(id: number): Promise<SessionReview>;
  repCurve(req: RepCurveRequest): Promise<RepCurve | null>;
  reanalyzeSession(req: ReanalyzeRequest): Promise<SessionReview>;
  updateSession(req: UpdateSessionRequest): Promise<SessionSummary>;
  deleteSession(id: number): Promise<void>;
  exportSession(req: ExportSessionRequest): Promise<ExportResult>;
  /** A dropped File (its path read in the preload), or nothing: main shows an open dialog. */
  importSession(file?: File): Promise<ImportResult>;
  onEngineEvents(cb: (events: EngineEvent[]) => void): Unsubscribe;
  onSamples(cb: (trace: SampleTrace) => void): Unsubscribe;
  onSensorStatus(cb: (status: SensorStatus) => void): Unsubscribe;
  onSessionState(cb: (state: SessionState) => void): Unsubscribe;
}

/** The exposed function names, in one runtime list (the preload test checks the bridge has exactly these). */
export const BRIDGE_FUNCTIONS = [
  'getInfo',
  'startSession',
  'stopSession',
  'getSessionState',
  'listSensors',
  'scanSensors',
  'selectSensor',
  'listHistory',
  'openSession',
  'repCurve',
  'reanalyzeSession',
  'updateSession',
  'deleteSession',
  'exportSession',
  'importSession',
  'onEngineEvents',
  'onSamples',
  'onSensorStatus',
  'onSessionState',
] as const satisfies readonly (keyof BridgeApi)[];
