import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelayMs,
  ConnectionManager,
  DEFAULT_BACKOFF,
  type ConnectionEvent,
  type ConnectionManagerOptions,
} from '../../../src/main/sensors/connection-manager';
import type { SensorTimers } from '../../../src/main/sensors/timers';
import {
  encodeWitmotionPacket,
  encodePolarAccFrame,
  POLAR_EMULATED,
  polarDevice,
  WITMOTION_EMULATED,
  witmotionDevice,
} from '../../../src/main/ble/emulated-devices';
import type { EmulatedPeripheralSpec } from '../../../src/main/ble/emulated-bindings';
import { TempoEngine } from '../../../src/shared/engine/engine';
import { defaultScenario, SimulatedLifter } from '../../../src/shared/sim';
import type { EngineEvent, Sample } from '../../../src/shared/engine/types';
import {
  encodeOpenProfilePacket,
  METAMOTION_COMMAND_UUID,
  METAMOTION_NOTIFY_UUID,
  METAMOTION_SERVICE_UUID,
  NUS_RX_UUID,
  NUS_SERVICE_UUID,
  NUS_TX_UUID,
  parseHex,
  toHex,
} from '../../../src/shared/sensors';
import { makeRig, scanFor, type Rig } from '../ble/helpers';

// Real 80-byte WitMotion notification (PROTOCOLS.md §1): 4 packets, first -> (-0.00195, -0.00830, 1.00830) g.
const WIT_80 = parseHex(
  '5561fcffefff110800000000000098ff0d00f831 5561fdffecff0e0800000000000098ff0d00f831 ' +
    '5561fdffecff0e0800000000000098ff0d00f831 5561feffe9ff0f0800000000000098ff0d00f831',
) as Uint8Array;
// Polar SDK test frame (§2): raw type 1, ts 2,000,000,000 ns, samples (-9,-1,999) and (-8,-2,997) mG.
const PMD_FRAME = parseHex('02 00 94 35 77 00 00 00 00 01 F7 FF FF FF E7 03 F8 FF FE FF E5 03') as Uint8Array;

// Read through the (faked) globals at call time, so vi.useFakeTimers() drives the manager.
const fakeableTimers: SensorTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h),
};

const WIT_ID = 'c0ffee000001';
const POLAR_ID = 'a0b1c2d3e4f5';

interface Harness extends Rig {
  manager: ConnectionManager;
  events: ConnectionEvent[];
  samples: Sample[];
  engineEvents: EngineEvent[];
  states(): string[];
}

async function harness(
  device: EmulatedPeripheralSpec,
  family: ConnectionManagerOptions['family'],
  extra: Partial<ConnectionManagerOptions> = {},
): Promise<Harness> {
  const rig = makeRig([device]);
  await rig.central.waitUntilReady(1000);
  await scanFor(rig.central, [device.id]);
  const events: ConnectionEvent[] = [];
  const samples: Sample[] = [];
  // One engine for the whole test: a reconnect must continue the same set, not start a new engine.
  const engine = new TempoEngine({ prescription: null });
  const engineEvents: EngineEvent[] = [];
  const manager = new ConnectionManager({
    central: rig.central,
    deviceId: device.id,
    family,
    timers: fakeableTimers,
    random: () => 0.5,
    onSamples: (chunk) => {
      samples.push(...chunk);
      engineEvents.push(...engine.process(chunk));
    },
    onEvent: (e) => events.push(e),
    ...extra,
  });
  const states = () => events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
  return { ...rig, manager, events, samples, engineEvents, states };
}

/** Lets emulated replies (microtasks) and due timers run. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

/** Sends `count` WitMotion notifications 40 ms apart (4 samples each, ~100 Hz). */
async function streamWit(h: Harness, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await advance(40);
    h.bindings.notifyValue(WIT_ID, WITMOTION_EMULATED.service, WITMOTION_EMULATED.notify, WIT_80);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ConnectionManager with a WitMotion over the real noble object', () => {
  it('connects, configures, streams, survives a forced disconnect and continues the same set with a gap', async () => {
    const h = await harness(witmotionDevice(), 'witmotion');
    h.manager.start();
    await advance(150); // setup includes a 100 ms pause after unlock
    expect(h.manager.state).toBe('streaming');
    // Setup script on the wire: unlock, then 100 Hz (code 0x09), both Write Commands.
    expect(h.bindings.writes.map((w) => toHex(w.data))).toEqual(['ff aa 69 88 b5', 'ff aa 03 09 00']);
    expect(h.bindings.isSubscribed(WIT_ID, WITMOTION_EMULATED.service, WITMOTION_EMULATED.notify)).toBe(true);
    expect(h.events).toContainEqual({ type: 'battery', batteryPct: 77 });

    await streamWit(h, 25);
    expect(h.samples).toHaveLength(100);
    expect(h.samples[0]?.ax).toBeCloseTo(-0.00195, 5);
    expect(h.samples[0]?.ay).toBeCloseTo(-0.0083, 4);
    expect(h.samples[0]?.az).toBeCloseTo(1.0083, 4);
    const beforeDropS = h.samples[h.samples.length - 1]?.t ?? NaN;

    h.bindings.dropLink(WIT_ID, 'supervision timeout');
    await advance(0);
    expect(h.manager.state).toBe('backoff');
    const backoff = h.events.findLast((e) => e.type === 'state');
    expect(backoff).toMatchObject({ state: 'backoff', retryInMs: 500, attempt: 1 });
    expect(backoff?.type === 'state' && backoff.message).toMatch(/Lost WT901BLE68 \(supervision timeout\)/);

    await advance(650); // back-off, reconnect, setup pause
    expect(h.manager.state).toBe('streaming');
    await streamWit(h, 25);

    expect(h.states()).toEqual([
      'connecting',
      'configuring',
      'streaming',
      'backoff',
      'reconnecting',
      'configuring',
      'streaming',
    ]);
    expect(h.samples).toHaveLength(200);
    for (let i = 1; i < h.samples.length; i++) {
      expect(h.samples[i]?.t).toBeGreaterThan(h.samples[i - 1]?.t ?? Infinity);
    }
    const gapEvents = h.events.filter((e) => e.type === 'gap');
    expect(gapEvents).toHaveLength(1);
    const gap = h.manager.stats.gaps[0];
    expect(gap?.startS).toBe(beforeDropS);
    expect(gap?.endS).toBe(h.samples[100]?.t);
    expect((gap?.endS ?? 0) - (gap?.startS ?? 0)).toBeGreaterThan(0.6);
    expect(h.manager.stats).toMatchObject({
      reconnects: 1,
      samples: 200,
      notifications: 50,
      malformedPackets: 0,
    });
    // The same engine saw the outage in the timestamps and reported it itself.
    const engineGaps = h.engineEvents.filter((e) => e.type === 'gap');
    expect(engineGaps).toHaveLength(1);
  });

  it('pauses while the adapter is off and resumes when it comes back', async () => {
    const h = await harness(witmotionDevice(), 'witmotion');
    h.manager.start();
    await advance(150);
    await streamWit(h, 5);
    const connectsBefore = h.bindings.connectCalls;

    h.bindings.setAdapterState('poweredOff');
    await advance(0);
    expect(h.manager.state).toBe('waiting-for-adapter');
    expect(h.manager.statusMessage).toMatch(/Bluetooth is off/);
    await advance(60_000);
    // No connect attempts (and no back-off loop) while the radio is off.
    expect(h.bindings.connectCalls).toBe(connectsBefore);
    expect(h.manager.state).toBe('waiting-for-adapter');

    h.bindings.setAdapterState('poweredOn');
    await advance(150);
    expect(h.manager.state).toBe('streaming');
    await streamWit(h, 5);
    expect(h.manager.stats.gaps).toHaveLength(1);
    expect((h.manager.stats.gaps[0]?.endS ?? 0) - (h.manager.stats.gaps[0]?.startS ?? 0)).toBeGreaterThan(60);
  });

  it('drops the link itself when the adapter goes off without reporting a disconnect', async () => {
    const h = await harness(witmotionDevice(), 'witmotion');
    h.manager.start();
    await advance(150);
    await streamWit(h, 5);
    h.bindings.setAdapterState('poweredOff', { dropLinks: false });
    await advance(0);
    expect(h.manager.state).toBe('waiting-for-adapter');
    expect(h.bindings.isConnected(WIT_ID)).toBe(false);
    h.bindings.setAdapterState('poweredOn');
    await advance(150);
    expect(h.manager.state).toBe('streaming');
    await streamWit(h, 2);
    expect(h.manager.stats.gaps).toHaveLength(1);
  });

  it('counts malformed packets and treats a silent link as lost (watchdog)', async () => {
    const h = await harness(witmotionDevice(), 'witmotion');
    h.manager.start();
    await advance(150);
    await streamWit(h, 2);
    h.bindings.notifyValue(
      WIT_ID,
      WITMOTION_EMULATED.service,
      WITMOTION_EMULATED.notify,
      Uint8Array.of(1, 2, 3),
    );
    expect(h.manager.stats.malformedPackets).toBe(1);
    expect(h.events.some((e) => e.type === 'decode-errors')).toBe(true);

    await advance(3_100);
    expect(h.manager.state).toBe('backoff');
    expect(h.manager.statusMessage).toMatch(/no data for 3\.\d s/);
  });

  it('stop() runs the teardown, disconnects and delivers nothing afterwards', async () => {
    const h = await harness(witmotionDevice(), 'witmotion');
    h.manager.start();
    await advance(150);
    await streamWit(h, 2);
    const stopped = h.manager.stop();
    h.bindings.notifyValue(WIT_ID, WITMOTION_EMULATED.service, WITMOTION_EMULATED.notify, WIT_80);
    await advance(10);
    await stopped;
    expect(h.samples).toHaveLength(8);
    expect(h.manager.state).toBe('stopped');
    expect(h.bindings.isSubscribed(WIT_ID, WITMOTION_EMULATED.service, WITMOTION_EMULATED.notify)).toBe(
      false,
    );
    expect(h.bindings.isConnected(WIT_ID)).toBe(false);
  });
});

describe('ConnectionManager with other families', () => {
  it('configures a Polar H10 (awaited PMD responses) and keeps its device clock', async () => {
    const h = await harness(polarDevice(), 'polar');
    h.manager.start();
    await advance(0);
    expect(h.manager.state).toBe('streaming');
    expect(h.bindings.writes.map((w) => toHex(w.data))).toEqual([
      '01 02',
      '02 02 00 01 c8 00 01 01 10 00 02 01 08 00',
    ]);
    await advance(20);
    h.bindings.notifyValue(POLAR_ID, POLAR_EMULATED.service, POLAR_EMULATED.data, PMD_FRAME);
    await advance(10);
    // Next frame: two samples, last stamped 10 ms later -> device spacing 5 ms.
    const next = encodePolarAccFrame(2_010_000_000n, [
      [-7, -3, 998],
      [-6, -4, 996],
    ]);
    h.bindings.notifyValue(POLAR_ID, POLAR_EMULATED.service, POLAR_EMULATED.data, next);
    expect(h.samples.map((s) => Math.round(s.ax * 1000))).toEqual([-9, -8, -7, -6]);
    expect(h.samples[0]?.az).toBeCloseTo(0.999, 9);
    const t = h.samples.map((s) => s.t);
    expect((t[3] ?? 0) - (t[2] ?? 0)).toBeCloseTo(0.005, 6);
    expect((t[2] ?? 0) - (t[1] ?? 0)).toBeCloseTo(0.005, 3);
  });

  it('probes a MetaMotion for its chip, then streams packed samples at the configured range', async () => {
    const service = METAMOTION_SERVICE_UUID;
    const device: EmulatedPeripheralSpec = {
      id: 'd00d00000001',
      name: 'MetaWear',
      advertisedServices: [service],
      services: [
        {
          uuid: service,
          characteristics: [
            { uuid: METAMOTION_COMMAND_UUID, properties: ['writeWithoutResponse'] },
            { uuid: METAMOTION_NOTIFY_UUID, properties: ['notify'] },
          ],
        },
      ],
      // The board answers the chip check (03 80) with BMI160 (code 1) on the notify characteristic.
      onWrite: (ctx) => {
        if (toHex(ctx.data) === '03 80')
          ctx.notify(service, METAMOTION_NOTIFY_UUID, Uint8Array.of(0x03, 0x80, 0x01, 0x00));
      },
    };
    const h = await harness(device, 'metamotion', { setup: { rangeG: 8 } });
    h.manager.start();
    await advance(0);
    expect(h.manager.state).toBe('streaming');
    // Probe, then the BMI160 stream script: config 100 Hz +-8 g, packed route, enable, start.
    expect(h.bindings.writes.map((w) => toHex(w.data))).toEqual([
      '03 80',
      '03 03 28 08',
      '03 1c 01',
      '03 02 01 00',
      '03 01 01',
    ]);
    // §3 packed example (+-8 g): three samples in one notification.
    const packed = parseHex('03 1c 62 b7 53 0d e9 fd 16 d0 4d 0e 57 02 8a ff a1 05 0a 01') as Uint8Array;
    h.bindings.notifyValue(device.id, service, METAMOTION_NOTIFY_UUID, packed);
    expect(h.samples.map((s) => [s.ax, s.ay, s.az].map((v) => +v.toFixed(3)))).toEqual([
      [-4.539, 0.833, -0.131],
      [-2.995, 0.894, 0.146],
      [-0.029, 0.352, 0.065],
    ]);
    // No device clock: times reconstructed at the configured 100 Hz.
    expect((h.samples[2]?.t ?? 0) - (h.samples[1]?.t ?? 0)).toBeCloseTo(0.01, 9);
  });

  it('times out a sensor that never answers a command and gives up after repeated failures', async () => {
    const h = await harness(polarDevice({ answersControlPoint: false }), 'polar');
    h.manager.start();
    await advance(0);
    expect(h.manager.state).toBe('configuring');
    await advance(4_999);
    expect(h.manager.state).toBe('configuring'); // still inside the step's 5 s budget
    await advance(2);
    expect(h.manager.state).toBe('backoff');
    expect(h.manager.statusMessage).toMatch(/did not answer "ask ACC settings" within 5000 ms/);
    await advance(30_000);
    expect(h.manager.state).toBe('failed');
    expect(h.manager.statusMessage).toMatch(/could not be set up/);
    expect(h.states().filter((s) => s === 'configuring')).toHaveLength(3);
    // Gave up cleanly: nothing left connected.
    expect(h.bindings.isConnected(POLAR_ID)).toBe(false);
  });

  it('keeps retrying a sensor that is out of range, with capped exponential back-off', async () => {
    const h = await harness(witmotionDevice(), 'witmotion', { connectTimeoutMs: 1_000 });
    h.bindings.setInRange(WIT_ID, false);
    h.manager.start();
    await advance(60_000);
    const delays = h.events.flatMap((e) =>
      e.type === 'state' && e.retryInMs !== undefined ? [e.retryInMs] : [],
    );
    expect(delays.slice(0, 6)).toEqual([500, 1000, 2000, 4000, 8000, 15000]);
    expect(Math.max(...delays)).toBe(15000);
    h.bindings.setInRange(WIT_ID, true);
    await advance(16_200);
    expect(h.manager.state).toBe('streaming');
  });

  it('scans for a remembered id it has not seen yet, and backs off while it is not advertising', async () => {
    const rig = makeRig([witmotionDevice()]);
    rig.bindings.setInRange(WIT_ID, false);
    const events: ConnectionEvent[] = [];
    const manager = new ConnectionManager({
      central: rig.central,
      deviceId: WIT_ID,
      family: 'witmotion',
      label: 'my bar sensor',
      timers: fakeableTimers,
      random: () => 0.5,
      connectTimeoutMs: 2_000,
      onSamples: () => {},
      onEvent: (e) => events.push(e),
    });
    await advance(0);
    manager.start();
    await advance(2_100);
    expect(manager.state).toBe('backoff');
    expect(manager.statusMessage).toMatch(/my bar sensor is not advertising/);
    expect(rig.bindings.connectCalls).toBe(0);
    rig.bindings.setInRange(WIT_ID, true);
    await advance(700);
    expect(manager.state).toBe('streaming');
  });

  it('waits with a clear message on an adapter without BLE', async () => {
    const rig = makeRig([], 'unsupported');
    const events: ConnectionEvent[] = [];
    const manager = new ConnectionManager({
      central: rig.central,
      deviceId: WIT_ID,
      family: 'witmotion',
      timers: fakeableTimers,
      onSamples: () => {},
      onEvent: (e) => events.push(e),
    });
    await advance(0);
    manager.start();
    await advance(10_000);
    expect(manager.state).toBe('waiting-for-adapter');
    expect(manager.statusMessage).toMatch(/does not support Bluetooth Low Energy/);
    expect(rig.bindings.connectCalls).toBe(0);
  });

  it('counts open-profile sequence gaps as lost packets', async () => {
    const device: EmulatedPeripheralSpec = {
      id: 'b47e00000001',
      name: 'BarTempo-0001',
      advertisedServices: [NUS_SERVICE_UUID],
      services: [
        {
          uuid: NUS_SERVICE_UUID,
          characteristics: [
            { uuid: NUS_RX_UUID, properties: ['write'] },
            { uuid: NUS_TX_UUID, properties: ['notify'] },
          ],
        },
      ],
    };
    const h = await harness(device, 'open');
    h.manager.start();
    await advance(0);
    expect(h.manager.state).toBe('streaming');
    const packet = (seq: number) =>
      encodeOpenProfilePacket({
        seq,
        time: seq * 40,
        timeUnit: 'ms',
        samplePeriodUs: 10_000,
        accelRangeG: 16,
        raw: [
          [0, 0, 2048],
          [0, 0, 2048],
          [0, 0, 2048],
          [0, 0, 2048],
        ],
      });
    h.bindings.notifyValue(device.id, NUS_SERVICE_UUID, NUS_TX_UUID, packet(0));
    await advance(120);
    h.bindings.notifyValue(device.id, NUS_SERVICE_UUID, NUS_TX_UUID, packet(3));
    expect(h.manager.stats.lostPackets).toBe(2);
    expect(h.samples).toHaveLength(8);
    expect(h.samples[0]?.az).toBe(1);
    // Device times (ms) kept: packet 3 starts 120 ms after packet 0.
    expect((h.samples[4]?.t ?? 0) - (h.samples[0]?.t ?? 0)).toBeCloseTo(0.12, 6);
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the initial delay, caps, and jitters within ±20%', () => {
    const mid = Array.from({ length: 8 }, (_, i) => backoffDelayMs(i + 1, DEFAULT_BACKOFF, () => 0.5));
    expect(mid).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0)).toBe(400);
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0.999999)).toBe(600);
    expect(backoffDelayMs(10, DEFAULT_BACKOFF, () => 0.999999)).toBe(15000);
  });
});

describe('a simulated squat set through an emulated WitMotion with a dropout mid-set', () => {
  it('keeps one set: reps after the reconnect continue the set that was running', async () => {
    const h = await harness(witmotionDevice(), 'witmotion');
    const lifter = new SimulatedLifter(
      defaultScenario('squat', { sensor: { sampleRateHz: 100, timing: 'device' } }),
      6,
    );
    h.manager.start();
    await advance(150);
    let simS = 0;
    let dropped = false;
    for (let step = 0; step < 1500; step++) {
      await advance(40);
      simS += 0.04;
      const chunk = lifter.takeUntil(simS);
      if (!dropped && simS >= 30) {
        // The link drops mid-set; the sensor keeps lifting, so these samples are simply lost.
        dropped = true;
        h.bindings.dropLink(WIT_ID);
      }
      if (chunk.length === 0 || h.manager.state !== 'streaming') continue;
      const payload = new Uint8Array(20 * chunk.length);
      chunk.forEach((s, k) => payload.set(encodeWitmotionPacket(s), 20 * k));
      h.bindings.notifyValue(WIT_ID, WITMOTION_EMULATED.service, WITMOTION_EMULATED.notify, payload);
    }
    expect(h.manager.stats.reconnects).toBe(1);
    const gap = h.manager.stats.gaps[0];
    expect((gap?.endS ?? 0) - (gap?.startS ?? 0)).toBeGreaterThan(0.5);
    expect(h.engineEvents.filter((e) => e.type === 'gap')).toHaveLength(1);
    const setStarts = h.engineEvents.filter((e) => e.type === 'set-started');
    expect(setStarts).toHaveLength(1);
    const reps = h.engineEvents.flatMap((e) => (e.type === 'rep-completed' ? [e] : []));
    const gapAtS = h.engineEvents.find((e) => e.type === 'gap')?.committedAtS ?? Infinity;
    const after = reps.filter((e) => e.committedAtS > gapAtS);
    expect(reps.filter((e) => e.committedAtS < gapAtS).length).toBeGreaterThanOrEqual(3);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.every((e) => e.setIndex === 1)).toBe(true);
    // Rep numbers keep counting within the set instead of restarting at 1.
    expect(after[0]?.rep.index).toBeGreaterThan(reps.filter((e) => e.committedAtS < gapAtS).length);
  });
});
