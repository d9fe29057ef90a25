import { exportFormatFromPath, exportSession } from '../../main/export/export-session';
import { checkWritable, writeFileAtomic } from '../../main/export/write-file';
import { analyzeSession } from '../../shared/session/analyze-session';
import { parseLoad } from '../../shared/session/load';
import { booleanFlag, parseArgs, stringFlag, type FlagSpec } from '../args';
import {
  CSV_INPUT_FLAGS,
  CSV_INPUT_USAGE,
  SCORING_FLAGS,
  SCORING_USAGE,
  readSessionInput,
} from '../input-options';
import { EXIT_OK, UsageError, type Command } from '../types';

const FLAGS: FlagSpec = {
  ...SCORING_FLAGS,
  ...CSV_INPUT_FLAGS,
  out: 'string',
  force: 'boolean',
  athlete: 'string',
  exercise: 'string',
  load: 'string',
};

const MAX_LABEL_CHARS = 200;

const USAGE = `Usage: bartempo report <recording.csv | session.json> --out <file> [options]

Writes a session as a coach's report (PDF or HTML), a per-rep CSV or a JSON session file; the format
comes from the --out extension: .pdf, .html, .csv (one row per rep) or .json (the session file).

Output:
  --out <file>           report.pdf | report.html | reps.csv | session.json
  --force                overwrite --out if it exists (otherwise refused)

About the session (replace what a session file says):
  --athlete <name>       e.g. "Ada Lovelace"
  --exercise <name>      e.g. "Back squat"
  --load <load>          bar load with its unit, e.g. 100kg or 225lb

${CSV_INPUT_USAGE}

${SCORING_USAGE}
  (a session file is scored against its own prescription unless --tempo is given)

Example:
  bartempo report squat.csv --tempo 3-1-X-0 --athlete "Ada" --exercise "Back squat" --load 100kg --out squat.pdf
`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a session as a PDF/HTML report, per-rep CSV or JSON session file',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, FLAGS);
    if (parsed.positional.length !== 1) {
      throw new UsageError(
        parsed.positional.length === 0
          ? 'report needs a recording or session file'
          : `report takes one file (got ${parsed.positional.length})`,
      );
    }
    const out = stringFlag(parsed, 'out');
    if (out === undefined) throw new UsageError('report needs --out, e.g. --out report.pdf');
    const format = exportFormatFromPath(out);
    const force = booleanFlag(parsed, 'force');
    // Refuse before the work, not after it.
    await checkWritable(out, force);
    const load = stringFlag(parsed, 'load');
    const parsedLoad = load === undefined ? undefined : parseLoad(load);
    const session = await readSessionInput(parsed.positional[0] ?? '', parsed);
    const athlete = label(parsed, 'athlete');
    const exercise = label(parsed, 'exercise');
    if (athlete !== undefined) session.info.athlete = athlete;
    if (exercise !== undefined) session.info.exercise = exercise;
    if (parsedLoad !== undefined) session.info.load = parsedLoad;
    const analysis = analyzeSession(session);
    const bytes = await exportSession(session, analysis, format);
    await writeFileAtomic(out, bytes, force);
    const reps = analysis.sets.reduce((n, s) => n + s.reps.length, 0);
    io.stdout(
      `wrote ${out} (${format}, ${analysis.sets.length} sets, ${reps} reps, ${bytes.length} bytes)\n`,
    );
    return EXIT_OK;
  },
};

function label(parsed: ReturnType<typeof parseArgs>, name: string): string | undefined {
  const value = stringFlag(parsed, name)?.trim();
  if (value === undefined) return undefined;
  if (value === '' || value.length > MAX_LABEL_CHARS) {
    throw new UsageError(`--${name} must be 1 to ${MAX_LABEL_CHARS} characters`);
  }
  return value;
}
