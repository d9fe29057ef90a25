/**
 * What the connection manager needs per sensor family beyond the pure decoders: which characteristic carries
 * the samples, the default output rate (for time reconstruction), and how to build the setup script for the
 * device actually connected (MetaMotion needs its chip probed first; Movesense has two service layouts).
 */
import {
  METAMOTION_NOTIFY_UUID,
  METAMOTION_SERVICE_UUID,
  MOVESENSE_ALT_NOTIFY_UUID,
  MOVESENSE_ALT_SERVICE_UUID,
  MOVESENSE_NOTIFY_UUID,
  MOVESENSE_SERVICE_UUID,
  NUS_SERVICE_UUID,
  NUS_TX_UUID,
  POLAR_PMD_DATA_UUID,
  POLAR_PMD_SERVICE_UUID,
  THINGY_MOTION_SERVICE_UUID,
  THINGY_RAW_DATA_UUID,
  WITMOTION_NOTIFY_UUID,
  WITMOTION_SERVICE_UUID,
  metamotionProbe,
  metamotionTeardown,
  movesenseSetup,
  movesenseTeardown,
  parseMetamotionChip,
  setupScript,
  teardownScript,
  type GattTarget,
  type MetamotionChip,
  type SensorFamily,
  type SetupOptions,
  type SetupStep,
} from '../../shared/sensors';
import type { BleConnection } from '../ble/central';
import { runSetupSteps } from './gatt-runner';
import type { SensorTimers } from './timers';

/** Rates the families' setup scripts pick by default (see each family's setup in src/shared/sensors). */
export const DEFAULT_RATE_HZ: Readonly<Record<SensorFamily, number>> = {
  witmotion: 100,
  polar: 200,
  metamotion: 100,
  movesense: 104,
  thingy: 100,
  // The open profile stamps every sample; this only sizes the time-reconstruction fallbacks.
  open: 100,
};

const DATA_TARGETS: Readonly<Record<SensorFamily, readonly GattTarget[]>> = {
  witmotion: [{ service: WITMOTION_SERVICE_UUID, characteristic: WITMOTION_NOTIFY_UUID }],
  polar: [{ service: POLAR_PMD_SERVICE_UUID, characteristic: POLAR_PMD_DATA_UUID }],
  metamotion: [{ service: METAMOTION_SERVICE_UUID, characteristic: METAMOTION_NOTIFY_UUID }],
  movesense: [
    { service: MOVESENSE_SERVICE_UUID, characteristic: MOVESENSE_NOTIFY_UUID },
    { service: MOVESENSE_ALT_SERVICE_UUID, characteristic: MOVESENSE_ALT_NOTIFY_UUID },
  ],
  thingy: [{ service: THINGY_MOTION_SERVICE_UUID, characteristic: THINGY_RAW_DATA_UUID }],
  open: [{ service: NUS_SERVICE_UUID, characteristic: NUS_TX_UUID }],
};

/** The characteristic the samples arrive on, among those the connected device has. */
export function dataTarget(family: SensorFamily, connection: BleConnection): GattTarget | undefined {
  return DATA_TARGETS[family].find((t) => connection.has(t));
}

export interface PreparedScripts {
  setup: SetupStep[];
  teardown: SetupStep[];
  /** Options the decoder needs to match what setup configured (MetaMotion chip). */
  chip?: MetamotionChip;
}

/**
 * Builds the scripts for this device; runs the MetaMotion chip probe on the way (its stream script depends
 * on the answer). Throws SetupStepError when the probe times out or is refused.
 */
export async function prepareScripts(
  family: SensorFamily,
  connection: BleConnection,
  options: SetupOptions,
  timers: SensorTimers,
  signal?: AbortSignal,
): Promise<PreparedScripts> {
  if (family === 'metamotion' && !options.chip) {
    const results = await runSetupSteps(connection, metamotionProbe(), timers, signal);
    const reply = results.find((r) => r.value !== undefined)?.value;
    const chip = reply ? parseMetamotionChip(reply) : undefined;
    if (chip === undefined || chip === 'unknown') {
      throw new Error('This MetaMotion reports an accelerometer chip BarTempo does not know');
    }
    const withChip = { ...options, chip };
    return { setup: setupScript(family, withChip), teardown: metamotionTeardown(withChip), chip };
  }
  if (family === 'movesense') {
    const alt = !connection.has({ service: MOVESENSE_SERVICE_UUID, characteristic: MOVESENSE_NOTIFY_UUID });
    return { setup: movesenseSetup(options, alt), teardown: movesenseTeardown(alt) };
  }
  return { setup: setupScript(family, options), teardown: teardownScript(family, options) };
}
