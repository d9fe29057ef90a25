import {
  loadCentral,
  type BleCentral,
  type DiscoveredPeripheral,
  type LoadCentralResult,
} from '../../main/ble/central';
import { booleanFlag, parseArgs, stringFlag, type FlagSpec } from '../args';
import { renderTable } from '../table';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo, type Command } from '../types';

const FLAGS: FlagSpec = { seconds: 'string', json: 'boolean', all: 'boolean' };

const USAGE = `Usage: bartempo scan [--seconds N] [--json] [--all]

Lists nearby Bluetooth sensors BarTempo can use (WitMotion, Polar, MetaMotion, Movesense, Thingy:52,
BarTempo open-profile), with signal strength and battery level where the sensor advertises it.

  --seconds <N>   how long to listen (default 5)
  --json          print one JSON document
  --all           also list devices that are not supported sensors
  --help          show this help

Exits 1 with one line saying why when Bluetooth cannot be used (no Bluetooth on this machine, adapter
off, not authorised).
`;

export interface ScanDeps {
  loadCentral: () => Promise<LoadCentralResult>;
  sleep: (ms: number) => Promise<void>;
  /** How long to wait for the adapter to report its state. */
  adapterTimeoutMs: number;
}

const defaultDeps: ScanDeps = {
  loadCentral: () => loadCentral(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  adapterTimeoutMs: 3_000,
};

export function parseSeconds(text: string | undefined, fallback: number, flag = '--seconds'): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0) || n > 24 * 3600) {
    throw new UsageError(`${flag} needs a positive number of seconds (got "${text}")`);
  }
  return n;
}

/**
 * Gets a ready central or says why not: prints one line to stderr (and a JSON document when asked) and
 * returns null. Shared with `record`.
 */
export async function readyCentral(
  io: CliIo,
  deps: Pick<ScanDeps, 'loadCentral' | 'adapterTimeoutMs'>,
  json: boolean,
): Promise<BleCentral | null> {
  const loaded = await deps.loadCentral();
  if (loaded.kind === 'unavailable') {
    if (json) {
      io.stdout(JSON.stringify({ available: false, reason: loaded.reason, message: loaded.message }) + '\n');
    }
    io.stderr(`bartempo: ${loaded.message}\n`);
    return null;
  }
  const central = loaded.central;
  try {
    await central.waitUntilReady(deps.adapterTimeoutMs);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (json) {
      io.stdout(
        JSON.stringify({ available: false, reason: `adapter-${central.adapterState}`, message }) + '\n',
      );
    }
    io.stderr(`bartempo: ${message}\n`);
    central.dispose();
    return null;
  }
  return central;
}

export function createScanCommand(overrides: Partial<ScanDeps> = {}): Command {
  const deps: ScanDeps = { ...defaultDeps, ...overrides };
  return {
    name: 'scan',
    summary: 'list nearby supported Bluetooth sensors',
    usage: USAGE,
    async run(args, io) {
      const parsed = parseArgs(args, FLAGS);
      if (parsed.positional.length > 0)
        throw new UsageError(`scan takes no arguments (got "${parsed.positional[0]}")`);
      const seconds = parseSeconds(stringFlag(parsed, 'seconds'), 5);
      const json = booleanFlag(parsed, 'json');
      const all = booleanFlag(parsed, 'all');

      const central = await readyCentral(io, deps, json);
      if (!central) return EXIT_FAILURE;
      const found = new Map<string, DiscoveredPeripheral>();
      const off = central.onDiscover((p) => {
        // Later advertisements fill in names and battery levels that the first one lacked.
        const prev = found.get(p.id);
        found.set(
          p.id,
          prev ? { ...p, name: p.name ?? prev.name, batteryPct: p.batteryPct ?? prev.batteryPct } : p,
        );
      });
      try {
        await central.startScan({ allowDuplicates: true });
        await deps.sleep(seconds * 1000);
        await central.stopScan();
      } catch (err) {
        io.stderr(`bartempo: scanning failed: ${err instanceof Error ? err.message : String(err)}\n`);
        return EXIT_FAILURE;
      } finally {
        off();
        central.dispose();
      }
      const list = [...found.values()]
        .filter((p) => all || p.family !== undefined)
        .sort((a, b) => b.rssiDbm - a.rssiDbm);
      if (json) {
        const sensors = list.map((p) => ({
          id: p.id,
          name: p.name,
          family: p.family ?? null,
          rssiDbm: p.rssiDbm,
          batteryPct: p.batteryPct,
        }));
        io.stdout(JSON.stringify({ available: true, seconds, sensors }, null, 2) + '\n');
        return EXIT_OK;
      }
      if (list.length === 0) {
        io.stdout(
          `No supported sensors found in ${seconds} s. Is the sensor switched on, awake and nearby?\n`,
        );
        return EXIT_OK;
      }
      const rows = list.map((p) => [
        p.name ?? '(no name)',
        p.family ?? '-',
        `${p.rssiDbm} dBm`,
        p.batteryPct === null ? '-' : `${p.batteryPct}%`,
        p.id,
      ]);
      io.stdout(`${list.length} ${list.length === 1 ? 'sensor' : 'sensors'} found in ${seconds} s:\n`);
      io.stdout(renderTable(['name', 'family', 'signal', 'battery', 'id'], rows));
      io.stdout('Record with: bartempo record --sensor <id>\n');
      return EXIT_OK;
    },
  };
}

export const scanCommand: Command = createScanCommand();
