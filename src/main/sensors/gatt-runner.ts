/**
 * Runs a family's setup/teardown script (src/shared/sensors/gatt.ts: steps as data) over a BleConnection.
 * Every step is bounded by its own `timeoutMs`, so a sensor that never answers fails the script with a
 * message naming the step instead of hanging the connection.
 */
import { checkResponse, toHex, type SetupStep } from '../../shared/sensors';
import type { BleConnection } from '../ble/central';
import { delay, TimeoutError, withTimeout, type SensorTimers } from './timers';

export type StepFailureKind = 'timeout' | 'rejected' | 'error';

export class SetupStepError extends Error {
  constructor(
    readonly step: SetupStep,
    readonly failure: StepFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SetupStepError';
  }
}

export interface StepResult {
  step: SetupStep;
  /** The awaited response (write with awaitResponse) or the value read (read). */
  value?: Uint8Array;
}

export async function runSetupSteps(
  connection: BleConnection,
  steps: readonly SetupStep[],
  timers: SensorTimers,
  signal?: AbortSignal,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of steps) {
    try {
      results.push(
        await withTimeout(
          runStep(connection, step, timers, signal),
          step.timeoutMs,
          step.description,
          timers,
          signal,
        ),
      );
    } catch (err) {
      if (err instanceof SetupStepError) throw err;
      if (err instanceof TimeoutError) {
        throw new SetupStepError(
          step,
          'timeout',
          `The sensor did not answer "${step.description}" within ${step.timeoutMs} ms`,
        );
      }
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof Error && err.name === 'AbortedError') throw err;
      throw new SetupStepError(step, 'error', `"${step.description}" failed: ${message}`);
    }
  }
  return results;
}

async function runStep(
  connection: BleConnection,
  step: SetupStep,
  timers: SensorTimers,
  signal: AbortSignal | undefined,
): Promise<StepResult> {
  switch (step.kind) {
    case 'subscribe':
    case 'unsubscribe':
      await connection.setNotify(step.target, step.kind === 'subscribe');
      return { step };
    case 'delay':
      await delay(step.ms, timers, signal);
      return { step };
    case 'read': {
      const value = await connection.read(step.target);
      if (step.expect && checkResponse(step.expect, value) !== 'ok') {
        throw new SetupStepError(step, 'rejected', `"${step.description}": unexpected value ${toHex(value)}`);
      }
      return { step, value };
    }
    case 'write': {
      const awaited = step.awaitResponse;
      if (!awaited) {
        await connection.write(step.target, step.bytes, step.withResponse);
        return { step };
      }
      // Listen before writing: a fast device answers before the write callback fires.
      let off = () => {};
      const response = new Promise<Uint8Array>((resolve, reject) => {
        off = connection.onNotification(awaited.from, (value) => {
          const verdict = checkResponse(awaited, value);
          if (verdict === 'no-match') return;
          off();
          if (verdict === 'ok') resolve(value);
          else
            reject(
              new SetupStepError(
                step,
                'rejected',
                `"${step.description}": the sensor refused (${toHex(value)})`,
              ),
            );
        });
      });
      // Handled below; this stops a refusal that arrives while the write is pending from counting as unhandled.
      response.catch(() => {});
      try {
        await connection.write(step.target, step.bytes, step.withResponse);
        return { step, value: await response };
      } finally {
        off();
      }
    }
  }
}
