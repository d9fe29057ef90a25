import { describe, expect, it } from 'vitest';
import {
  checkResponse,
  normalizeUuid,
  parseHex,
  probeScript,
  NUS_SERVICE_UUID,
  NUS_TX_UUID,
  POLAR_PMD_SERVICE_UUID,
  recognizeFamily,
  sameUuid,
  SENSOR_FAMILIES,
  setupScript,
  teardownScript,
  WITMOTION_SERVICE_UUID,
  type SetupStep,
} from '../../../src/shared/sensors';

describe('normalizeUuid (PROTOCOLS.md §0)', () => {
  it('expands 16/32-bit UUIDs to the SIG base and lowercases/strips dashes', () => {
    const battery = '0000180f00001000800000805f9b34fb';
    for (const form of [
      '180f',
      '180F',
      '0x180f',
      '0000180f',
      '0000180F-0000-1000-8000-00805F9B34FB',
      battery,
    ]) {
      expect(normalizeUuid(form)).toBe(battery);
    }
    expect(normalizeUuid('6E400001-B5A3-F393-E0A9-E50E24DCCA9E')).toBe(NUS_SERVICE_UUID);
    expect(normalizeUuid('6e400003-b5a3-f393-e0a9-e50e24dcca9e')).toBe(NUS_TX_UUID);
    expect(normalizeUuid('fb005c80-02e7-f387-1cad-8acd2d8df0c8')).toBe(POLAR_PMD_SERVICE_UUID);
    for (const bad of ['', 'xyz', '180', '12345', 'g000180f']) expect(normalizeUuid(bad)).toBeUndefined();
  });

  it('keeps the WitMotion 9a base distinct from the SIG base: ffe5 alone is not WitMotion', () => {
    expect(normalizeUuid('0000ffe5-0000-1000-8000-00805f9a34fb')).toBe(WITMOTION_SERVICE_UUID);
    expect(sameUuid('ffe5', '0000ffe5-0000-1000-8000-00805f9a34fb')).toBe(false);
    expect(sameUuid('2A19', '00002a19-0000-1000-8000-00805f9b34fb')).toBe(true);
  });
});

describe('recognizeFamily', () => {
  const cases: [string, Parameters<typeof recognizeFamily>[0], string | undefined][] = [
    ['WitMotion 128-bit, noble form', { serviceUuids: ['0000ffe500001000800000805f9a34fb'] }, 'witmotion'],
    [
      'WitMotion with dashes, upper case',
      { serviceUuids: ['0000FFE5-0000-1000-8000-00805F9A34FB'] },
      'witmotion',
    ],
    ['WitMotion by name', { name: 'WT901BLE68', serviceUuids: [] }, 'witmotion'],
    ['WitMotion WT9011DCL by name', { name: 'WT9011DCL' }, 'witmotion'],
    ['SIG ffe5 is not WitMotion', { serviceUuids: ['ffe5'] }, undefined],
    ['Polar PMD', { serviceUuids: ['180d', 'FB005C80-02E7-F387-1CAD-8ACD2D8DF0C8'] }, 'polar'],
    [
      'Polar H10 by name, battery only',
      { name: 'Polar H10 1A2B3C4D', serviceUuids: ['180f', '180d'] },
      'polar',
    ],
    ['MetaMotion', { serviceUuids: ['326a900085cb9195d9dd464cfbbae75a'] }, 'metamotion'],
    ['MetaWear by name', { name: 'MetaWear' }, 'metamotion'],
    ['Movesense GSP', { serviceUuids: ['34802252-7185-4d5d-b431-630e7050e8f0'] }, 'movesense'],
    ['Movesense fdf3 [U]', { serviceUuids: ['fdf3'] }, 'movesense'],
    ['Movesense FDF3 full', { serviceUuids: ['0000FDF3-0000-1000-8000-00805F9B34FB'] }, 'movesense'],
    ['Movesense by name', { name: 'Movesense 223430000123', serviceUuids: ['180f'] }, 'movesense'],
    ['Thingy motion', { serviceUuids: ['ef6804009b3549339b1052ffa9740042'] }, 'thingy'],
    [
      'Thingy advertised config service',
      { serviceUuids: ['EF680100-9B35-4933-9B10-52FFA9740042'] },
      'thingy',
    ],
    ['Thingy by name', { name: 'Thingy' }, 'thingy'],
    ['NUS', { serviceUuids: ['6e400001b5a3f393e0a9e50e24dcca9e'] }, 'open'],
    ['BarTempo by name', { name: 'BarTempo-1A2B' }, 'open'],
    ['battery only', { serviceUuids: ['180f'] }, undefined],
    ['nothing', {}, undefined],
    ['junk uuids', { serviceUuids: ['not-a-uuid', ''] }, undefined],
  ];
  it.each(cases)('%s', (_label, ad, family) => {
    expect(recognizeFamily(ad)).toBe(family);
  });

  it('prefers a service match over a misleading name', () => {
    expect(
      recognizeFamily({ name: 'Polar-ish WT1', serviceUuids: ['326a9000-85cb-9195-d9dd-464cfbbae75a'] }),
    ).toBe('metamotion');
  });
});

describe('setup scripts as data', () => {
  const options = { chip: 'bmi160' as const };
  const uuidOk = (u: string) => /^[0-9a-f]{32}$/.test(u);
  const targets = (steps: SetupStep[]) =>
    steps.flatMap((s) =>
      ('target' in s ? [s.target] : []).concat(
        s.kind === 'write' && s.awaitResponse ? [s.awaitResponse.from] : [],
      ),
    );

  it.each(SENSOR_FAMILIES)('%s: normalised UUIDs, positive timeouts, teardown unsubscribes', (family) => {
    const setup = setupScript(family, options);
    const teardown = teardownScript(family, options);
    expect(setup.length).toBeGreaterThan(0);
    for (const t of targets([...setup, ...teardown])) {
      expect(uuidOk(t.service) && uuidOk(t.characteristic)).toBe(true);
    }
    for (const s of [...setup, ...teardown]) expect(s.timeoutMs).toBeGreaterThan(0);
    expect(setup.some((s) => s.kind === 'subscribe')).toBe(true);
    expect(teardown.some((s) => s.kind === 'unsubscribe')).toBe(true);
  });

  it('probeScript: MetaMotion chip check, nothing for the others', () => {
    expect(probeScript('metamotion').map((s) => s.kind)).toEqual(['subscribe', 'write']);
    expect(probeScript('polar')).toEqual([]);
  });

  it('checkResponse matches prefixes, status and flags', () => {
    expect(checkResponse({ prefix: [1, 2] }, Uint8Array.of(1))).toBe('no-match');
    expect(checkResponse({ prefix: [1, 2] }, Uint8Array.of(1, 2, 9))).toBe('ok');
    expect(checkResponse({ prefix: [1], status: { index: 5, oneOf: [0] } }, Uint8Array.of(1, 0))).toBe(
      'failed',
    );
    expect(checkResponse({ prefix: [], flag: { index: 0, mask: 4 } }, Uint8Array.of(4))).toBe('ok');
  });
});

describe('parseHex', () => {
  it('tolerates spaces, colons, dashes and 0x; reports bad input as a string', () => {
    expect(parseHex('0x03:04-16 c4')).toEqual(Uint8Array.of(3, 4, 0x16, 0xc4));
    expect(parseHex('')).toEqual(new Uint8Array(0));
    expect(parseHex('abc')).toBe('odd number of hex digits (3)');
    expect(parseHex('zz')).toMatch(/characters other than/);
  });
});
