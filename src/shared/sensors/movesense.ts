/**
 * Movesense with the GATT SensorData Protocol firmware (PROTOCOLS.md §4, movesense-device-lib
 * gatt_sensordata_app [V]). Commands `[cmd][ref][ASCII path]`; notifications `[type][ref][body]`:
 * 1 command result, 2 DATA, 3 DATA_PART2 (continuation: append without its 2-byte header).
 * DATA bodies: uint32 ms timestamp of the first sample, then float32 vectors (Acc: N x {x,y,z} m/s^2;
 * IMU6: N acc vectors then N gyro vectors in deg/s, not interleaved).
 */
import { STANDARD_GRAVITY_MPS2 } from '../engine/vertical';
import { ResultBuilder, positiveOr, view } from './bytes';
import { subscribe, unsubscribe, write, type GattTarget, type SetupOptions, type SetupStep } from './gatt';
import type { DecodedSample, Decoder, DecoderOptions, DecodeResult } from './types';

export const MOVESENSE_SERVICE_UUID = '3480225271854d5db431630e7050e8f0';
export const MOVESENSE_WRITE_UUID = '3480000171854d5db431630e7050e8f0';
export const MOVESENSE_NOTIFY_UUID = '3480000271854d5db431630e7050e8f0';
/** Some newer units [U]: 16-bit service `fdf3`, same framing. */
export const MOVESENSE_ALT_SERVICE_UUID = '0000fdf300001000800000805f9b34fb';
export const MOVESENSE_ALT_WRITE_UUID = '6b200001ff4e49798186fb7ba486fcd7';
export const MOVESENSE_ALT_NOTIFY_UUID = '6b200002ff4e49798186fb7ba486fcd7';
export const MOVESENSE_NAME_PATTERN = /^Movesense/;

export const MOVESENSE_RATES_HZ = [13, 26, 52, 104, 208, 416, 833] as const;
/** The reference byte our setup uses (§4's example `01 63 ...`); any non-zero value works. */
export const MOVESENSE_DEFAULT_REF = 0x63;

const CMD_HELLO = 0;
const CMD_SUBSCRIBE = 1;
const CMD_UNSUBSCRIBE = 2;
const TYPE_RESULT = 1;
const TYPE_DATA = 2;
const TYPE_DATA_PART2 = 3;

export const movesenseHelloCommand = (ref = 1): Uint8Array => Uint8Array.of(CMD_HELLO, ref & 0xff);
export const movesenseUnsubscribeCommand = (ref = MOVESENSE_DEFAULT_REF): Uint8Array =>
  Uint8Array.of(CMD_UNSUBSCRIBE, ref & 0xff);

/** `01 <ref> "/Meas/IMU6/104"`. Throws RangeError for ref 0 (reserved, §4) or a non-ASCII path. */
export function movesenseSubscribeCommand(path: string, ref = MOVESENSE_DEFAULT_REF): Uint8Array {
  if (ref <= 0 || ref > 255) throw new RangeError(`Movesense ref must be 1..255 (got ${ref})`);
  const codes = Array.from(path, (c) => c.charCodeAt(0));
  if (codes.some((c) => c > 0x7e || c < 0x20)) throw new RangeError(`Movesense path must be printable ASCII`);
  return Uint8Array.from([CMD_SUBSCRIBE, ref, ...codes]);
}

/** `/Meas/IMU6/104` or `/Meas/Acc/104`; throws RangeError for a rate the API does not offer. */
export function movesensePath(measurement: 'imu6' | 'acc', rateHz: number): string {
  if (!(MOVESENSE_RATES_HZ as readonly number[]).includes(rateHz)) {
    throw new RangeError(`Movesense rate ${rateHz} Hz is not one of ${MOVESENSE_RATES_HZ.join(', ')}`);
  }
  return `/Meas/${measurement === 'imu6' ? 'IMU6' : 'Acc'}/${rateHz}`;
}

export function createMovesenseDecoder(options: DecoderOptions = {}): Decoder {
  const measurement = options.movesenseMeasurement ?? 'imu6';
  const vectorsPerSample = measurement === 'imu6' ? 2 : 1;
  const sampleBytes = 12 * vectorsPerSample;
  const limits = { accelG: positiveOr(options.rangeG, 16), gyroDps: positiveOr(options.gyroRangeDps, 2000) };
  const rateHz = positiveOr(options.sampleRateHz, 0);
  const maxBytes = positiveOr(options.maxNotificationBytes, 244);
  /** A DATA that may continue in a DATA_PART2. */
  let held: Uint8Array | undefined;
  /** Previous message: first-sample time (ms) and sample count, to derive spacing without a rate. */
  let prev: { ms: number; n: number } | undefined;

  const complete = (bytes: Uint8Array) => (bytes.length - 6) % sampleBytes === 0 && bytes.length > 6;

  function emit(message: Uint8Array, out: ResultBuilder): void {
    if (!complete(message)) {
      out.error(
        `DATA of ${message.length} bytes is not a whole number of ${measurement} samples (6 + N x ${sampleBytes})`,
      );
      return;
    }
    const dv = view(message);
    const n = (message.length - 6) / sampleBytes;
    const ms = dv.getUint32(2, true);
    let stepMs: number | undefined = rateHz > 0 ? 1000 / rateHz : undefined;
    if (stepMs === undefined && prev && ms > prev.ms) stepMs = (ms - prev.ms) / prev.n;
    prev = { ms, n };
    const vec = (index: number, axis: number) => dv.getFloat32(6 + 12 * index + 4 * axis, true);
    for (let k = 0; k < n; k++) {
      const s: DecodedSample = {
        ax: vec(k, 0) / STANDARD_GRAVITY_MPS2,
        ay: vec(k, 1) / STANDARD_GRAVITY_MPS2,
        az: vec(k, 2) / STANDARD_GRAVITY_MPS2,
      };
      if (measurement === 'imu6') {
        s.gx = vec(n + k, 0);
        s.gy = vec(n + k, 1);
        s.gz = vec(n + k, 2);
      }
      if (k === 0) s.t = ms / 1000;
      else if (stepMs !== undefined) s.t = (ms + k * stepMs) / 1000;
      out.sample(s, `sample ${k}`);
    }
  }

  const takeHeld = (out: ResultBuilder) => {
    if (held) emit(held, out);
    held = undefined;
  };

  return {
    family: 'movesense',
    reset() {
      held = undefined;
      prev = undefined;
    },
    flush(): DecodeResult {
      const out = new ResultBuilder(limits);
      takeHeld(out);
      return out.result();
    },
    decode(bytes) {
      const out = new ResultBuilder(limits);
      const type = bytes[0];
      const ref = bytes[1];
      if (type === undefined || ref === undefined) {
        out.error(`notification of ${bytes.length} bytes has no [type][ref] header`);
        return out.result();
      }
      if (type === TYPE_DATA_PART2) {
        if (!held) out.error('DATA_PART2 without a preceding DATA');
        else {
          const joined = new Uint8Array(held.length + bytes.length - 2);
          joined.set(held);
          joined.set(bytes.subarray(2), held.length);
          held = undefined;
          emit(joined, out);
        }
        return out.result();
      }
      // Anything else ends a held DATA: it was complete after all (or is reported incomplete).
      takeHeld(out);
      if (type === TYPE_RESULT) {
        const control: { kind: 'movesense-result'; ref: number; statusCode?: number } = {
          kind: 'movesense-result',
          ref,
        };
        // Result body layout [U]: assumed uint16 status (HTTP-like, 200 = OK) when present.
        if (bytes.length >= 4) control.statusCode = view(bytes).getUint16(2, true);
        out.control.push(control);
      } else if (type === TYPE_DATA) {
        if (bytes.length < 6) out.error(`DATA of ${bytes.length} bytes has no timestamp`);
        // Full-size or not yet whole: a DATA_PART2 may follow (§4), so wait for the next notification.
        else if (bytes.length >= maxBytes || !complete(bytes)) held = bytes.slice();
        else emit(bytes, out);
      } else {
        out.error(`unknown GSP notification type ${type}`);
      }
      return out.result();
    },
  };
}

function targets(alt: boolean): { write: GattTarget; notify: GattTarget } {
  const service = alt ? MOVESENSE_ALT_SERVICE_UUID : MOVESENSE_SERVICE_UUID;
  return {
    write: { service, characteristic: alt ? MOVESENSE_ALT_WRITE_UUID : MOVESENSE_WRITE_UUID },
    notify: { service, characteristic: alt ? MOVESENSE_ALT_NOTIFY_UUID : MOVESENSE_NOTIFY_UUID },
  };
}

/**
 * Defaults: IMU6 at 104 Hz. `alternateService` selects the `fdf3` / `6b20000x` UUIDs of newer units [U].
 * The subscribe result (type 1, same ref) is awaited without a status check: its body layout is [U].
 */
export function movesenseSetup(options: SetupOptions = {}, alternateService = false): SetupStep[] {
  const t = targets(alternateService);
  const path = movesensePath(options.gyro === false ? 'acc' : 'imu6', options.rateHz ?? 104);
  return [
    subscribe(t.notify, 'enable GSP notifications'),
    write(t.write, movesenseSubscribeCommand(path), `subscribe ${path}`, {
      awaitResponse: { from: t.notify, prefix: [TYPE_RESULT, MOVESENSE_DEFAULT_REF] },
    }),
  ];
}

export function movesenseTeardown(alternateService = false): SetupStep[] {
  const t = targets(alternateService);
  return [
    write(t.write, movesenseUnsubscribeCommand(), 'unsubscribe measurement'),
    unsubscribe(t.notify, 'disable GSP notifications'),
  ];
}
