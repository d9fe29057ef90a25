import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BleConnection } from '../../../src/main/ble/central';
import { runSetupSteps, SetupStepError } from '../../../src/main/sensors/gatt-runner';
import { AbortedError, type SensorTimers } from '../../../src/main/sensors/timers';
import type { GattTarget, SetupStep } from '../../../src/shared/sensors';

const CONTROL: GattTarget = { service: 'aa', characteristic: 'c1' };
const timers: SensorTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h),
};

/** A connection whose device answers each write with the bytes `reply` returns (on CONTROL), after 10 ms. */
function fakeConnection(
  reply: (written: Uint8Array) => Uint8Array[] | null,
  readValue = Uint8Array.of(0x0f, 0x04),
) {
  const listeners = new Set<(b: Uint8Array) => void>();
  const log: string[] = [];
  const connection: BleConnection = {
    id: 'x',
    mtu: null,
    discover: () => Promise.resolve({ services: [] }),
    has: () => true,
    read: () => Promise.resolve(readValue),
    write: (_t, bytes) => {
      log.push(`write ${[...bytes].join(' ')}`);
      const answers = reply(bytes);
      if (answers) setTimeout(() => answers.forEach((a) => listeners.forEach((l) => l(a))), 10);
      return Promise.resolve();
    },
    setNotify: (_t, on) => {
      log.push(`notify ${on}`);
      return Promise.resolve();
    },
    onNotification: (_t, l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    readBatteryPct: () => Promise.resolve(null),
    onDisconnect: () => () => {},
    disconnect: () => Promise.resolve(),
  };
  return { connection, log, listenerCount: () => listeners.size };
}

const start = (timeoutMs = 5000): SetupStep => ({
  kind: 'write',
  target: CONTROL,
  bytes: Uint8Array.of(2, 2),
  withResponse: true,
  description: 'start ACC',
  timeoutMs,
  awaitResponse: { from: CONTROL, prefix: [0xf0, 2, 2], status: { index: 3, oneOf: [0, 6] } },
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runSetupSteps', () => {
  it('waits for the matching response, ignoring unrelated notifications, and returns it', async () => {
    const { connection, listenerCount } = fakeConnection(() => [
      Uint8Array.of(0xf0, 1, 2, 0),
      Uint8Array.of(0xf0, 2, 2, 0, 0),
    ]);
    const run = runSetupSteps(
      connection,
      [{ kind: 'subscribe', target: CONTROL, description: 'sub', timeoutMs: 100 }, start()],
      timers,
    );
    await vi.advanceTimersByTimeAsync(20);
    const results = await run;
    expect([...(results[1]?.value ?? [])]).toEqual([0xf0, 2, 2, 0, 0]);
    expect(listenerCount()).toBe(0); // the response listener is removed
  });

  it('fails a refused command with the bytes, as "rejected"', async () => {
    const { connection } = fakeConnection(() => [Uint8Array.of(0xf0, 2, 2, 10, 0)]);
    const run = runSetupSteps(connection, [start()], timers);
    const caught = run.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(20);
    const err = await caught;
    expect(err).toBeInstanceOf(SetupStepError);
    expect((err as SetupStepError).failure).toBe('rejected');
    expect((err as SetupStepError).message).toBe('"start ACC": the sensor refused (f0 02 02 0a 00)');
  });

  it('times a silent device out after the step budget, naming the step', async () => {
    const { connection, log } = fakeConnection(() => null);
    const caught = runSetupSteps(connection, [start(300), start()], timers).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(299);
    expect(log).toEqual(['write 2 2']);
    await vi.advanceTimersByTimeAsync(1);
    const err = (await caught) as SetupStepError;
    expect(err.failure).toBe('timeout');
    expect(err.message).toBe('The sensor did not answer "start ACC" within 300 ms');
    expect(log).toEqual(['write 2 2']); // later steps never ran
  });

  it('checks read values, runs delays on the injected timers, and stops on abort', async () => {
    const { connection } = fakeConnection(() => null, Uint8Array.of(0x0f, 0x01));
    const read: SetupStep = {
      kind: 'read',
      target: CONTROL,
      description: 'features',
      timeoutMs: 100,
      expect: { prefix: [0x0f], flag: { index: 1, mask: 0x04 } },
    };
    await expect(runSetupSteps(connection, [read], timers)).rejects.toThrow(
      '"features": unexpected value 0f 01',
    );

    const abort = new AbortController();
    const pause: SetupStep = { kind: 'delay', ms: 1000, description: 'pause', timeoutMs: 2000 };
    const caught = runSetupSteps(connection, [pause], timers, abort.signal).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    abort.abort();
    expect(await caught).toBeInstanceOf(AbortedError);
  });
});
