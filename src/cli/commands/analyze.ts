import { AnalysisStream, type Analysis } from '../../shared/engine/analyze';
import type { ReadSummary } from '../../shared/io/read-samples';
import { analyzeSession, prescriptionOf } from '../../shared/session/analyze-session';
import { parseSessionFile } from '../../shared/session/file';
import { booleanFlag, parseArgs, type FlagSpec } from '../args';
import {
  CSV_INPUT_FLAGS,
  CSV_INPUT_USAGE,
  SCORING_FLAGS,
  SCORING_USAGE,
  readCsvOptions,
  readPrescription,
  rejectCsvFlags,
  scoringOf,
} from '../input-options';
import { readSamplesFile, readTextFile } from '../../main/io/read-input';
import { isSessionFile } from '../../main/io/session-input';
import { toReportJson } from '../../shared/report/report-json';
import { renderTextReport } from '../report-text';
import { EXIT_OK, UsageError, type Command } from '../types';

const FLAGS: FlagSpec = { ...SCORING_FLAGS, ...CSV_INPUT_FLAGS, json: 'boolean' };

const USAGE = `Usage: bartempo analyze <file.csv | session.json> [options]

Times every phase of every rep in a recorded CSV (or a JSON session file) and flags rushed negatives.
A session file is scored against its own prescription unless --tempo is given.

${CSV_INPUT_USAGE}

Checks: rows out of time order are sorted (with a note on stderr); a clock reset or two logs joined
(time going back, the parts overlapping), equal timestamps, a jump of over a day, an absurd time, or
readings in another unit than the options say (gravity reading 9.8, rows 10 "s" apart) are refused with
the line and the option to use. Text output notes on stderr how many samples were used of those offered;
--json puts it in input (acceptedSamples, droppedSamples, sortedRows, notices).

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
    const json = booleanFlag(parsed, 'json');
    const given = readPrescription(parsed);
    let prescription = given ?? null;
    let analysis: Analysis;
    let reading: ReadSummary | undefined;
    if (await isSessionFile(file)) {
      rejectCsvFlags(parsed, 'a JSON session file');
      const session = parseSessionFile(await readTextFile(file));
      if (given !== undefined) session.scoring = scoringOf(given);
      prescription = prescriptionOf(session.scoring);
      analysis = analyzeSession(session);
    } else {
      // Samples go into the engine as they are read: memory stays bounded whatever the file's length.
      const stream = new AnalysisStream({ prescription });
      reading = await readSamplesFile(file, readCsvOptions(parsed), stream);
      analysis = stream.finish();
    }
    if (json) {
      // Everything the notes say is in input (stderr stays empty for scripts).
      io.stdout(JSON.stringify(toReportJson(analysis, reading), null, 2) + '\n');
    } else {
      if (reading) for (const note of readingNotes(analysis, reading)) io.stderr(`note: ${note}\n`);
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
