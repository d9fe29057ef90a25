import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_FUNCTIONS, type BridgeApi } from '../../src/shared/ipc/bridge';
import { fake, resetFakeElectron } from '../fakes/electron';

vi.mock('electron', async () => (await import('../fakes/electron')).electronModule);

describe('preload bridge', () => {
  let api: BridgeApi;

  beforeAll(async () => {
    resetFakeElectron();
    await import('../../src/preload/index');
    api = fake.exposed.get('api') as BridgeApi;
  });

  it('exposes exactly the named functions as window.api, and nothing else', () => {
    expect([...fake.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual([...BRIDGE_FUNCTIONS].sort());
    for (const name of BRIDGE_FUNCTIONS) expect(typeof api[name]).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|invoke|send/i);
    expect(Object.keys(api).sort()).toEqual([
      'deleteSession',
      'exportSession',
      'getInfo',
      'getSessionState',
      'importSession',
      'listHistory',
      'listSensors',
      'onEngineEvents',
      'onSamples',
      'onSensorStatus',
      'onSessionState',
      'openSession',
      'reanalyzeSession',
      'repCurve',
      'scanSensors',
      'selectSensor',
      'startSession',
      'stopSession',
      'updateSession',
    ]);
  });

  it.each([
    ['getInfo', [], 'app:get-info', []],
    ['startSession', [{ tempo: '3-1-X-0' }], 'session:start', [{ tempo: '3-1-X-0' }]],
    ['startSession', [], 'session:start', [{}]],
    ['stopSession', [], 'session:stop', []],
    ['getSessionState', [], 'session:get-state', []],
    ['listSensors', [], 'sensor:list', []],
    ['scanSensors', [], 'sensor:scan', [{}]],
    ['scanSensors', [{ seconds: 3 }], 'sensor:scan', [{ seconds: 3 }]],
    ['selectSensor', [{ id: 'simulated' }], 'sensor:select', [{ id: 'simulated' }]],
    ['listHistory', [], 'history:list', [{}]],
    ['listHistory', [{ athlete: 'Jo' }], 'history:list', [{ athlete: 'Jo' }]],
    ['openSession', [3], 'history:open', [{ id: 3 }]],
    [
      'repCurve',
      [{ id: 3, setIndex: 1, repIndex: 2 }],
      'history:rep-curve',
      [{ id: 3, setIndex: 1, repIndex: 2 }],
    ],
    [
      'reanalyzeSession',
      [{ id: 3, tempo: null, tolerance: 1 }],
      'history:reanalyze',
      [{ id: 3, tempo: null, tolerance: 1 }],
    ],
    ['updateSession', [{ id: 3, name: 'x' }], 'history:update', [{ id: 3, name: 'x' }]],
    ['deleteSession', [3], 'history:delete', [{ id: 3 }]],
    ['exportSession', [{ id: 3, format: 'pdf' }], 'history:export', [{ id: 3, format: 'pdf' }]],
    ['importSession', [], 'history:import', [{}]],
  ] as const)('%s(%j) invokes %s', async (name, args, channel, sent) => {
    fake.ipcRenderer.invoke.mockResolvedValueOnce('reply');
    const fn = api[name] as (...a: unknown[]) => Promise<unknown>;
    await expect(fn(...args)).resolves.toBe('reply');
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, ...sent);
  });

  it('importSession(file) sends the path webUtils gives for the dropped file', async () => {
    const file = { name: 'squat.csv' } as File;
    await api.importSession(file);
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith('history:import', {
      path: '/dropped/squat.csv',
    });
  });

  it.each([
    ['onEngineEvents', 'session:engine-events', [{ type: 'gap' }]],
    ['onSamples', 'session:samples', { t: [0], magnitudeG: [1] }],
    ['onSensorStatus', 'sensor:status', { source: 'simulated', connected: true, message: null }],
    ['onSessionState', 'session:state', { running: false }],
  ] as const)('%s subscribes to %s, hides the IPC event and unsubscribes', (name, channel, payload) => {
    const cb = vi.fn();
    const off = (api[name] as (cb: (p: unknown) => void) => () => void)(cb);
    fake.ipcRenderer.deliver(channel, payload);
    expect(cb).toHaveBeenCalledExactlyOnceWith(payload);
    off();
    fake.ipcRenderer.deliver(channel, payload);
    expect(cb).toHaveBeenCalledOnce();
    expect(fake.ipcRenderer.listeners.get(channel)).toEqual([]);
  });
});
