import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Sample } from '../../../src/shared/engine/types';
import type { SessionData } from '../../../src/shared/session/types';
import { defaultScenario, simulateSession } from '../../../src/shared/sim';
import { parseTempo } from '../../../src/shared/tempo/parse';

/** A temp folder removed after the file's tests; path(name) gives a file path inside it. */
export function tempDir(prefix = 'bartempo-storage-'): { dir: string; path: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, path: (name) => join(dir, name) };
}

const cache = new Map<number, Sample[]>();

/** One simulated squat set session (seed-determined), with gyroscope; cached per seed. */
export function simulatedSamples(seed = 3, sets = 1): Sample[] {
  const key = seed * 100 + sets;
  let samples = cache.get(key);
  if (!samples) {
    const scenario = defaultScenario('squat', { sets, repsPerSet: 5, prescription: parseTempo('3-1-X-0') });
    samples = simulateSession(scenario, seed).samples;
    cache.set(key, samples);
  }
  return samples;
}

export function sessionData(
  overrides: Partial<SessionData['info']> = {},
  samples = simulatedSamples(),
): SessionData {
  return {
    info: {
      startedAt: '2025-03-01T10:00:00.000Z',
      endedAt: '2025-03-01T10:05:00.000Z',
      name: 'Heavy day',
      athlete: 'Ana',
      exercise: 'squat',
      load: { value: 102.5, unit: 'kg' },
      sensor: 'simulated lifter',
      notes: 'felt good',
      status: 'complete',
      ...overrides,
    },
    scoring: { tempo: '3-1-X-0', tolerance: 0.8 },
    setInfo: [{ index: 1, exercise: 'pause squat', load: { value: 225, unit: 'lb' }, notes: 'belt' }],
    samples,
    dropouts: [{ startS: 12.5, endS: 13.25 }],
  };
}
