import type { Sample } from '../../shared/engine/types';
import type { SensorKind, SensorStatus } from '../../shared/ipc/contract';
import type { Prescription } from '../../shared/tempo/types';

/** What a source may know about the session it feeds (the simulator lifts to the prescribed tempo). */
export interface SourceContext {
  prescription: Prescription | null;
}

/**
 * Anything that streams samples: the simulated lifter today, a BLE sensor (src/main/ble) later. Sessions
 * only see this interface, so swapping the sensor is a composition-root change.
 */
export interface SampleSource {
  readonly kind: SensorKind;
  /** Begin streaming; `onSamples` receives chunks in time order, each non-empty. */
  start(onSamples: (chunk: Sample[]) => void, context: SourceContext): void;
  /** Stop streaming; no callback fires after this returns. Idempotent. */
  stop(): void;
  status(): SensorStatus;
}
