/**
 * A hand-written noble *bindings* object: what `require('@abandonware/noble/with-bindings')(bindings)` drives
 * in place of the HCI socket. Tests and the latency benchmark use it to run the REAL noble object (its
 * Peripheral/Service/Characteristic classes and event plumbing) against scripted devices, on machines with
 * no Bluetooth. Method names and event arguments follow @abandonware/noble 1.9.2-26 lib/noble.js:
 *
 *   noble calls             we emit back
 *   init()                  'stateChange' (state)
 *   startScanning(u, dup)   'scanStart' (filterDuplicates), then 'discover' (id, address, addressType,
 *                           connectable, advertisement, rssi, scannable) per device in range
 *   stopScanning()          'scanStop'
 *   connect(id)             'connect' (id, error?)               (never, for a device out of range)
 *   disconnect(id)          'disconnect' (id, reason)
 *   discoverServices(id)    'servicesDiscover' (id, serviceUuids)
 *   discoverCharacteristics 'characteristicsDiscover' (id, serviceUuid, [{ uuid, properties }])
 *   read(id, s, c)          'read' (id, s, c, data, isNotification = false)
 *   write(id, s, c, d, wr)  'write' (id, s, c)                   (never, for a silent characteristic)
 *   notify(id, s, c, on)    'notify' (id, s, c, on)
 *   a notification          'read' (id, s, c, data, isNotification = true)
 *
 * UUIDs are given as noble reports them: 16-bit as `180f`, 128-bit as 32 lowercase hex digits.
 * Replies are delivered on the microtask queue (like real bindings they are asynchronous, and microtasks are
 * not faked by vi.useFakeTimers); `notifyValue` is synchronous so a benchmark can time the path.
 */
import { EventEmitter } from 'node:events';
// Pure JS (lib/noble.js and friends): unlike the package root it never touches the HCI socket.
import withBindings from '@abandonware/noble/with-bindings';
import type { AdapterState, NobleLike } from './central';

export interface EmulatedCharacteristicSpec {
  uuid: string;
  properties: string[];
  /** Value returned by reads. */
  value?: Uint8Array;
  /** Writes get no ATT response and reads no value: a device that never answers. */
  silent?: boolean;
}

export interface EmulatedServiceSpec {
  uuid: string;
  characteristics: EmulatedCharacteristicSpec[];
}

export interface EmulatedPeripheralSpec {
  id: string;
  name?: string;
  rssiDbm?: number;
  /** Advertised service UUIDs. */
  advertisedServices?: string[];
  /** Advertised service data, e.g. battery `{ uuid: '180f', data: [87] }`. */
  serviceData?: { uuid: string; data: number[] }[];
  services: EmulatedServiceSpec[];
  /**
   * Called for each write; reply with `ctx.notify(...)` (e.g. a PMD control-point response). Runs after the
   * write's ATT response was delivered.
   */
  onWrite?: (ctx: EmulatedWriteContext) => void;
}

export interface EmulatedWriteContext {
  serviceUuid: string;
  characteristicUuid: string;
  data: Uint8Array;
  withoutResponse: boolean;
  /** Sends a notification from this peripheral (only delivered while that characteristic is subscribed). */
  notify(serviceUuid: string, characteristicUuid: string, bytes: Uint8Array): void;
}

interface DeviceState {
  spec: EmulatedPeripheralSpec;
  inRange: boolean;
  connected: boolean;
  subscribed: Set<string>;
}

export interface WriteRecord {
  peripheralId: string;
  serviceUuid: string;
  characteristicUuid: string;
  data: Uint8Array;
  withoutResponse: boolean;
}

const key = (s: string, c: string) => `${s}/${c}`;

export class EmulatedBindings extends EventEmitter {
  private adapterState: AdapterState;
  private readonly devices = new Map<string, DeviceState>();
  private scanning = false;
  /** Every write noble passed down, in order (tests assert the setup script's bytes). */
  readonly writes: WriteRecord[] = [];
  initCalls = 0;
  connectCalls = 0;

  constructor(options: { initialState?: AdapterState } = {}) {
    super();
    this.adapterState = options.initialState ?? 'poweredOn';
  }

  // ---- test controls ---------------------------------------------------------------------------------

  addPeripheral(spec: EmulatedPeripheralSpec): void {
    this.devices.set(spec.id, { spec, inRange: true, connected: false, subscribed: new Set() });
    if (this.scanning) this.advertise(spec.id);
  }

  /** Out of range: connects never complete (until back in range). */
  setInRange(id: string, inRange: boolean): void {
    const d = this.devices.get(id);
    if (d) d.inRange = inRange;
  }

  /**
   * `dropLinks: false` models stacks that report the adapter change but never a disconnect for the links it
   * killed (the central must clean up on its own).
   */
  setAdapterState(state: AdapterState, options: { dropLinks?: boolean } = {}): void {
    this.adapterState = state;
    if (state !== 'poweredOn' && options.dropLinks !== false) {
      // The radio going away drops every link and the scan, as a real controller does.
      this.scanning = false;
      for (const [id, d] of this.devices) {
        if (d.connected) {
          d.connected = false;
          d.subscribed.clear();
          this.emit('disconnect', id, 'adapter off');
        }
      }
    }
    this.emit('stateChange', state);
  }

  /** The link drops (sensor walked away, battery died). */
  dropLink(id: string, reason = 'connection timeout'): void {
    const d = this.devices.get(id);
    if (!d || !d.connected) return;
    d.connected = false;
    d.subscribed.clear();
    this.emit('disconnect', id, reason);
  }

  isConnected(id: string): boolean {
    return this.devices.get(id)?.connected ?? false;
  }

  isSubscribed(id: string, serviceUuid: string, characteristicUuid: string): boolean {
    return this.devices.get(id)?.subscribed.has(key(serviceUuid, characteristicUuid)) ?? false;
  }

  /**
   * Delivers a notification synchronously, as the HCI bindings do when a packet is parsed. Returns false when
   * it was not delivered (not connected or not subscribed), like a real device whose CCCD is off.
   */
  notifyValue(id: string, serviceUuid: string, characteristicUuid: string, bytes: Uint8Array): boolean {
    const d = this.devices.get(id);
    if (!d || !d.connected || !d.subscribed.has(key(serviceUuid, characteristicUuid))) return false;
    this.emit('read', id, serviceUuid, characteristicUuid, Buffer.from(bytes), true);
    return true;
  }

  // ---- the bindings interface noble calls ----------------------------------------------------------

  init(): void {
    this.initCalls++;
    this.later(() => this.emit('stateChange', this.adapterState));
  }

  setScanParameters(): void {
    this.later(() => this.emit('scanParametersSet'));
  }

  startScanning(_serviceUuids: string[] | undefined, allowDuplicates: boolean): void {
    this.scanning = true;
    this.later(() => {
      this.emit('scanStart', !allowDuplicates);
      for (const id of this.devices.keys()) this.advertise(id);
    });
  }

  stopScanning(): void {
    this.scanning = false;
    this.later(() => this.emit('scanStop'));
  }

  connect(id: string): void {
    this.connectCalls++;
    const d = this.devices.get(id);
    if (!d || !d.inRange || this.adapterState !== 'poweredOn') return;
    this.later(() => {
      d.connected = true;
      this.emit('connect', id, null);
    });
  }

  cancelConnect(): void {}

  disconnect(id: string): void {
    const d = this.devices.get(id);
    this.later(() => {
      if (d) {
        d.connected = false;
        d.subscribed.clear();
      }
      this.emit('disconnect', id, 'local');
    });
  }

  updateRssi(id: string): void {
    const d = this.devices.get(id);
    this.later(() => this.emit('rssiUpdate', id, d?.spec.rssiDbm ?? -60));
  }

  discoverServices(id: string): void {
    const d = this.connectedDevice(id);
    if (!d) return;
    this.later(() =>
      this.emit(
        'servicesDiscover',
        id,
        d.spec.services.map((s) => s.uuid),
      ),
    );
  }

  discoverIncludedServices(id: string, serviceUuid: string): void {
    this.later(() => this.emit('includedServicesDiscover', id, serviceUuid, []));
  }

  discoverCharacteristics(id: string, serviceUuid: string): void {
    const d = this.connectedDevice(id);
    const service = d?.spec.services.find((s) => s.uuid === serviceUuid);
    if (!service) return;
    this.later(() =>
      this.emit(
        'characteristicsDiscover',
        id,
        serviceUuid,
        service.characteristics.map((c) => ({ uuid: c.uuid, properties: c.properties })),
      ),
    );
  }

  discoverDescriptors(id: string, serviceUuid: string, characteristicUuid: string): void {
    this.later(() => this.emit('descriptorsDiscover', id, serviceUuid, characteristicUuid, []));
  }

  read(id: string, serviceUuid: string, characteristicUuid: string): void {
    const c = this.characteristic(id, serviceUuid, characteristicUuid);
    if (!c || c.silent) return;
    const value = Buffer.from(c.value ?? new Uint8Array());
    this.later(() => this.emit('read', id, serviceUuid, characteristicUuid, value, false));
  }

  write(
    id: string,
    serviceUuid: string,
    characteristicUuid: string,
    data: Buffer,
    withoutResponse: boolean,
  ): void {
    const d = this.connectedDevice(id);
    const c = this.characteristic(id, serviceUuid, characteristicUuid);
    if (!d || !c) return;
    const bytes = new Uint8Array(data);
    this.writes.push({ peripheralId: id, serviceUuid, characteristicUuid, data: bytes, withoutResponse });
    if (c.silent) return;
    this.later(() => {
      this.emit('write', id, serviceUuid, characteristicUuid);
      d.spec.onWrite?.({
        serviceUuid,
        characteristicUuid,
        data: bytes,
        withoutResponse,
        notify: (s, ch, value) => {
          this.notifyValue(id, s, ch, value);
        },
      });
    });
  }

  broadcast(id: string, serviceUuid: string, characteristicUuid: string, state: boolean): void {
    this.later(() => this.emit('broadcast', id, serviceUuid, characteristicUuid, state));
  }

  notify(id: string, serviceUuid: string, characteristicUuid: string, enable: boolean): void {
    const d = this.connectedDevice(id);
    const c = this.characteristic(id, serviceUuid, characteristicUuid);
    if (!d || !c || c.silent) return;
    this.later(() => {
      if (enable) d.subscribed.add(key(serviceUuid, characteristicUuid));
      else d.subscribed.delete(key(serviceUuid, characteristicUuid));
      this.emit('notify', id, serviceUuid, characteristicUuid, enable);
    });
  }

  reset(): void {}

  // ---- internals -----------------------------------------------------------------------------------

  private later(fn: () => void): void {
    queueMicrotask(fn);
  }

  private connectedDevice(id: string): DeviceState | undefined {
    const d = this.devices.get(id);
    return d && d.connected ? d : undefined;
  }

  private characteristic(id: string, serviceUuid: string, characteristicUuid: string) {
    return this.connectedDevice(id)
      ?.spec.services.find((s) => s.uuid === serviceUuid)
      ?.characteristics.find((c) => c.uuid === characteristicUuid);
  }

  private advertise(id: string): void {
    const d = this.devices.get(id);
    if (!d || !d.inRange || !this.scanning) return;
    const spec = d.spec;
    const advertisement = {
      localName: spec.name,
      serviceUuids: spec.advertisedServices ?? [],
      serviceData: (spec.serviceData ?? []).map((sd) => ({ uuid: sd.uuid, data: Buffer.from(sd.data) })),
      manufacturerData: undefined,
      txPowerLevel: undefined,
      serviceSolicitationUuids: [],
    };
    const address = id.replace(/(..)(?!$)/g, '$1:');
    this.emit('discover', id, address, 'random', true, advertisement, spec.rssiDbm ?? -60, true);
  }
}

/** The real noble object, driven by `bindings` instead of a Bluetooth adapter. */
export function nobleWithBindings(bindings: EmulatedBindings): NobleLike {
  return withBindings(bindings) as NobleLike;
}
