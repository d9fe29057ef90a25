import { useEffect, useState } from 'react';
import type { DeviceSummary, SensorStatus } from '../../../shared/ipc/contract';
import { getBridge, ipcErrorMessage } from '../bridge';

/** Seconds a Scan press listens for advertisements. */
export const SCAN_SECONDS = 5;
const SIMULATED_ID = 'simulated';

interface Props {
  /** The picker is locked while a session runs (a switch only happens between sessions anyway). */
  running: boolean;
  sensor: SensorStatus | null;
}

function optionLabel(d: DeviceSummary): string {
  const extras = [
    d.family,
    d.rssi === undefined ? null : `${d.rssi} dBm`,
    d.battery === undefined ? null : `${d.battery}%`,
  ].filter((x): x is string => Boolean(x));
  return extras.length ? `${d.name} (${extras.join(', ')})` : d.name;
}

/** A compact sensor choice beside the banner: a native select and a Scan button, both keyboard reachable. */
export function SensorPicker({ running, sensor }: Props) {
  const [devices, setDevices] = useState<DeviceSummary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    getBridge()
      .listSensors()
      .then(setDevices)
      .catch((err: unknown) => setNote(ipcErrorMessage(err)));
  }, []);

  const scan = async () => {
    setScanning(true);
    setNote(null);
    try {
      const result = await getBridge().scanSensors({ seconds: SCAN_SECONDS });
      setDevices(result.devices);
      const found = result.devices.filter((d) => d.kind === 'ble').length;
      setNote(
        result.unavailable
          ? `No Bluetooth: ${result.unavailable}`
          : `${found} Bluetooth sensor${found === 1 ? '' : 's'} found`,
      );
    } catch (err) {
      setNote(ipcErrorMessage(err));
    } finally {
      setScanning(false);
    }
  };

  const select = async (id: string) => {
    const previous = selected;
    setSelected(id);
    try {
      await getBridge().selectSensor({ id });
      setNote(null);
    } catch (err) {
      setSelected(previous);
      setNote(ipcErrorMessage(err));
    }
  };

  // Until the lifter picks, show the simulator when it is in use; anything else (a sensor configured at
  // launch) shows as "current sensor".
  const value = selected ?? (sensor === null || sensor.source === 'simulated' ? SIMULATED_ID : '');
  const locked = running || scanning;

  return (
    <div className="sensor-picker" data-testid="sensor-picker">
      <label>
        Sensor
        <select
          value={value}
          onChange={(e) => void select(e.target.value)}
          disabled={locked}
          data-testid="sensor-select"
          aria-describedby="sensor-picker-note"
        >
          {value === '' || !devices.some((d) => d.id === value) ? (
            <option value={value} disabled>
              {value === SIMULATED_ID ? 'Simulated lifter' : 'Current sensor'}
            </option>
          ) : null}
          {devices.map((d) => (
            <option key={d.id} value={d.id}>
              {optionLabel(d)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void scan()} disabled={locked} aria-busy={scanning}>
        {scanning ? 'Scanning…' : 'Scan'}
      </button>
      <span id="sensor-picker-note" className="picker-note" role="status" data-testid="sensor-picker-note">
        {note ?? ''}
      </span>
    </div>
  );
}
