import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRecordCommand, describeEvent, recordCommand } from '../../src/cli/commands/record';
import { UsageError } from '../../src/cli/types';
import { capture } from './helpers';
import { createNobleCentral, type LoadCentralResult } from '../../src/main/ble/central';
import { EmulatedBindings, nobleWithBindings } from '../../src/main/ble/emulated-bindings';
import {
  encodeWitmotionPacket,
  WITMOTION_EMULATED,
  witmotionDevice,
} from '../../src/main/ble/emulated-devices';
import { analyzeSamples } from '../../src/shared/engine/analyze';
import type { EngineEvent, RepMetrics, Sample } from '../../src/shared/engine/types';
import { formatCanonicalCsv, parseSamplesCsv } from '../../src/shared/io/csv';
import { parseTempo } from '../../src/shared/tempo/parse';
import { laidOutRep } from '../helpers/reps';

const dir = mkdtempSync(join(tmpdir(), 'bartempo-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Never the user's own database: every command here stores its sessions in this file.
process.env.BARTEMPO_DB = join(dir, 'sessions.sqlite');

// Seed 6 of the default squat scenario: 8 reps in the first minute, one of them rushed by design. How many
// of them the engine finds is measured by the benchmark; these tests check the command: live output,
// the CSV it writes, and that both agree with the offline analysis of that CSV.
const SIM_ARGS = [
  '--sensor',
  'simulated',
  '--speed',
  '2000',
  '--seconds',
  '60',
  '--seed',
  '6',
  '--tempo',
  '3-1-X-0',
];

describe('bartempo record --sensor simulated', () => {
  it('streams JSON events and writes a CSV in which analyze finds exactly the same reps', async () => {
    const out = join(dir, 'session.csv');
    const io = capture();
    const code = await recordCommand.run([...SIM_ARGS, '--json', '--out', out], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);

    const events = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as EngineEvent);
    const liveReps = events.flatMap((e) => (e.type === 'rep-completed' ? [e.rep] : []));
    expect(liveReps.length).toBeGreaterThanOrEqual(6);
    expect(liveReps.length).toBeLessThanOrEqual(9);
    expect(liveReps.some((r) => r.rushed)).toBe(true);

    const samples = parseSamplesCsv(readFileSync(out, 'utf8'));
    const last = samples[samples.length - 1];
    expect((last?.t ?? 0) - (samples[0]?.t ?? 0)).toBeLessThan(60);
    expect((last?.t ?? 0) - (samples[0]?.t ?? 0)).toBeGreaterThan(59.9);
    const analysis = analyzeSamples(samples, { prescription: parseTempo('3-1-X-0') });
    const offlineReps: RepMetrics[] = analysis.sets.flatMap((s) => s.reps);
    // The streaming engine is causal and the CSV round-trips exactly: identical reps, not just similar.
    // The sets as the live run closed them are final; a rep-completed event is the rep as known when its
    // movement ended, before its trailing pause (which lasts until the next rep starts) was known.
    const liveFinal = events.flatMap((e) => (e.type === 'set-ended' ? e.set.reps : []));
    expect(offlineReps).toEqual(liveFinal);
    // Every final rep is a live rep with the same phases; a set may drop its first or last live rep when it
    // closes (a rack move, see RepAssembler), never one in the middle.
    const liveByStart = new Map(liveReps.map((r, i) => [r.eccentric.startS, i]));
    const liveIndices = liveFinal.map((final) => {
      const i = liveByStart.get(final.eccentric.startS);
      expect(i).toBeDefined();
      expect(liveReps[i!]!.eccentric).toEqual(final.eccentric);
      // The next rep's lowering, re-timed at a turnaround it shares with this rep's lift (turns.ts), can
      // end that lift earlier, never later.
      const live = liveReps[i!]!.concentric;
      expect(live.startS).toBe(final.concentric.startS);
      expect(final.concentric.endS).toBeLessThanOrEqual(live.endS);
      expect(final.concentric.endS).toBeGreaterThan(live.endS - 0.2);
      return i!;
    });
    liveIndices.forEach((i, k) => k > 0 && expect(i).toBe(liveIndices[k - 1]! + 1));
    expect(liveReps.length - liveFinal.length).toBeLessThanOrEqual(2);
  });

  it('prints each rep as text with its phase durations and flags the rushed one', async () => {
    const json = capture();
    expect(await recordCommand.run([...SIM_ARGS, '--json'], json)).toBe(0);
    const events = json
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as EngineEvent);
    const reps = events.flatMap((e) => (e.type === 'rep-completed' ? [e.rep] : []));
    const finalReps = events.flatMap((e) => (e.type === 'set-ended' ? e.set.reps : []));
    const rushed = reps.filter((r) => r.rushed).length;
    expect(rushed).toBeGreaterThan(0);

    const io = capture();
    expect(await recordCommand.run(SIM_ARGS, io)).toBe(0);
    const text = io.out();
    expect(text).toMatch(/^tempo: 3-1-X-0 \(tolerance 0\.8\)\n/);
    expect(text).toMatch(/set 1 started at \d+\.\d s/);
    const repLines = text.split('\n').filter((l) => /^ {2}rep 1\.\d: /.test(l));
    expect(repLines).toHaveLength(reps.length);
    expect(repLines[0]).toMatch(
      /eccentric \d+\.\d s, bottom \d+\.\d s, concentric \d+\.\d s, top \d+\.\d s \(tempo [\d.-]+\)/,
    );
    expect(repLines.filter((l) => l.endsWith('RUSHED'))).toHaveLength(rushed);
    // The rushed negative is called out when it ends, before its rep line.
    const warn = text.indexOf('eccentric', text.indexOf('  ! rep'));
    expect(text).toMatch(/ {2}! rep \d: eccentric \d+\.\d s RUSHED/);
    expect(warn).toBeLessThan(text.indexOf(repLines.find((l) => l.endsWith('RUSHED')) ?? '\u0000'));
    // The closing line counts the sets' final reps (set-ended), not every rep-completed line.
    const finalRushed = finalReps.filter((r) => r.rushed).length;
    expect(text).toMatch(
      new RegExp(
        `from simulated lifter, ${finalReps.length} reps, ${finalRushed} rushed; saved session \\d+ in `,
      ),
    );
    expect(text).toMatch(/recorded \d+ samples \(60\.0 s\)/);
  });

  it('rejects a missing sensor and simulator-only flags on a real sensor', async () => {
    await expect(recordCommand.run([], capture())).rejects.toBeInstanceOf(UsageError);
    await expect(
      recordCommand.run(['--sensor', 'c0ffee000001', '--speed', '10'], capture()),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      recordCommand.run(['--sensor', 'simulated', '--speed', '0'], capture()),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      recordCommand.run(['--sensor', 'simulated', '--tolerance', '0.7'], capture()),
    ).rejects.toBeInstanceOf(UsageError);
  });
});

describe('bartempo record --sensor <ble id>', () => {
  it('on this machine says there is no Bluetooth and exits 1', async () => {
    const io = capture();
    expect(await recordCommand.run(['--sensor', 'c0ffee000001', '--seconds', '1'], io)).toBe(1);
    expect(io.err()).toMatch(/^bartempo: This machine has no Bluetooth/);
  });

  it('connects to an emulated WitMotion, records its notifications and saves them', async () => {
    const bindings = new EmulatedBindings();
    bindings.addPeripheral(witmotionDevice());
    const loadCentral = (): Promise<LoadCentralResult> =>
      Promise.resolve({ kind: 'ok', central: createNobleCentral(nobleWithBindings(bindings), 'linux') });
    const got: Sample[] = [];
    const command = createRecordCommand({
      loadCentral,
      findTimeoutMs: 500,
      onInterrupt: () => () => {},
      openCsvOut: () => ({
        write: (samples) => void got.push(...samples),
        close: () => {},
        discard: () => {},
      }),
    });
    // The sensor sends 4 samples every 40 ms (100 Hz) once notifications are on.
    const packet = new Uint8Array(80);
    for (let i = 0; i < 4; i++) packet.set(encodeWitmotionPacket({ ax: 0, ay: 0.01 * i, az: 1 }), i * 20);
    const pump = setInterval(
      () =>
        bindings.notifyValue('c0ffee000001', WITMOTION_EMULATED.service, WITMOTION_EMULATED.notify, packet),
      40,
    );
    const io = capture();
    try {
      expect(await command.run(['--sensor', 'WT901BLE68', '--seconds', '0.6', '--out', 'x.csv'], io)).toBe(0);
    } finally {
      clearInterval(pump);
    }
    expect(io.err()).toMatch(/\[sensor\] Connecting to WT901BLE68/);
    expect(io.err()).toMatch(/\[sensor\] WT901BLE68 streaming/);
    expect(io.err()).toMatch(/\[sensor\] battery 77%/);
    const samples = parseSamplesCsv(formatCanonicalCsv(got));
    expect(samples.length).toBeGreaterThan(20);
    expect(samples[1]?.ay).toBeCloseTo(0.01, 3);
    for (let i = 1; i < samples.length; i++)
      expect(samples[i]?.t).toBeGreaterThan(samples[i - 1]?.t ?? Infinity);
    expect(io.out()).toMatch(/recorded \d+ samples .* from WT901BLE68, 0 reps, 0 rushed; saved x\.csv/);
    expect(bindings.isConnected('c0ffee000001')).toBe(false);
  });

  it('says so when the requested sensor is not around', async () => {
    const bindings = new EmulatedBindings();
    const loadCentral = (): Promise<LoadCentralResult> =>
      Promise.resolve({ kind: 'ok', central: createNobleCentral(nobleWithBindings(bindings), 'linux') });
    const io = capture();
    const command = createRecordCommand({ loadCentral, findTimeoutMs: 30 });
    expect(await command.run(['--sensor', 'c0ffee000001'], io)).toBe(1);
    expect(io.err()).toMatch(/no sensor "c0ffee000001" found/);
  });
});

describe('record text lines', () => {
  it("says how many of a set's reps were estimated from the lifts", () => {
    const rep = (estimated: boolean): RepMetrics =>
      laidOutRep(1, 0, { eccS: 3, bottomS: 1, conS: 1, topS: 1 }, 0, {
        tempo: '3.0-1.0-1.0-1.0',
        ...(estimated ? { estimated: true as const } : {}),
      });
    const summary = {
      repCount: 2,
      eccentricMeanS: 3,
      eccentricSdS: 0,
      eccentricCv: 0,
      eccentricTrendSPerRep: 0,
      rushedCount: 0,
      adherence: null,
      velocityLossPct: 0,
    };
    const ended = (reps: RepMetrics[]): EngineEvent => ({
      type: 'set-ended',
      set: { index: 1, startS: 0, endS: 8, reps, summary },
      committedAtS: 20,
    });
    expect(describeEvent(ended([rep(false), rep(true)]))).toBe(
      'set 1 ended: 2 reps (1 estimated), 0 rushed, eccentric 3.0 s mean',
    );
    expect(describeEvent(ended([rep(false), rep(false)]))).toBe(
      'set 1 ended: 2 reps, 0 rushed, eccentric 3.0 s mean',
    );
  });
});
