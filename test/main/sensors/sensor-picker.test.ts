import { describe, expect, it } from 'vitest';
import { createNobleCentral, type LoadCentralResult } from '../../../src/main/ble/central';
import { EmulatedBindings, nobleWithBindings } from '../../../src/main/ble/emulated-bindings';
import { witmotionDevice } from '../../../src/main/ble/emulated-devices';
import { createAppSensor, NO_SENSOR_MESSAGE } from '../../../src/main/sensors/app-sensor';
import { BleSensorSource } from '../../../src/main/sensors/ble-source';
import { createSensorPicker } from '../../../src/main/sensors/sensor-picker';
import { SwitchingSource } from '../../../src/main/sensors/select-source';
import type { SampleSource } from '../../../src/main/session/source';
import type { SensorStatus } from '../../../src/shared/ipc/contract';

function stub(message: string | null, kind: SampleSource['kind'] = 'simulated'): SampleSource {
  return {
    kind,
    start: () => {},
    stop: () => {},
    status: (): SensorStatus => ({ source: kind, connected: true, message }),
  };
}

const NO_BLUETOOTH: LoadCentralResult = {
  kind: 'unavailable',
  reason: 'no-bluetooth',
  message:
    'This machine has no Bluetooth: the operating system does not support Bluetooth sockets (EAFNOSUPPORT)',
  detail: 'EAFNOSUPPORT',
};

function emulatedCentral(): { bindings: EmulatedBindings; load: () => Promise<LoadCentralResult> } {
  const bindings = new EmulatedBindings();
  bindings.addPeripheral(witmotionDevice());
  const result: LoadCentralResult = {
    kind: 'ok',
    central: createNobleCentral(nobleWithBindings(bindings), 'linux'),
  };
  return { bindings, load: () => Promise.resolve(result) };
}

const quickSleep = () => new Promise<void>((ok) => setTimeout(ok, 30));

describe('sensor picker', () => {
  it('lists the simulator first, then replays', () => {
    const picker = createSensorPicker({
      source: new SwitchingSource(stub('x')),
      getCentral: () => Promise.resolve(NO_BLUETOOTH),
      createSimulated: stub,
      readTextFile: () => '',
      onStatusChange: () => {},
      replayFiles: ['/data/squat.csv'],
    });
    expect(picker.list()).toEqual([
      { id: 'simulated', name: 'Simulated lifter', kind: 'simulated' },
      { id: 'replay:/data/squat.csv', name: 'Replay squat.csv', kind: 'replay' },
    ]);
  });

  it('without Bluetooth: a scan returns the simulator plus the reason, and the banner says why', async () => {
    const source = new SwitchingSource(stub(NO_SENSOR_MESSAGE));
    let switches = 0;
    source.onSwitch(() => switches++);
    let loads = 0;
    const picker = createSensorPicker({
      source,
      getCentral: () => {
        loads++;
        return Promise.resolve(NO_BLUETOOTH);
      },
      createSimulated: (m) => stub(m ?? NO_SENSOR_MESSAGE),
      readTextFile: () => '',
      onStatusChange: () => {},
    });
    const result = await picker.scan({ seconds: 2 });
    expect(result).toEqual({
      devices: [{ id: 'simulated', name: 'Simulated lifter', kind: 'simulated' }],
      unavailable: NO_BLUETOOTH.message,
    });
    expect(source.status().message).toBe(`${NO_BLUETOOTH.message}: using the simulated sensor`);
    expect(switches).toBe(1);
    await picker.scan({});
    expect(switches).toBe(1); // same reason, same banner: no needless switch
    expect(loads).toBe(2);
    // Re-picking the simulator keeps the reason; a BLE id cannot be picked.
    expect(picker.select({ id: 'simulated' }).message).toBe(
      `${NO_BLUETOOTH.message}: using the simulated sensor`,
    );
    expect(() => picker.select({ id: 'c0ffee000001' })).toThrow(
      'Unknown sensor "c0ffee000001": pick one from the list (scan first)',
    );
  });

  it('with Bluetooth: a scan lists the supported sensor and selecting it switches between sessions', async () => {
    const { load } = emulatedCentral();
    const source = new SwitchingSource(stub(NO_SENSOR_MESSAGE));
    const picker = createSensorPicker({
      source,
      getCentral: load,
      createSimulated: (m) => stub(m ?? NO_SENSOR_MESSAGE),
      readTextFile: () => '',
      onStatusChange: () => {},
      sleep: quickSleep,
    });
    expect(() => picker.select({ id: 'c0ffee000001' })).toThrow(/scan first/);
    const result = await picker.scan({ seconds: 1 });
    expect(result.unavailable).toBeNull();
    expect(result.devices).toEqual([
      { id: 'simulated', name: 'Simulated lifter', kind: 'simulated' },
      expect.objectContaining({ id: 'c0ffee000001', name: 'WT901BLE68', kind: 'ble', family: 'witmotion' }),
    ]);
    expect(typeof result.devices[1]?.rssi).toBe('number');
    expect(picker.list()).toEqual(result.devices);

    // A session is running: the pick waits for the next session.
    source.start(() => {}, { prescription: null });
    const during = picker.select({ id: 'c0ffee000001' });
    expect(during.source).toBe('simulated');
    expect(during.message).toContain('(next session: WT901BLE68 not connected)');
    expect(source.active.kind).toBe('simulated');
    source.stop();
    expect(source.active).toBeInstanceOf(BleSensorSource);
    expect(source.status()).toEqual({ source: 'ble', connected: false, message: 'WT901BLE68 not connected' });

    // And back to the simulator.
    expect(picker.select({ id: 'simulated' })).toEqual({
      source: 'simulated',
      connected: true,
      message: NO_SENSOR_MESSAGE,
    });
  });

  it('shares one scan between overlapping requests', async () => {
    const { load } = emulatedCentral();
    let loads = 0;
    const picker = createSensorPicker({
      source: new SwitchingSource(stub(null)),
      getCentral: () => {
        loads++;
        return load();
      },
      createSimulated: stub,
      readTextFile: () => '',
      onStatusChange: () => {},
      sleep: quickSleep,
    });
    const [a, b] = await Promise.all([picker.scan({ seconds: 1 }), picker.scan({ seconds: 1 })]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
  });
});

describe('createAppSensor picker', () => {
  it('loads the Bluetooth driver once and reports EAFNOSUPPORT on this machine', async () => {
    let loads = 0;
    const app = createAppSensor({
      setting: 'WT901BLE68',
      createSimulated: stub,
      readTextFile: () => '',
      onStatusChange: () => {},
      deps: {
        loadCentral: () => {
          loads++;
          return Promise.resolve(NO_BLUETOOTH);
        },
      },
    });
    await app.ready;
    const result = await app.picker.scan({});
    expect(result.unavailable).toBe(NO_BLUETOOTH.message);
    expect(result.devices.map((d) => d.id)).toEqual(['simulated']);
    expect(loads).toBe(1);
    expect(app.source.status().message).toBe(`${NO_BLUETOOTH.message}: using the simulated sensor`);
    app.dispose();
  });

  it('keeps the central the configured sensor was found with for the picker', async () => {
    const { load, bindings } = emulatedCentral();
    let loads = 0;
    const app = createAppSensor({
      setting: 'WT901BLE68',
      createSimulated: stub,
      readTextFile: () => '',
      onStatusChange: () => {},
      deps: {
        loadCentral: () => {
          loads++;
          return load();
        },
        findTimeoutMs: 200,
      },
      sleep: quickSleep,
    });
    await app.ready;
    expect(app.source.active).toBeInstanceOf(BleSensorSource);
    const result = await app.picker.scan({ seconds: 1 });
    expect(result.unavailable).toBeNull();
    expect(result.devices.map((d) => d.id)).toEqual(['simulated', 'c0ffee000001']);
    expect(loads).toBe(1);
    app.dispose();
    expect(bindings.isConnected('c0ffee000001')).toBe(false);
  });
});
