import { writeFile } from 'node:fs/promises';
import type { BleCentral, DiscoveredPeripheral, LoadCentralResult } from '../../main/ble/central';
import { findPeripheral, loadCentral } from '../../main/ble/central';
import { BleSensorSource } from '../../main/sensors/ble-source';
import type { ConnectionEvent } from '../../main/sensors/connection-manager';
import { SimulatedSensorSource } from '../../main/session/simulated-source';
import type { SampleSource } from '../../main/session/source';
import { TempoEngine } from '../../shared/engine/engine';
import type { EngineEvent, RepMetrics, Sample } from '../../shared/engine/types';
import { formatCanonicalCsv } from '../../shared/io/csv';
import { defaultScenario, SimulatedLifter } from '../../shared/sim';
import { formatTempo, parseTempo, parseTolerance } from '../../shared/tempo/parse';
import type { Prescription } from '../../shared/tempo/types';
import { booleanFlag, parseArgs, stringFlag, type FlagSpec } from '../args';
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
};

const USAGE = `Usage: bartempo record --sensor <id|name|simulated> [options]

Streams a sensor through the tempo engine, prints every rep as it happens and saves the samples.

  --sensor <id>          a sensor id or name from \`bartempo scan\`, or "simulated"
  --tempo <notation>     prescribed tempo, e.g. 3-1-X-0; rushed negatives are flagged RUSHED
  --tolerance <ratio>    in (0, 1]; an eccentric under tolerance x target is rushed (default 0.8)
  --seconds <N>          how long to record (simulated default 60 s of lifting; a real sensor records
                         until Ctrl-C when not given)
  --out <file.csv>       save the samples as canonical CSV (t,ax,ay,az[,gx,gy,gz]; s, g, deg/s);
                         \`bartempo analyze <file.csv>\` finds the same reps
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
  writeTextFile: (path: string, text: string) => Promise<void>;
}

const defaultDeps: RecordDeps = {
  loadCentral: () => loadCentral(),
  adapterTimeoutMs: 3_000,
  findTimeoutMs: 10_000,
  onInterrupt: (stop) => {
    process.once('SIGINT', stop);
    return () => process.off('SIGINT', stop);
  },
  writeTextFile: (path, text) => writeFile(path, text, 'utf8'),
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

      const printer = new EventPrinter(io, json);
      if (!json && prescription)
        io.stdout(`tempo: ${formatTempo(prescription)} (tolerance ${prescription.tolerance})\n`);

      let source: SampleSource;
      let label: string;
      let central: BleCentral | null = null;
      if (simulated) {
        label = 'simulated lifter';
        source = new SimulatedSensorSource({
          createLifter: (p) =>
            new SimulatedLifter(defaultScenario('squat', p ? { prescription: p } : {}), seed),
          speed,
        });
      } else {
        central = await readyCentral(io, deps, false);
        if (!central) return EXIT_FAILURE;
        const found = await findSensor(central, sensor, deps.findTimeoutMs);
        if (!found) {
          io.stderr(
            `bartempo: no sensor "${sensor}" found in ${deps.findTimeoutMs / 1000} s (see \`bartempo scan\`)\n`,
          );
          central.dispose();
          return EXIT_FAILURE;
        }
        if (!found.family) {
          io.stderr(`bartempo: ${found.name ?? found.id} is not a sensor BarTempo supports\n`);
          central.dispose();
          return EXIT_FAILURE;
        }
        label = found.name ?? found.id;
        const ble = new BleSensorSource({ central, deviceId: found.id, family: found.family, label });
        ble.onEvent((e) => printConnectionEvent(io, e));
        source = ble;
      }

      const engine = new TempoEngine({ prescription });
      const samples: Sample[] = [];
      let failure: string | null = null;
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
        const disposeInterrupt = deps.onInterrupt(finish);
        // A real sensor records for wall-clock seconds; the simulator for seconds of its own clock (exact, so
        // the saved file does not depend on --speed).
        if (!simulated && seconds !== null) timer = setTimeout(finish, seconds * 1000);
        source.start(
          (chunk) => {
            if (done) return;
            let take = chunk;
            if (simulated && seconds !== null) {
              const first = samples[0] ?? chunk[0];
              if (first && limitS === Infinity) limitS = first.t + seconds;
              take = chunk.filter((s) => s.t < limitS);
            }
            if (take.length > 0) {
              samples.push(...take);
              try {
                printer.print(engine.process(take));
              } catch (err) {
                failure = `tempo engine failed: ${err instanceof Error ? err.message : String(err)}`;
                finish();
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
      if (failure !== null) {
        io.stderr(`bartempo: ${failure}\n`);
        return EXIT_FAILURE;
      }
      printer.print(engine.finish());
      if (out !== undefined) {
        if (samples.length === 0) {
          io.stderr(`bartempo: no samples were recorded; ${out} not written\n`);
          return EXIT_FAILURE;
        }
        try {
          await deps.writeTextFile(out, formatCanonicalCsv(samples));
        } catch (err) {
          io.stderr(`bartempo: cannot write ${out}: ${err instanceof Error ? err.message : String(err)}\n`);
          return EXIT_FAILURE;
        }
      }
      if (!json) {
        const durationS =
          samples.length > 1 ? (samples[samples.length - 1]?.t ?? 0) - (samples[0]?.t ?? 0) : 0;
        io.stdout(
          `recorded ${samples.length} samples (${durationS.toFixed(1)} s) from ${label}, ${printer.repCount} reps, ${printer.rushedCount} rushed` +
            (out !== undefined ? `; saved ${out}\n` : '; not saved (use --out file.csv)\n'),
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
      if (e.type === 'rep-completed') {
        this.repCount++;
        if (e.rep.rushed) this.rushedCount++;
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
