import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/main/storage';
import { analyzeSamples } from '../../src/shared/engine/analyze';
import { parseTempo } from '../../src/shared/tempo/parse';
import { toReportJson } from '../../src/shared/report/report-json';
import { sessionData, tempDir } from '../main/storage/helpers';
import { run } from './helpers';

const { path } = tempDir('bartempo-sessions-');

/** A database with two imported sessions (Ana's squat in January, Ben's bench in February). */
function seeded(name: string): { db: string; ana: number; ben: number } {
  const db = path(name);
  const store = SessionStore.open(db);
  const ana = store.importSession(sessionData({ startedAt: '2025-01-10T08:00:00.000Z', athlete: 'Ana' }));
  const ben = store.importSession(
    sessionData({ startedAt: '2025-02-10T08:00:00.000Z', athlete: 'Ben', exercise: 'bench', name: null }),
  );
  store.close();
  return { db, ana, ben };
}

describe('bartempo sessions', () => {
  it('list --json: the contract fields first, newest first, filtered', async () => {
    const { db, ana, ben } = seeded('list.sqlite');
    const all = await run('sessions', 'list', '--db', db, '--json');
    expect(all.code).toBe(0);
    expect(all.stderr).toBe('');
    const list = JSON.parse(all.stdout) as Record<string, unknown>[];
    expect(list.map((s) => s.id)).toEqual([ben, ana]);
    expect(Object.keys(list[0]!).slice(0, 7)).toEqual([
      'id',
      'startedAt',
      'durationS',
      'samples',
      'sets',
      'reps',
      'status',
    ]);
    expect(list[0]).toMatchObject({ status: 'complete', athlete: 'Ben', exercise: 'bench' });
    expect(list[0]!.reps).toBeGreaterThan(0);
    const byAthlete = JSON.parse(
      (await run('sessions', 'list', '--db', db, '--json', '--athlete', 'ana')).stdout,
    );
    expect(byAthlete.map((s: { id: number }) => s.id)).toEqual([ana]);
    const byExercise = JSON.parse(
      (await run('sessions', 'list', '--db', db, '--json', '--exercise', 'bench')).stdout,
    );
    expect(byExercise.map((s: { id: number }) => s.id)).toEqual([ben]);
    const january = JSON.parse(
      (await run('sessions', 'list', '--db', db, '--json', '--from', '2025-01-01', '--to', '2025-01-31'))
        .stdout,
    );
    expect(january.map((s: { id: number }) => s.id)).toEqual([ana]);
    const text = await run('sessions', 'list', '--db', db);
    expect(text.stdout.split('\n')[0]).toMatch(/^id\s+started\s+length\s+sets\s+reps\s+status/);
    expect(text.stdout).toContain('Heavy day');
    expect((await run('sessions', 'list', '--db', db, '--from', '2025-02-30')).code).toBe(2);
  });

  it('recovers an interrupted session first and says so on stderr', async () => {
    const db = path('recover.sqlite');
    const store = SessionStore.open(db);
    // Left `recording` by a recorder that is gone (this process never recorded it).
    const id = store.createSession({ sensor: 'simulated lifter', scoring: { tempo: null, tolerance: 0.8 } });
    store.close();
    const result = await run('sessions', 'list', '--db', db, '--json');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`^recovered session ${id} \\(started .*, interrupted at .*\\): 0 samples`),
    );
    expect(JSON.parse(result.stdout)[0].status).toBe('recovered');
    expect((await run('sessions', 'list', '--db', db)).stderr).toBe('');
  });

  it('show prints the metadata and the sets, or the analyze --json document', async () => {
    const { db, ana } = seeded('show.sqlite');
    const text = await run('sessions', 'show', String(ana), '--db', db);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^session \d+ "Heavy day": complete\n/);
    expect(text.stdout).toContain('athlete Ana, exercise squat, load 102.5 kg');
    expect(text.stdout).toContain('set 1: pause squat, 225 lb, notes: belt');
    expect(text.stdout).toContain('tempo: 3-1-X-0 (tolerance 0.8)');
    expect(text.stdout).toMatch(/Set 1: .* reps/);
    const json = JSON.parse((await run('sessions', 'show', String(ana), '--db', db, '--json')).stdout);
    const data = sessionData();
    expect(json.report).toEqual(
      toReportJson(analyzeSamples(data.samples, { prescription: parseTempo('3-1-X-0') })),
    );
    expect(json.info.athlete).toBe('Ana');
    const missing = await run('sessions', 'show', '999', '--db', db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^bartempo: no session 999 in .*show\.sqlite\n$/);
  });

  it('rename, notes, reanalyze and delete', async () => {
    const { db, ana } = seeded('edit.sqlite');
    const id = String(ana);
    expect((await run('sessions', 'rename', id, 'Test day', '--db', db)).stdout).toBe(
      `session ${id} is now "Test day"\n`,
    );
    expect((await run('sessions', 'notes', id, 'knees in', '--db', db)).code).toBe(0);
    expect((await run('sessions', 'notes', id, 'last rep slow', '--set', '1', '--db', db)).code).toBe(0);
    const shown = (await run('sessions', 'show', id, '--db', db)).stdout;
    expect(shown).toContain('"Test day"');
    expect(shown).toContain('notes: knees in');
    expect(shown).toContain('notes: last rep slow');

    const re = await run('sessions', 'reanalyze', id, '--tempo', '6-1-X-0', '--tolerance', '0.9', '--db', db);
    expect(re.code).toBe(0);
    const m = /re-analysed against 6-1-X-0 \(tolerance 0\.9\): (\d+) sets, (\d+) reps, (\d+) rushed/.exec(
      re.stdout,
    );
    expect(m).not.toBeNull();
    expect(Number(m![3])).toBe(Number(m![2]));
    const list = JSON.parse((await run('sessions', 'list', '--db', db, '--json')).stdout);
    expect(list.find((s: { id: number }) => s.id === ana).tempo).toBe('6-1-X-0');
    expect((await run('sessions', 'reanalyze', id, '--db', db)).code).toBe(2);

    const deleted = await run('sessions', 'delete', id, '--db', db);
    expect(deleted.stdout).toMatch(
      new RegExp(
        `^deleted session ${id} \\(started 2025-01-10T08:00:00.000Z\\): \\d+ samples, \\d+ sets, \\d+ reps\\n$`,
      ),
    );
    expect((await run('sessions', 'show', id, '--db', db)).code).toBe(1);
  });

  it('refuses a file that is not a BarTempo database and leaves it as it was', async () => {
    const db = path('other.txt');
    writeFileSync(db, 'hello');
    const result = await run('sessions', 'list', '--db', db);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^bartempo: .*other\.txt is not a BarTempo database \(not an SQLite file\); it was left as it is\n$/,
    );
    expect(readFileSync(db, 'utf8')).toBe('hello');
  });

  it('says which subcommands exist', async () => {
    expect((await run('sessions')).code).toBe(2);
    const unknown = await run('sessions', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /Unknown sessions subcommand "frobnicate" \(list, show, rename, notes, reanalyze, delete, import, export\)/,
    );
    const help = await run('sessions', '--help');
    expect(help.stdout).toMatch(/show <id>/);
  });
});
