/**
 * The app's sensor, for the composition root (src/main/index.ts): a SwitchingSource that starts as the
 * simulator (so the window works at once and on machines without Bluetooth) and switches to the configured
 * sensor once Bluetooth is loaded and the sensor found. Every change re-publishes the sensor status.
 */
import { loadCentral, type BleCentral } from '../ble/central';
import type { SampleSource } from '../session/source';
import { BleSensorSource } from './ble-source';
import { selectSource, SwitchingSource, type SelectSourceDeps } from './select-source';

export const NO_SENSOR_MESSAGE = 'No Bluetooth sensor connected: using the simulated sensor';

export interface AppSensorOptions {
  /** "simulated" / unset, "replay:<file.csv>", or a BLE sensor id or name (`bartempo scan`). */
  setting: string | undefined;
  createSimulated: (message: string | null) => SampleSource;
  readTextFile: (path: string) => string;
  /** Called whenever the sensor status may have changed (switch, connection events). */
  onStatusChange: () => void;
  deps?: Partial<Pick<SelectSourceDeps, 'loadCentral' | 'adapterTimeoutMs' | 'findTimeoutMs' | 'ble'>>;
}

export interface AppSensor {
  source: SwitchingSource;
  /** Settles once the configured sensor was selected (or the fallback chosen). Never rejects. */
  ready: Promise<void>;
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
  const ready =
    setting === '' || setting === 'simulated'
      ? Promise.resolve()
      : selectSource(setting, {
          loadCentral: () => loadCentral(),
          ...options.deps,
          createSimulated: (message) => options.createSimulated(message ?? NO_SENSOR_MESSAGE),
          readTextFile: options.readTextFile,
        }).then((selected) => {
          if (disposed) {
            selected.central?.dispose();
            return;
          }
          central = selected.central;
          if (selected.source instanceof BleSensorSource)
            selected.source.onEvent(() => options.onStatusChange());
          source.switchTo(selected.source);
        });
  return {
    source,
    ready,
    dispose() {
      disposed = true;
      source.stop();
      central?.dispose();
    },
  };
}
