/**
 * BLE accelerometer payloads, one module per family (PROTOCOLS.md). Pure: no Node, no Bluetooth.
 * `createDecoder` for notifications, `setupScript` / `teardownScript` for what a connection manager
 * writes, `recognizeFamily` for scan results.
 */
import type { SetupOptions, SetupStep } from './gatt';
import { createMetamotionDecoder, metamotionProbe, metamotionSetup, metamotionTeardown } from './metamotion';
import { createMovesenseDecoder, movesenseSetup, movesenseTeardown } from './movesense';
import { createOpenDecoder, openSetup, openTeardown } from './open-profile';
import { createPolarDecoder } from './polar';
import { polarSetup, polarTeardown } from './polar-control';
import { createThingyDecoder, thingySetup, thingyTeardown } from './thingy';
import type { Decoder, DecoderOptions, SensorFamily } from './types';
import { createWitmotionDecoder, witmotionSetup, witmotionTeardown } from './witmotion';

export * from './types';
export * from './uuid';
export * from './gatt';
export * from './recognize';
export { parseHex, toHex } from './bytes';
export * from './witmotion';
export * from './polar';
export * from './polar-control';
export * from './metamotion';
export * from './movesense';
export * from './thingy';
export * from './open-profile';

/**
 * A fresh decoder for one connection. Only a MetaMotion range other than 2/4/8/16 g throws (RangeError),
 * because it would make every sample wrong; other bad option values fall back to defaults.
 */
export function createDecoder(family: SensorFamily, options: DecoderOptions = {}): Decoder {
  switch (family) {
    case 'witmotion':
      return createWitmotionDecoder();
    case 'polar':
      return createPolarDecoder(options);
    case 'metamotion':
      return createMetamotionDecoder(options);
    case 'movesense':
      return createMovesenseDecoder(options);
    case 'thingy':
      return createThingyDecoder(options);
    case 'open':
      return createOpenDecoder();
  }
}

/**
 * Steps to run before `setupScript` to learn what it needs: MetaMotion's chip check (feed the notifications
 * to the decoder; its `metamotion-chip` control message gives `options.chip`). Empty for other families.
 */
export function probeScript(family: SensorFamily): SetupStep[] {
  return family === 'metamotion' ? metamotionProbe() : [];
}

/**
 * Steps that start streaming. Throws RangeError for options a device cannot do (unknown rate code,
 * MetaMotion without `chip`: run `metamotionProbe()` first).
 */
export function setupScript(family: SensorFamily, options: SetupOptions = {}): SetupStep[] {
  switch (family) {
    case 'witmotion':
      return witmotionSetup(options);
    case 'polar':
      return polarSetup(options);
    case 'metamotion':
      return metamotionSetup(options);
    case 'movesense':
      return movesenseSetup(options);
    case 'thingy':
      return thingySetup(options);
    case 'open':
      return openSetup();
  }
}

/** Steps that stop streaming and release notifications. */
export function teardownScript(family: SensorFamily, options: SetupOptions = {}): SetupStep[] {
  switch (family) {
    case 'witmotion':
      return witmotionTeardown();
    case 'polar':
      return polarTeardown();
    case 'metamotion':
      return metamotionTeardown(options);
    case 'movesense':
      return movesenseTeardown();
    case 'thingy':
      return thingyTeardown();
    case 'open':
      return openTeardown();
  }
}
