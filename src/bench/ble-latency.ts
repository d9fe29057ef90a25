/**
 * Added latency of the live BLE path: from a notification leaving the (emulated) Bluetooth stack, through the
 * real noble object, our central, the connection manager's decoder and timebase, to the tempo engine's
 * events. Everything on that path is synchronous, so wall time around `notifyValue` is the latency the app
 * adds on top of the radio. The sensor is an emulated WitMotion replaying a simulated squat set as real
 * 20-byte packets, four per notification (an 80-byte capture, PROTOCOLS.md §1), 100 Hz.
 */
import { createNobleCentral } from '../main/ble/central';
import { EmulatedBindings, nobleWithBindings } from '../main/ble/emulated-bindings';
import { encodeWitmotionPacket, WITMOTION_EMULATED, witmotionDevice } from '../main/ble/emulated-devices';
import { ConnectionManager } from '../main/sensors/connection-manager';
import type { SensorTimers } from '../main/sensors/timers';
import { TempoEngine } from '../shared/engine/engine';
import type { EngineEvent, Sample } from '../shared/engine/types';
import { defaultScenario, SimulatedLifter } from '../shared/sim';
import { parseTempo } from '../shared/tempo/parse';
import { markdownTable, verdict } from './markdown';
import { median, percentile } from './metrics';

export interface BleLatencyOptions {
  /** Seconds of lifting replayed through the path. */
  durationS: number;
  samplesPerNotification: number;
  /** Notifications ignored at the start (JIT warm-up). */
  warmupNotifications: number;
}

export const DEFAULT_BLE_LATENCY_OPTIONS: BleLatencyOptions = {
  durationS: 120,
  samplesPerNotification: 4,
  warmupNotifications: 200,
};

const TARGET_P99_MS = 2;
const RATE_HZ = 100;
const DEVICE_ID = 'c0ffee000001';

export interface BleLatencyResult {
  totalMs: number[];
  engineMs: number[];
  /** Latency of the notifications whose samples produced at least one engine event. */
  withEventsMs: number[];
  notifications: number;
  events: number;
  reps: number;
}

const ms = (v: number) => (v < 0.1 ? v.toFixed(4) : v.toFixed(3)) + ' ms';

export async function measureBleLatency(
  options: BleLatencyOptions = DEFAULT_BLE_LATENCY_OPTIONS,
): Promise<BleLatencyResult> {
  const prescription = parseTempo('3-1-X-0');
  const lifter = new SimulatedLifter(
    defaultScenario('squat', { prescription, sensor: { sampleRateHz: RATE_HZ, timing: 'device' } }),
    6,
  );
  const samples: Sample[] = lifter.takeUntil(options.durationS);
  const payloads: Uint8Array[] = [];
  for (let i = 0; i + options.samplesPerNotification <= samples.length; i += options.samplesPerNotification) {
    const payload = new Uint8Array(20 * options.samplesPerNotification);
    for (let k = 0; k < options.samplesPerNotification; k++) {
      payload.set(encodeWitmotionPacket(samples[i + k] as Sample), 20 * k);
    }
    payloads.push(payload);
  }

  const bindings = new EmulatedBindings();
  bindings.addPeripheral(witmotionDevice({ id: DEVICE_ID }));
  const central = createNobleCentral(nobleWithBindings(bindings));
  // Host arrival times come from a clock we advance one connection interval per notification, so the
  // timebase sees a realistic stream however fast the benchmark runs; latency is measured on performance.now.
  let hostMs = 0;
  const timers: SensorTimers = {
    now: () => hostMs,
    setTimeout: (fn, delayMs) => setTimeout(fn, delayMs),
    clearTimeout: (h) => clearTimeout(h),
  };
  const engine = new TempoEngine({ prescription });
  let engineMs = 0;
  let lastEvents: EngineEvent[] = [];
  const manager = new ConnectionManager({
    central,
    deviceId: DEVICE_ID,
    family: 'witmotion',
    timers,
    onSamples: (chunk) => {
      const t0 = performance.now();
      lastEvents = engine.process(chunk);
      engineMs = performance.now() - t0;
    },
  });

  try {
    await central.waitUntilReady(1_000);
    await central.startScan();
    await central.stopScan();
    manager.start();
    for (let i = 0; i < 100 && manager.state !== 'streaming'; i++) await new Promise((r) => setTimeout(r, 5));
    if (manager.state !== 'streaming')
      throw new Error(`emulated sensor did not start streaming (${manager.statusMessage})`);

    const result: BleLatencyResult = {
      totalMs: [],
      engineMs: [],
      withEventsMs: [],
      notifications: 0,
      events: 0,
      reps: 0,
    };
    const intervalMs = (1000 * options.samplesPerNotification) / RATE_HZ;
    payloads.forEach((payload, i) => {
      hostMs += intervalMs;
      lastEvents = [];
      engineMs = 0;
      const t0 = performance.now();
      const delivered = bindings.notifyValue(
        DEVICE_ID,
        WITMOTION_EMULATED.service,
        WITMOTION_EMULATED.notify,
        payload,
      );
      const totalMs = performance.now() - t0;
      if (!delivered) throw new Error('notification not delivered');
      result.events += lastEvents.length;
      result.reps += lastEvents.filter((e) => e.type === 'rep-completed').length;
      if (i < options.warmupNotifications) return;
      result.totalMs.push(totalMs);
      result.engineMs.push(engineMs);
      if (lastEvents.length > 0) result.withEventsMs.push(totalMs);
    });
    result.notifications = payloads.length;
    return result;
  } finally {
    await manager.stop();
    central.dispose();
  }
}

/** The benchmark section: a markdown table of median / p99 / max added latency. */
export async function runBleLatencyBench(
  options: BleLatencyOptions = DEFAULT_BLE_LATENCY_OPTIONS,
): Promise<string> {
  const r = await measureBleLatency(options);
  const blePart = r.totalMs.map((t, i) => t - (r.engineMs[i] ?? 0));
  const row = (label: string, values: number[]) => [
    label,
    String(values.length),
    ms(median(values)),
    ms(percentile(values, 0.99)),
    ms(Math.max(...values)),
  ];
  const table = markdownTable(
    ['path', 'notifications', 'median', 'p99', 'max'],
    [
      row('notification -> engine events (total)', r.totalMs),
      row('... notifications that produced events', r.withEventsMs),
      row('... of which engine.process', r.engineMs),
      row('... of which noble + central + decoder + timebase', blePart),
    ],
  );
  const p99 = percentile(r.totalMs, 0.99);
  return [
    table,
    '',
    `${r.notifications} notifications (${options.samplesPerNotification} WitMotion packets each, ${RATE_HZ} Hz, ` +
      `${options.durationS} s of a simulated squat set through the real noble object over emulated bindings; ` +
      `first ${options.warmupNotifications} not counted); ${r.events} engine events, ${r.reps} reps.`,
    `Target p99 < ${TARGET_P99_MS} ms: ${verdict(p99, TARGET_P99_MS, false)}.`,
  ].join('\n');
}
