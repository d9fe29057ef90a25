import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WITMOTION_EMULATED, witmotionDevice } from '../../../src/main/ble/emulated-devices';
import { BleSensorSource } from '../../../src/main/sensors/ble-source';
import {
  buildDeviceList,
  createSourceForDevice,
  replayDeviceId,
  SIMULATED_DEVICE_ID,
} from '../../../src/main/sensors/devices';
import { ReplaySource } from '../../../src/main/sensors/replay-source';
import type { SensorTimers } from '../../../src/main/sensors/timers';
import { createLiveSession } from '../../../src/main/session/defaults';
import type { SampleSource } from '../../../src/main/session/source';
import type { Timers } from '../../../src/main/session/timers';
import type { Sample } from '../../../src/shared/engine/types';
import type { EventChannel, EventContract, SensorStatus } from '../../../src/shared/ipc/contract';
import { parseHex } from '../../../src/shared/sensors';
import { makeRig, scanFor } from '../ble/helpers';

const sessionTimers: Timers = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h),
};
const sensorTimers: SensorTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h),
};

/** 2 s at 100 Hz, starting at t = 10 s (recordings keep their own origin). */
function csv(): string {
  const rows = ['t,ax,ay,az'];
  for (let i = 0; i < 200; i++) rows.push(`${10 + i / 100},0,0,${i % 2 ? 1 : 1.001}`);
  return rows.join('\n') + '\n';
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ReplaySource', () => {
  it('replays a canonical CSV in real time, in tick-sized chunks, then reports it finished', async () => {
    const source = ReplaySource.fromCsv(csv(), 'squat.csv', { timers: sessionTimers, tickMs: 20 });
    const chunks: Sample[][] = [];
    source.start((c) => chunks.push(c));
    expect(source.status()).toEqual({ source: 'replay', connected: true, message: 'Replaying squat.csv' });
    await vi.advanceTimersByTimeAsync(500);
    const got = chunks.flat();
    // Everything up to 0.5 s of recording time, nothing beyond: real time.
    expect(got[got.length - 1]?.t).toBeCloseTo(10.5, 9);
    expect(got[0]?.t).toBe(10);
    expect(chunks.every((c) => c.length > 0 && c.length <= 3)).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(chunks.flat()).toHaveLength(200);
    expect(source.done).toBe(true);
    expect(source.status()).toMatchObject({ connected: false, message: 'Replay of squat.csv finished' });
  });

  it('runs faster with speed, loops with times that keep increasing, and stops on stop()', async () => {
    const source = ReplaySource.fromCsv(csv(), 'squat.csv', { timers: sessionTimers, speed: 4, loop: true });
    const got: Sample[] = [];
    source.start((c) => got.push(...c));
    await vi.advanceTimersByTimeAsync(1000); // 4 s of recording: the 2 s file once and most of the next lap
    expect(got.length).toBeGreaterThan(300);
    for (let i = 1; i < got.length; i++) expect(got[i]?.t).toBeGreaterThan(got[i - 1]?.t ?? Infinity);
    source.stop();
    const n = got.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(got).toHaveLength(n);
  });
});

describe('device list', () => {
  it('offers the simulator and replays beside supported BLE sensors, strongest first', () => {
    const list = buildDeviceList({
      replayFiles: ['/data/squat.csv'],
      ble: [
        {
          id: 'a',
          name: 'WT901',
          rssiDbm: -70,
          family: 'witmotion',
          batteryPct: null,
          serviceUuids: [],
          connectable: true,
        },
        {
          id: 'b',
          name: 'Polar H10',
          rssiDbm: -50,
          family: 'polar',
          batteryPct: 80,
          serviceUuids: [],
          connectable: true,
        },
        {
          id: 'c',
          name: 'Kettle',
          rssiDbm: -30,
          family: undefined,
          batteryPct: null,
          serviceUuids: [],
          connectable: true,
        },
      ],
    });
    expect(list.map((d) => [d.kind, d.id, d.label])).toEqual([
      ['simulated', 'simulated', 'Simulated lifter'],
      ['replay', 'replay:/data/squat.csv', 'Replay squat.csv'],
      ['ble', 'b', 'Polar H10'],
      ['ble', 'a', 'WT901'],
    ]);
  });

  it('creates the matching source for a picked entry', async () => {
    const simulated = { kind: 'simulated' } as unknown as SampleSource;
    const deps = {
      central: null,
      createSimulated: () => simulated,
      readTextFile: (path: string) => (path === '/data/squat.csv' ? csv() : ''),
    };
    expect(createSourceForDevice(SIMULATED_DEVICE_ID, deps)).toBe(simulated);
    expect(createSourceForDevice(replayDeviceId('/data/squat.csv'), deps)).toBeInstanceOf(ReplaySource);
    expect(() => createSourceForDevice('c0ffee000001', deps)).toThrow(/Bluetooth is not available/);

    const rig = makeRig([witmotionDevice()]);
    await vi.advanceTimersByTimeAsync(0);
    await scanFor(rig.central, ['c0ffee000001']);
    const ble = createSourceForDevice('c0ffee000001', { ...deps, central: rig.central });
    expect(ble).toBeInstanceOf(BleSensorSource);
    expect(ble.kind).toBe('ble');
    expect(() => createSourceForDevice('ffffffffffff', { ...deps, central: rig.central })).toThrow(
      /scan first/,
    );
  });
});

describe('BleSensorSource in a LiveSession', () => {
  it('streams a WitMotion into the session and reports sensor status changes', async () => {
    const rig = makeRig([witmotionDevice()]);
    await vi.advanceTimersByTimeAsync(0);
    await scanFor(rig.central, ['c0ffee000001']);
    const source = new BleSensorSource({
      central: rig.central,
      deviceId: 'c0ffee000001',
      family: 'witmotion',
      manager: { timers: sensorTimers, random: () => 0.5 },
    });
    const statuses: SensorStatus[] = [];
    source.onEvent((e, status) => {
      if (e.type === 'state') statuses.push(status);
    });
    const emitted: { channel: EventChannel; payload: unknown }[] = [];
    const emit = <C extends EventChannel>(channel: C, payload: EventContract[C]) =>
      emitted.push({ channel, payload });
    const session = createLiveSession(source, emit, sessionTimers);

    expect(source.status()).toEqual({ source: 'ble', connected: false, message: 'WT901BLE68 not connected' });
    session.start({ tempo: '3-1-X-0' });
    await vi.advanceTimersByTimeAsync(150);
    expect(session.getState().sensor).toEqual({
      source: 'ble',
      connected: true,
      message: 'WT901BLE68 streaming',
    });

    const packet = parseHex('5561fcffefff110800000000000098ff0d00f831') as Uint8Array;
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(10);
      rig.bindings.notifyValue('c0ffee000001', WITMOTION_EMULATED.service, WITMOTION_EMULATED.notify, packet);
    }
    await vi.advanceTimersByTimeAsync(100);
    const traces = emitted.filter((e) => e.channel === 'session:samples');
    expect(traces.length).toBeGreaterThan(0);

    rig.bindings.dropLink('c0ffee000001');
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getState().sensor.connected).toBe(false);
    expect(session.getState().running).toBe(true); // the session (and its set) survives the drop
    await vi.advanceTimersByTimeAsync(700);
    expect(session.getState().sensor.connected).toBe(true);
    expect(statuses.map((s) => s.connected)).toEqual([false, false, true, false, false, false, true]);

    session.stop();
    await vi.advanceTimersByTimeAsync(10);
    await source.whenStopped();
    expect(rig.bindings.isConnected('c0ffee000001')).toBe(false);
  });
});
