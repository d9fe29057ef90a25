/**
 * Keeps one BLE sensor streaming for as long as the user wants it, and hides link trouble from the tempo
 * engine. States:
 *
 *   idle -> connecting -> configuring -> streaming
 *   streaming -(link lost / stale)-> backoff(n) -> reconnecting -> configuring -> streaming ...
 *   any active state -(adapter leaves poweredOn)-> waiting-for-adapter -(poweredOn)-> reconnecting ...
 *   configuring -(setup fails maxSetupFailures times in a row)-> failed
 *   any -> stopped (stop())
 *
 * Reconnecting does not start a new set: samples keep flowing to the same consumer (the same TempoEngine),
 * on one continuous host-based clock, so the engine sees the outage as a gap in the timestamps and reports
 * it itself; the manager also records the gap ({ startS, endS } on the sample clock) and emits it.
 *
 * Clock and timers are injected: tests run the whole life cycle under fake timers. Every wait on the radio is
 * bounded (connect, discovery, each setup step), so a sensor that never answers ends in back-off or
 * `failed`, never a hang.
 */
import type { Sample } from '../../shared/engine/types';
import {
  createDecoder,
  type DecodedSample,
  type Decoder,
  type DecoderOptions,
  type SensorFamily,
  type SetupOptions,
  type SetupStep,
} from '../../shared/sensors';
import {
  describeAdapterState,
  findPeripheral,
  type AdapterStatus,
  type BleCentral,
  type BleConnection,
  type Unsubscribe,
} from '../ble/central';
import { runSetupSteps, SetupStepError } from './gatt-runner';
import { DEFAULT_RATE_HZ, dataTarget, prepareScripts } from './profiles';
import { SampleTimebase } from './timebase';
import {
  AbortedError,
  systemSensorTimers,
  TimeoutError,
  withTimeout,
  type SensorTimerHandle,
  type SensorTimers,
} from './timers';

export type ConnectionState =
  | 'idle'
  | 'connecting'
  | 'configuring'
  | 'streaming'
  | 'backoff'
  | 'reconnecting'
  | 'waiting-for-adapter'
  | 'failed'
  | 'stopped';

export interface SampleGap {
  /** Last sample time before the outage, seconds on the sample clock. */
  startS: number;
  /** First sample time after it. */
  endS: number;
}

export interface ConnectionStats {
  notifications: number;
  samples: number;
  /** Packets/frames/samples the decoder rejected. */
  malformedPackets: number;
  /** Packets the sensor numbered but never arrived (open-profile sequence gaps). */
  lostPackets: number;
  /** Successful reconnects after a lost link. */
  reconnects: number;
  gaps: SampleGap[];
}

export type ConnectionEvent =
  | { type: 'state'; state: ConnectionState; message: string; attempt: number; retryInMs?: number }
  | { type: 'gap'; gap: SampleGap }
  | { type: 'battery'; batteryPct: number }
  | { type: 'decode-errors'; errors: string[] };

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Each delay is scaled by a random factor in [1 - j, 1 + j] so many clients do not retry in lockstep. */
  jitterFraction: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 500,
  maxMs: 15_000,
  factor: 2,
  jitterFraction: 0.2,
};

/** Capped exponential back-off with jitter; `attempt` counts from 1. */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number): number {
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt - 1));
  const jitter = 1 - options.jitterFraction + 2 * options.jitterFraction * random();
  return Math.round(Math.min(options.maxMs, base * jitter));
}

export interface ConnectionManagerOptions {
  central: BleCentral;
  deviceId: string;
  family: SensorFamily;
  /** Shown in status messages; default the advertised name or the id. */
  label?: string;
  setup?: SetupOptions;
  decoder?: DecoderOptions;
  timers?: SensorTimers;
  random?: () => number;
  connectTimeoutMs?: number;
  discoverTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Consecutive failed setups (connected, but the sensor would not start) before giving up. */
  maxSetupFailures?: number;
  /** No notification for this long while streaming counts as a lost link (some stacks never report it). */
  staleAfterMs?: number;
  onSamples: (chunk: Sample[]) => void;
  onEvent?: (event: ConnectionEvent) => void;
}

export class ConnectionManager {
  private readonly timers: SensorTimers;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private readonly connectTimeoutMs: number;
  private readonly discoverTimeoutMs: number;
  private readonly maxSetupFailures: number;
  private readonly staleAfterMs: number;
  private readonly rateHz: number;
  private readonly label: string;
  private readonly timebase: SampleTimebase;
  private stateValue: ConnectionState = 'idle';
  private message = 'Not connected';
  /** Bumped whenever the current link/attempt is abandoned; callbacks from older epochs are ignored. */
  private epoch = 0;
  private abort: AbortController | null = null;
  private connection: BleConnection | null = null;
  private linkListeners: Unsubscribe[] = [];
  private offAdapter: Unsubscribe | null = null;
  private retryHandle: SensorTimerHandle | null = null;
  private watchdogHandle: SensorTimerHandle | null = null;
  private decoder: Decoder | null = null;
  private teardown: SetupStep[] = [];
  private originMs = 0;
  private lastDataMs = 0;
  private lastSampleS = NaN;
  private pendingGapStartS: number | null = null;
  private hasStreamed = false;
  private backoffAttempt = 0;
  private setupFailures = 0;
  private readonly statsValue: ConnectionStats = {
    notifications: 0,
    samples: 0,
    malformedPackets: 0,
    lostPackets: 0,
    reconnects: 0,
    gaps: [],
  };

  constructor(private readonly options: ConnectionManagerOptions) {
    this.timers = options.timers ?? systemSensorTimers;
    this.random = options.random ?? Math.random;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.discoverTimeoutMs = options.discoverTimeoutMs ?? 10_000;
    this.maxSetupFailures = options.maxSetupFailures ?? 3;
    this.staleAfterMs = options.staleAfterMs ?? 3_000;
    this.rateHz = options.setup?.rateHz ?? DEFAULT_RATE_HZ[options.family];
    this.label = options.label ?? options.central.known(options.deviceId)?.name ?? options.deviceId;
    this.timebase = new SampleTimebase({ nominalRateHz: this.rateHz });
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get statusMessage(): string {
    return this.message;
  }

  get stats(): Readonly<ConnectionStats> {
    return this.statsValue;
  }

  /** Starts connecting (or waits for the adapter). Sample times are seconds since this call. */
  start(): void {
    if (this.stateValue !== 'idle') return;
    this.originMs = this.timers.now();
    this.offAdapter = this.options.central.onAdapterState((s) => this.onAdapter(s));
    if (this.options.central.adapterState === 'poweredOn') void this.attempt();
    else this.waitForAdapter(describeAdapterState(this.options.central.adapterState));
  }

  /**
   * Stops streaming: no sample is delivered after this is called. Best effort to stop the sensor (teardown
   * script) and disconnect, each bounded by a timeout.
   */
  async stop(): Promise<void> {
    if (this.stateValue === 'stopped') return;
    this.epoch++;
    this.abort?.abort();
    this.clearTimers();
    this.offAdapter?.();
    this.offAdapter = null;
    const connection = this.connection;
    const wasStreaming = this.stateValue === 'streaming';
    this.dropLink();
    this.setState('stopped', 'Stopped');
    if (!connection) return;
    try {
      if (wasStreaming) await runSetupSteps(connection, this.teardown, this.timers);
    } catch {
      // The sensor may already be gone; disconnecting below is what matters.
    }
    try {
      await withTimeout(connection.disconnect(), 2_000, 'disconnect', this.timers);
    } catch {
      // Nothing more we can do; the OS drops the link when the process exits.
    }
  }

  private async attempt(): Promise<void> {
    const epoch = ++this.epoch;
    const abort = new AbortController();
    this.abort = abort;
    const reconnecting = this.hasStreamed || this.backoffAttempt > 0;
    this.setState(
      reconnecting ? 'reconnecting' : 'connecting',
      `${reconnecting ? 'Reconnecting' : 'Connecting'} to ${this.label}`,
    );
    const central = this.options.central;
    let connection: BleConnection | null = null;
    let stage: 'connect' | 'setup' = 'connect';
    try {
      const id = this.options.deviceId;
      // The app may start with a remembered id, and some stacks forget peripherals when the adapter
      // restarts: scan for it first (bounded), since noble can only connect to what it has seen.
      if (!central.known(id)) {
        const seen = await withTimeout(
          findPeripheral(central, (p) => p.id === id, this.connectTimeoutMs, this.timers),
          this.connectTimeoutMs + 1_000,
          `find ${this.label}`,
          this.timers,
          abort.signal,
        );
        if (epoch !== this.epoch) return;
        if (!seen) throw new Error(`${this.label} is not advertising (switched off or out of range?)`);
      }
      connection = await withTimeout(
        central.connect(this.options.deviceId),
        this.connectTimeoutMs,
        `connect to ${this.label}`,
        this.timers,
        abort.signal,
      );
      if (epoch !== this.epoch) {
        void connection.disconnect();
        return;
      }
      stage = 'setup';
      this.connection = connection;
      this.linkListeners.push(
        connection.onDisconnect((reason) => this.onLinkLost(epoch, reason ?? 'disconnected')),
      );
      this.setState('configuring', `Setting up ${this.label}`);
      await withTimeout(
        connection.discover(),
        this.discoverTimeoutMs,
        'discover services',
        this.timers,
        abort.signal,
      );
      const target = dataTarget(this.options.family, connection);
      if (!target)
        throw new Error(`${this.label} does not have the ${this.options.family} data characteristic`);
      const setupOptions: SetupOptions = { ...this.options.setup, rateHz: this.rateHz };
      const scripts = await prepareScripts(
        this.options.family,
        connection,
        setupOptions,
        this.timers,
        abort.signal,
      );
      this.teardown = scripts.teardown;
      const decoderOptions: DecoderOptions = { sampleRateHz: this.rateHz, ...this.options.decoder };
      if (scripts.chip) decoderOptions.chip = scripts.chip;
      if (this.options.setup?.rangeG !== undefined && decoderOptions.rangeG === undefined) {
        decoderOptions.rangeG = this.options.setup.rangeG;
      }
      this.decoder = createDecoder(this.options.family, decoderOptions);
      // New link, new run: sample times re-anchor at the first arrival, after the gap.
      this.timebase.restart();
      this.linkListeners.push(connection.onNotification(target, (bytes) => this.onData(epoch, bytes)));
      await runSetupSteps(connection, scripts.setup, this.timers, abort.signal);
      if (epoch !== this.epoch) return;
      if (this.hasStreamed) this.statsValue.reconnects++;
      this.hasStreamed = true;
      this.backoffAttempt = 0;
      this.setupFailures = 0;
      this.lastDataMs = this.timers.now();
      this.setState('streaming', `${this.label} streaming`);
      this.armWatchdog(epoch);
      this.readBattery(epoch, connection);
    } catch (err) {
      if (epoch !== this.epoch || err instanceof AbortedError) return;
      const message = err instanceof Error ? err.message : String(err);
      if (stage === 'connect' && err instanceof TimeoutError) central.cancelConnect(this.options.deviceId);
      this.dropLink();
      if (connection) void connection.disconnect().catch(() => {});
      // A device that connects but will not start is a configuration problem retrying cannot fix forever;
      // a device that is out of range may come back, so connect failures keep retrying.
      if (stage === 'setup') {
        this.setupFailures++;
        if (this.setupFailures >= this.maxSetupFailures) {
          this.setState('failed', `${this.label} could not be set up: ${message}`);
          return;
        }
      }
      this.scheduleRetry(epoch, err instanceof SetupStepError ? message : `${message}`);
    }
  }

  private onData(epoch: number, bytes: Uint8Array): void {
    if (epoch !== this.epoch || !this.decoder) return;
    const nowMs = this.timers.now();
    this.lastDataMs = nowMs;
    this.statsValue.notifications++;
    const result = this.decoder.decode(bytes);
    if (result.errors.length > 0) {
      this.statsValue.malformedPackets += result.errors.length;
      this.emit({ type: 'decode-errors', errors: result.errors });
    }
    this.statsValue.lostPackets += result.lostPackets ?? 0;
    this.deliver(result.samples, (nowMs - this.originMs) / 1000);
  }

  private deliver(decoded: readonly DecodedSample[], arrivalS: number): void {
    const n = decoded.length;
    if (n === 0) return;
    let deviceTimes: number[] | undefined = [];
    for (const s of decoded) {
      if (s.t === undefined) {
        deviceTimes = undefined;
        break;
      }
      deviceTimes.push(s.t);
    }
    const times = this.timebase.stamp(n, arrivalS, deviceTimes);
    const chunk: Sample[] = new Array<Sample>(n);
    for (let i = 0; i < n; i++) {
      const d = decoded[i] as DecodedSample;
      const s: Sample = { t: times[i] ?? arrivalS, ax: d.ax, ay: d.ay, az: d.az };
      if (d.gx !== undefined && d.gy !== undefined && d.gz !== undefined) {
        s.gx = d.gx;
        s.gy = d.gy;
        s.gz = d.gz;
      }
      chunk[i] = s;
    }
    const first = chunk[0] as Sample;
    if (this.pendingGapStartS !== null) {
      const gap = { startS: this.pendingGapStartS, endS: first.t };
      this.pendingGapStartS = null;
      this.statsValue.gaps.push(gap);
      this.emit({ type: 'gap', gap });
    }
    this.lastSampleS = (chunk[n - 1] as Sample).t;
    this.statsValue.samples += n;
    this.options.onSamples(chunk);
  }

  private onLinkLost(epoch: number, reason: string): void {
    if (epoch !== this.epoch) return;
    this.abandonLink();
    if (this.options.central.adapterState !== 'poweredOn') {
      this.waitForAdapter(describeAdapterState(this.options.central.adapterState));
      return;
    }
    this.scheduleRetry(this.epoch, `Lost ${this.label} (${reason})`);
  }

  private onAdapter(status: AdapterStatus): void {
    if (this.stateValue === 'stopped' || this.stateValue === 'failed' || this.stateValue === 'idle') return;
    if (!status.ready) {
      if (this.stateValue === 'waiting-for-adapter') {
        this.setState('waiting-for-adapter', status.message);
        return;
      }
      this.abandonLink();
      this.waitForAdapter(status);
      return;
    }
    if (this.stateValue === 'waiting-for-adapter') {
      this.backoffAttempt = 0;
      void this.attempt();
    }
  }

  /** Gives up on the current link (lost, stale, adapter gone) and remembers where the samples stopped. */
  private abandonLink(): void {
    this.epoch++;
    this.abort?.abort();
    this.clearTimers();
    const connection = this.connection;
    this.dropLink();
    // Best effort: the link may already be gone, or half-open (stale) and worth closing.
    if (connection) void connection.disconnect().catch(() => {});
    if (this.pendingGapStartS === null && Number.isFinite(this.lastSampleS))
      this.pendingGapStartS = this.lastSampleS;
  }

  private waitForAdapter(status: AdapterStatus): void {
    this.clearTimers();
    this.setState('waiting-for-adapter', status.message);
  }

  private scheduleRetry(epoch: number, reason: string): void {
    if (epoch !== this.epoch) return;
    this.backoffAttempt++;
    const delayMs = backoffDelayMs(this.backoffAttempt, this.backoff, this.random);
    this.setState('backoff', `${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s`, delayMs);
    this.retryHandle = this.timers.setTimeout(() => {
      this.retryHandle = null;
      if (epoch === this.epoch) void this.attempt();
    }, delayMs);
  }

  private armWatchdog(epoch: number): void {
    const check = () => {
      this.watchdogHandle = null;
      if (epoch !== this.epoch || this.stateValue !== 'streaming') return;
      const silentMs = this.timers.now() - this.lastDataMs;
      if (silentMs >= this.staleAfterMs) {
        this.onLinkLost(epoch, `no data for ${(silentMs / 1000).toFixed(1)} s`);
        return;
      }
      this.watchdogHandle = this.timers.setTimeout(check, this.staleAfterMs - silentMs);
    };
    this.watchdogHandle = this.timers.setTimeout(check, this.staleAfterMs);
  }

  private readBattery(epoch: number, connection: BleConnection): void {
    withTimeout(connection.readBatteryPct(), 5_000, 'read battery', this.timers).then(
      (pct) => {
        if (pct !== null && epoch === this.epoch) this.emit({ type: 'battery', batteryPct: pct });
      },
      () => {
        // Battery level is nice to have; a device that does not answer keeps streaming.
      },
    );
  }

  private dropLink(): void {
    for (const off of this.linkListeners) off();
    this.linkListeners = [];
    this.connection = null;
    this.decoder = null;
  }

  private clearTimers(): void {
    if (this.retryHandle !== null) this.timers.clearTimeout(this.retryHandle);
    if (this.watchdogHandle !== null) this.timers.clearTimeout(this.watchdogHandle);
    this.retryHandle = null;
    this.watchdogHandle = null;
  }

  private setState(state: ConnectionState, message: string, retryInMs?: number): void {
    this.stateValue = state;
    this.message = message;
    const event: ConnectionEvent = { type: 'state', state, message, attempt: this.backoffAttempt };
    if (retryInMs !== undefined) event.retryInMs = retryInMs;
    this.emit(event);
  }

  private emit(event: ConnectionEvent): void {
    this.options.onEvent?.(event);
  }
}
