import type { BleCentral, DiscoveredPeripheral, LoadCentralResult } from '../../main/ble/central';
import { findPeripheral, loadCentral } from '../../main/ble/central';
import { BleSensorSource } from '../../main/sensors/ble-source';
import type { ConnectionEvent } from '../../main/sensors/connection-manager';
import { SimulatedSensorSource } from '../../main/session/simulated-source';
import type { SampleSource } from '../../main/session/source';
import { TempoEngine } from '../../shared/engine/engine';
import type { EngineEvent, RepMetrics } from '../../shared/engine/types';
import { defaultScenario, SimulatedLifter } from '../../shared/sim';
import { DEFAULT_TOLERANCE, formatTempo, parseTempo, parseTolerance } from '../../shared/tempo/parse';
import type { Prescription } from '../../shared/tempo/types';
import type { SessionRecorder } from '../../main/storage';
import { parseLoad } from '../../shared/session/load';
import type { Load } from '../../shared/session/types';
import { booleanFlag, parseArgs, stringFlag, type FlagSpec } from '../args';
import { openCsvOut, type CsvSink } from '../csv-out';
import { DB_FLAG_HELP, openCliStore } from '../database';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo, type Command } from '../types';
import { parseSeconds, readyCentral } from './scan';

const FLAGS: FlagSpec = {
  sensor: 'string',
  tempo: 'string',
  tolerance: 'string',
  seconds: 'string',
  out: 'string',
  json: 'boolean',
  speed: 'string',
  seed: 'string',
  db: 'string',
  'no-db': 'boolean',
  force: 'boolean',
  athlete: 'string',
  exercise: 'string',
  load: 'string',
};

const USAGE = `Usage: bartempo record --sensor <id|name|simulated> [options]

Streams a sensor through the tempo engine, prints every rep as it happens and saves the session in the
database as it goes (samples committed at least once a second: a crash or a closed terminal loses at most
the last second, and the next start recovers the session). Ctrl-C, SIGTERM or SIGHUP stop it cleanly.

  --sensor <id>          a sensor id or name from \`bartempo scan\`, or "simulated"
  --tempo <notation>     prescribed tempo, e.g. 3-1-X-0; rushed negatives are flagged RUSHED
  --tolerance <ratio>    in (0, 1]; an eccentric under tolerance x target is rushed (default 0.8)
  --seconds <N>          how long to record (simulated default 60 s of lifting; a real sensor records
                         until Ctrl-C when not given)
  --out <file.csv>       also save the samples as canonical CSV (t,ax,ay,az[,gx,gy,gz]; s, g, deg/s), written
                         as they come; \`bartempo analyze <file.csv>\` finds the same reps. An existing
                         file is refused unless --force
  --force                overwrite the --out file if it exists
${DB_FLAG_HELP}
  --no-db                do not store the session in the database (print only, and --out if given)
  --athlete <name>       who is lifting (stored with the session)
  --exercise <name>      e.g. squat (stored with the session)
  --load <load>          the bar's load with its unit, e.g. 100kg or 225lb (stored with the session)
  --json                 print the engine's events as JSON lines instead of text
  --speed <N>            simulated only: run N times faster than real time (default 1)
  --seed <N>             simulated only: the simulated lifter's seed (default 1)
  --help                 show this help
`;

export interface RecordDeps {
  loadCentral: () => Promise<LoadCentralResult>;
  adapterTimeoutMs: number;
  /** How long to scan for the requested sensor before giving up. */
  findTimeoutMs: number;
  /** Resolves when the user asks to stop (Ctrl-C); returns a disposer. */
  onInterrupt: (stop: () => void) => () => void;
  /** Claims the --out file before recording starts (refusing an existing one unless forced). */
  openCsvOut: (path: string, force: boolean) => CsvSink;
}

/** Ctrl-C, `kill` and a closed terminal all stop the recording the same way: finalised, exit 0. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const defaultDeps: RecordDeps = {
  loadCentral: () => loadCentral(),
  adapterTimeoutMs: 3_000,
  findTimeoutMs: 10_000,
  onInterrupt: (stop) => {
    for (const signal of STOP_SIGNALS) process.on(signal, stop);
    return () => {
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
    };
  },
  openCsvOut,
};

const SIMULATED = 'simulated';

export function createRecordCommand(overrides: Partial<RecordDeps> = {}): Command {
  const deps: RecordDeps = { ...defaultDeps, ...overrides };
  return {
    name: 'record',
    summary: 'stream a sensor (or the simulator) through the engine, print reps live, save a CSV',
    usage: USAGE,
    async run(args, io) {
      const parsed = parseArgs(args, FLAGS);
      if (parsed.positional.length > 0) {
        throw new UsageError(`record takes no arguments (got "${parsed.positional[0]}")`);
      }
      const sensor = stringFlag(parsed, 'sensor');
      if (sensor === undefined || sensor.trim() === '') {
        throw new UsageError('record needs --sensor <id|name|simulated>; list sensors with `bartempo scan`');
      }
      const prescription = readPrescription(stringFlag(parsed, 'tempo'), stringFlag(parsed, 'tolerance'));
      const json = booleanFlag(parsed, 'json');
      const out = stringFlag(parsed, 'out');
      const simulated = sensor === SIMULATED;
      const speedText = stringFlag(parsed, 'speed');
      const seedText = stringFlag(parsed, 'seed');
      if (!simulated && (speedText !== undefined || seedText !== undefined)) {
        throw new UsageError('--speed and --seed only apply to --sensor simulated');
      }
      const speed = parsePositive(speedText, 1, '--speed');
      const seed = seedText === undefined ? 1 : parseSeed(seedText);
      const secondsText = stringFlag(parsed, 'seconds');
      const seconds = simulated
        ? parseSeconds(secondsText, 60)
        : secondsText === undefined
          ? null
          : parseSeconds(secondsText, 0);

      const useDb = !booleanFlag(parsed, 'no-db');
      const meta = readSessionMeta(parsed, useDb);
      if (!useDb && stringFlag(parsed, 'db') !== undefined)
        throw new UsageError('--db and --no-db contradict');

      // Every destination is checked before recording starts: a bad one costs nothing recorded.
      const store = useDb ? openCliStore(stringFlag(parsed, 'db'), io) : null;
      let csv: CsvSink | null = null;
      try {
        if (out !== undefined) csv = deps.openCsvOut(out, booleanFlag(parsed, 'force'));
      } catch (err) {
        store?.close();
        throw err;
      }
      const release = () => {
        csv?.close();
        store?.close();
      };

      const printer = new EventPrinter(io, json);
      if (!json && prescription)
        io.stdout(`tempo: ${formatTempo(prescription)} (tolerance ${prescription.tolerance})\n`);

      let source: SampleSource;
      let label: string;
      let central: BleCentral | null = null;
      const failed = (message: string | null) => {
        if (message !== null) io.stderr(`bartempo: ${message}\n`);
        central?.dispose();
        if (csv !== null && out !== undefined) csv.discard();
        store?.close();
        return EXIT_FAILURE;
      };
      if (simulated) {
        label = 'simulated lifter';
        source = new SimulatedSensorSource({
          createLifter: (p) =>
            new SimulatedLifter(defaultScenario('squat', p ? { prescription: p } : {}), seed),
          speed,
        });
      } else {
        // readyCentral says why there is no adapter.
        central = await readyCentral(io, deps, false);
        if (!central) return failed(null);
        const found = await findSensor(central, sensor, deps.findTimeoutMs);
        if (!found)
          return failed(
            `no sensor "${sensor}" found in ${deps.findTimeoutMs / 1000} s (see \`bartempo scan\`)`,
          );
        if (!found.family) return failed(`${found.name ?? found.id} is not a sensor BarTempo supports`);
        label = found.name ?? found.id;
        source = new BleSensorSource({ central, deviceId: found.id, family: found.family, label });
      }

      let failure: string | null = null;
      let recorder: SessionRecorder | null = null;
      try {
        recorder =
          store?.startRecording({
            sensor: label,
            athlete: meta.athlete,
            exercise: meta.exercise,
            load: meta.load,
            scoring: {
              tempo: prescription ? formatTempo(prescription) : null,
              tolerance: toleranceOf(prescription),
            },
          }) ?? null;
      } catch (err) {
        return failed(errorText(err));
      }
      if (source instanceof BleSensorSource) {
        source.onEvent((e) => {
          printConnectionEvent(io, e);
          if (e.type === 'gap' && recorder !== null && failure === null) recorder.addDropout(e.gap);
        });
      }

      const engine = new TempoEngine({ prescription });
      const recorded = new RecordedSpan();
      await new Promise<void>((resolve) => {
        let done = false;
        let limitS = Infinity;
        let timer: ReturnType<typeof setTimeout> | null = null;
        const finish = () => {
          if (done) return;
          done = true;
          source.stop();
          disposeInterrupt();
          if (timer !== null) clearTimeout(timer);
          resolve();
        };
        const stopWith = (message: string) => {
          failure ??= message;
          finish();
        };
        const disposeInterrupt = deps.onInterrupt(finish);
        // A real sensor records for wall-clock seconds; the simulator for seconds of its own clock (exact, so
        // the saved file does not depend on --speed).
        if (!simulated && seconds !== null) timer = setTimeout(finish, seconds * 1000);
        source.start(
          (chunk) => {
            if (done) return;
            let take = chunk;
            if (simulated && seconds !== null) {
              const first = recorded.firstT ?? chunk[0]?.t;
              if (first !== undefined && limitS === Infinity) limitS = first + seconds;
              take = chunk.filter((s) => s.t < limitS);
            }
            if (take.length > 0) {
              recorded.add(take);
              try {
                csv?.write(take);
                recorder?.append(take);
              } catch (err) {
                stopWith(errorText(err));
                return;
              }
              let events: EngineEvent[];
              try {
                events = engine.process(take);
              } catch (err) {
                stopWith(`tempo engine failed: ${errorText(err)}`);
                return;
              }
              printer.print(events);
              try {
                recorder?.recordEvents(events);
              } catch (err) {
                stopWith(errorText(err));
                return;
              }
            }
            if (take.length < chunk.length) finish();
          },
          { prescription },
        );
        if (!simulated && !json) io.stderr(`Recording from ${label}; press Ctrl-C to stop\n`);
      });
      if (source instanceof BleSensorSource) await source.whenStopped();
      central?.dispose();
      const tail = failure === null ? engine.finish() : [];
      printer.print(tail);
      if (recorded.count === 0) {
        // Nothing recorded: neither an empty session nor an empty file is kept.
        recorder?.discard();
        if (csv !== null && out !== undefined) csv.discard();
        store?.close();
        if (failure !== null) return failed(failure);
        if (out !== undefined) {
          io.stderr(`bartempo: no samples were recorded; ${out} not written\n`);
          return EXIT_FAILURE;
        }
      } else {
        try {
          recorder?.recordEvents(tail);
          // Even after a failure what was recorded is kept: complete, or recovered at the next start.
          if (failure === null) recorder?.finish();
        } catch (err) {
          failure ??= errorText(err);
        }
        release();
        if (failure !== null) {
          io.stderr(`bartempo: ${failure}\n`);
          return EXIT_FAILURE;
        }
      }
      if (!json) {
        const saved = [
          ...(out !== undefined ? [out] : []),
          ...(recorder !== null && store !== null && recorded.count > 0
            ? [`session ${recorder.sessionId} in ${store.path}`]
            : []),
        ];
        io.stdout(
          `recorded ${recorded.count} samples (${recorded.durationS.toFixed(1)} s) from ${label}, ${printer.repCount} reps, ${printer.rushedCount} rushed` +
            (saved.length > 0
              ? `; saved ${saved.join(' and ')}\n`
              : '; not saved (use --out file.csv, or drop --no-db)\n'),
        );
      }
      return EXIT_OK;
    },
  };
}

export const recordCommand: Command = createRecordCommand();

function readPrescription(tempo: string | undefined, tolerance: string | undefined): Prescription | null {
  if (tempo === undefined) {
    if (tolerance !== undefined) throw new UsageError('--tolerance only applies with --tempo');
    return null;
  }
  return tolerance === undefined ? parseTempo(tempo) : parseTempo(tempo, parseTolerance(tolerance));
}

interface SessionMeta {
  athlete: string | null;
  exercise: string | null;
  load: Load | null;
}

function readSessionMeta(parsed: ReturnType<typeof parseArgs>, useDb: boolean): SessionMeta {
  const athlete = stringFlag(parsed, 'athlete') ?? null;
  const exercise = stringFlag(parsed, 'exercise') ?? null;
  const loadText = stringFlag(parsed, 'load');
  if (!useDb && (athlete !== null || exercise !== null || loadText !== undefined))
    throw new UsageError('--athlete, --exercise and --load are stored in the database: drop --no-db');
  return { athlete, exercise, load: loadText === undefined ? null : parseLoad(loadText) };
}

function toleranceOf(prescription: Prescription | null): number {
  return prescription?.tolerance ?? DEFAULT_TOLERANCE;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How much was recorded, without keeping the samples (a 5-hour session must not live in memory). */
class RecordedSpan {
  count = 0;
  firstT: number | undefined;
  private lastT = 0;

  add(samples: readonly { t: number }[]): void {
    if (samples.length === 0) return;
    this.firstT ??= samples[0]?.t;
    this.lastT = samples[samples.length - 1]?.t ?? this.lastT;
    this.count += samples.length;
  }

  get durationS(): number {
    return this.count > 1 && this.firstT !== undefined ? this.lastT - this.firstT : 0;
  }
}

function parsePositive(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0))
    throw new UsageError(`${flag} needs a positive number (got "${text}")`);
  return n;
}

function parseSeed(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--seed needs a whole number (got "${text}")`);
  return Number(text);
}

/** Scans until a device whose id or advertised name matches `wanted` (case-insensitive) shows up. */
function findSensor(
  central: BleCentral,
  wanted: string,
  timeoutMs: number,
): Promise<DiscoveredPeripheral | null> {
  const key = wanted.trim().toLowerCase().replace(/:/g, '');
  return findPeripheral(
    central,
    (p) => p.id.toLowerCase().replace(/:/g, '') === key || (p.name !== null && p.name.toLowerCase() === key),
    timeoutMs,
  );
}

function printConnectionEvent(io: CliIo, e: ConnectionEvent): void {
  // Status goes to stderr so stdout stays the rep stream (or pure JSON lines with --json).
  if (e.type === 'state') io.stderr(`[sensor] ${e.message}\n`);
  else if (e.type === 'gap')
    io.stderr(`[sensor] resumed after ${(e.gap.endS - e.gap.startS).toFixed(1)} s without data\n`);
  else if (e.type === 'battery') io.stderr(`[sensor] battery ${e.batteryPct}%\n`);
}

class EventPrinter {
  repCount = 0;
  rushedCount = 0;

  constructor(
    private readonly io: CliIo,
    private readonly json: boolean,
  ) {}

  print(events: readonly EngineEvent[]): void {
    for (const e of events) {
      // set-ended is the final word on a set's reps (it may drop a rep-completed one as a rack move): the
      // closing line counts what the sets printed, as \`analyze\` of the saved file does.
      if (e.type === 'set-ended') {
        this.repCount += e.set.reps.length;
        this.rushedCount += e.set.reps.filter((r) => r.rushed).length;
      }
      if (this.json) {
        this.io.stdout(JSON.stringify(e) + '\n');
        continue;
      }
      const line = describeEvent(e);
      if (line !== null) this.io.stdout(line + '\n');
    }
  }
}

/** One line of `record` text output for an engine event (null: not shown). */
export function describeEvent(e: EngineEvent): string | null {
  switch (e.type) {
    case 'set-started':
      return `set ${e.setIndex} started at ${e.atS.toFixed(1)} s`;
    case 'eccentric-ended':
      // Said the moment the negative ends, before the rep is complete: this is the cue the lifter needs.
      return e.rushed ? `  ! rep ${e.repIndex}: eccentric ${e.durationS.toFixed(1)} s RUSHED` : null;
    case 'rep-completed':
      return `  ${repLine(e.setIndex, e.rep)}`;
    case 'set-ended': {
      const s = e.set.summary;
      const estimated = e.set.reps.filter((r) => r.estimated).length;
      const counted = estimated > 0 ? `${s.repCount} reps (${estimated} estimated)` : `${s.repCount} reps`;
      return `set ${e.set.index} ended: ${counted}, ${s.rushedCount} rushed, eccentric ${s.eccentricMeanS.toFixed(1)} s mean`;
    }
    case 'gap':
      return `  (no data ${e.gap.startS.toFixed(1)}-${e.gap.endS.toFixed(1)} s)`;
    default:
      return null;
  }
}

function repLine(setIndex: number, r: RepMetrics): string {
  const d = (p: { durationS: number }) => `${p.durationS.toFixed(1)} s`;
  return (
    `rep ${setIndex}.${r.index}: eccentric ${d(r.eccentric)}, bottom ${d(r.bottomPause)}, ` +
    `concentric ${d(r.concentric)}, top ${d(r.topPause)} (tempo ${r.tempo})${r.rushed ? '  RUSHED' : ''}`
  );
}
