/**
 * The app's sensor, for the composition root (src/main/index.ts): a SwitchingSource that starts as the
 * simulator (so the window works at once and on machines without Bluetooth) and switches to the configured
 * sensor once Bluetooth is loaded and the sensor found. Every change re-publishes the sensor status.
 */
import { loadCentral, type BleCentral, type LoadCentralResult } from '../ble/central';
import type { SampleSource } from '../session/source';
import { BleSensorSource } from './ble-source';
import { selectSource, SwitchingSource, type SelectSourceDeps } from './select-source';
import { createSensorPicker, type SensorPicker } from './sensor-picker';

export const NO_SENSOR_MESSAGE = 'No Bluetooth sensor connected: using the simulated sensor';

export interface AppSensorOptions {
  /** "simulated" / unset, "replay:<file.csv>", or a BLE sensor id or name (`bartempo scan`). */
  setting: string | undefined;
  createSimulated: (message: string | null) => SampleSource;
  readTextFile: (path: string) => string;
  /** Called whenever the sensor status may have changed (switch, connection events). */
  onStatusChange: () => void;
  deps?: Partial<Pick<SelectSourceDeps, 'loadCentral' | 'adapterTimeoutMs' | 'findTimeoutMs' | 'ble'>>;
  /** CSV files the picker offers as replays. */
  replayFiles?: readonly string[];
  /** Picker scan pause, injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface AppSensor {
  source: SwitchingSource;
  /** Settles once the configured sensor was selected (or the fallback chosen). Never rejects. */
  ready: Promise<void>;
  /** The rack screen's sensor picker (list, scan, select), sharing this sensor's Bluetooth central. */
  picker: SensorPicker;
  dispose(): void;
}

export function createAppSensor(options: AppSensorOptions): AppSensor {
  const setting = options.setting?.trim() ?? '';
  const initialMessage =
    setting === '' || setting === 'simulated'
      ? NO_SENSOR_MESSAGE
      : `Looking for sensor "${setting}": using the simulated sensor meanwhile`;
  const source = new SwitchingSource(options.createSimulated(initialMessage));
  source.onSwitch(() => options.onStatusChange());
  let central: BleCentral | null = null;
  let disposed = false;
  // One central for the whole app: noble is a singleton that reports the adapter state once, so a second
  // central created later would never hear "poweredOn". selectSource disposes the central it gets on
  // failure, so it gets a view whose dispose is a no-op; the real one is disposed with the app sensor.
  const load = options.deps?.loadCentral ?? (() => loadCentral());
  let loaded: Promise<LoadCentralResult> | null = null;
  const getCentral = (): Promise<LoadCentralResult> =>
    (loaded ??= load().then((result) => {
      if (result.kind === 'ok') {
        if (disposed) result.central.dispose();
        else central = result.central;
      }
      return result;
    }));
  const borrowCentral = async (): Promise<LoadCentralResult> => {
    const result = await getCentral();
    if (result.kind !== 'ok') return result;
    const view = Object.create(result.central, { dispose: { value: () => undefined } }) as BleCentral;
    return { kind: 'ok', central: view };
  };
  const ready =
    setting === '' || setting === 'simulated'
      ? Promise.resolve()
      : selectSource(setting, {
          ...options.deps,
          loadCentral: borrowCentral,
          createSimulated: (message) => options.createSimulated(message ?? NO_SENSOR_MESSAGE),
          readTextFile: options.readTextFile,
        }).then((selected) => {
          if (disposed) return;
          if (selected.source instanceof BleSensorSource)
            selected.source.onEvent(() => options.onStatusChange());
          source.switchTo(selected.source);
        });
  const picker = createSensorPicker({
    source,
    getCentral,
    createSimulated: (message) => options.createSimulated(message ?? NO_SENSOR_MESSAGE),
    readTextFile: options.readTextFile,
    onStatusChange: options.onStatusChange,
    replayFiles: options.replayFiles,
    adapterTimeoutMs: options.deps?.adapterTimeoutMs,
    ble: options.deps?.ble,
    sleep: options.sleep,
  });
  return {
    source,
    ready,
    picker,
    dispose() {
      disposed = true;
      source.stop();
      central?.dispose();
    },
  };
}
