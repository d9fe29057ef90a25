/**
 * The one module that knows noble. Everything else sees `BleCentral` / `BleConnection`, our own noble-free
 * interfaces, so tests drive the real noble object through emulated bindings and a future swap to another
 * driver (e.g. @stoprocent/noble) stays a one-file change (ELECTRON-BLE-NOTES.md §4).
 *
 * Two rules from the notes that shape this file:
 * - `require('@abandonware/noble')` throws synchronously on machines without AF_BLUETOOTH (EAFNOSUPPORT),
 *   so the driver is loaded lazily inside try/catch and failures become a typed, human-readable result.
 * - Never read `noble.state` before a `stateChange` listener is attached: the getter initialises the
 *   bindings synchronously and lets their errors escape. We attach the listener first and only track the
 *   state from events.
 */
import { EventEmitter } from 'node:events';
import { normalizeUuid, recognizeFamily, type GattTarget, type SensorFamily } from '../../shared/sensors';

// ---------------------------------------------------------------------------------------------------------
// Adapter state

export type AdapterState =
  'poweredOn' | 'poweredOff' | 'unauthorized' | 'unsupported' | 'resetting' | 'unknown';

/** What the UI shows for an adapter state: a coarse kind for styling plus one sentence for the banner. */
export type AdapterUiState = 'ready' | 'off' | 'unauthorized' | 'unsupported' | 'starting';

export interface AdapterStatus {
  state: AdapterState;
  ui: AdapterUiState;
  /** True only when scanning and connecting can work. */
  ready: boolean;
  message: string;
}

const ADAPTER_STATES: readonly AdapterState[] = [
  'poweredOn',
  'poweredOff',
  'unauthorized',
  'unsupported',
  'resetting',
  'unknown',
];

export function isAdapterState(value: unknown): value is AdapterState {
  return typeof value === 'string' && (ADAPTER_STATES as readonly string[]).includes(value);
}

export function describeAdapterState(
  state: AdapterState,
  platform: string = process.platform,
): AdapterStatus {
  switch (state) {
    case 'poweredOn':
      return { state, ui: 'ready', ready: true, message: 'Bluetooth is on' };
    case 'poweredOff':
      return { state, ui: 'off', ready: false, message: 'Bluetooth is off: turn it on to use a sensor' };
    case 'unauthorized':
      return {
        state,
        ui: 'unauthorized',
        ready: false,
        message:
          platform === 'darwin'
            ? 'BarTempo is not allowed to use Bluetooth: allow it in System Settings > Privacy & Security > Bluetooth'
            : platform === 'linux'
              ? 'BarTempo is not allowed to use Bluetooth: it needs the cap_net_raw capability (setcap) or root'
              : 'BarTempo is not allowed to use Bluetooth',
      };
    case 'unsupported':
      return {
        state,
        ui: 'unsupported',
        ready: false,
        message: 'This Bluetooth adapter does not support Bluetooth Low Energy (4.0 or later needed)',
      };
    case 'resetting':
      return { state, ui: 'starting', ready: false, message: 'Bluetooth is restarting' };
    case 'unknown':
      return { state, ui: 'starting', ready: false, message: 'Waiting for the Bluetooth adapter' };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Our interface

export type Unsubscribe = () => void;

export interface DiscoveredPeripheral {
  /** noble's peripheral id (the address without colons on Linux, a UUID on macOS). */
  id: string;
  name: string | null;
  rssiDbm: number;
  /** Supported sensor family, from advertised services or name; undefined = not a sensor we know. */
  family: SensorFamily | undefined;
  /** Battery level 0..100 from advertised Battery Service data (0x180F), null when not advertised. */
  batteryPct: number | null;
  /** Advertised service UUIDs, normalised to 32 hex digits. */
  serviceUuids: string[];
  connectable: boolean;
}

export interface GattCharacteristicInfo {
  /** Normalised (32 hex digits). */
  uuid: string;
  properties: string[];
}

export interface GattServiceInfo {
  uuid: string;
  characteristics: GattCharacteristicInfo[];
}

export interface GattProfile {
  services: GattServiceInfo[];
}

/** One link to a peripheral. Promises may never settle when a device stops answering: callers add timeouts. */
export interface BleConnection {
  readonly id: string;
  /** Negotiated ATT MTU where the driver reports it. */
  readonly mtu: number | null;
  /** Discovers every service and characteristic; required before read/write/notify. */
  discover(): Promise<GattProfile>;
  has(target: GattTarget): boolean;
  read(target: GattTarget): Promise<Uint8Array>;
  write(target: GattTarget, bytes: Uint8Array, withResponse: boolean): Promise<void>;
  /** Enables or disables notifications/indications (CCCD). */
  setNotify(target: GattTarget, enabled: boolean): Promise<void>;
  /** Notification values of one characteristic (reads are not delivered here). */
  onNotification(target: GattTarget, listener: (bytes: Uint8Array) => void): Unsubscribe;
  /** Battery level from the Battery Service (0x180F/0x2A19) when the device has one, else null. */
  readBatteryPct(): Promise<number | null>;
  onDisconnect(listener: (reason: string | undefined) => void): Unsubscribe;
  disconnect(): Promise<void>;
}

export interface ScanOptions {
  /** Report every advertisement (RSSI updates) instead of once per device. */
  allowDuplicates?: boolean;
}

export interface BleCentral {
  /** Last state the driver reported; 'unknown' until the first report. */
  readonly adapterState: AdapterState;
  /** Calls `listener` with every state change. */
  onAdapterState(listener: (status: AdapterStatus) => void): Unsubscribe;
  /** Resolves once the adapter reports poweredOn; rejects with the adapter status message after `timeoutMs`. */
  waitUntilReady(timeoutMs: number): Promise<void>;
  /** Driver warnings (noble's own `warning` event), for logs. */
  onWarning(listener: (message: string) => void): Unsubscribe;
  startScan(options?: ScanOptions): Promise<void>;
  stopScan(): Promise<void>;
  onDiscover(listener: (peripheral: DiscoveredPeripheral) => void): Unsubscribe;
  /** Peripherals seen since this central was created, by id. */
  known(id: string): DiscoveredPeripheral | undefined;
  connect(id: string): Promise<BleConnection>;
  /** Cancels a pending connect (after a connect timeout). */
  cancelConnect(id: string): void;
  /** Detaches every listener this central added to the driver. */
  dispose(): void;
}

/**
 * Scans until `matches` accepts an advertisement (a peripheral seen earlier counts at once) or `timeoutMs`
 * passes (null). The scan is stopped either way. Timers are injectable for fake-timer tests.
 */
export function findPeripheral(
  central: BleCentral,
  matches: (p: DiscoveredPeripheral) => boolean,
  timeoutMs: number,
  timers: {
    setTimeout: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>;
    clearTimeout: (h: ReturnType<typeof setTimeout>) => void;
  } = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) },
): Promise<DiscoveredPeripheral | null> {
  return new Promise<DiscoveredPeripheral | null>((resolve) => {
    let done = false;
    const finish = (result: DiscoveredPeripheral | null) => {
      if (done) return;
      done = true;
      timers.clearTimeout(timer);
      off();
      central.stopScan().then(
        () => resolve(result),
        () => resolve(result),
      );
    };
    const off = central.onDiscover((p) => {
      if (matches(p)) finish(p);
    });
    const timer = timers.setTimeout(() => finish(null), timeoutMs);
    central.startScan().catch(() => finish(null));
  });
}

// ---------------------------------------------------------------------------------------------------------
// Loading the driver

export type CentralUnavailableReason =
  'no-bluetooth' | 'driver-abi-mismatch' | 'driver-missing' | 'unsupported-platform';

export type LoadCentralResult =
  | { kind: 'ok'; central: BleCentral }
  | { kind: 'unavailable'; reason: CentralUnavailableReason; message: string; detail: string };

export interface LoadCentralOptions {
  /** Injected for tests; default imports '@abandonware/noble'. */
  importDriver?: () => Promise<unknown>;
  platform?: string;
}

const SUPPORTED_PLATFORMS = ['linux', 'darwin', 'win32', 'freebsd'];

/**
 * Loads noble lazily. Never throws: a machine without Bluetooth, a driver built for another Node/Electron
 * ABI or a missing install all become `{ kind: 'unavailable' }` with a message a user can act on.
 */
export async function loadCentral(options: LoadCentralOptions = {}): Promise<LoadCentralResult> {
  const platform = options.platform ?? process.platform;
  if (!SUPPORTED_PLATFORMS.includes(platform)) {
    return {
      kind: 'unavailable',
      reason: 'unsupported-platform',
      message: `Bluetooth sensors are not supported on ${platform}`,
      detail: `platform ${platform}`,
    };
  }
  const importDriver = options.importDriver ?? importNoble;
  let mod: unknown;
  try {
    mod = await importDriver();
  } catch (err) {
    return classifyLoadError(err, platform);
  }
  const noble = unwrapDefault(mod);
  if (!isNobleLike(noble)) {
    return {
      kind: 'unavailable',
      reason: 'driver-missing',
      message: 'The Bluetooth driver loaded but does not look like noble; reinstall BarTempo',
      detail: `module exports: ${describeValue(noble)}`,
    };
  }
  return { kind: 'ok', central: createNobleCentral(noble) };
}

/**
 * The CommonJS bundles (electron-vite main, the CLI) have `require`: it resolves noble like every other
 * dependency (NODE_PATH, Electron's asar paths), and the driver's own synchronous throw lands in our catch.
 * ESM contexts (vitest) fall back to `import()`, which wraps the CommonJS module the same way.
 */
async function importNoble(): Promise<unknown> {
  if (typeof require === 'function') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@abandonware/noble') as unknown;
  }
  return import('@abandonware/noble');
}

/** Maps a driver load error to the user-facing taxonomy (ioBroker.ble's `handleScanProcessError`, refined). */
export function classifyLoadError(
  err: unknown,
  platform: string = process.platform,
): Extract<LoadCentralResult, { kind: 'unavailable' }> {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    errno?: unknown;
    message?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : '';
  const detail = [code, message].filter(Boolean).join(': ');
  if (
    code === 'EAFNOSUPPORT' ||
    e.errno === 97 ||
    /EAFNOSUPPORT|Address family not supported/.test(message)
  ) {
    return {
      kind: 'unavailable',
      reason: 'no-bluetooth',
      message:
        'This machine has no Bluetooth: the operating system does not support Bluetooth sockets (EAFNOSUPPORT)',
      detail,
    };
  }
  if (/NODE_MODULE_VERSION/.test(message) || code === 'ERR_DLOPEN_FAILED') {
    return {
      kind: 'unavailable',
      reason: 'driver-abi-mismatch',
      message:
        'The Bluetooth driver was built for a different Node/Electron version: run `npm run rebuild:electron` (or reinstall)',
      detail,
    };
  }
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module/.test(message)) {
    return {
      kind: 'unavailable',
      reason: 'driver-missing',
      message: 'The Bluetooth driver (@abandonware/noble) is not installed: reinstall BarTempo',
      detail,
    };
  }
  if (/Unsupported platform/i.test(message)) {
    return {
      kind: 'unavailable',
      reason: 'unsupported-platform',
      message: `Bluetooth sensors are not supported on ${platform}`,
      detail,
    };
  }
  // Anything else (LIBUSB errors, EPERM while opening the socket...) means the same to a user: no Bluetooth.
  return {
    kind: 'unavailable',
    reason: 'no-bluetooth',
    message: `Bluetooth is not available on this machine: ${message}`,
    detail,
  };
}

function unwrapDefault(mod: unknown): unknown {
  // `import()` of a CommonJS module yields { default: module.exports }; a bundler may hand us exports directly.
  if (typeof mod === 'object' && mod !== null && 'default' in mod && !isNobleLike(mod)) {
    return (mod as { default: unknown }).default;
  }
  return mod;
}

function describeValue(v: unknown): string {
  return v === null ? 'null' : typeof v === 'object' ? Object.keys(v).slice(0, 8).join(', ') : typeof v;
}

// ---------------------------------------------------------------------------------------------------------
// The noble surface we use (structural, so the emulated-bindings noble and the real one both fit)

type Callback<T = void> = (error: Error | string | null | undefined, value?: T) => void;

interface NobleCharacteristic extends EventEmitter {
  uuid: string;
  properties: string[];
  read(callback?: Callback<Buffer>): void;
  write(data: Buffer, withoutResponse: boolean, callback?: Callback): void;
  notify(enabled: boolean, callback?: Callback): void;
}

interface NobleService extends EventEmitter {
  uuid: string;
  characteristics: NobleCharacteristic[] | null;
  discoverCharacteristics(uuids: string[], callback?: Callback<NobleCharacteristic[]>): void;
}

interface NoblePeripheral extends EventEmitter {
  id: string;
  advertisement: {
    localName?: string;
    serviceUuids?: string[];
    serviceData?: { uuid: string; data: Buffer }[];
  };
  rssi: number;
  connectable?: boolean;
  mtu: number | null;
  state: string;
  connect(callback?: (error?: Error | string | null) => void): void;
  cancelConnect(): void;
  disconnect(callback?: () => void): void;
  discoverServices(uuids: string[], callback?: Callback<NobleService[]>): void;
}

export interface NobleLike extends EventEmitter {
  startScanning(
    serviceUuids: string[],
    allowDuplicates: boolean,
    callback?: (error?: Error | null) => void,
  ): void;
  stopScanning(callback?: () => void): void;
  _peripherals?: Record<string, NoblePeripheral>;
}

function isNobleLike(v: unknown): v is NobleLike {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o['on'] === 'function' && typeof o['startScanning'] === 'function';
}

const BATTERY_SERVICE_UUID = normalizeUuid('180f') as string;
const BATTERY_LEVEL_UUID = normalizeUuid('2a19') as string;

function toError(err: unknown, what: string): Error {
  if (err instanceof Error) return err;
  return new Error(`${what}: ${String(err)}`);
}

function normalizeList(uuids: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const u of uuids ?? []) {
    const n = typeof u === 'string' ? normalizeUuid(u) : undefined;
    if (n) out.push(n);
  }
  return out;
}

function advertisedBatteryPct(p: NoblePeripheral): number | null {
  for (const sd of p.advertisement.serviceData ?? []) {
    if (normalizeUuid(sd.uuid) === BATTERY_SERVICE_UUID && sd.data.length >= 1) {
      const level = sd.data[0] ?? 0;
      return level <= 100 ? level : null;
    }
  }
  return null;
}

function summarizePeripheral(p: NoblePeripheral): DiscoveredPeripheral {
  const name = typeof p.advertisement.localName === 'string' ? p.advertisement.localName : null;
  const serviceUuids = normalizeList(p.advertisement.serviceUuids);
  const ad: { name?: string; serviceUuids: string[] } = { serviceUuids };
  if (name !== null) ad.name = name;
  return {
    id: p.id,
    name,
    rssiDbm: p.rssi,
    family: recognizeFamily(ad),
    batteryPct: advertisedBatteryPct(p),
    serviceUuids,
    connectable: p.connectable !== false,
  };
}

/**
 * Wraps a noble instance (the real `require('@abandonware/noble')`, or
 * `require('@abandonware/noble/with-bindings')(bindings)` in tests) in our interface.
 */
export function createNobleCentral(noble: NobleLike, platform: string = process.platform): BleCentral {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const peripherals = new Map<string, NoblePeripheral>();
  const summaries = new Map<string, DiscoveredPeripheral>();
  let state: AdapterState = 'unknown';

  const onState = (s: unknown) => {
    state = isAdapterState(s) ? s : 'unknown';
    events.emit('state', describeAdapterState(state, platform));
  };
  const onDiscover = (p: NoblePeripheral) => {
    peripherals.set(p.id, p);
    const summary = summarizePeripheral(p);
    summaries.set(p.id, summary);
    events.emit('discover', summary);
  };
  // A listener of our own also stops noble's default console.warn (it warns only when it is the sole listener).
  const onWarning = (message: unknown) => events.emit('warning', String(message));
  // Attaching 'stateChange' first is what initialises the bindings lazily and safely (errors -> 'warning').
  noble.on('stateChange', onState);
  noble.on('discover', onDiscover);
  noble.on('warning', onWarning);

  const subscribe = <A extends unknown[]>(event: string, listener: (...args: A) => void): Unsubscribe => {
    const l = listener as (...args: unknown[]) => void;
    events.on(event, l);
    return () => events.off(event, l);
  };

  const central: BleCentral = {
    get adapterState() {
      return state;
    },
    onAdapterState: (listener) => subscribe('state', listener),
    onWarning: (listener) => subscribe('warning', listener),
    onDiscover: (listener) => subscribe('discover', listener),
    waitUntilReady(timeoutMs) {
      if (state === 'poweredOn') return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const off = subscribe('state', (s: AdapterStatus) => {
          if (s.ready) {
            clearTimeout(timer);
            off();
            resolve();
          }
        });
        const timer = setTimeout(() => {
          off();
          reject(new Error(describeAdapterState(state, platform).message));
        }, timeoutMs);
      });
    },
    startScan(options = {}) {
      return new Promise<void>((resolve, reject) => {
        try {
          noble.startScanning([], options.allowDuplicates ?? false, (error) =>
            error ? reject(toError(error, 'scan failed')) : resolve(),
          );
        } catch (err) {
          reject(toError(err, 'scan failed'));
        }
      });
    },
    stopScan() {
      return new Promise<void>((resolve) => {
        // noble never calls back when the bindings were not initialised; do not wait for it then.
        if (state !== 'poweredOn') {
          noble.stopScanning();
          resolve();
          return;
        }
        noble.stopScanning(() => resolve());
      });
    },
    known: (id) => summaries.get(id),
    connect(id) {
      const p = peripherals.get(id) ?? noble._peripherals?.[id];
      if (!p) return Promise.reject(new Error(`No sensor with id ${id} has been seen: scan first`));
      return new Promise<BleConnection>((resolve, reject) => {
        p.connect((error) => {
          if (error) reject(toError(error, `connect to ${id} failed`));
          else resolve(createConnection(p));
        });
      });
    },
    cancelConnect(id) {
      const p = peripherals.get(id);
      if (p && p.state === 'connecting') p.cancelConnect();
    },
    dispose() {
      noble.off('stateChange', onState);
      noble.off('discover', onDiscover);
      noble.off('warning', onWarning);
      events.removeAllListeners();
    },
  };
  return central;
}

const targetKey = (service: string, characteristic: string) => `${service}/${characteristic}`;

function createConnection(p: NoblePeripheral): BleConnection {
  /** Characteristics by normalised service/characteristic; filled by discover(). */
  const chars = new Map<string, NobleCharacteristic>();
  const notificationListeners = new Map<string, Set<(bytes: Uint8Array) => void>>();
  const attached = new Set<NobleCharacteristic>();

  const lookup = (target: GattTarget): NobleCharacteristic => {
    const c = chars.get(targetKey(target.service, target.characteristic));
    if (!c) throw new Error(`characteristic ${target.characteristic} of service ${target.service} not found`);
    return c;
  };
  const attach = (key: string, c: NobleCharacteristic) => {
    if (attached.has(c)) return;
    attached.add(c);
    c.on('data', (data: Buffer, isNotification: boolean) => {
      if (!isNotification) return;
      const set = notificationListeners.get(key);
      if (!set) return;
      for (const l of set) l(data);
    });
  };

  const connection: BleConnection = {
    id: p.id,
    get mtu() {
      return p.mtu;
    },
    async discover() {
      const services = await new Promise<NobleService[]>((resolve, reject) =>
        p.discoverServices([], (error, list) =>
          error ? reject(toError(error, 'service discovery failed')) : resolve(list ?? []),
        ),
      );
      const profile: GattProfile = { services: [] };
      chars.clear();
      // One service at a time: several outstanding GATT requests confuse some firmwares (and noble's queue).
      for (const s of services) {
        const list = await new Promise<NobleCharacteristic[]>((resolve, reject) =>
          s.discoverCharacteristics([], (error, cs) =>
            error ? reject(toError(error, 'characteristic discovery failed')) : resolve(cs ?? []),
          ),
        );
        const su = normalizeUuid(s.uuid) ?? s.uuid;
        const info: GattServiceInfo = { uuid: su, characteristics: [] };
        for (const c of list) {
          const cu = normalizeUuid(c.uuid) ?? c.uuid;
          const key = targetKey(su, cu);
          chars.set(key, c);
          attach(key, c);
          info.characteristics.push({ uuid: cu, properties: [...(c.properties ?? [])] });
        }
        profile.services.push(info);
      }
      return profile;
    },
    has: (target) => chars.has(targetKey(target.service, target.characteristic)),
    read(target) {
      return new Promise<Uint8Array>((resolve, reject) => {
        lookup(target).read((error, data) =>
          error ? reject(toError(error, 'read failed')) : resolve(new Uint8Array(data ?? [])),
        );
      });
    },
    write(target, bytes, withResponse) {
      return new Promise<void>((resolve, reject) => {
        const c = lookup(target);
        const data = Buffer.from(bytes);
        if (!withResponse) {
          // A Write Command has no ATT response; noble still calls back once the bindings queued it.
          c.write(data, true);
          resolve();
          return;
        }
        c.write(data, false, (error) => (error ? reject(toError(error, 'write failed')) : resolve()));
      });
    },
    setNotify(target, enabled) {
      return new Promise<void>((resolve, reject) => {
        lookup(target).notify(enabled, (error) =>
          error ? reject(toError(error, 'enabling notifications failed')) : resolve(),
        );
      });
    },
    onNotification(target, listener) {
      const key = targetKey(target.service, target.characteristic);
      let set = notificationListeners.get(key);
      if (!set) {
        set = new Set();
        notificationListeners.set(key, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    async readBatteryPct() {
      const target = { service: BATTERY_SERVICE_UUID, characteristic: BATTERY_LEVEL_UUID };
      if (!connection.has(target)) return null;
      const v = await connection.read(target);
      const level = v[0];
      return level !== undefined && level <= 100 ? level : null;
    },
    onDisconnect(listener) {
      const l = (reason: unknown) => listener(reason === undefined ? undefined : String(reason));
      p.on('disconnect', l);
      return () => p.off('disconnect', l);
    },
    disconnect() {
      return new Promise<void>((resolve) => {
        if (p.state === 'disconnected') {
          resolve();
          return;
        }
        p.disconnect(() => resolve());
      });
    },
  };
  return connection;
}
