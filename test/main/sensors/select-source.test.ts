import { describe, expect, it } from 'vitest';
import { createNobleCentral, loadCentral, type LoadCentralResult } from '../../../src/main/ble/central';
import { EmulatedBindings, nobleWithBindings } from '../../../src/main/ble/emulated-bindings';
import { witmotionDevice } from '../../../src/main/ble/emulated-devices';
import { BleSensorSource } from '../../../src/main/sensors/ble-source';
import { ReplaySource } from '../../../src/main/sensors/replay-source';
import { selectSource, SwitchingSource } from '../../../src/main/sensors/select-source';
import type { SampleSource } from '../../../src/main/session/source';
import type { Sample } from '../../../src/shared/engine/types';
import type { SensorStatus } from '../../../src/shared/ipc/contract';

class StubSource implements SampleSource {
  readonly kind = 'simulated' as const;
  sink: ((chunk: Sample[]) => void) | null = null;
  constructor(readonly message: string | null) {}
  start(onSamples: (chunk: Sample[]) => void): void {
    this.sink = onSamples;
  }
  stop(): void {
    this.sink = null;
  }
  status(): SensorStatus {
    return { source: 'simulated', connected: true, message: this.message };
  }
}

const CSV = 't,ax,ay,az\n0,0,0,1\n0.01,0,0,1.001\n';

function deps(load: () => Promise<LoadCentralResult> = () => loadCentral()) {
  return {
    loadCentral: load,
    createSimulated: (message: string | null) => new StubSource(message),
    readTextFile: (path: string) => {
      if (path !== '/rec/squat.csv') throw new Error('no such file');
      return CSV;
    },
    adapterTimeoutMs: 50,
    findTimeoutMs: 30,
  };
}

function emulatedLoad(): () => Promise<LoadCentralResult> {
  const bindings = new EmulatedBindings();
  bindings.addPeripheral(witmotionDevice());
  return () =>
    Promise.resolve({ kind: 'ok', central: createNobleCentral(nobleWithBindings(bindings), 'linux') });
}

describe('selectSource', () => {
  it('uses the simulator when nothing or "simulated" is asked for', async () => {
    for (const setting of [undefined, '', 'simulated']) {
      const { source, central } = await selectSource(setting, deps());
      expect(source).toBeInstanceOf(StubSource);
      expect(source.status().message).toBeNull();
      expect(central).toBeNull();
    }
  });

  it('replays a file, or explains why it cannot', async () => {
    expect((await selectSource('replay:/rec/squat.csv', deps())).source).toBeInstanceOf(ReplaySource);
    const bad = await selectSource('replay:/rec/missing.csv', deps());
    expect(bad.source.status().message).toBe(
      'Cannot replay /rec/missing.csv (no such file): using the simulated sensor',
    );
  });

  it('falls back to the simulator with the reason on this machine (no Bluetooth)', async () => {
    const { source } = await selectSource('WT901BLE68', deps());
    expect(source).toBeInstanceOf(StubSource);
    expect(source.status().message).toMatch(/^This machine has no Bluetooth.*: using the simulated sensor$/);
  });

  it('finds a BLE sensor by name or id', async () => {
    const byName = await selectSource('wt901ble68', deps(emulatedLoad()));
    expect(byName.source).toBeInstanceOf(BleSensorSource);
    expect(byName.central).not.toBeNull();
    const byId = await selectSource('C0:FF:EE:00:00:01', deps(emulatedLoad()));
    expect(byId.source).toBeInstanceOf(BleSensorSource);
    const missing = await selectSource('Polar H10 1234', deps(emulatedLoad()));
    expect(missing.source.status().message).toBe(
      'Sensor "Polar H10 1234" not found: using the simulated sensor',
    );
  });
});

describe('SwitchingSource', () => {
  it('switches at once when idle and only at the next start while a session runs', () => {
    const first = new StubSource('first');
    const second = new StubSource('second');
    const third = new StubSource('third');
    const switching = new SwitchingSource(first);
    const switched: (string | null)[] = [];
    switching.onSwitch((s) => switched.push(s.message));

    switching.switchTo(second);
    expect(switching.active).toBe(second);
    const got: number[] = [];
    switching.start((c) => got.push(...c.map((s) => s.t)), { prescription: null });
    second.sink?.([{ t: 1, ax: 0, ay: 0, az: 1 }]);

    switching.switchTo(third);
    // Mid-session: still the second source, and the banner says what comes next.
    expect(switching.active).toBe(second);
    expect(switching.status().message).toBe('second (next session: third)');
    second.sink?.([{ t: 2, ax: 0, ay: 0, az: 1 }]);
    switching.stop();
    expect(switching.active).toBe(third);
    expect(second.sink).toBeNull();
    expect(got).toEqual([1, 2]);
    expect(switched).toEqual(['second', 'third']);
  });
});
