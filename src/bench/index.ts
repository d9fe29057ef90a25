import { cpus } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { replaceBenchBlock } from './markdown';
import { runRealbarBench } from './realbar';
import { errorMessage, type BenchSection } from './section';
import { DEFAULT_SIMULATOR_OPTIONS, runSimulatorBench } from './simulator';
import { DEFAULT_BROAD_OPTIONS, runBroadBench } from './broad';
import { runThroughputBench } from './throughput';
import { runBleLatencyBench } from './ble-latency';
import { runReviewBench } from './review';
import { runStorageBench } from './storage';
import { MEMORY_CHILD_FLAG, memoryChild, runCsvReaderBench } from './csv-reader';
import { runUiBench } from './ui';
import { DEFAULT_UI_OPTIONS, type UiBenchOptions } from './ui-report';

const SECTION_IDS = 'sim, broad, realbar, throughput, ble, storage, csv, review, ui';

export const USAGE = `Usage: node out/node/bench.js [--write-readme] [--scenarios N] [--first-seed N] [--broad-scenarios N] [--broad-dev-only] [--only <id>] [ui options]
  --write-readme   also replace the <!-- bench:start --> ... <!-- bench:end --> block of README.md
  --scenarios N    simulator scenarios (default ${DEFAULT_SIMULATOR_OPTIONS.scenarios})
  --first-seed N   first simulator seed (default ${DEFAULT_SIMULATOR_OPTIONS.firstSeed}); other seeds measure sessions never tuned on
  --broad-scenarios N  broadened-simulator scenarios per block, dev and held out (default ${DEFAULT_BROAD_OPTIONS.scenarios})
  --broad-dev-only     broadened simulator: run and show the development block only (while developing)
  --only <id>      run one section: ${SECTION_IDS}
  --ui-speed N     ui: simulated seconds per real second for the hour of sensor time (default ${DEFAULT_UI_OPTIONS.speed})
  --ui-realtime-s N  ui: seconds of the 1x stretch for fps and long tasks (default ${DEFAULT_UI_OPTIONS.realtimeS})
  --ui-minutes N   ui: sensor minutes of the accelerated run (default ${DEFAULT_UI_OPTIONS.simulatedMin}; heap read every ${DEFAULT_UI_OPTIONS.heapEveryMin})
`;

export interface BenchArgs {
  writeReadme: boolean;
  scenarios: number;
  firstSeed: number;
  broadScenarios: number;
  broadDevOnly: boolean;
  only: string | null;
  ui: UiBenchOptions;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    writeReadme: false,
    ...DEFAULT_SIMULATOR_OPTIONS,
    broadScenarios: DEFAULT_BROAD_OPTIONS.scenarios,
    broadDevOnly: false,
    only: null,
    ui: { ...DEFAULT_UI_OPTIONS },
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--write-readme') args.writeReadme = true;
    else if (a === '--scenarios') args.scenarios = positiveInt(argv[++i], a);
    else if (a === '--first-seed') args.firstSeed = positiveInt(argv[++i], a);
    else if (a === '--broad-scenarios') args.broadScenarios = positiveInt(argv[++i], a);
    else if (a === '--broad-dev-only') args.broadDevOnly = true;
    else if (a === '--only') args.only = argv[++i] ?? '';
    else if (a === '--ui-speed') args.ui.speed = positiveInt(argv[++i], a);
    else if (a === '--ui-realtime-s') args.ui.realtimeS = positiveInt(argv[++i], a);
    else if (a === '--ui-minutes') args.ui.simulatedMin = positiveInt(argv[++i], a);
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return args;
}

function positiveInt(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive whole number`);
  return n;
}

function sections(args: BenchArgs): BenchSection[] {
  return [
    {
      id: 'sim',
      title: 'Simulator ground truth',
      run: () => runSimulatorBench({ scenarios: args.scenarios, firstSeed: args.firstSeed }),
    },
    {
      id: 'broad',
      title: 'Broadened simulator (issue 19: new lifts, eased negatives, sensor errors; dev and held out)',
      run: () => runBroadBench({ scenarios: args.broadScenarios, devOnly: args.broadDevOnly }),
    },
    { id: 'realbar', title: 'Real bar recordings', run: () => runRealbarBench() },
    { id: 'throughput', title: 'Streaming throughput', run: () => runThroughputBench() },
    { id: 'ble', title: 'BLE notification latency', run: () => runBleLatencyBench() },
    { id: 'storage', title: 'Session storage (2 h at 200 Hz)', run: () => runStorageBench() },
    { id: 'csv', title: 'CSV reader', run: () => runCsvReaderBench() },
    { id: 'review', title: 'Opening a review (2 h at 200 Hz)', run: () => runReviewBench() },
    {
      id: 'ui',
      title: 'The window in Chromium (rack screen at 200 Hz, opening a review)',
      run: () => runUiBench(args.ui),
    },
  ];
}

function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpu} (${cpus().length} threads), ${process.platform}/${process.arch}`;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === MEMORY_CHILD_FLAG) {
    await memoryChild(argv[1] ?? '', argv[2] ?? '');
    return 0;
  }
  const args = parseBenchArgs(argv);
  const chosen = sections(args).filter((s) => args.only === null || s.id === args.only);
  if (chosen.length === 0) throw new Error(`no section "${args.only}"; sections are ${SECTION_IDS}`);
  const parts = [`Measured ${machineLine()}.`];
  console.log(parts[0]);
  let failed = false;
  // Throughput runs first: after the other sections (200 simulated sessions, their garbage and the JIT's
  // history of them) the same engine measured at half the speed. The output keeps the usual order.
  const runOrder = [...chosen].sort((a, b) => Number(b.id === 'throughput') - Number(a.id === 'throughput'));
  const bodies = new Map<BenchSection, string>();
  for (const section of runOrder) {
    try {
      bodies.set(section, await section.run());
    } catch (err) {
      // One broken section (e.g. the engine or simulator mid-rewrite) must not hide the others.
      failed = true;
      bodies.set(section, `failed: ${errorMessage(err)}`);
    }
  }
  for (const section of chosen) {
    const text = `### ${section.title}\n\n${bodies.get(section) ?? ''}`;
    parts.push(text);
    console.log(`\n${text}`);
  }
  if (args.writeReadme) {
    const path = resolve(process.cwd(), 'README.md');
    if (!existsSync(path)) throw new Error(`--write-readme: no README.md in ${process.cwd()}`);
    writeFileSync(path, replaceBenchBlock(readFileSync(path, 'utf8'), parts.join('\n\n')));
    console.log(`\nwrote ${path}`);
  }
  return failed ? 1 : 0;
}

// Run when executed (node out/node/bench.js), not when imported by tests.
if (typeof require !== 'undefined' && require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`bench: ${errorMessage(err)}`);
      process.exitCode = 1;
    },
  );
}
