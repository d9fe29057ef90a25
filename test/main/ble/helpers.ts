/** Builds the real noble object over emulated bindings, wrapped in our BleCentral. */
import {
  createNobleCentral,
  type BleCentral,
  type DiscoveredPeripheral,
} from '../../../src/main/ble/central';
import {
  EmulatedBindings,
  nobleWithBindings,
  type EmulatedPeripheralSpec,
} from '../../../src/main/ble/emulated-bindings';
import type { AdapterState } from '../../../src/main/ble/central';

export interface Rig {
  bindings: EmulatedBindings;
  central: BleCentral;
}

export function makeRig(
  devices: EmulatedPeripheralSpec[] = [],
  initialState: AdapterState = 'poweredOn',
): Rig {
  const bindings = new EmulatedBindings({ initialState });
  for (const d of devices) bindings.addPeripheral(d);
  const central = createNobleCentral(nobleWithBindings(bindings), 'linux');
  return { bindings, central };
}

/** Lets queued microtasks (emulated replies, promise chains) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Scans until every id was seen (emulated advertising is immediate), then stops the scan. */
export async function scanFor(
  central: BleCentral,
  ids: string[],
): Promise<Map<string, DiscoveredPeripheral>> {
  const seen = new Map<string, DiscoveredPeripheral>();
  const off = central.onDiscover((p) => seen.set(p.id, p));
  await central.startScan();
  await settle();
  await central.stopScan();
  off();
  for (const id of ids) if (!seen.has(id)) throw new Error(`scan did not find ${id}`);
  return seen;
}
