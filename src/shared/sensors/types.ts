/**
 * Contracts shared by the per-family BLE payload decoders. Decoders are pure and never throw: whatever
 * bytes arrive, they return the samples they could validate and one error string per rejected
 * packet/frame/sample. Units: accel in g, gyro in deg/s, t in seconds (device clock, where one exists).
 */

import type { Sample } from '../engine/types';

export type SensorFamily = 'witmotion' | 'polar' | 'metamotion' | 'movesense' | 'thingy' | 'open';

export const SENSOR_FAMILIES: readonly SensorFamily[] = [
  'witmotion',
  'polar',
  'metamotion',
  'movesense',
  'thingy',
  'open',
];

/** An engine Sample whose time is optional (not every format carries a clock). */
export type DecodedSample = Omit<Sample, 't'> & {
  /** Device clock, seconds, where the format has one (Polar, Movesense, open profile). */
  t?: number;
};

/** MetaMotion accelerometer chips (PROTOCOLS.md §3). */
export type MetamotionChip = 'bmi160' | 'bmi270';

/** Non-sample replies that arrive on a data characteristic; a connection manager may wait for them. */
export type ControlMessage =
  | { kind: 'witmotion-register'; startRegister: number; values: number[] }
  | { kind: 'metamotion-chip'; chip: MetamotionChip | 'unknown'; code: number }
  | { kind: 'movesense-result'; ref: number; statusCode?: number };

export interface DecodeResult {
  samples: DecodedSample[];
  /** Packets/frames/samples rejected in this notification, with reasons. */
  errors: string[];
  /** Packets the sender numbered but we never saw (open-profile sequence gaps). */
  lostPackets?: number;
  /** Replies to commands seen in this notification (WitMotion register read, MetaMotion chip, Movesense result). */
  control?: ControlMessage[];
}

export interface Decoder {
  readonly family: SensorFamily;
  /** One BLE notification from the family's data characteristic. Never throws. */
  decode(notification: Uint8Array): DecodeResult;
  /**
   * End of stream: decode or reject whatever a stateful decoder still holds (a Movesense DATA waiting for
   * its DATA_PART2). Empty for the other families.
   */
  flush(): DecodeResult;
  /** Forget all state (previous timestamps, sequence numbers, held partial messages, learned chip). */
  reset(): void;
}

export interface DecoderOptions {
  /**
   * Accelerometer full scale, g. MetaMotion: selects the count scaling (2/4/8/16, default 16). Polar,
   * Movesense, Thingy: plausibility limit (default 16). WitMotion and open profile carry their own.
   */
  rangeG?: number;
  /** Gyroscope plausibility limit, deg/s (Movesense, Thingy; default 2000). */
  gyroRangeDps?: number;
  /**
   * Output data rate, Hz. Spaces sample times where the device stamps only one sample per frame
   * (Polar first frame, Movesense). Without it those samples get t only where it can be derived.
   */
  sampleRateHz?: number;
  /** MetaMotion: which packed register to accept; default: either, or learned from a `03 80` reply. */
  chip?: MetamotionChip;
  /** Polar PMD factor reported in the settings (type 5); default 1. */
  polarFactor?: number;
  /** Movesense subscription kind; default imu6 (what our setup subscribes). */
  movesenseMeasurement?: 'imu6' | 'acc';
  /**
   * Movesense: largest notification payload (ATT MTU - 3). A DATA this long may continue in a
   * DATA_PART2, so it is held until the next notification. Default 244 (MTU 247).
   */
  maxNotificationBytes?: number;
}
