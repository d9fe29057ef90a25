/**
 * `bartempo sessions <subcommand>`: the stored history. Each subcommand is one entry of SESSIONS_SUBCOMMANDS
 * (name, synopsis, its own flags, run); every one gets `--db` and `--json`, an open store (interrupted
 * sessions already recovered) and closes nothing itself.
 */
import type { SessionStore, StoredAnalysis, StoredSession } from '../../main/storage';
import type { SessionSummary } from '../../shared/session/types';
import { formatLoad } from '../../shared/session/load';
import { DEFAULT_TOLERANCE, formatTempo, parseTempo, parseTolerance } from '../../shared/tempo/parse';
import { booleanFlag, parseArgs, stringFlag, type FlagSpec, type ParsedArgs } from '../args';
import { DB_FLAG_HELP, openCliStore } from '../database';
import { round, toReportJson } from '../../shared/report/report-json';
import { renderTextReport } from '../report-text';
import { exportFormatFromPath, exportSession } from '../../main/export/export-session';
import { checkWritable, writeFileAtomic } from '../../main/export/write-file';
import { analyzeSession } from '../../shared/session/analyze-session';
import {
  CSV_INPUT_FLAGS,
  SCORING_FLAGS,
  SESSION_LABEL_FLAGS,
  readSessionInput,
  readSessionLabels,
} from '../input-options';
import { renderTable } from '../table';
import { EXIT_OK, UsageError, type CliIo, type Command } from '../types';

export interface SessionsContext {
  /** Arguments after the subcommand name (positionals and its own flags). */
  parsed: ParsedArgs;
  store: SessionStore;
  io: CliIo;
  json: boolean;
}

export interface SessionsSubcommand {
  name: string;
  /** e.g. `show <id>`: shown in the help after `bartempo sessions`. */
  synopsis: string;
  summary: string;
  /** Flags beyond --db and --json. */
  flags: FlagSpec;
  /** Extra help lines (its flags). */
  help?: string;
  run(ctx: SessionsContext): number | Promise<number>;
}

const COMMON_FLAGS: FlagSpec = { db: 'string', json: 'boolean' };

const list: SessionsSubcommand = {
  name: 'list',
  synopsis: 'list [--athlete NAME] [--exercise NAME] [--from DATE] [--to DATE]',
  summary: 'sessions, newest first',
  flags: { athlete: 'string', exercise: 'string', from: 'string', to: 'string' },
  help: `  --from / --to <date>   YYYY-MM-DD (local days, both included) or an ISO 8601 time`,
  run({ parsed, store, io, json }) {
    noPositionals(parsed, 'list');
    const sessions = store.listSessions({
      ...optional('athlete', stringFlag(parsed, 'athlete')),
      ...optional('exercise', stringFlag(parsed, 'exercise')),
      ...optional('from', dateFlag(stringFlag(parsed, 'from'), '--from', false)),
      ...optional('to', dateFlag(stringFlag(parsed, 'to'), '--to', true)),
    });
    if (json) {
      io.stdout(`${JSON.stringify(sessions.map(summaryJson), null, 2)}\n`);
      return EXIT_OK;
    }
    if (sessions.length === 0) {
      io.stdout('no sessions\n');
      return EXIT_OK;
    }
    const rows = sessions.map((s) => [
      String(s.id),
      localTime(s.startedAt),
      `${(s.durationS / 60).toFixed(1)} min`,
      String(s.sets),
      String(s.reps),
      s.status,
      s.athlete ?? '-',
      s.exercise ?? '-',
      s.load ? formatLoad(s.load) : '-',
      s.tempo ?? '-',
      s.name ?? '',
    ]);
    const header = [
      'id',
      'started',
      'length',
      'sets',
      'reps',
      'status',
      'athlete',
      'exercise',
      'load',
      'tempo',
      'name',
    ];
    io.stdout(renderTable(header, rows, ''));
    return EXIT_OK;
  },
};

const show: SessionsSubcommand = {
  name: 'show',
  synopsis: 'show <id>',
  summary: "a session's details, sets and reps",
  flags: {},
  run({ parsed, store, io, json }) {
    const id = sessionId(parsed, 'show', 1);
    const session = store.loadSession(id);
    const summary = store.summary(id);
    if (json) {
      io.stdout(`${JSON.stringify(sessionJson(summary, session), null, 2)}\n`);
      return EXIT_OK;
    }
    io.stdout(describeSession(summary, session));
    return EXIT_OK;
  },
};

const rename: SessionsSubcommand = {
  name: 'rename',
  synopsis: 'rename <id> <name>',
  summary: 'give a session a name ("" removes it)',
  flags: {},
  run({ parsed, store, io, json }) {
    const id = sessionId(parsed, 'rename', 2);
    store.rename(id, parsed.positional[1] ?? '');
    const name = store.summary(id).name;
    io.stdout(
      json
        ? `${JSON.stringify({ id, name })}\n`
        : `session ${id} ${name === null ? 'has no name' : `is now "${name}"`}\n`,
    );
    return EXIT_OK;
  },
};

const notes: SessionsSubcommand = {
  name: 'notes',
  synopsis: 'notes <id> <text> [--set N]',
  summary: "replace a session's notes (or a set's, with --set)",
  flags: { set: 'string' },
  help: `  --set <N>              the notes of set N (1-based, as listed by \`show\`)`,
  run({ parsed, store, io, json }) {
    const id = sessionId(parsed, 'notes', 2);
    const text = parsed.positional[1] ?? '';
    const setText = stringFlag(parsed, 'set');
    if (setText === undefined) store.setNotes(id, text);
    else store.setSetNotes(id, positiveInt(setText, '--set'), text);
    const what = setText === undefined ? `session ${id}` : `set ${setText} of session ${id}`;
    io.stdout(
      json
        ? `${JSON.stringify({ id, set: setText === undefined ? null : Number(setText), notes: text })}\n`
        : `notes of ${what} saved\n`,
    );
    return EXIT_OK;
  },
};

const reanalyze: SessionsSubcommand = {
  name: 'reanalyze',
  synopsis: 'reanalyze <id> --tempo T [--tolerance R]',
  summary: 'score the stored samples against another prescription',
  flags: { tempo: 'string', tolerance: 'string' },
  help: `  --tempo <notation>     e.g. 3-1-X-0
  --tolerance <ratio>    in (0, 1] (default ${DEFAULT_TOLERANCE})`,
  run({ parsed, store, io, json }) {
    const id = sessionId(parsed, 'reanalyze', 1);
    const tempo = stringFlag(parsed, 'tempo');
    if (tempo === undefined) throw new UsageError('reanalyze needs --tempo <notation>, e.g. 3-1-X-0');
    const toleranceText = stringFlag(parsed, 'tolerance');
    const prescription = parseTempo(
      tempo,
      toleranceText === undefined ? DEFAULT_TOLERANCE : parseTolerance(toleranceText),
    );
    const analysis = store.reanalyze(id, {
      tempo: formatTempo(prescription),
      tolerance: prescription.tolerance,
    });
    if (json) {
      io.stdout(
        `${JSON.stringify({ id, scoring: analysis.scoring, report: reportJson(analysis) }, null, 2)}\n`,
      );
      return EXIT_OK;
    }
    const reps = analysis.sets.flatMap((s) => s.reps);
    io.stdout(
      `session ${id} re-analysed against ${formatTempo(prescription)} (tolerance ${prescription.tolerance}): ` +
        `${analysis.sets.length} sets, ${reps.length} reps, ${reps.filter((r) => r.rushed).length} rushed\n`,
    );
    return EXIT_OK;
  },
};

const remove: SessionsSubcommand = {
  name: 'delete',
  synopsis: 'delete <id>',
  summary: 'delete a session with its samples',
  flags: {},
  run({ parsed, store, io, json }) {
    const deleted = store.deleteSession(sessionId(parsed, 'delete', 1));
    io.stdout(
      json
        ? `${JSON.stringify(deleted)}\n`
        : `deleted session ${deleted.id} (started ${deleted.startedAt}): ${deleted.samples} samples, ${deleted.sets} sets, ${deleted.reps} reps\n`,
    );
    return EXIT_OK;
  },
};

const importSession: SessionsSubcommand = {
  name: 'import',
  synopsis: 'import <session.json | recording.csv>',
  summary: 'store a JSON session file or a CSV recording',
  flags: { ...CSV_INPUT_FLAGS, ...SCORING_FLAGS, ...SESSION_LABEL_FLAGS },
  help: `  the CSV input, scoring and session options of \`bartempo report\``,
  async run({ parsed, store, io, json }) {
    if (parsed.positional.length !== 1) throw new UsageError('import takes one file');
    const labels = readSessionLabels(parsed);
    const data = await readSessionInput(parsed.positional[0] ?? '', parsed);
    Object.assign(data.info, labels);
    const id = store.importSession(data);
    const summary = store.summary(id);
    io.stdout(
      json
        ? `${JSON.stringify(summaryJson(summary))}\n`
        : `imported session ${id}: ${summary.samples} samples (${summary.durationS.toFixed(1)} s), ${summary.sets} sets, ${summary.reps} reps\n`,
    );
    return EXIT_OK;
  },
};

const exportSessionFile: SessionsSubcommand = {
  name: 'export',
  synopsis: 'export <id> --out <file> [--force]',
  summary: 'write a session as .json (session file), .csv (per rep), .html or .pdf',
  flags: { out: 'string', force: 'boolean' },
  help: `  --out <file>           session.json | reps.csv | report.html | report.pdf (from the extension)
  --force                overwrite --out if it exists (otherwise refused)`,
  async run({ parsed, store, io, json }) {
    const id = sessionId(parsed, 'export', 1);
    const out = stringFlag(parsed, 'out');
    if (out === undefined) throw new UsageError('export needs --out, e.g. --out session.json');
    const format = exportFormatFromPath(out);
    const force = booleanFlag(parsed, 'force');
    await checkWritable(out, force);
    const data = store.loadSession(id).data;
    const bytes = await exportSession(data, analyzeSession(data), format);
    await writeFileAtomic(out, bytes, force);
    io.stdout(
      json
        ? `${JSON.stringify({ id, out, format, bytes: bytes.length })}\n`
        : `wrote ${out} (${format}, session ${id}, ${bytes.length} bytes)\n`,
    );
    return EXIT_OK;
  },
};

/** The subcommands, in help order. */
export const SESSIONS_SUBCOMMANDS: SessionsSubcommand[] = [
  list,
  show,
  rename,
  notes,
  reanalyze,
  remove,
  importSession,
  exportSessionFile,
];

export function createSessionsCommand(
  subcommands: readonly SessionsSubcommand[] = SESSIONS_SUBCOMMANDS,
): Command {
  const width = Math.max(...subcommands.map((s) => s.synopsis.length));
  const usage = `Usage: bartempo sessions <subcommand> [options]

The sessions stored by \`bartempo record\` and the app (interrupted ones are recovered first).

${subcommands.map((s) => `  ${s.synopsis.padEnd(width)}  ${s.summary}`).join('\n')}

Every subcommand takes:
${DB_FLAG_HELP}
  --json                 print JSON instead of text
${subcommands
  .filter((s) => s.help !== undefined)
  .map((s) => `\n${s.name}:\n${s.help}`)
  .join('\n')}
`;
  return {
    name: 'sessions',
    summary: 'list, show, rename, annotate, re-analyse, delete, import and export stored sessions',
    usage,
    async run(args, io) {
      const [name, ...rest] = args;
      const sub = subcommands.find((s) => s.name === name);
      if (!sub) {
        const known = subcommands.map((s) => s.name).join(', ');
        throw new UsageError(
          name === undefined
            ? `sessions needs a subcommand: ${known}`
            : `Unknown sessions subcommand "${name}" (${known})`,
        );
      }
      const parsed = parseArgs(rest, { ...COMMON_FLAGS, ...sub.flags });
      const store = openCliStore(stringFlag(parsed, 'db'), io);
      try {
        return await sub.run({ parsed, store, io, json: booleanFlag(parsed, 'json') });
      } finally {
        store.close();
      }
    },
  };
}

export const sessionsCommand: Command = createSessionsCommand();

/** `sessions list --json` entries: exactly these fields first (the contract), then the rest. */
function summaryJson(s: SessionSummary): SessionSummary {
  return { ...s, durationS: round(s.durationS, 3) };
}

function sessionJson(summary: SessionSummary, session: StoredSession): unknown {
  const { info, scoring, setInfo, dropouts } = session.data;
  return { ...summaryJson(summary), info, scoring, setInfo, dropouts, report: reportJson(session.analysis) };
}

/** The `analyze --json` document of the stored analysis (null while still recording). */
function reportJson(analysis: StoredAnalysis): unknown {
  return analysis.input === null
    ? null
    : toReportJson({ input: analysis.input, sets: analysis.sets, events: [] });
}

function describeSession(summary: SessionSummary, session: StoredSession): string {
  const { info, setInfo } = session.data;
  const lines = [
    `session ${summary.id}${info.name ? ` "${info.name}"` : ''}: ${summary.status}`,
    `started ${localTime(info.startedAt)}${info.endedAt ? `, ended ${localTime(info.endedAt)}` : ''}, ${summary.samples} samples (${summary.durationS.toFixed(1)} s) from ${info.sensor}`,
  ];
  const who = [
    info.athlete && `athlete ${info.athlete}`,
    info.exercise && `exercise ${info.exercise}`,
    info.load && `load ${formatLoad(info.load)}`,
  ].filter(Boolean);
  if (who.length > 0) lines.push(who.join(', '));
  if (info.notes !== '') lines.push(`notes: ${info.notes}`);
  for (const s of setInfo) {
    const parts = [s.exercise, s.load && formatLoad(s.load), s.notes && `notes: ${s.notes}`].filter(Boolean);
    lines.push(`set ${s.index}: ${parts.join(', ')}`);
  }
  const { analysis } = session;
  const prescription =
    analysis.scoring.tempo === null ? null : parseTempo(analysis.scoring.tempo, analysis.scoring.tolerance);
  const body =
    analysis.input === null
      ? 'being recorded: no analysis yet\n'
      : renderTextReport({ input: analysis.input, sets: analysis.sets, events: [] }, prescription);
  return `${lines.join('\n')}\n\n${body}`;
}

function sessionId(parsed: ParsedArgs, sub: string, positionals: number): number {
  const text = parsed.positional[0];
  if (text === undefined)
    throw new UsageError(`sessions ${sub} needs a session id (see \`bartempo sessions list\`)`);
  if (parsed.positional.length > positionals)
    throw new UsageError(
      `sessions ${sub} takes ${positionals} argument${positionals === 1 ? '' : 's'} (quote text with spaces)`,
    );
  if (positionals === 2 && parsed.positional.length < 2)
    throw new UsageError(`sessions ${sub} needs the text after the id`);
  return positiveInt(text, 'session id');
}

function positiveInt(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text.trim()) || Number(text) < 1)
    throw new UsageError(`${what} must be a whole number from 1 (got "${text.slice(0, 24)}")`);
  return Number(text);
}

function noPositionals(parsed: ParsedArgs, sub: string): void {
  if (parsed.positional.length > 0)
    throw new UsageError(`sessions ${sub} takes no arguments (got "${parsed.positional[0]}")`);
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day (local midnight; `--to` includes the whole day) or an ISO 8601 time, as the store's UTC ISO form. */
function dateFlag(text: string | undefined, flag: string, endOfDay: boolean): string | undefined {
  if (text === undefined) return undefined;
  const bad = () =>
    new UsageError(`${flag} must be a date like 2025-03-01 or an ISO 8601 time (got "${text.slice(0, 24)}")`);
  const day = DATE_RE.exec(text.trim());
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
    const start = new Date(y, m, d);
    if (start.getFullYear() !== y || start.getMonth() !== m || start.getDate() !== d) throw bad();
    return new Date(y, m, d + (endOfDay ? 1 : 0)).toISOString();
  }
  const date = new Date(text.trim());
  if (Number.isNaN(date.getTime())) throw bad();
  return date.toISOString();
}

/** Local wall time to the minute, e.g. 2025-03-01 18:05. */
function localTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
