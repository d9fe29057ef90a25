import { describe, expect, it } from 'vitest';
import { createNobleCentral, type LoadCentralResult } from '../../../src/main/ble/central';
import { EmulatedBindings, nobleWithBindings } from '../../../src/main/ble/emulated-bindings';
import { witmotionDevice } from '../../../src/main/ble/emulated-devices';
import { createAppSensor, NO_SENSOR_MESSAGE } from '../../../src/main/sensors/app-sensor';
import { BleSensorSource } from '../../../src/main/sensors/ble-source';
import type { SampleSource } from '../../../src/main/session/source';
import type { SensorStatus } from '../../../src/shared/ipc/contract';

function stub(message: string | null): SampleSource {
  return {
    kind: 'simulated',
    start: () => {},
    stop: () => {},
    status: (): SensorStatus => ({ source: 'simulated', connected: true, message }),
  };
}

describe('createAppSensor', () => {
  it('is the simulator with the usual banner when no sensor is configured', async () => {
    let changes = 0;
    const app = createAppSensor({
      setting: undefined,
      createSimulated: stub,
      readTextFile: () => '',
      onStatusChange: () => changes++,
    });
    await app.ready;
    expect(app.source.status().message).toBe(NO_SENSOR_MESSAGE);
    expect(changes).toBe(0);
  });

  it('falls back with the reason on this machine and says so in the banner', async () => {
    let changes = 0;
    const app = createAppSensor({
      setting: 'WT901BLE68',
      createSimulated: stub,
      readTextFile: () => '',
      onStatusChange: () => changes++,
    });
    expect(app.source.status().message).toBe(
      'Looking for sensor "WT901BLE68": using the simulated sensor meanwhile',
    );
    await app.ready;
    expect(app.source.status().message).toMatch(
      /^This machine has no Bluetooth.*: using the simulated sensor$/,
    );
    expect(changes).toBe(1);
  });

  it('switches to a BLE sensor once found and reports its connection changes', async () => {
    const bindings = new EmulatedBindings();
    bindings.addPeripheral(witmotionDevice());
    const load = (): Promise<LoadCentralResult> =>
      Promise.resolve({ kind: 'ok', central: createNobleCentral(nobleWithBindings(bindings), 'linux') });
    let changes = 0;
    const app = createAppSensor({
      setting: 'WT901BLE68',
      createSimulated: stub,
      readTextFile: () => '',
      onStatusChange: () => changes++,
      deps: { loadCentral: load, findTimeoutMs: 200 },
    });
    await app.ready;
    expect(app.source.active).toBeInstanceOf(BleSensorSource);
    expect(app.source.status()).toEqual({
      source: 'ble',
      connected: false,
      message: 'WT901BLE68 not connected',
    });
    app.source.start(() => {}, { prescription: null });
    // Connect + setup (with its 100 ms unlock pause) on real timers: poll rather than guess a duration.
    for (let i = 0; i < 200 && !app.source.status().connected; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(app.source.status()).toEqual({ source: 'ble', connected: true, message: 'WT901BLE68 streaming' });
    expect(changes).toBeGreaterThanOrEqual(4); // switch, connecting, configuring, streaming
    app.dispose();
    await (app.source.active as BleSensorSource).whenStopped();
    expect(bindings.isConnected('c0ffee000001')).toBe(false);
  });
});
