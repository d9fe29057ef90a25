import { describe, expect, it } from 'vitest';
import {
  classifyLoadError,
  createNobleCentral,
  describeAdapterState,
  loadCentral,
  type AdapterStatus,
} from '../../../src/main/ble/central';
import { EmulatedBindings, nobleWithBindings } from '../../../src/main/ble/emulated-bindings';
import { polarDevice, WITMOTION_EMULATED, witmotionDevice } from '../../../src/main/ble/emulated-devices';
import { normalizeUuid } from '../../../src/shared/sensors';
import { makeRig, scanFor, settle } from './helpers';

describe('loadCentral', () => {
  it('reports no-bluetooth (EAFNOSUPPORT) on this machine without throwing', async () => {
    // The real driver: its HCI socket constructor throws synchronously here (no AF_BLUETOOTH in the kernel).
    const result = await loadCentral();
    expect(result.kind).toBe('unavailable');
    if (result.kind !== 'unavailable') return;
    expect(result.reason).toBe('no-bluetooth');
    expect(result.message).toMatch(/no Bluetooth/);
    expect(result.detail).toMatch(/EAFNOSUPPORT/);
  });

  it('classifies a driver built for another ABI', async () => {
    const err = new Error(
      "The module 'bluetooth_hci_socket.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 150.",
    );
    const result = await loadCentral({ importDriver: () => Promise.reject(err), platform: 'linux' });
    expect(result).toMatchObject({ kind: 'unavailable', reason: 'driver-abi-mismatch' });
    expect(
      classifyLoadError(Object.assign(new Error('dlopen failed'), { code: 'ERR_DLOPEN_FAILED' })).reason,
    ).toBe('driver-abi-mismatch');
  });

  it('classifies a missing driver (CommonJS and ESM codes)', () => {
    const cjs = Object.assign(new Error("Cannot find module '@abandonware/noble'"), {
      code: 'MODULE_NOT_FOUND',
    });
    const esm = Object.assign(new Error('Cannot find package'), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(classifyLoadError(cjs).reason).toBe('driver-missing');
    expect(classifyLoadError(esm).reason).toBe('driver-missing');
  });

  it('says unsupported-platform for a platform noble has no backend for', async () => {
    const result = await loadCentral({
      platform: 'aix',
      importDriver: () => Promise.reject(new Error('unused')),
    });
    expect(result).toMatchObject({ kind: 'unavailable', reason: 'unsupported-platform' });
    expect(classifyLoadError(new Error('Unsupported platform'), 'sunos').reason).toBe('unsupported-platform');
  });

  it('wraps a loaded driver (CommonJS default export) in a central', async () => {
    const bindings = new EmulatedBindings();
    const noble = nobleWithBindings(bindings);
    const result = await loadCentral({
      importDriver: () => Promise.resolve({ default: noble }),
      platform: 'linux',
    });
    expect(result.kind).toBe('ok');
    if (result.kind === 'ok') result.central.dispose();
  });
});

describe('describeAdapterState', () => {
  it('gives every state a UI kind and a sentence', () => {
    expect(describeAdapterState('poweredOn')).toMatchObject({ ui: 'ready', ready: true });
    expect(describeAdapterState('poweredOff')).toMatchObject({ ui: 'off', ready: false });
    expect(describeAdapterState('unauthorized', 'linux').message).toMatch(/cap_net_raw/);
    expect(describeAdapterState('unauthorized', 'darwin').message).toMatch(/Privacy/);
    expect(describeAdapterState('unsupported').message).toMatch(/Low Energy/);
    expect(describeAdapterState('resetting').ui).toBe('starting');
    expect(describeAdapterState('unknown').ready).toBe(false);
  });
});

describe('createNobleCentral over the real noble object', () => {
  it('initialises the bindings lazily through the stateChange listener, never via noble.state', async () => {
    const bindings = new EmulatedBindings();
    const noble = nobleWithBindings(bindings);
    const central = createNobleCentral(noble, 'linux');
    const states: AdapterStatus[] = [];
    central.onAdapterState((s) => states.push(s));
    expect(bindings.initCalls).toBe(0); // noble defers init to process.nextTick
    await new Promise((r) => process.nextTick(r));
    await settle();
    expect(bindings.initCalls).toBe(1);
    expect(central.adapterState).toBe('poweredOn');
    expect(states.map((s) => s.state)).toEqual(['poweredOn']);
  });

  it('streams adapter changes: off, on, unauthorized', async () => {
    const { bindings, central } = makeRig();
    const states: string[] = [];
    central.onAdapterState((s) => states.push(`${s.state}:${s.ui}`));
    await central.waitUntilReady(1000);
    bindings.setAdapterState('poweredOff');
    bindings.setAdapterState('poweredOn');
    bindings.setAdapterState('unauthorized');
    expect(states).toEqual([
      'poweredOn:ready',
      'poweredOff:off',
      'poweredOn:ready',
      'unauthorized:unauthorized',
    ]);
  });

  it('rejects a scan on an unsupported adapter with noble’s reason, and waitUntilReady times out with ours', async () => {
    const { central } = makeRig([], 'unsupported');
    await expect(central.waitUntilReady(20)).rejects.toThrow(/does not support Bluetooth Low Energy/);
    await expect(central.startScan()).rejects.toThrow(/state is unsupported/);
  });

  it('discovers peripherals with family, rssi and advertised battery', async () => {
    const unknown = { id: '001122334455', name: 'Kettle', rssiDbm: -80, services: [] };
    const { central } = makeRig([witmotionDevice(), polarDevice(), unknown]);
    await central.waitUntilReady(1000);
    const seen = await scanFor(central, ['c0ffee000001', 'a0b1c2d3e4f5', '001122334455']);
    expect(seen.get('c0ffee000001')).toMatchObject({
      name: 'WT901BLE68',
      family: 'witmotion',
      rssiDbm: -55,
      batteryPct: null,
      serviceUuids: [WITMOTION_EMULATED.service],
    });
    // Polar advertises heart rate only: recognised by name; battery from 0x180F service data.
    expect(seen.get('a0b1c2d3e4f5')).toMatchObject({ family: 'polar', batteryPct: 91 });
    expect(seen.get('001122334455')?.family).toBeUndefined();
    expect(central.known('c0ffee000001')?.family).toBe('witmotion');
  });

  it('connects, discovers normalised GATT, reads battery, writes and receives notifications', async () => {
    const { bindings, central } = makeRig([witmotionDevice()]);
    await central.waitUntilReady(1000);
    await scanFor(central, ['c0ffee000001']);
    const conn = await central.connect('c0ffee000001');
    const profile = await conn.discover();
    expect(profile.services.map((s) => s.uuid)).toEqual([WITMOTION_EMULATED.service, normalizeUuid('180f')]);
    expect(await conn.readBatteryPct()).toBe(77);

    const notify = { service: WITMOTION_EMULATED.service, characteristic: WITMOTION_EMULATED.notify };
    const write = { service: WITMOTION_EMULATED.service, characteristic: WITMOTION_EMULATED.write };
    const got: number[][] = [];
    conn.onNotification(notify, (b) => got.push([...b]));
    // Not subscribed yet: a real device sends nothing.
    expect(
      bindings.notifyValue('c0ffee000001', notify.service, notify.characteristic, Uint8Array.of(1)),
    ).toBe(false);
    await conn.setNotify(notify, true);
    expect(
      bindings.notifyValue('c0ffee000001', notify.service, notify.characteristic, Uint8Array.of(0x55, 0x61)),
    ).toBe(true);
    expect(got).toEqual([[0x55, 0x61]]);

    await conn.write(write, Uint8Array.of(0xff, 0xaa, 0x69, 0x88, 0xb5), false);
    expect([...(bindings.writes[0]?.data ?? [])]).toEqual([0xff, 0xaa, 0x69, 0x88, 0xb5]);
    expect(bindings.writes[0]?.withoutResponse).toBe(true);

    const reasons: (string | undefined)[] = [];
    conn.onDisconnect((r) => reasons.push(r));
    bindings.dropLink('c0ffee000001', 'supervision timeout');
    expect(reasons).toEqual(['supervision timeout']);
  });

  it('refuses to connect to a device it has never seen', async () => {
    const { central } = makeRig();
    await expect(central.connect('nope')).rejects.toThrow(/scan first/);
  });
});
