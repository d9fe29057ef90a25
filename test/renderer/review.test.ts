/**
 * After the bar is racked, in real Chromium: a session recorded through the real wiring (LiveSession with
 * a real SQLite database in a temp folder, simulated sensor at high speed), then its review (charts, a
 * rep's curve, re-analysis, a PDF export read back with pdftotext) and History (find it, delete it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/main/storage';
import { CHROMIUM, hasChromium, launchApp, screenshot, type LaunchedApp } from './harness';

const hasPdftotext = existsSync('/usr/bin/pdftotext');
const shot = (page: Page, name: string) => screenshot(page, `review-${name}`);

describe.skipIf(!hasChromium)(
  `review and history in Chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`,
  () => {
    let app: LaunchedApp;
    let page: Page;
    const exports: string[] = [];

    beforeAll(async () => {
      app = await launchApp({
        speed: 16,
        // Two short sets of five, frequent rushed negatives: the whole session in a few seconds.
        overrides: {
          leadInS: 2,
          sets: 2,
          repsPerSet: 5,
          restBetweenSetsS: 20,
          lifter: { rushedRepProbability: 0.4 },
        },
        withDatabase: true,
        chooseSavePath: async (name) => {
          const path = join(app.work, name);
          exports.push(path);
          return path;
        },
      });
      page = app.page;
    });

    afterAll(async () => {
      await app?.close();
    });

    const figure = (phase: string) => page.getByTestId(`adherence-${phase}`).textContent();

    it('records two sets from the rack screen with a rushed negative flagged, and offers the review', async () => {
      await page.getByRole('combobox', { name: 'Sensor' }).selectOption('simulated');
      await page.getByTestId('athlete-input').fill('Ada Quist');
      await page.getByTestId('exercise-input').fill('Back squat');
      await page.getByTestId('load-input').fill('100');
      await page.getByTestId('tempo-input').fill('3-1-X-0');
      await page.locator('h1').click();
      await page.keyboard.press('Space');
      await page.getByTestId('rushed-flash').waitFor({ state: 'visible', timeout: 60_000 });
      await expect
        .poll(() => app.sent.filter((e) => e.type === 'set-ended').length, { timeout: 90_000 })
        .toBeGreaterThanOrEqual(2);
      await page.keyboard.press('Space');
      await expect.poll(() => page.getByTestId('phase').textContent()).toContain('STOPPED');
      await page.getByTestId('review-offer').waitFor();
      expect(app.liveSession.getState().sessionId).toBeGreaterThan(0);
    });

    it('opens the review: per-set charts and figures, the whole session, a rep’s curve', async () => {
      await page.keyboard.press('Digit2');
      await expect.poll(() => page.getByTestId('review-title').textContent()).toContain('Ada Quist');
      expect(await page.getByTestId('review-title').textContent()).toContain('Back squat');
      expect(await page.locator('.set-tabs [role=tab]').count()).toBe(2);
      expect(await page.getByTestId('phase-chart').locator('rect').count()).toBeGreaterThan(10);
      // Rushed reps are marked on the eccentric chart and the rep buttons.
      expect(await page.getByTestId('eccentric-chart').textContent()).toMatch(/RUSHED|R\b/);
      expect(await page.locator('[data-testid=rep-button].rushed').count()).toBeGreaterThan(0);
      expect(await figure('eccentric')).toMatch(/^\d+%$/);
      await shot(page, 'set');
      const rows = await page.locator('[data-testid=session-table] tbody tr').count();
      expect(rows).toBe(2);
      expect(await page.getByTestId('session-chart').textContent()).toContain('Set 2');
      await page.getByTestId('session-review').scrollIntoViewIfNeeded();
      await shot(page, 'session');

      // Arrow key to the first rep: its curve, drawn from the engine's velocity, with the phases.
      await page.locator('h1').click();
      await page.keyboard.press('ArrowRight');
      await page.getByTestId('curve-chart').waitFor();
      expect(await page.locator('[data-testid=curve-chart] polyline').count()).toBe(2);
      const curveText = await page.getByTestId('curve-chart').textContent();
      expect(curveText).toContain('Set 1, rep 1');
      expect(curveText).toContain('eccentric');
      expect(await page.locator('[data-testid=rep-button][aria-pressed=true]').textContent()).toMatch(/^1/);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.getByTestId('curve-chart').textContent()).toContain('Set 1, rep 2');
      await page.getByTestId('rep-curve').scrollIntoViewIfNeeded();
      await shot(page, 'curve');
    });

    it('re-analysed with a slower prescription, the adherence changes', async () => {
      const before = await figure('eccentric');
      await page.keyboard.press('KeyT');
      await page.getByTestId('review-tempo').fill('8-1-X-0');
      await page.getByTestId('review-tolerance').fill('0.95');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('review-note').textContent()).toContain('Re-analysed');
      expect(await figure('eccentric')).toBe('0%');
      expect(before).not.toBe('0%');
      expect(await page.locator('.review-meta').textContent()).toContain('8-1-X-0 at 95%');
      // A typo: one clear line, the figures kept.
      await page.getByTestId('review-tempo').fill('8-1-X');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('four parts');
      expect(await page.locator('.review-meta').textContent()).toContain('8-1-X-0 at 95%');
      await page.keyboard.press('Escape');
    });

    it.skipIf(!hasPdftotext)(
      'exports a PDF through the save dialog; pdftotext shows the athlete',
      async () => {
        await page.getByRole('button', { name: 'PDF' }).click();
        await expect.poll(() => page.getByTestId('review-note').textContent()).toMatch(/^Saved .*\.pdf$/);
        const pdf = exports[exports.length - 1]!;
        expect(existsSync(pdf)).toBe(true);
        const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
        expect(text).toContain('Ada Quist');
        expect(text).toContain('8-1-X-0');
      },
    );

    it('imports a dropped session file', async () => {
      await page.getByRole('button', { name: 'JSON' }).click();
      await expect.poll(() => page.getByTestId('review-note').textContent()).toMatch(/\.json$/);
      const json = exports[exports.length - 1]!;
      const name = json.split('/').pop()!;
      await page.evaluate(([n, p]) => Object.assign(globalThis, { __bartempoPaths: { [n]: p } }), [
        name,
        json,
      ] as const);
      // A DataTransfer made in the page (a type the Node project does not know).
      const transfer = await page.evaluateHandle((n) => {
        const g = globalThis as unknown as {
          DataTransfer: new () => { items: { add(f: File): void } };
        };
        const dt = new g.DataTransfer();
        dt.items.add(new File(['{}'], n, { type: 'application/json' }));
        return dt;
      }, name);
      await page.getByTestId('review').dispatchEvent('drop', { dataTransfer: transfer });
      await expect.poll(() => page.getByTestId('review-note').textContent()).toMatch(/^Imported session \d+/);
    });

    it('History lists the sessions newest first; filters; deleting asks first', async () => {
      await page.keyboard.press('Digit3');
      await expect.poll(() => page.getByTestId('session-row').count()).toBe(2);
      await page.getByTestId('filter-athlete').fill('nobody');
      await expect.poll(() => page.getByTestId('session-row').count()).toBe(0);
      await page.getByTestId('filter-athlete').fill('ada quist');
      await expect.poll(() => page.getByTestId('session-row').count()).toBe(2);
      await page.keyboard.press('Escape');
      // Rename the newest (the imported copy) from the keyboard.
      await page.keyboard.press('KeyN');
      await page.getByTestId('edit-name').fill('Heavy doubles');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.getByTestId('session-row').first().textContent())
        .toContain('Heavy doubles');
      await shot(page, 'history');
      // Keyboard: down to the recorded session (the older of the two), Delete, then Esc keeps it.
      const recorded = String(app.liveSession.getState().sessionId);
      const rows = page.getByTestId('session-row');
      expect(await rows.nth(1).getAttribute('data-id')).toBe(recorded);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Delete');
      await page.getByTestId('confirm-delete').waitFor();
      await shot(page, 'history-confirm');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('confirm-delete').count()).toBe(0);
      expect(await rows.count()).toBe(2);
      // Delete, and confirm with Enter on the focused Delete button.
      await page.keyboard.press('Delete');
      await page.getByTestId('confirm-delete').waitFor();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('session-row').count()).toBe(1);
      expect(await rows.first().getAttribute('data-id')).not.toBe(recorded);
      // Gone from the database file itself (read through a second connection).
      const store = SessionStore.open(app.databasePath);
      expect(store.listSessions().map((s) => String(s.id))).not.toContain(recorded);
      store.close();
      // Enter opens the one left in its review.
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('review-title').textContent()).toContain('Heavy doubles');
    });

    it('logged no page errors', () => {
      expect(app.pageErrors).toEqual([]);
    });
  },
);
