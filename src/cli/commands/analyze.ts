import { AnalysisStream, type Analysis } from '../../shared/engine/analyze';
import { parseColumnSpec } from '../../shared/io/columns';
import type { CsvOptions } from '../../shared/io/csv';
import type { ReadSummary } from '../../shared/io/read-samples';
import { parseTempo, parseTolerance } from '../../shared/tempo/parse';
import type { Prescription } from '../../shared/tempo/types';
import { booleanFlag, choiceFlag, parseArgs, stringFlag, type FlagSpec } from '../args';
import { readSamplesFile } from '../read-input';
import { toReportJson } from '../report-json';
import { renderTextReport } from '../report-text';
import { EXIT_OK, UsageError, type Command } from '../types';

const FLAGS: FlagSpec = {
  tempo: 'string',
  tolerance: 'string',
  json: 'boolean',
  'no-header': 'boolean',
  columns: 'string',
  'time-unit': 'string',
  'accel-unit': 'string',
  'gyro-unit': 'string',
};

const USAGE = `Usage: bartempo analyze <file.csv> [options]

Times every phase of every rep in a recorded CSV and flags rushed negatives.

Input (default: a header naming t,ax,ay,az and optionally gx,gy,gz, in s, g, deg/s):
  --no-header            the file has no header row (then --columns is required)
  --columns <map>        1-based columns, e.g. t=2,ax=3,ay=4,az=5,gx=6,gy=7,gz=8
                         (with a header row, the header is skipped and not read)
  --time-unit s|ms       unit of the time column (default s)
  --accel-unit g|mps2    unit of the accelerometer columns (default g)
  --gyro-unit dps|rads   unit of the gyroscope columns (default dps)

Checks: rows out of time order are sorted (with a note on stderr); a clock reset or two logs joined
(time going back, the parts overlapping), equal timestamps, a jump of over a day, an absurd time, or
readings in another unit than the options say (gravity reading 9.8, rows 10 "s" apart) are refused with
the line and the option to use. Text output notes on stderr how many samples were used of those offered;
--json puts it in input (acceptedSamples, droppedSamples, sortedRows, notices).

Scoring:
  --tempo <notation>     prescribed tempo, e.g. 3-1-X-0, 31X0 or 3.5-1-X-0
  --tolerance <ratio>    in (0, 1]; an eccentric under tolerance x target is rushed (default 0.8)

Output:
  --json                 print one JSON document instead of tables
  --help                 show this help

Example (the realbar logs: node_id,t_ms,ax,ay,az in m/s^2,gx,gy,gz in rad/s,...):
  bartempo analyze squat.csv --no-header --columns t=2,ax=3,ay=4,az=5,gx=6,gy=7,gz=8 \\
    --time-unit ms --accel-unit mps2 --gyro-unit rads --tempo 3-1-X-0
`;

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'time the phases of every rep in a recorded CSV',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, FLAGS);
    if (parsed.positional.length !== 1) {
      throw new UsageError(
        parsed.positional.length === 0
          ? 'analyze needs a file'
          : `analyze takes one file (got ${parsed.positional.length})`,
      );
    }
    const file = parsed.positional[0] ?? '';
    const prescription = readPrescription(parsed);
    const csvOptions = readCsvOptions(parsed);
    // Samples go into the engine as they are read: memory stays bounded whatever the file's length.
    const stream = new AnalysisStream({ prescription });
    const reading = await readSamplesFile(file, csvOptions, stream);
    const analysis = stream.finish();
    if (booleanFlag(parsed, 'json')) {
      // Everything the notes say is in input (stderr stays empty for scripts).
      io.stdout(JSON.stringify(toReportJson(analysis, reading), null, 2) + '\n');
    } else {
      for (const note of readingNotes(analysis, reading)) io.stderr(`note: ${note}\n`);
      io.stdout(renderTextReport(analysis, prescription));
    }
    return EXIT_OK;
  },
};

/** What the reader did to the file and how much of it the engine used, when that is not simply all of it. */
export function readingNotes(analysis: Analysis, reading: ReadSummary): string[] {
  const notes = [...reading.notices];
  const { samples, acceptedSamples, dropped } = analysis.input;
  if (acceptedSamples < samples) {
    const why = [
      [dropped.duplicates, 'duplicates'],
      [dropped.garbage, 'out of range'],
      [dropped.outOfOrder, 'out of order'],
    ]
      .filter(([n]) => (n as number) > 0)
      .map(([n, what]) => `${count(n as number)} ${what}`);
    notes.push(
      `used ${count(acceptedSamples)} of ${count(samples)} samples${why.length > 0 ? ` (${why.join(', ')})` : ''}`,
    );
  }
  return notes;
}

const count = (n: number): string => n.toLocaleString('en-US');

function readPrescription(parsed: ReturnType<typeof parseArgs>): Prescription | null {
  const tempo = stringFlag(parsed, 'tempo');
  const toleranceText = stringFlag(parsed, 'tolerance');
  if (tempo === undefined) {
    if (toleranceText !== undefined) throw new UsageError('--tolerance only applies with --tempo');
    return null;
  }
  return toleranceText === undefined ? parseTempo(tempo) : parseTempo(tempo, parseTolerance(toleranceText));
}

function readCsvOptions(parsed: ReturnType<typeof parseArgs>): CsvOptions {
  const header = !booleanFlag(parsed, 'no-header');
  const columnsText = stringFlag(parsed, 'columns');
  if (!header && columnsText === undefined) {
    throw new UsageError('--no-header needs --columns, e.g. --columns t=2,ax=3,ay=4,az=5');
  }
  const options: CsvOptions = { header };
  if (columnsText !== undefined) options.columns = parseColumnSpec(columnsText);
  const timeUnit = choiceFlag(parsed, 'time-unit', ['s', 'ms'] as const);
  const accelUnit = choiceFlag(parsed, 'accel-unit', ['g', 'mps2'] as const);
  const gyroUnit = choiceFlag(parsed, 'gyro-unit', ['dps', 'rads'] as const);
  if (timeUnit) options.timeUnit = timeUnit;
  if (accelUnit) options.accelUnit = accelUnit;
  if (gyroUnit) options.gyroUnit = gyroUnit;
  return options;
}
