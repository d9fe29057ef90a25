import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/main/storage';
import { formatCanonicalCsv } from '../../src/shared/io/csv';
import { formatSessionFile } from '../../src/shared/session/file';
import { analyzeSession } from '../../src/shared/session/analyze-session';
import { sessionData, simulatedSamples, tempDir } from '../main/storage/helpers';
import { run } from './helpers';

const { path } = tempDir('bartempo-sessions-files-');
const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

function sessionCount(db: string): number {
  const store = SessionStore.open(db);
  try {
    return store.listSessions().length;
  } finally {
    store.close();
  }
}

describe('bartempo sessions import / export, report <id>', () => {
  it('a session file goes through the database and comes back byte for byte', async () => {
    const db = path('roundtrip.sqlite');
    const original = path('original.json');
    const data = sessionData();
    writeFileSync(original, formatSessionFile(data, analyzeSession(data)));

    const imported = await run('sessions', 'import', original, '--db', db, '--json');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const { id, status, reps } = JSON.parse(imported.stdout) as { id: number; status: string; reps: number };
    expect(status).toBe('complete');
    expect(reps).toBeGreaterThan(0);

    const exported = path('exported.json');
    expect((await run('sessions', 'export', String(id), '--out', exported, '--db', db)).code).toBe(0);
    expect(readFileSync(exported, 'utf8')).toBe(readFileSync(original, 'utf8'));

    // Export refuses to overwrite without --force, and leaves the file as it was.
    const again = await run('sessions', 'export', String(id), '--out', exported, '--db', db);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists/);
    expect(readFileSync(exported, 'utf8')).toBe(readFileSync(original, 'utf8'));
  });

  it('imports a CSV recording with its labels and tempo, and reports it from the database', async () => {
    const db = path('csv.sqlite');
    const csv = path('squat.csv');
    writeFileSync(csv, formatCanonicalCsv(simulatedSamples()));
    const imported = await run(
      'sessions',
      'import',
      csv,
      '--db',
      db,
      '--json',
      '--tempo',
      '3-1-X-0',
      '--athlete',
      'Ada',
      '--exercise',
      'Back squat',
      '--load',
      '100kg',
    );
    expect(imported.code).toBe(0);
    const summary = JSON.parse(imported.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      athlete: 'Ada',
      exercise: 'Back squat',
      load: { value: 100, unit: 'kg' },
      tempo: '3-1-X-0',
    });

    const reps = path('reps.csv');
    const report = await run('report', String(summary.id), '--db', db, '--out', reps);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const rows = readFileSync(reps, 'utf8').trim().split('\n');
    expect(rows.length - 1).toBe(summary.reps);
    expect(rows[1]).toContain('Back squat');
  });

  it.skipIf(!hasPdftotext)('exports a PDF whose text holds the session (needs pdftotext)', async () => {
    const db = path('pdf.sqlite');
    const file = path('pdf-source.json');
    const data = sessionData({ athlete: 'Ana Lopez' });
    writeFileSync(file, formatSessionFile(data, analyzeSession(data)));
    const { stdout } = await run('sessions', 'import', file, '--db', db, '--json');
    const { id } = JSON.parse(stdout) as { id: number };
    const pdf = path('report.pdf');
    expect((await run('sessions', 'export', String(id), '--out', pdf, '--db', db)).code).toBe(0);
    const text = execFileSync('pdftotext', [pdf, '-']).toString();
    expect(text).toContain('Ana Lopez');
    expect(text).toContain('3-1-X-0');
  });

  it('refuses a broken file, an unknown id and a bad output with one line, storing nothing', async () => {
    const db = path('refuse.sqlite');
    const broken = path('broken.json');
    const data = sessionData();
    writeFileSync(broken, formatSessionFile(data, analyzeSession(data)).slice(0, 5000));
    const bad = await run('sessions', 'import', broken, '--db', db);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(sessionCount(db)).toBe(0);

    const missing = await run('report', '99', '--db', db, '--out', path('none.pdf'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/99/);
    expect(existsSync(path('none.pdf'))).toBe(false);

    const badExt = await run('sessions', 'export', '1', '--out', path('x.txt'), '--db', db);
    expect(badExt.code).toBe(1);
    expect(badExt.stderr).toMatch(/\.txt|extension/);

    const csvFlag = await run('report', '1', '--db', db, '--no-header', '--out', path('y.pdf'));
    expect(csvFlag.code).toBe(2);
    expect(csvFlag.stderr).toMatch(/--no-header applies to CSV recordings/);
  });
});
