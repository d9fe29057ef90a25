/**
 * The history channels end to end in Node: the real router (sender gate, guards), handlers, HistoryService
 * and a real SQLite database in a temp folder; exports read back (pdftotext for the PDF).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fake, fakeInvokeEvent, resetFakeElectron } from '../../fakes/electron';
import { sessionData, simulatedSamples, tempDir } from '../storage/helpers';
import { SessionStore } from '../../../src/main/storage';
import type { SessionReview } from '../../../src/shared/ipc/contract';
import type { RepCurve } from '../../../src/shared/engine/curves';
import type { SessionSummary } from '../../../src/shared/session/types';

vi.mock('electron', async () => (await import('../../fakes/electron')).electronModule);

const { createIpcRouter } = await import('../../../src/main/ipc/router');
const { createAppUrlPolicy } = await import('../../../src/main/ipc/app-url');
const { registerHandlers } = await import('../../../src/main/ipc/handlers');
const { HistoryService, suggestedFileName } = await import('../../../src/main/history/history-service');

const APP = 'app://bartempo/index.html';
const { path } = tempDir('bartempo-history-');
const hasPdftotext = existsSync('/usr/bin/pdftotext');

describe('history channels', () => {
  let store: SessionStore;
  let id: number;
  let savePath: string | null = null;
  let openPath: string | null = null;
  const suggested: string[] = [];
  const call = <T>(channel: string, ...args: unknown[]) =>
    fake.ipcMain.invoke(channel, fakeInvokeEvent({ url: APP }), ...args) as Promise<T>;

  beforeAll(() => {
    resetFakeElectron();
    store = SessionStore.open(path('history.sqlite'));
    id = store.importSession(sessionData({ athlete: 'Ana Quist' }, simulatedSamples(3, 2)));
    store.importSession(
      sessionData({ startedAt: '2025-01-01T08:00:00.000Z', athlete: 'Ben', exercise: 'bench', name: null }),
    );
    const router = createIpcRouter({
      ipc: fake.ipcMain,
      isAppUrl: createAppUrlPolicy(),
      log: () => undefined,
    });
    const history = new HistoryService({
      store,
      chooseSavePath: async (name) => {
        suggested.push(name);
        return savePath;
      },
      chooseOpenPath: async () => openPath,
    });
    registerHandlers(router, {
      history,
      session: {} as never,
      sensors: {} as never,
      appInfo: () => ({
        name: '',
        version: '',
        platform: '',
        versions: { electron: '', chrome: '', node: '' },
      }),
    });
  });

  it('lists newest first and filters by athlete, exercise and date', async () => {
    const all = await call<SessionSummary[]>('history:list', {});
    expect(all.map((s) => s.athlete)).toEqual(['Ana Quist', 'Ben']);
    expect(await call<SessionSummary[]>('history:list', { athlete: 'ben' })).toHaveLength(1);
    expect(await call<SessionSummary[]>('history:list', { exercise: 'bench' })).toHaveLength(1);
    expect(
      await call<SessionSummary[]>('history:list', { from: '2025-02-01T00:00:00.000Z' }).then((l) =>
        l.map((s) => s.id),
      ),
    ).toEqual([id]);
  });

  it('opens a review with every set’s figures, and a rep’s curve from the same analysis', async () => {
    const review = await call<SessionReview>('history:open', { id });
    expect(review.summary.id).toBe(id);
    expect(review.info.athlete).toBe('Ana Quist');
    expect(review.report.sets.length).toBe(2);
    expect(review.report.prescription?.tempo).toBe('3-1-X-0');
    const rep = review.report.sets[1]!.reps[0]!;
    const curve = await call<RepCurve>('history:rep-curve', { id, setIndex: 2, repIndex: rep.index });
    expect(curve.tS.length).toBeGreaterThan(10);
    expect(curve.phases.eccentric.endS - curve.phases.eccentric.startS).toBeCloseTo(
      rep.durationsS.eccentric,
      6,
    );
    expect(await call('history:rep-curve', { id, setIndex: 9, repIndex: 1 })).toBeNull();
  });

  it('re-analyses with another prescription: stored, and the figures change', async () => {
    const before = await call<SessionReview>('history:open', { id });
    const after = await call<SessionReview>('history:reanalyze', { id, tempo: '6-1-x-0', tolerance: 0.9 });
    expect(after.scoring).toEqual({ tempo: '6-1-X-0', tolerance: 0.9 });
    expect(after.report.prescription?.eccentricBand).toEqual({ lowS: 5.4, targetS: 6 });
    expect(after.report.rushedCount).toBeGreaterThan(before.report.rushedCount);
    expect(store.summary(id).tempo).toBe('6-1-X-0');
    // The curve still comes (the re-analysis kept them).
    const rep = after.report.reps[0]!;
    expect(
      await call('history:rep-curve', { id, setIndex: rep.setIndex, repIndex: rep.index }),
    ).not.toBeNull();
    await expect(call('history:reanalyze', { id, tempo: '3-1-X', tolerance: 0.8 })).rejects.toThrow(
      /history:reanalyze: .*four parts/,
    );
  });

  it('renames, annotates and relabels', async () => {
    const s = await call<SessionSummary>('history:update', {
      id,
      name: 'Deload',
      notes: 'easy',
      athlete: 'Ana',
    });
    expect(s.name).toBe('Deload');
    expect(s.athlete).toBe('Ana');
    expect(store.loadSession(id).data.info.notes).toBe('easy');
  });

  it.skipIf(!hasPdftotext)('exports a PDF where the dialog says; cancelled writes nothing', async () => {
    savePath = path('out.pdf');
    expect(await call('history:export', { id, format: 'pdf' })).toEqual({ path: savePath });
    expect(suggested[0]).toBe('2025-03-01 Deload squat report.pdf');
    const text = execFileSync('pdftotext', [savePath, '-'], { encoding: 'utf8' });
    expect(text).toContain('Ana');
    expect(text).toContain('6-1-X-0');
    savePath = null;
    expect(await call('history:export', { id, format: 'csv' })).toEqual({ cancelled: true });
  });

  it('exports JSON that imports back (by path, or through the open dialog)', async () => {
    savePath = path('s.json');
    await call('history:export', { id, format: 'json' });
    const imported = await call<{ summary: SessionSummary }>('history:import', { path: savePath });
    expect(imported.summary).toMatchObject({ athlete: 'Ana', name: 'Deload', tempo: '6-1-X-0' });
    expect(imported.summary.id).not.toBe(id);
    openPath = null;
    expect(await call('history:import', {})).toEqual({ cancelled: true });
    // A broken file: one clear line, nothing stored.
    const bad = path('bad.json');
    writeFileSync(bad, '{"format": "bartempo-session", "version": 1');
    openPath = bad;
    const count = store.listSessions().length;
    await expect(call('history:import', {})).rejects.toThrow(/bad\.json|JSON/);
    expect(store.listSessions()).toHaveLength(count);
    expect(readFileSync(bad, 'utf8')).toContain('bartempo-session');
  });

  it('deletes; a missing session is one clear StorageError line', async () => {
    await call('history:delete', { id });
    await expect(call('history:open', { id })).rejects.toThrow(new RegExp(`session ${id}`));
    await expect(call('history:delete', { id })).rejects.toThrow(/StorageError|no session|not found/i);
  });

  it('refuses a foreign sender and bad arguments before the store is touched', async () => {
    const spy = vi.spyOn(store, 'deleteSession');
    const evil = fakeInvokeEvent({ url: 'https://evil.example/' });
    await expect(fake.ipcMain.invoke('history:delete', evil, { id: 2 })).rejects.toThrow(/untrusted sender/);
    await expect(call('history:delete', { id: 1.5 })).rejects.toThrow(/"id" must be a whole number/);
    await expect(call('history:delete', { id: 2 }, 'x')).rejects.toThrow(/at most 1 argument/);
    expect(spy).not.toHaveBeenCalled();
  });

  it('suggests a file name without path separators', () => {
    const s = store.listSessions()[0]!;
    expect(suggestedFileName({ ...s, name: 'a/b:c', exercise: null }, 'csv')).toMatch(
      /^\d{4}-\d\d-\d\d a-b-c reps\.csv$/,
    );
  });
});
