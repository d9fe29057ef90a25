/** Composition root: Electron lifecycle and wiring only; behaviour lives in the modules it connects. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session as electronSession } from 'electron';
import type { EventChannel, EventContract } from '../shared/ipc/contract';
import { APP_INDEX_URL, createAppUrlPolicy } from './ipc/app-url';
import { electronDialogs } from './history/dialogs';
import { HistoryService } from './history/history-service';
import { registerHandlers } from './ipc/handlers';
import { createIpcRouter } from './ipc/router';
import { registerAppSchemePrivileges, serveRenderer } from './protocol/app-scheme';
import { createAppSensor } from './sensors/app-sensor';
import { defaultUserDataDir, openAppStore, resolveDatabasePath } from './storage';
import { createLiveSession, createSimulatedSource } from './session/defaults';
import {
  bringToFront,
  claimSingleInstance,
  createMainWindow,
  hardenWebContents,
  lockDownSession,
} from './window';

const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const rendererDir = join(__dirname, '../renderer');
const preloadPath = join(__dirname, '../preload/index.js');
const isAppUrl = createAppUrlPolicy({ devServerUrl });

let mainWindow: BrowserWindow | null = null;
let openWindow: (() => void) | null = null; // set by startApp

/** A second launch: the window comes forward (or opens again, on macOS with every window closed). */
function showApp(): void {
  if (mainWindow) bringToFront(mainWindow);
  else if (app.isReady()) openWindow?.();
}

function startApp(): void {
  const router = createIpcRouter({ ipc: ipcMain, isAppUrl });
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
  // The CLI finds the same history: it computes the same folder (storage/paths.ts); BARTEMPO_DB, as for
  // the CLI, picks another file.
  const storage = openAppStore(resolveDatabasePath(undefined).path);
  for (const r of storage.recovered) {
    console.log(`BarTempo: recovered session ${r.id} (${r.samples} samples, ${r.reps} reps kept)`);
  }
  const liveSession = createLiveSession(sensor.source, emit, undefined, storage);

  // Review and history read the same database; without one (it refused to open) their channels are absent.
  const history = storage.store
    ? new HistoryService({ store: storage.store, ...electronDialogs(() => mainWindow) })
    : undefined;

  registerHandlers(router, {
    session: liveSession,
    sensors: sensor.picker,
    history,
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

  openWindow = () => {
    const win = createMainWindow({
      preloadPath,
      url: devServerUrl ?? APP_INDEX_URL,
      devTools: !app.isPackaged,
    });
    mainWindow = win;
    win.webContents.on('did-finish-load', () => liveSession.publishSensorStatus());
    win.on('closed', () => {
      mainWindow = null; // first: a destroyed window's webContents must not be touched by stop()'s emits
      liveSession.stop();
    });
  };

  void app.whenReady().then(() => {
    if (!devServerUrl) serveRenderer(rendererDir);
    lockDownSession(electronSession.defaultSession);
    openWindow?.();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow?.();
    });
  });

  app.on('will-quit', () => {
    liveSession.stop(); // completes the stored session before the database closes
    sensor.dispose();
    storage.store?.close();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

// Must happen before `ready`, in every instance; the user-data folder before the single-instance lock (it
// lives there) and before anything reads it: the database is kept where the CLI looks for it.
registerAppSchemePrivileges();
app.setPath('userData', defaultUserDataDir());

if (claimSingleInstance(showApp)) startApp();
else app.quit(); // the first instance brings its window forward (showApp)
