/**
 * The sensor picker's list: the simulated lifter and file replays always, beside whatever BLE sensors a scan
 * found, and the factory that turns a picked entry into a SampleSource.
 */
import type { SensorFamily } from '../../shared/sensors';
import type { BleCentral, DiscoveredPeripheral } from '../ble/central';
import type { SampleSource } from '../session/source';
import { BleSensorSource, type BleSourceOptions } from './ble-source';
import { ReplaySource } from './replay-source';

export const SIMULATED_DEVICE_ID = 'simulated';
export const REPLAY_PREFIX = 'replay:';

export type DeviceEntry =
  | { kind: 'simulated'; id: typeof SIMULATED_DEVICE_ID; label: string }
  | { kind: 'replay'; id: string; label: string; path: string }
  | {
      kind: 'ble';
      id: string;
      label: string;
      family: SensorFamily;
      rssiDbm: number;
      batteryPct: number | null;
    };

export interface DeviceListInput {
  /** Scan results; devices of no supported family are left out (the picker only offers what can stream). */
  ble: readonly DiscoveredPeripheral[];
  replayFiles?: readonly string[];
}

export function replayDeviceId(path: string): string {
  return `${REPLAY_PREFIX}${path}`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** Simulated first (always works), then replays, then BLE sensors strongest signal first. */
export function buildDeviceList(input: DeviceListInput): DeviceEntry[] {
  const list: DeviceEntry[] = [{ kind: 'simulated', id: SIMULATED_DEVICE_ID, label: 'Simulated lifter' }];
  for (const path of input.replayFiles ?? []) {
    list.push({ kind: 'replay', id: replayDeviceId(path), label: `Replay ${baseName(path)}`, path });
  }
  const ble = input.ble
    .filter((p): p is DiscoveredPeripheral & { family: SensorFamily } => p.family !== undefined)
    .sort((a, b) => b.rssiDbm - a.rssiDbm);
  for (const p of ble) {
    list.push({
      kind: 'ble',
      id: p.id,
      label: p.name ?? p.id,
      family: p.family,
      rssiDbm: p.rssiDbm,
      batteryPct: p.batteryPct,
    });
  }
  return list;
}

export interface SourceFactoryDeps {
  /** null when Bluetooth is unavailable (loadCentral said why). */
  central: BleCentral | null;
  createSimulated: () => SampleSource;
  readTextFile: (path: string) => string;
  replaySpeed?: number;
  ble?: Omit<BleSourceOptions, 'central' | 'deviceId' | 'family'>;
}

/** The source for a picked device id; throws with a user-facing message when it cannot be used. */
export function createSourceForDevice(id: string, deps: SourceFactoryDeps): SampleSource {
  if (id === SIMULATED_DEVICE_ID) return deps.createSimulated();
  if (id.startsWith(REPLAY_PREFIX)) {
    const path = id.slice(REPLAY_PREFIX.length);
    const options = deps.replaySpeed === undefined ? {} : { speed: deps.replaySpeed };
    return ReplaySource.fromCsv(deps.readTextFile(path), baseName(path), options);
  }
  if (!deps.central)
    throw new Error('Bluetooth is not available, so only the simulated sensor and replays can be used');
  const seen = deps.central.known(id);
  if (!seen) throw new Error(`No sensor with id ${id} has been seen: scan first`);
  if (!seen.family) throw new Error(`${seen.name ?? id} is not a sensor BarTempo supports`);
  return new BleSensorSource({ ...deps.ble, central: deps.central, deviceId: id, family: seen.family });
}
