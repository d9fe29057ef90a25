/** Composition root: Electron lifecycle and wiring only; behaviour lives in the modules it connects. */
import { join } from 'node:path';
import { app, BrowserWindow, session as electronSession } from 'electron';
import type { EventChannel, EventContract } from '../shared/ipc/contract';
import { createAppUrlPolicy } from './ipc/app-url';
import { registerHandlers } from './ipc/handlers';
import { createIpcRouter } from './ipc/router';
import { createLiveSession, createSimulatedSource } from './session/defaults';
import { createMainWindow, denyAllPermissions, hardenWebContents, type RendererLocation } from './window';

// BLE (src/main/ble) is not wired yet: the simulated sensor is the default and the banner says so.
const SENSOR_MESSAGE = 'No Bluetooth sensor connected: using the simulated sensor';

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
const liveSession = createLiveSession(createSimulatedSource({ message: SENSOR_MESSAGE }), emit);

registerHandlers(router, {
  session: liveSession,
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

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
