/**
 * Clock and one-shot timers for the sensor layer, injected so connection timeouts, back-off and watchdogs run
 * under fake timers in tests. (src/main/session/timers.ts has only an interval timer; this layer needs
 * one-shots.)
 */
export type SensorTimerHandle = ReturnType<typeof setTimeout>;

export interface SensorTimers {
  /** Monotonic milliseconds; any origin. */
  now(): number;
  setTimeout(fn: () => void, ms: number): SensorTimerHandle;
  clearTimeout(handle: SensorTimerHandle): void;
}

export const systemSensorTimers: SensorTimers = {
  // Monotonic: a wall-clock step (NTP) must not look like a gap in the samples or a burst of them.
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};

/** Thrown by `withTimeout` so callers can tell a silent device from a failing one. */
export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** Thrown when an AbortSignal ends the wait (disconnect, stop). */
export class AbortedError extends Error {
  constructor(message = 'aborted') {
    super(message);
    this.name = 'AbortedError';
  }
}

/**
 * Settles with `promise`, or rejects with TimeoutError after `ms`, or with AbortedError when `signal` aborts.
 * BLE promises can stay pending forever (a device that never answers), so every wait goes through this.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  timers: SensorTimers,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError(`${what}: aborted`));
      return;
    }
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(new AbortedError(`${what}: aborted`));
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      reject(new TimeoutError(`${what}: no answer within ${ms} ms`));
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        timers.clearTimeout(handle);
        signal?.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        timers.clearTimeout(handle);
        signal?.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export function delay(ms: number, timers: SensorTimers, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError());
      return;
    }
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(new AbortedError());
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
