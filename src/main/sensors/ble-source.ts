/**
 * A real BLE sensor behind the app's SampleSource interface (src/main/session/source.ts): LiveSession starts
 * and stops it like the simulator; reconnects happen inside, so one session (one TempoEngine) spans them.
 */
import type { Sample } from '../../shared/engine/types';
import type { SensorStatus } from '../../shared/ipc/contract';
import type { SensorFamily, SetupOptions } from '../../shared/sensors';
import type { BleCentral } from '../ble/central';
import type { SampleSource } from '../session/source';
import { ConnectionManager, type ConnectionEvent, type ConnectionManagerOptions } from './connection-manager';

export interface BleSourceOptions {
  central: BleCentral;
  deviceId: string;
  family: SensorFamily;
  label?: string;
  setup?: SetupOptions;
  /** Extra manager settings (timers, timeouts, back-off) for tests and tuning. */
  manager?: Partial<
    Omit<ConnectionManagerOptions, 'central' | 'deviceId' | 'family' | 'onSamples' | 'onEvent'>
  >;
}

export class BleSensorSource implements SampleSource {
  readonly kind = 'ble' as const;
  private manager: ConnectionManager | null = null;
  private stopping: Promise<void> = Promise.resolve();
  private lastStatus: SensorStatus;
  private readonly listeners = new Set<(event: ConnectionEvent, status: SensorStatus) => void>();

  constructor(private readonly options: BleSourceOptions) {
    this.lastStatus = { source: 'ble', connected: false, message: `${this.label} not connected` };
  }

  private get label(): string {
    return (
      this.options.label ?? this.options.central.known(this.options.deviceId)?.name ?? this.options.deviceId
    );
  }

  /** Connection events (state, gap, battery); the composition root re-publishes the sensor status on them. */
  onEvent(listener: (event: ConnectionEvent, status: SensorStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(onSamples: (chunk: Sample[]) => void): void {
    this.stop();
    const manager = new ConnectionManager({
      ...this.options.manager,
      central: this.options.central,
      deviceId: this.options.deviceId,
      family: this.options.family,
      label: this.label,
      setup: this.options.setup,
      onSamples,
      onEvent: (event) => {
        if (event.type === 'state') {
          this.lastStatus = { source: 'ble', connected: event.state === 'streaming', message: event.message };
        }
        for (const l of this.listeners) l(event, this.lastStatus);
      },
    });
    this.manager = manager;
    manager.start();
  }

  stop(): void {
    const manager = this.manager;
    this.manager = null;
    // stop() delivers nothing after it is called; the teardown/disconnect it starts finishes in the background
    // (whenStopped() waits for it: a CLI must not exit while the sensor is still being told to stop).
    if (manager) this.stopping = manager.stop();
  }

  /** Resolves once the last stop()'s teardown and disconnect are done (each bounded by a timeout). */
  whenStopped(): Promise<void> {
    return this.stopping;
  }

  status(): SensorStatus {
    return this.lastStatus;
  }

  get connection(): ConnectionManager | null {
    return this.manager;
  }
}
