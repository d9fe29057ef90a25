/**
 * The rack screen's sensor picker, behind the `sensor:list` / `sensor:scan` / `sensor:select` channels: it
 * lists what can stream (the simulator always, configured replays, BLE sensors seen by a scan), scans on
 * request and points the app's SwitchingSource at the picked entry (between sessions, as SwitchingSource
 * guarantees). Without Bluetooth a scan reports why, and the simulator's banner says so.
 */
import type {
  DeviceSummary,
  ScanSensorsRequest,
  ScanSensorsResult,
  SelectSensorRequest,
  SensorStatus,
} from '../../shared/ipc/contract';
import type { BleCentral, DiscoveredPeripheral, LoadCentralResult } from '../ble/central';
import type { SampleSource } from '../session/source';
import { BleSensorSource, type BleSourceOptions } from './ble-source';
import { buildDeviceList, createSourceForDevice, SIMULATED_DEVICE_ID, type DeviceEntry } from './devices';
import type { SwitchingSource } from './select-source';

export const DEFAULT_SCAN_SECONDS = 5;

export interface SensorPickerDeps {
  source: SwitchingSource;
  /** The shared central (loaded once, owned by the caller, who disposes it). */
  getCentral: () => Promise<LoadCentralResult>;
  createSimulated: (message: string | null) => SampleSource;
  readTextFile: (path: string) => string;
  /** Called when a picked BLE sensor reports connection changes. */
  onStatusChange: () => void;
  replayFiles?: readonly string[];
  adapterTimeoutMs?: number;
  ble?: Omit<BleSourceOptions, 'central' | 'deviceId' | 'family'>;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SensorPicker {
  list(): DeviceSummary[];
  /** Never rejects: a machine without Bluetooth or a failed scan becomes `unavailable`. */
  scan(req: ScanSensorsRequest): Promise<ScanSensorsResult>;
  /** Throws a user-facing Error for an id that is not in the list or cannot be used. */
  select(req: SelectSensorRequest): SensorStatus;
}

export function toDeviceSummary(entry: DeviceEntry): DeviceSummary {
  const summary: DeviceSummary = { id: entry.id, name: entry.label, kind: entry.kind };
  if (entry.kind === 'ble') {
    summary.family = entry.family;
    summary.rssi = entry.rssiDbm;
    if (entry.batteryPct !== null) summary.battery = entry.batteryPct;
  }
  return summary;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createSensorPicker(deps: SensorPickerDeps): SensorPicker {
  const seen = new Map<string, DiscoveredPeripheral>();
  let central: BleCentral | null = null;
  let unavailable: string | null = null;
  let scanning: Promise<ScanSensorsResult> | null = null;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)));

  const entries = (): DeviceEntry[] =>
    buildDeviceList({ ble: [...seen.values()], replayFiles: deps.replayFiles ?? [] });
  const list = (): DeviceSummary[] => entries().map(toDeviceSummary);
  const simulatedMessage = (): string | null =>
    unavailable === null ? null : `${unavailable}: using the simulated sensor`;

  /** Remembers why Bluetooth cannot be used and, when the simulator is in use, says so in its banner. */
  function noteUnavailable(reason: string): ScanSensorsResult {
    unavailable = reason;
    const message = simulatedMessage();
    if (deps.source.active.kind === 'simulated' && deps.source.status().message !== message) {
      deps.source.switchTo(deps.createSimulated(message));
    }
    return { devices: list(), unavailable: reason };
  }

  async function runScan(seconds: number): Promise<ScanSensorsResult> {
    const loaded = await deps.getCentral();
    if (loaded.kind === 'unavailable') return noteUnavailable(loaded.message);
    central = loaded.central;
    try {
      await central.waitUntilReady(deps.adapterTimeoutMs ?? 5_000);
    } catch (err) {
      return noteUnavailable(errorText(err));
    }
    unavailable = null;
    const off = central.onDiscover((p) => seen.set(p.id, p));
    try {
      await central.startScan();
      await sleep(seconds * 1000);
    } catch (err) {
      return { devices: list(), unavailable: `Bluetooth scan failed: ${errorText(err)}` };
    } finally {
      off();
      await central.stopScan().catch(() => undefined);
    }
    return { devices: list(), unavailable: null };
  }

  return {
    list,
    scan({ seconds = DEFAULT_SCAN_SECONDS }) {
      // One scan at a time: a second request while scanning shares the running scan's result.
      scanning ??= runScan(seconds).finally(() => {
        scanning = null;
      });
      return scanning;
    },
    select({ id }) {
      const wanted = id.trim();
      if (!entries().some((e) => e.id === wanted)) {
        throw new Error(`Unknown sensor "${wanted.slice(0, 40)}": pick one from the list (scan first)`);
      }
      const next =
        wanted === SIMULATED_DEVICE_ID
          ? deps.createSimulated(simulatedMessage())
          : createSourceForDevice(wanted, {
              central,
              createSimulated: () => deps.createSimulated(simulatedMessage()),
              readTextFile: deps.readTextFile,
              ble: deps.ble,
            });
      if (next instanceof BleSensorSource) next.onEvent(() => deps.onStatusChange());
      deps.source.switchTo(next);
      return deps.source.status();
    },
  };
}
