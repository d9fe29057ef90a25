/** Clock and interval timer, injected so sessions and sources run under fake timers (or accelerated) in tests. */
export type TimerHandle = ReturnType<typeof setInterval>;

export interface Timers {
  /** Monotonic milliseconds; any origin. */
  now(): number;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

export const systemTimers: Timers = {
  // performance.now is monotonic: a wall-clock jump (NTP, DST) must not replay or skip simulated seconds.
  now: () => performance.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle),
};
