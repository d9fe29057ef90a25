/** The input and scoring options `analyze` and `report` share: declared, documented and read once. */
import { parseColumnSpec } from '../shared/io/columns';
import type { CsvOptions } from '../shared/io/csv';
import { parseLoad } from '../shared/session/load';
import type { Scoring, SessionData } from '../shared/session/types';
import { formatTempo, parseTempo, parseTolerance } from '../shared/tempo/parse';
import type { Prescription } from '../shared/tempo/types';
import { booleanFlag, choiceFlag, stringFlag, type FlagSpec, type ParsedArgs } from './args';
import { isSessionFile, readSessionPath } from '../main/io/session-input';
import { UsageError } from './types';

export const CSV_INPUT_FLAGS: FlagSpec = {
  'no-header': 'boolean',
  columns: 'string',
  'time-unit': 'string',
  'accel-unit': 'string',
  'gyro-unit': 'string',
};

export const SCORING_FLAGS: FlagSpec = { tempo: 'string', tolerance: 'string' };

export const CSV_INPUT_USAGE = `Input (default: a header naming t,ax,ay,az and optionally gx,gy,gz, in s, g, deg/s):
  --no-header            the file has no header row (then --columns is required)
  --columns <map>        1-based columns, e.g. t=2,ax=3,ay=4,az=5,gx=6,gy=7,gz=8
                         (with a header row, the header is skipped and not read)
  --time-unit s|ms       unit of the time column (default s)
  --accel-unit g|mps2    unit of the accelerometer columns (default g)
  --gyro-unit dps|rads   unit of the gyroscope columns (default dps)`;

export const SCORING_USAGE = `Scoring:
  --tempo <notation>     prescribed tempo, e.g. 3-1-X-0, 31X0 or 3.5-1-X-0
  --tolerance <ratio>    in (0, 1]; an eccentric under tolerance x target is rushed (default 0.8)`;

/** --tempo / --tolerance; undefined when no --tempo was given. */
export function readPrescription(parsed: ParsedArgs): Prescription | undefined {
  const tempo = stringFlag(parsed, 'tempo');
  const toleranceText = stringFlag(parsed, 'tolerance');
  if (tempo === undefined) {
    if (toleranceText !== undefined) throw new UsageError('--tolerance only applies with --tempo');
    return undefined;
  }
  return toleranceText === undefined ? parseTempo(tempo) : parseTempo(tempo, parseTolerance(toleranceText));
}

export function readCsvOptions(parsed: ParsedArgs): CsvOptions {
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

/**
 * A recording (CSV) or a JSON session file, as a session. A session file is told by its .json extension
 * or its first character being `{` (no CSV starts so); the CSV options then make no sense. A CSV's
 * session started at the file's modification time, from sensor "import: <name>". --tempo/--tolerance,
 * when given, replace a session file's own scoring.
 */
/** Refuses CSV input options given for something that is not a CSV recording. */
export function rejectCsvFlags(parsed: ParsedArgs, what: string): void {
  const csvFlag = Object.keys(CSV_INPUT_FLAGS).find((f) => f in parsed.flags);
  if (csvFlag) throw new UsageError(`--${csvFlag} applies to CSV recordings, not to ${what}`);
}

export function scoringOf(prescription: Prescription): Scoring {
  return { tempo: formatTempo(prescription), tolerance: prescription.tolerance };
}

/**
 * A recording or session file as a session (src/main/io/session-input.ts), with the command line's CSV
 * options for a CSV; --tempo / --tolerance replace the session's scoring.
 */
export async function readSessionInput(
  path: string,
  parsed: ParsedArgs,
  onNote: (note: string) => void = () => undefined,
): Promise<SessionData> {
  const prescription = readPrescription(parsed);
  const sessionFile = await isSessionFile(path);
  if (sessionFile) rejectCsvFlags(parsed, 'a JSON session file');
  const data = await readSessionPath(path, sessionFile ? {} : readCsvOptions(parsed), onNote);
  if (prescription !== undefined) data.scoring = scoringOf(prescription);
  return data;
}

export const SESSION_LABEL_FLAGS: FlagSpec = { athlete: 'string', exercise: 'string', load: 'string' };

export const SESSION_LABEL_USAGE = `About the session (replace what a session file says):
  --athlete <name>       e.g. "Ada Lovelace"
  --exercise <name>      e.g. "Back squat"
  --load <load>          bar load with its unit, e.g. 100kg or 225lb`;

const MAX_LABEL_CHARS = 200;

/** Checks --athlete / --exercise / --load without applying them (so a typo is refused before any work). */
export function readSessionLabels(
  parsed: ParsedArgs,
): Partial<Pick<SessionData['info'], 'athlete' | 'exercise' | 'load'>> {
  const labels: Partial<Pick<SessionData['info'], 'athlete' | 'exercise' | 'load'>> = {};
  for (const name of ['athlete', 'exercise'] as const) {
    const value = stringFlag(parsed, name)?.trim();
    if (value === undefined) continue;
    if (value === '' || value.length > MAX_LABEL_CHARS) {
      throw new UsageError(`--${name} must be 1 to ${MAX_LABEL_CHARS} characters`);
    }
    labels[name] = value;
  }
  const load = stringFlag(parsed, 'load');
  if (load !== undefined) labels.load = parseLoad(load);
  return labels;
}
