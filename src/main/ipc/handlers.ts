import type { AppInfo } from '../../shared/ipc/contract';
import type { SensorPicker } from '../sensors/sensor-picker';
import type { LiveSession } from '../session/live-session';
import type { IpcRouter } from './router';

export interface HandlerDeps {
  session: LiveSession;
  appInfo: () => AppInfo;
  sensors: SensorPicker;
}

/** Binds every invoke channel to its implementation; shared by the app and the renderer test harness. */
export function registerHandlers(router: IpcRouter, { session, appInfo, sensors }: HandlerDeps): void {
  router.handle('app:get-info', () => appInfo());
  router.handle('session:start', (req) => session.start(req));
  router.handle('session:stop', () => session.stop());
  router.handle('session:get-state', () => session.getState());
  router.handle('sensor:list', () => sensors.list());
  router.handle('sensor:scan', (req) => sensors.scan(req));
  router.handle('sensor:select', (req) => sensors.select(req));
}
