import { analyzeSamples } from '../../shared/engine/analyze';
import { parseColumnSpec } from '../../shared/io/columns';
import { parseSamplesCsv, type CsvOptions } from '../../shared/io/csv';
import { parseTempo, parseTolerance } from '../../shared/tempo/parse';
import type { Prescription } from '../../shared/tempo/types';
import { booleanFlag, choiceFlag, parseArgs, stringFlag, type FlagSpec } from '../args';
import { readTextFile } from '../read-input';
import { toReportJson } from '../../shared/report/report-json';
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
    const samples = parseSamplesCsv(await readTextFile(file), csvOptions);
    const analysis = analyzeSamples(samples, { prescription });
    if (booleanFlag(parsed, 'json')) io.stdout(JSON.stringify(toReportJson(analysis), null, 2) + '\n');
    else io.stdout(renderTextReport(analysis, prescription));
    return EXIT_OK;
  },
};

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
