/**
 * The renderer's only door to main: one named function per channel, nothing generic. Raw ipcRenderer
 * never crosses contextBridge, so a compromised page can call exactly these functions and no other channel.
 * Sandboxed preload: only `electron` may be required at runtime, so shared code is imported as types only.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { BridgeApi } from '../shared/ipc/bridge';
import type { EventChannel, EventContract, InvokeChannel } from '../shared/ipc/contract';

export type { BridgeApi };

function invoke<T>(channel: InvokeChannel, ...args: unknown[]): Promise<T> {
  return ipcRenderer.invoke(channel, ...args) as Promise<T>;
}

/** Subscribes to one event channel; returns the unsubscribe (React effects call it on cleanup). */
function subscribe<C extends EventChannel>(channel: C, cb: (payload: EventContract[C]) => void): () => void {
  // The IpcRendererEvent is dropped: it carries `sender` (ipcRenderer itself) and must not reach the page.
  const listener = (_event: IpcRendererEvent, payload: EventContract[C]): void => cb(payload);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

const api: BridgeApi = {
  getInfo: () => invoke('app:get-info'),
  startSession: (req = {}) => invoke('session:start', req),
  stopSession: () => invoke('session:stop'),
  getSessionState: () => invoke('session:get-state'),
  listSensors: () => invoke('sensor:list'),
  scanSensors: (req = {}) => invoke('sensor:scan', req),
  selectSensor: (req) => invoke('sensor:select', req),
  listHistory: (filter = {}) => invoke('history:list', filter),
  openSession: (id) => invoke('history:open', { id }),
  repCurve: (req) => invoke('history:rep-curve', req),
  reanalyzeSession: (req) => invoke('history:reanalyze', req),
  updateSession: (req) => invoke('history:update', req),
  deleteSession: (id) => invoke('history:delete', { id }),
  exportSession: (req) => invoke('history:export', req),
  // A dropped File's path exists only here (webUtils); the page itself never sees paths.
  importSession: (file) =>
    invoke('history:import', file === undefined ? {} : { path: webUtils.getPathForFile(file) }),
  onEngineEvents: (cb) => subscribe('session:engine-events', cb),
  onSamples: (cb) => subscribe('session:samples', cb),
  onSensorStatus: (cb) => subscribe('sensor:status', cb),
  onSessionState: (cb) => subscribe('session:state', cb),
};

contextBridge.exposeInMainWorld('api', api);
