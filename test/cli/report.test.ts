import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalyzeReportJson } from '../../src/shared/report/report-json';
import { formatCanonicalCsv } from '../../src/shared/io/csv';
import { parseSessionFile } from '../../src/shared/session/file';
import { simulatedSessionData } from '../shared/session/sessions';
import { run, tempFiles } from './helpers';

const write = tempFiles();
const session = simulatedSessionData({ sets: 2, repsPerSet: 3 });
const csv = write('squat.csv', formatCanonicalCsv(session.samples));
const outDir = dirname(csv);
const out = (name: string): string => resolve(outDir, name);

describe('bartempo report', () => {
  it('writes each format from a CSV, with the session details given on the command line', async () => {
    const r = await run(
      'report',
      csv,
      '--tempo',
      '3-1-X-1',
      '--athlete',
      'Ada',
      '--exercise',
      'Squat',
      '--load',
      '225lb',
      '--out',
      out('s.json'),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*s\.json \(json, 2 sets, 6 reps, \d+ bytes\)\n$/);
    const data = parseSessionFile(readFileSync(out('s.json'), 'utf8'));
    expect(data.info).toMatchObject({
      athlete: 'Ada',
      exercise: 'Squat',
      load: { value: 225, unit: 'lb' },
      sensor: 'import: squat.csv',
      status: 'complete',
    });
    expect(data.scoring).toEqual({ tempo: '3-1-X-1', tolerance: 0.8 });
    expect(data.samples).toHaveLength(session.samples.length);
    for (const name of ['r.html', 'reps.csv', 'r.pdf']) {
      expect((await run('report', csv, '--out', out(name))).code).toBe(0);
    }
    expect(readFileSync(out('reps.csv'), 'utf8').trim().split('\n')).toHaveLength(7);
  });

  it('reads a session file back, keeps its scoring unless --tempo is given, and analyze reads it too', async () => {
    expect((await run('report', out('s.json'), '--out', out('again.json'))).code).toBe(0);
    expect(readFileSync(out('again.json'), 'utf8')).toBe(readFileSync(out('s.json'), 'utf8'));
    const a = await run('analyze', out('s.json'), '--json');
    const b = await run('analyze', csv, '--tempo', '3-1-X-1', '--json');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const doc = JSON.parse(a.stdout) as AnalyzeReportJson;
    expect(doc.sets.flatMap((s) => s.reps)).toHaveLength(6);
    const rescored = await run('analyze', out('s.json'), '--tempo', '1-0-X-0');
    expect(rescored.stdout).toContain('tempo: 1-0-X-0');
    const wrong = await run(
      'report',
      out('s.json'),
      '--columns',
      't=1,ax=2,ay=3,az=4',
      '--out',
      out('x.pdf'),
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--columns applies to CSV recordings, not to a JSON session file');
  });

  it('refuses to overwrite without --force, an unknown extension and a bad load, and leaves nothing behind', async () => {
    const before = readFileSync(out('r.pdf'));
    const r = await run('report', csv, '--out', out('r.pdf'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`bartempo: ${out('r.pdf')} already exists: use --force to overwrite it\n`);
    expect(readFileSync(out('r.pdf'))).toEqual(before);
    expect((await run('report', csv, '--out', out('r.pdf'), '--force', '--athlete', 'Bo')).code).toBe(0);
    expect(readFileSync(out('r.pdf')).equals(before)).toBe(false);
    expect((await run('report', csv, '--out', out('r.docx'))).stderr).toContain(
      'Cannot tell what to write from ".docx"',
    );
    expect((await run('report', csv, '--load', '100', '--out', out('l.pdf'))).stderr).toContain(
      'must be a number with its unit',
    );
    expect((await run('report', csv, '--out', out('missing/r.pdf'))).stderr).toContain(
      'its folder does not exist',
    );
    expect((await run('report', csv)).code).toBe(2);
    const corrupt = write('corrupt.json', '{"format": "bartempo-session", "version": 7}');
    const c = await run('report', corrupt, '--out', out('c.pdf'));
    expect(c.stderr).toContain('written by a newer BarTempo');
    expect(existsSync(out('c.pdf'))).toBe(false);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  const bin = resolve(process.cwd(), 'bin/bartempo.cjs');
  const built = existsSync(resolve(process.cwd(), 'out/node/cli.js'));
  it.skipIf(!built)('works from the bundled CLI (pdfkit loaded from node_modules at run time)', () => {
    const pdf = out('bundled.pdf');
    const r = spawnSync(
      process.execPath,
      [bin, 'report', csv, '--tempo', '3-1-X-1', '--athlete', 'Ada', '--out', pdf],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    if (spawnSync('pdftotext', ['-v']).status === 0) {
      expect(execFileSync('pdftotext', [pdf, '-']).toString()).toContain('Ada');
    }
  });
});
