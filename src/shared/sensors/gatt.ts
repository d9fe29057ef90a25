/**
 * Setup/teardown scripts as data. A connection manager (written elsewhere) runs the steps in order,
 * failing the script when a step times out or a response check fails. Nothing here touches Bluetooth.
 *
 * Semantics for the runner:
 * - `subscribe` / `unsubscribe`: enable / disable notifications or indications (CCCD) on `target`.
 * - `write`: write `bytes` to `target` (`withResponse` selects ATT Write Request vs Write Command). When
 *   `awaitResponse` is set, start listening BEFORE writing, then wait for the first notification on
 *   `awaitResponse.from` whose bytes start with `prefix`; `checkResponse()` tells whether it reports success.
 * - `read`: read `target`; when `expect` is set, `checkResponse()` on the value must be 'ok'.
 * - `delay`: wait `ms` (WitMotion unlock -> command spacing).
 * Every step carries `timeoutMs` (the whole step, including the awaited response) and a `description`
 * for logs.
 */

import type { MetamotionChip } from './types';

export interface GattTarget {
  /** 32 lowercase hex digits (normalizeUuid). */
  service: string;
  characteristic: string;
}

export interface ResponseCheck {
  /** The response is the first value starting with these bytes. */
  prefix: readonly number[];
  /** Success requires the byte at `index` to be one of `oneOf` (e.g. PMD status 0 ok, 6 already running). */
  status?: { index: number; oneOf: readonly number[] };
  /** Success requires `(byte[index] & mask) !== 0` (e.g. PMD feature bit for ACC). */
  flag?: { index: number; mask: number };
}

export interface AwaitedResponse extends ResponseCheck {
  /** Characteristic the response arrives on (must be subscribed by an earlier step). */
  from: GattTarget;
}

interface StepBase {
  description: string;
  timeoutMs: number;
}

export type SetupStep =
  | (StepBase & { kind: 'subscribe'; target: GattTarget })
  | (StepBase & { kind: 'unsubscribe'; target: GattTarget })
  | (StepBase & {
      kind: 'write';
      target: GattTarget;
      bytes: Uint8Array;
      withResponse: boolean;
      awaitResponse?: AwaitedResponse;
    })
  | (StepBase & { kind: 'read'; target: GattTarget; expect?: ResponseCheck })
  | (StepBase & { kind: 'delay'; ms: number });

export type SetupStepKind = SetupStep['kind'];

/** Options every family's setup accepts; each family documents its defaults. */
export interface SetupOptions {
  rateHz?: number;
  rangeG?: number;
  /** MetaMotion only: required for the stream script (run the probe first, see metamotion.ts). */
  chip?: MetamotionChip;
  /** Movesense: IMU6 (acc + gyro, default) or Acc only. */
  gyro?: boolean;
  /** MetaMotion: packed (3 samples per notification, default) or single samples. */
  packed?: boolean;
}

/**
 * 'no-match': not the awaited response (keep waiting). 'ok' / 'failed': the response arrived and its
 * status/flag says success or not.
 */
export function checkResponse(check: ResponseCheck, value: Uint8Array): 'no-match' | 'ok' | 'failed' {
  if (value.length < check.prefix.length) return 'no-match';
  for (let i = 0; i < check.prefix.length; i++) if (value[i] !== check.prefix[i]) return 'no-match';
  if (check.status) {
    const b = value[check.status.index];
    if (b === undefined || !check.status.oneOf.includes(b)) return 'failed';
  }
  if (check.flag) {
    const b = value[check.flag.index];
    if (b === undefined || (b & check.flag.mask) === 0) return 'failed';
  }
  return 'ok';
}

/** Default step timeout: generous for a GATT round trip at a slow connection interval. */
export const DEFAULT_STEP_TIMEOUT_MS = 5000;

export const subscribe = (target: GattTarget, description: string): SetupStep => ({
  kind: 'subscribe',
  target,
  description,
  timeoutMs: DEFAULT_STEP_TIMEOUT_MS,
});

export const unsubscribe = (target: GattTarget, description: string): SetupStep => ({
  kind: 'unsubscribe',
  target,
  description,
  timeoutMs: DEFAULT_STEP_TIMEOUT_MS,
});

export function write(
  target: GattTarget,
  bytes: Uint8Array,
  description: string,
  extra: { withResponse?: boolean; awaitResponse?: AwaitedResponse } = {},
): SetupStep {
  const step: SetupStep = {
    kind: 'write',
    target,
    bytes,
    withResponse: extra.withResponse ?? true,
    description,
    timeoutMs: DEFAULT_STEP_TIMEOUT_MS,
  };
  if (extra.awaitResponse) step.awaitResponse = extra.awaitResponse;
  return step;
}
