import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../../src/cli/commands/decode';
import { UsageError, type CliIo } from '../../src/cli/types';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Calls the command directly (registration in src/cli/commands/index.ts is the lead's). */
async function decode(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) };
  const code = await decodeCommand.run(args, io);
  return { code, stdout, stderr };
}

const json = (r: Run) => JSON.parse(r.stdout) as { samples: Record<string, number>[]; lostPackets?: number };

describe('bartempo decode', () => {
  it('decodes a MetaMotion single sample at +-4 g (PROTOCOLS.md §3)', async () => {
    const r = await decode('--sensor', 'metamotion', '--range', '4', '03 04 16 c4 94 a2 2a d0');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const [s] = json(r).samples;
    expect(s?.ax).toBeCloseTo(-1.872, 3);
    expect(s?.ay).toBeCloseTo(-2.919, 3);
    expect(s?.az).toBeCloseTo(-1.495, 3);
    expect(Object.keys(s ?? {})).toEqual(['ax', 'ay', 'az']);
  });

  it('keeps state across notifications in order (Polar timestamps) and tolerates colons', async () => {
    const raw = '02:00:94:35:77:00:00:00:00:01:F7:FF:FF:FF:E7:03:F8:FF:FE:FF:E5:03';
    const delta = '02 00 ee 97 79 00 00 00 00 81 F1 FF 14 00 F0 03 06 01 7B 0F 08';
    const r = await decode('--sensor', 'polar', '--rate', '200', raw, delta);
    expect(r.code).toBe(0);
    const samples = json(r).samples;
    expect(samples).toHaveLength(4);
    expect(samples[0]).toEqual({ ax: -0.009, ay: -0.001, az: 0.999, t: 1.995 });
    expect(samples[1]?.t).toBe(2);
    expect(samples[2]).toMatchObject({ ax: -0.015, ay: 0.02, az: 1.008 });
    expect(samples[3]).toEqual({ ax: -0.02, ay: 0.017, az: 1.008, t: 2.04 });
  });

  it('prints gyro for WitMotion and lostPackets for the open profile', async () => {
    const wit = await decode('--sensor', 'witmotion', '5561fcffefff110800000000000098ff0d00f831');
    expect(json(wit).samples[0]).toMatchObject({ gx: 0, gy: 0, gz: 0 });
    const open = await decode(
      '--sensor',
      'open',
      'b1 02 07 00 40 e2 01 00 10 27 08 01 00 00 00 00 00 10',
      'b1 02 0a 00 40 e2 01 00 10 27 08 01 00 00 00 00 00 10',
    );
    expect(open.code).toBe(0);
    expect(json(open)).toEqual({
      samples: [
        { ax: 0, ay: 0, az: 1, t: 123.456 },
        { ax: 0, ay: 0, az: 1, t: 123.456 },
      ],
      lostPackets: 2,
    });
  });

  it('prints command replies under "control"', async () => {
    const r = await decode('--sensor', 'metamotion', '--range', '8', '03 80 04 00');
    expect(JSON.parse(r.stdout)).toEqual({
      samples: [],
      control: [{ kind: 'metamotion-chip', chip: 'bmi270', code: 4 }],
    });
  });

  it('rejects the whole run when one notification is malformed: reasons on stderr, nothing on stdout, exit 1', async () => {
    const r = await decode('--sensor', 'thingy', 'FAFF F4FF F603 0000 0000 0000 0000 0000 0000', 'FAFF F4FF');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'notification 2 (fa ff f4 ff): raw motion notification of 4 bytes is not a multiple of 18',
    );
    expect(r.stderr).toContain('rejected, nothing printed');
  });

  it('rejects non-hex and odd-length input with exit 1', async () => {
    const r = await decode('--sensor', 'witmotion', 'zz11', '123');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('notification 1 is not valid hex (characters other than 0-9');
    expect(r.stderr).toContain('notification 2 is not valid hex (odd number of hex digits (3))');
  });

  it('reports a Movesense DATA left waiting for its DATA_PART2 at the end of input', async () => {
    const r = await decode('--sensor', 'movesense', '02 63 00 00 00 00 01 02 03');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('end of input: DATA of 9 bytes is not a whole number of imu6 samples');
  });

  it('throws UsageError (exit 2 via main) for command-line mistakes', async () => {
    const cases: string[][] = [
      [],
      ['--sensor', 'polar'],
      ['--sensor', 'fitbit', '00'],
      ['--sensor', 'metamotion', '03 04 00 00 00 00 00 00'],
      ['--sensor', 'metamotion', '--range', '3', '00'],
      ['--sensor', 'witmotion', '--range', '8', '00'],
      ['--sensor', 'polar', '--rate', '-5', '00'],
      ['--sensor', 'polar', '--factor', 'x', '00'],
      ['--sensor', 'polar', '--factor', '0', '00'],
      ['--sensor', 'polar', '--factor', '-1', '00'],
      ['--sensor', 'movesense', '--measurement', 'imu9', '00'],
      ['--sensor', 'open', '--bogus', '00'],
    ];
    for (const args of cases) await expect(decode(...args), args.join(' ')).rejects.toThrow(UsageError);
  });

  it('refuses --factor 0 clearly (it zeroed every reading)', async () => {
    await expect(decode('--sensor', 'polar', '--factor', '0', '00')).rejects.toThrow(
      '--factor must be a positive number (got "0")',
    );
  });

  it('has usage text naming every family and option', () => {
    for (const word of [
      'witmotion',
      'polar',
      'metamotion',
      'movesense',
      'thingy',
      'open',
      '--range',
      '--chip',
      '--rate',
      '--factor',
      '--measurement',
    ]) {
      expect(decodeCommand.usage).toContain(word);
    }
  });
});

describe('decode usage examples', () => {
  it('every example in the help text decodes without error', async () => {
    const examples = decodeCommand.usage
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('bartempo decode '));
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const args = (example.slice('bartempo decode '.length).match(/"[^"]*"|\S+/g) ?? []).map((a) =>
        a.replace(/^"|"$/g, ''),
      );
      const r = await decode(...args);
      expect({ example, code: r.code, err: r.stderr }).toEqual({ example, code: 0, err: '' });
      expect(json(r).samples.length).toBeGreaterThan(0);
    }
  });
});
