import type { AppInfo } from '../../shared/ipc/contract';
import type { HistoryService } from '../history/history-service';
import type { SensorPicker } from '../sensors/sensor-picker';
import type { LiveSession } from '../session/live-session';
import type { IpcRouter } from './router';

export interface HandlerDeps {
  session: LiveSession;
  appInfo: () => AppInfo;
  sensors: SensorPicker;
  /** Stored sessions (review, history); absent when no database could be opened. */
  history?: HistoryService;
}

/** Binds every invoke channel to its implementation; shared by the app and the renderer test harness. */
export function registerHandlers(
  router: IpcRouter,
  { session, appInfo, sensors, history }: HandlerDeps,
): void {
  router.handle('app:get-info', () => appInfo());
  router.handle('session:start', (req) => session.start(req));
  router.handle('session:stop', () => session.stop());
  router.handle('session:get-state', () => session.getState());
  router.handle('sensor:list', () => sensors.list());
  router.handle('sensor:scan', (req) => sensors.scan(req));
  router.handle('sensor:select', (req) => sensors.select(req));
  if (!history) return;
  router.handle('history:list', (filter) => history.list(filter));
  router.handle('history:open', ({ id }) => history.openSession(id));
  router.handle('history:rep-curve', (req) => history.repCurve(req));
  router.handle('history:reanalyze', (req) => history.reanalyze(req));
  router.handle('history:update', (req) => history.update(req));
  router.handle('history:delete', ({ id }) => history.delete(id));
  router.handle('history:export', (req) => history.exportSession(req));
  router.handle('history:import', (req) => history.importSession(req));
}
