import type { ColumnMap } from './columns';

export type TimeUnit = 's' | 'ms';
export type AccelUnit = 'g' | 'mps2';
export type GyroUnit = 'dps' | 'rads';

export interface CsvOptions {
  /** The first non-blank line is a header. Default true. */
  header?: boolean;
  /** 1-based columns; without it the header names them (t, ax, ay, az, optional gx, gy, gz). */
  columns?: ColumnMap;
  timeUnit?: TimeUnit;
  accelUnit?: AccelUnit;
  gyroUnit?: GyroUnit;
}

/** Standard gravity, m/s^2 per g (CGPM 1901), to convert m/s^2 logs into the engine's g. */
export const STANDARD_GRAVITY_MPS2 = 9.80665;
const DEG_PER_RAD = 180 / Math.PI;

/** Mapping for the development recordings in ../shared/data/realbar (node_id,t_ms,ax..az m/s^2,gx..gz rad/s,mx..mz). */
export const REALBAR_CSV_OPTIONS: Required<CsvOptions> = {
  header: false,
  columns: { t: 2, ax: 3, ay: 4, az: 5, gx: 6, gy: 7, gz: 8 },
  timeUnit: 'ms',
  accelUnit: 'mps2',
  gyroUnit: 'rads',
};

/** Factors from the file's units to the engine's (s, g, deg/s). */
export interface UnitScales {
  t: number;
  accel: number;
  gyro: number;
}

export function unitScales(options: CsvOptions): UnitScales {
  return {
    t: options.timeUnit === 'ms' ? 1e-3 : 1,
    accel: options.accelUnit === 'mps2' ? 1 / STANDARD_GRAVITY_MPS2 : 1,
    gyro: options.gyroUnit === 'rads' ? DEG_PER_RAD : 1,
  };
}
