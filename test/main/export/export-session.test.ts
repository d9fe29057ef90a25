import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportFormatFromPath, exportSession } from '../../../src/main/export/export-session';
import { analyzeSession } from '../../../src/shared/session/analyze-session';
import { parseSessionFile } from '../../../src/shared/session/file';
import type { SessionData } from '../../../src/shared/session/types';
import { simulatedSessionData } from '../../shared/session/sessions';

const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('pdftoppm', ['-v']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'bartempo-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pdfOf(data: SessionData, name: string): Promise<{ text: string; pages: number }> {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, await exportSession(data, analyzeSession(data), 'pdf'));
  const text = execFileSync('pdftotext', ['-layout', path, '-']).toString('utf8');
  execFileSync('pdftoppm', ['-png', '-r', '30', path, join(dir, name)]);
  const pages = readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).length;
  return { text, pages };
}

describe('exportFormatFromPath', () => {
  it('takes the format from the extension and refuses others clearly', () => {
    expect(exportFormatFromPath('a/b/Report.PDF')).toBe('pdf');
    expect(exportFormatFromPath('r.html')).toBe('html');
    expect(exportFormatFromPath('reps.csv')).toBe('csv');
    expect(exportFormatFromPath('s.json')).toBe('json');
    expect(() => exportFormatFromPath('r.docx')).toThrow(
      /Cannot tell what to write from ".docx": end the output name in .pdf/,
    );
    expect(() => exportFormatFromPath('report')).toThrow(/from no extension/);
  });
});

describe.skipIf(!hasPoppler)('PDF report, read back with poppler (pdftotext, pdftoppm)', () => {
  it("holds the session's figures and every page renders", async () => {
    const data = simulatedSessionData({ sets: 3, repsPerSet: 5, rushed: 0.35 });
    const analysis = analyzeSession(data);
    const { text, pages } = await pdfOf(data, 'three');
    const reps = analysis.sets.flatMap((s) => s.reps);
    expect(reps.some((r) => r.rushed)).toBe(true);
    for (const figure of [
      'Ada Lovelace',
      '14 Mar 2025, 17:05 UTC',
      'Back squat',
      '100 kg',
      'Paused squat',
      '225 lb',
      '3-1-X-1, tolerance 0.8',
    ]) {
      expect(text).toContain(figure);
    }
    expect(text).toMatch(new RegExp(`Sets\\s+${analysis.sets.length}\\b`));
    for (const set of analysis.sets) expect(text).toContain(`Set ${set.index} ·`);
    // Every rep's eccentric, and RUSHED exactly on the rushed reps' rows (rep tables) and phase bars.
    for (const rep of reps) expect(text).toContain(rep.eccentric.durationS.toFixed(2));
    const rushedRows = text.split('\n').filter((l) => /^\s*\d+\s+\d+\.\d\d\s.*RUSHED\s*$/.test(l));
    expect(rushedRows).toHaveLength(reps.filter((r) => r.rushed).length);
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it('handles one set, eight sets, no reps, no prescription, estimated reps and gaps', async () => {
    const eight = simulatedSessionData({ sets: 8, repsPerSet: 3, sampleRateHz: 25 });
    const e = await pdfOf(eight, 'eight');
    expect(e.text).toContain('Set 8 ·');
    expect(e.pages).toBeGreaterThanOrEqual(4);
    const free = {
      ...simulatedSessionData({ sets: 1, repsPerSet: 3 }),
      scoring: { tempo: null, tolerance: 0.8 },
    };
    free.dropouts = [{ startS: 1, endS: 2.5 }];
    const f = await pdfOf(free, 'free');
    expect(f.text).toContain('none (no targets,');
    expect(f.text).not.toContain('RUSHED');
    expect(f.text).toMatch(/Data gaps\s+1 \(marked in red\)/);
    const empty = { ...free, samples: free.samples.slice(0, 120), info: { ...free.info, athlete: null } };
    const z = await pdfOf(empty, 'empty');
    expect(z.text).toContain('No reps were found in this session.');
    expect(z.pages).toBe(1);
  });
});

describe('every format from one session', () => {
  it('gives bytes for each: HTML self-contained, CSV rows, JSON that reads back', async () => {
    const data = simulatedSessionData({ sets: 1, repsPerSet: 3 });
    const analysis = analyzeSession(data);
    const html = (await exportSession(data, analysis, 'html')).toString('utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const csv = (await exportSession(data, analysis, 'csv')).toString('utf8');
    expect(csv.trim().split('\n')).toHaveLength(1 + analysis.sets.flatMap((s) => s.reps).length);
    const json = (await exportSession(data, analysis, 'json')).toString('utf8');
    expect(parseSessionFile(json).info.athlete).toBe('Ada Lovelace');
    expect((await exportSession(data, analysis, 'pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
