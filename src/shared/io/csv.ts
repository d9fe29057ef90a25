import type { Sample } from '../engine/types';
import type { CsvOptions } from './csv-options';
import { CsvSampleReader } from './csv-reader';

export {
  STANDARD_GRAVITY_MPS2,
  REALBAR_CSV_OPTIONS,
  type CsvOptions,
  type TimeUnit,
  type AccelUnit,
  type GyroUnit,
} from './csv-options';

/**
 * Parses CSV text into samples in engine units (s, g, deg/s): CsvSampleReader over the whole text. Keeps rows
 * in file order, duplicates included, and checks no order: readSamplesText (read-samples.ts) is the checked
 * read for analysis. Throws InputError naming the line (1-based, as an editor shows it) and the column.
 */
export function parseSamplesCsv(text: string, options: CsvOptions = {}): Sample[] {
  const reader = new CsvSampleReader(options);
  return reader.finish(reader.process(text));
}

/**
 * Canonical CSV (`t,ax,ay,az[,gx,gy,gz]`, s / g / deg/s). Gyro columns are written only when every sample has
 * all three, so the file never has blank cells. Numbers use the shortest exact form, so parsing gives back
 * identical samples.
 */
export function formatCanonicalCsv(samples: readonly Sample[]): string {
  const gyro =
    samples.length > 0 &&
    samples.every((s) => s.gx !== undefined && s.gy !== undefined && s.gz !== undefined);
  const lines = [gyro ? 't,ax,ay,az,gx,gy,gz' : 't,ax,ay,az'];
  for (const s of samples) {
    const values = gyro ? [s.t, s.ax, s.ay, s.az, s.gx, s.gy, s.gz] : [s.t, s.ax, s.ay, s.az];
    lines.push(values.map((v) => String(v)).join(','));
  }
  return `${lines.join('\n')}\n`;
}
