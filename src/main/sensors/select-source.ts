/**
 * Picks the app's sample source from a setting (env var / config: "simulated", "replay:<file.csv>", or a BLE
 * sensor id or name) and falls back to the simulator with a banner saying why, so the app always starts.
 * `SwitchingSource` lets the composition root create the LiveSession synchronously with the simulator and
 * switch to the real sensor once Bluetooth has been loaded and the sensor found, without ever mixing two
 * sources' samples in one session.
 */
import type { Sample } from '../../shared/engine/types';
import type { SensorKind, SensorStatus } from '../../shared/ipc/contract';
import { findPeripheral, type BleCentral, type LoadCentralResult } from '../ble/central';
import type { SampleSource, SourceContext } from '../session/source';
import { BleSensorSource, type BleSourceOptions } from './ble-source';
import { REPLAY_PREFIX, SIMULATED_DEVICE_ID } from './devices';
import { ReplaySource } from './replay-source';

export interface SelectSourceDeps {
  loadCentral: () => Promise<LoadCentralResult>;
  /** The simulator, with the banner text explaining why it is in use. */
  createSimulated: (message: string | null) => SampleSource;
  readTextFile: (path: string) => string;
  adapterTimeoutMs?: number;
  findTimeoutMs?: number;
  ble?: Omit<BleSourceOptions, 'central' | 'deviceId' | 'family' | 'label'>;
}

export interface SelectedSource {
  source: SampleSource;
  /** The central when a BLE sensor was selected (dispose it on quit). */
  central: BleCentral | null;
}

/** Never throws: every failure becomes the simulator plus a message naming the problem. */
export async function selectSource(
  setting: string | undefined,
  deps: SelectSourceDeps,
): Promise<SelectedSource> {
  const wanted = setting?.trim() ?? '';
  const simulated = (why: string | null): SelectedSource => ({
    source: deps.createSimulated(why),
    central: null,
  });
  if (wanted === '' || wanted === SIMULATED_DEVICE_ID) return simulated(null);
  if (wanted.startsWith(REPLAY_PREFIX)) {
    const path = wanted.slice(REPLAY_PREFIX.length);
    try {
      const label = path.split(/[\\/]/).pop() || path;
      return { source: ReplaySource.fromCsv(deps.readTextFile(path), label, { loop: true }), central: null };
    } catch (err) {
      return simulated(`Cannot replay ${path} (${errorText(err)}): using the simulated sensor`);
    }
  }
  const loaded = await deps.loadCentral();
  if (loaded.kind === 'unavailable') return simulated(`${loaded.message}: using the simulated sensor`);
  const central = loaded.central;
  const fail = (why: string): SelectedSource => {
    central.dispose();
    return simulated(`${why}: using the simulated sensor`);
  };
  try {
    await central.waitUntilReady(deps.adapterTimeoutMs ?? 5_000);
  } catch (err) {
    return fail(errorText(err));
  }
  const key = wanted.toLowerCase().replace(/:/g, '');
  const found = await findPeripheral(
    central,
    (p) => p.id.toLowerCase() === key || (p.name !== null && p.name.toLowerCase() === wanted.toLowerCase()),
    deps.findTimeoutMs ?? 10_000,
  );
  if (!found) return fail(`Sensor "${wanted}" not found`);
  if (!found.family) return fail(`${found.name ?? found.id} is not a sensor BarTempo supports`);
  const source = new BleSensorSource({
    ...deps.ble,
    central,
    deviceId: found.id,
    family: found.family,
    label: found.name ?? found.id,
  });
  return { source, central };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A SampleSource that delegates to the current source and can be pointed at another one. A switch never
 * happens mid-session: while running, the new source takes over at the next start().
 */
export class SwitchingSource implements SampleSource {
  private current: SampleSource;
  private pending: SampleSource | null = null;
  private running = false;
  private readonly listeners = new Set<(status: SensorStatus) => void>();

  constructor(initial: SampleSource) {
    this.current = initial;
  }

  get kind(): SensorKind {
    return this.current.kind;
  }

  /** The source sessions use now (the pending one takes over at the next start). */
  get active(): SampleSource {
    return this.current;
  }

  /** Called after every switch, so the composition root can re-publish the sensor status. */
  onSwitch(listener: (status: SensorStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  switchTo(next: SampleSource): void {
    if (this.running) {
      this.pending = next;
      return;
    }
    this.current = next;
    this.pending = null;
    for (const l of this.listeners) l(this.status());
  }

  start(onSamples: (chunk: Sample[]) => void, context: SourceContext): void {
    if (this.running) this.current.stop();
    if (this.pending) {
      this.current = this.pending;
      this.pending = null;
      for (const l of this.listeners) l(this.status());
    }
    this.running = true;
    this.current.start(onSamples, context);
  }

  stop(): void {
    this.running = false;
    this.current.stop();
    if (this.pending) this.switchTo(this.pending);
  }

  status(): SensorStatus {
    const status = this.current.status();
    if (!this.pending) return status;
    const next = this.pending.status().message;
    return { ...status, message: `${status.message ?? ''}${next ? ` (next session: ${next})` : ''}`.trim() };
  }
}
