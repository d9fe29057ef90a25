import { analyzeSession, prescriptionOf } from '../../shared/session/analyze-session';
import { booleanFlag, parseArgs, type FlagSpec } from '../args';
import {
  CSV_INPUT_FLAGS,
  CSV_INPUT_USAGE,
  SCORING_FLAGS,
  SCORING_USAGE,
  readSessionInput,
} from '../input-options';
import { toReportJson } from '../../shared/report/report-json';
import { renderTextReport } from '../report-text';
import { EXIT_OK, UsageError, type Command } from '../types';

const FLAGS: FlagSpec = { ...SCORING_FLAGS, ...CSV_INPUT_FLAGS, json: 'boolean' };

const USAGE = `Usage: bartempo analyze <file.csv | session.json> [options]

Times every phase of every rep in a recorded CSV (or a JSON session file) and flags rushed negatives.
A session file is scored against its own prescription unless --tempo is given.

${CSV_INPUT_USAGE}

${SCORING_USAGE}

Output:
  --json                 print one JSON document instead of tables
  --help                 show this help

Example (the realbar logs: node_id,t_ms,ax,ay,az in m/s^2,gx,gy,gz in rad/s,...):
  bartempo analyze squat.csv --no-header --columns t=2,ax=3,ay=4,az=5,gx=6,gy=7,gz=8 \\
    --time-unit ms --accel-unit mps2 --gyro-unit rads --tempo 3-1-X-0
`;

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'time the phases of every rep in a recorded CSV or session file',
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
    const session = await readSessionInput(file, parsed);
    const prescription = prescriptionOf(session.scoring);
    const analysis = analyzeSession(session);
    if (booleanFlag(parsed, 'json')) io.stdout(JSON.stringify(toReportJson(analysis), null, 2) + '\n');
    else io.stdout(renderTextReport(analysis, prescription));
    return EXIT_OK;
  },
};
