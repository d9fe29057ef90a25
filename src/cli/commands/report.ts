import { exportFormatFromPath, exportSession } from '../../main/export/export-session';
import { checkWritable, writeFileAtomic } from '../../main/export/write-file';
import { analyzeSession } from '../../shared/session/analyze-session';
import type { SessionData } from '../../shared/session/types';
import { formatTempo } from '../../shared/tempo/parse';
import { booleanFlag, parseArgs, stringFlag, type FlagSpec } from '../args';
import {
  CSV_INPUT_FLAGS,
  CSV_INPUT_USAGE,
  SCORING_FLAGS,
  SCORING_USAGE,
  SESSION_LABEL_FLAGS,
  SESSION_LABEL_USAGE,
  readPrescription,
  readSessionInput,
  readSessionLabels,
} from '../input-options';
import { DB_FLAG_HELP, openCliStore } from '../database';
import { EXIT_OK, UsageError, type CliIo, type Command } from '../types';

const FLAGS: FlagSpec = {
  ...SCORING_FLAGS,
  ...CSV_INPUT_FLAGS,
  ...SESSION_LABEL_FLAGS,
  out: 'string',
  force: 'boolean',
  db: 'string',
};

const USAGE = `Usage: bartempo report <recording.csv | session.json | session id> --out <file> [options]

Writes a session as a coach's report (PDF or HTML), a per-rep CSV or a JSON session file; the format
comes from the --out extension: .pdf, .html, .csv (one row per rep) or .json (the session file).

Output:
  --out <file>           report.pdf | report.html | reps.csv | session.json
  --force                overwrite --out if it exists (otherwise refused)

A stored session (its id from \`bartempo sessions list\`):
${DB_FLAG_HELP}

${SESSION_LABEL_USAGE}

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
          ? 'report needs a recording, a session file or a session id'
          : `report takes one input (got ${parsed.positional.length})`,
      );
    }
    const out = stringFlag(parsed, 'out');
    if (out === undefined) throw new UsageError('report needs --out, e.g. --out report.pdf');
    const format = exportFormatFromPath(out);
    const force = booleanFlag(parsed, 'force');
    // Refuse before the work, not after it.
    await checkWritable(out, force);
    const labels = readSessionLabels(parsed);
    const input = parsed.positional[0] ?? '';
    const session = isSessionId(input)
      ? storedSession(Number(input), parsed, io)
      : await readSessionInput(input, parsed);
    Object.assign(session.info, labels);
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

/** A bare whole number is a stored session's id (a file named "12" can be given as ./12). */
function isSessionId(input: string): boolean {
  return /^\d{1,15}$/.test(input);
}

function storedSession(id: number, parsed: ReturnType<typeof parseArgs>, io: CliIo): SessionData {
  const csvFlag = Object.keys(CSV_INPUT_FLAGS).find((f) => f in parsed.flags);
  if (csvFlag) throw new UsageError(`--${csvFlag} applies to CSV recordings, not to a stored session`);
  const store = openCliStore(stringFlag(parsed, 'db'), io);
  try {
    const data = store.loadSession(id).data;
    const prescription = readPrescription(parsed);
    if (prescription !== undefined) {
      data.scoring = { tempo: formatTempo(prescription), tolerance: prescription.tolerance };
    }
    return data;
  } finally {
    store.close();
  }
}
