import { describe, expect, it } from 'vitest';
import { createScanCommand, scanCommand } from '../../src/cli/commands/scan';
import { UsageError } from '../../src/cli/types';
import { capture } from './helpers';
import { createNobleCentral, type LoadCentralResult } from '../../src/main/ble/central';
import { EmulatedBindings, nobleWithBindings } from '../../src/main/ble/emulated-bindings';
import { polarDevice, witmotionDevice } from '../../src/main/ble/emulated-devices';
import type { AdapterState } from '../../src/main/ble/central';

/** A scan command over the real noble object with emulated bindings; sleeping just lets replies arrive. */
function emulatedScan(state: AdapterState = 'poweredOn') {
  const bindings = new EmulatedBindings({ initialState: state });
  bindings.addPeripheral(witmotionDevice());
  bindings.addPeripheral(polarDevice());
  bindings.addPeripheral({ id: '001122334455', name: 'Kettle', rssiDbm: -40, services: [] });
  const loadCentral = (): Promise<LoadCentralResult> =>
    Promise.resolve({ kind: 'ok', central: createNobleCentral(nobleWithBindings(bindings), 'linux') });
  const sleeps: number[] = [];
  const command = createScanCommand({
    loadCentral,
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((r) => setTimeout(r, 5));
    },
    adapterTimeoutMs: 50,
  });
  return { command, sleeps, bindings };
}

describe('bartempo scan', () => {
  it('on this machine says there is no Bluetooth (EAFNOSUPPORT), exits 1, prints no stack', async () => {
    const io = capture();
    const code = await scanCommand.run(['--seconds', '1'], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^bartempo: This machine has no Bluetooth: .*\(EAFNOSUPPORT\)\n$/);
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(io.out()).toBe('');
  });

  it('with --json also prints a machine-readable reason', async () => {
    const io = capture();
    expect(await scanCommand.run(['--json', '--seconds', '1'], io)).toBe(1);
    expect(JSON.parse(io.out())).toMatchObject({ available: false, reason: 'no-bluetooth' });
  });

  it('lists supported sensors with family, signal and battery, strongest first', async () => {
    const { command, sleeps } = emulatedScan();
    const io = capture();
    expect(await command.run(['--seconds', '2'], io)).toBe(0);
    expect(sleeps).toEqual([2000]);
    const lines = io.out().split('\n');
    expect(lines[0]).toBe('2 sensors found in 2 s:');
    expect(lines[2]).toMatch(/WT901BLE68\s+witmotion\s+-55 dBm\s+-\s+c0ffee000001$/);
    expect(lines[3]).toMatch(/Polar H10 A1B2C3D4\s+polar\s+-62 dBm\s+91%\s+a0b1c2d3e4f5$/);
    expect(io.out()).not.toMatch(/Kettle/);
  });

  it('--json lists sensors; --all includes devices that are not sensors', async () => {
    const { command } = emulatedScan();
    const io = capture();
    expect(await command.run(['--json', '--all'], io)).toBe(0);
    const doc = JSON.parse(io.out()) as {
      sensors: { id: string; family: string | null; batteryPct: number | null }[];
    };
    expect(doc.sensors.map((s) => [s.id, s.family])).toEqual([
      ['001122334455', null],
      ['c0ffee000001', 'witmotion'],
      ['a0b1c2d3e4f5', 'polar'],
    ]);
  });

  it.each([
    ['poweredOff', /Bluetooth is off/],
    ['unauthorized', /not allowed to use Bluetooth/],
    ['unsupported', /does not support Bluetooth Low Energy/],
  ] as const)('explains an adapter that is %s and exits 1', async (state, message) => {
    const { command } = emulatedScan(state);
    const io = capture();
    expect(await command.run([], io)).toBe(1);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe('');
  });

  it('rejects bad options as usage errors', async () => {
    const { command } = emulatedScan();
    await expect(command.run(['--seconds', 'soon'], capture())).rejects.toBeInstanceOf(UsageError);
    await expect(command.run(['extra'], capture())).rejects.toBeInstanceOf(UsageError);
  });
});
