/** Composition root: Electron lifecycle and wiring only; behaviour lives in the modules it connects. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, session as electronSession } from 'electron';
import type { EventChannel, EventContract } from '../shared/ipc/contract';
import { createAppUrlPolicy } from './ipc/app-url';
import { registerHandlers } from './ipc/handlers';
import { createIpcRouter } from './ipc/router';
import { createAppSensor } from './sensors/app-sensor';
import { createLiveSession, createSimulatedSource } from './session/defaults';
import { createMainWindow, denyAllPermissions, hardenWebContents, type RendererLocation } from './window';

const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const rendererIndexFile = join(__dirname, '../renderer/index.html');
const preloadPath = join(__dirname, '../preload/index.js');
const isAppUrl = createAppUrlPolicy({ devServerUrl, rendererIndexFile });
const location: RendererLocation = devServerUrl ? { url: devServerUrl } : { file: rendererIndexFile };

let mainWindow: BrowserWindow | null = null;
const router = createIpcRouter({ isAppUrl });
const emit = <C extends EventChannel>(channel: C, payload: EventContract[C]): void => {
  if (mainWindow) router.emit(mainWindow.webContents, channel, payload);
};
// BARTEMPO_SENSOR: unset or "simulated", "replay:<file.csv>", or a BLE sensor id or name from `bartempo scan`.
// The simulator runs until that sensor is found; a missing sensor or no Bluetooth keeps it, with the reason.
// The rack screen's picker (sensor:list / sensor:scan / sensor:select) can switch it later, between sessions.
const sensor = createAppSensor({
  setting: process.env['BARTEMPO_SENSOR'],
  createSimulated: (message) => createSimulatedSource({ message }),
  readTextFile: (path) => readFileSync(path, 'utf8'),
  onStatusChange: () => liveSession.publishSensorStatus(),
});
const liveSession = createLiveSession(sensor.source, emit);

registerHandlers(router, {
  session: liveSession,
  sensors: sensor.picker,
  appInfo: () => ({
    name: app.getName(),
    version: app.getVersion(),
    platform: process.platform,
    versions: {
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
    },
  }),
});

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl));

function openWindow(): void {
  mainWindow = createMainWindow(preloadPath, location);
  mainWindow.webContents.on('did-finish-load', () => liveSession.publishSensorStatus());
  mainWindow.on('closed', () => {
    mainWindow = null; // first: a destroyed window's webContents must not be touched by stop()'s emits
    liveSession.stop();
  });
}

app.whenReady().then(() => {
  denyAllPermissions(electronSession.defaultSession);
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});

app.on('will-quit', () => sensor.dispose());

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
