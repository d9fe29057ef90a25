/**
 * The rack screen in real Chromium: built renderer + built preload, talking through the real IPC router
 * and guards to the real LiveSession, simulated sensor and tempo engine (accelerated). Electron is faked
 * (its binary cannot run here); everything the lifter sees is real.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fake, fakeInvokeEvent, resetFakeElectron } from '../fakes/electron';
import { RENDERER_CSP, RENDERER_CSP_HEADER } from '../../src/main/protocol/csp';
import { buildApp, DELIVER_FN, INVOKE_BINDING, preloadInitScript, ROOT, serveRenderer } from './harness';

vi.mock('electron', async () => (await import('../fakes/electron')).electronModule);

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `[renderer tests] SKIPPED: ${CHROMIUM} not found. Install it with: apt-get install -y chromium`,
  );
}

/** Simulated seconds per real second: a whole set in a few seconds of test time. */
const SPEED = 8;
const BANNER = 'No Bluetooth sensor connected: using the simulated sensor';
/** What a scan finds on this machine (no AF_BLUETOOTH): the loader's EAFNOSUPPORT reason. */
const NO_BLUETOOTH = /This machine has no Bluetooth.*EAFNOSUPPORT/;
const SCREENSHOT = join(ROOT, 'out/screenshots/rack.png');

describe.skipIf(!hasChromium)(
  `rack screen in Chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`,
  () => {
    let work: string;
    let server: Awaited<ReturnType<typeof serveRenderer>>;
    let context: BrowserContext;
    let page: Page;
    let stopSession: () => void = () => undefined;
    const pageErrors: string[] = [];
    let documentHeaders: Record<string, string> = {};

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'bartempo-renderer-'));
      buildApp(join(work, 'out'));
      server = await serveRenderer(join(work, 'out/renderer'));

      // The main-process side, wired exactly as src/main/index.ts does, minus Electron.
      resetFakeElectron();
      const { createIpcRouter } = await import('../../src/main/ipc/router');
      const { createAppUrlPolicy } = await import('../../src/main/ipc/app-url');
      const { registerHandlers } = await import('../../src/main/ipc/handlers');
      const { createLiveSession, createSimulatedSource } = await import('../../src/main/session/defaults');
      const { createAppSensor } = await import('../../src/main/sensors/app-sensor');
      const router = createIpcRouter({
        isAppUrl: createAppUrlPolicy({ devServerUrl: server.origin }),
        log: () => undefined,
      });
      const webContents = {
        send: (channel: string, payload: unknown) => {
          // CDP processes evaluations in order, so batches arrive in the order main sent them.
          page
            .evaluate(
              ([fn, c, p]) =>
                (globalThis as unknown as Record<string, (c: unknown, p: unknown) => void>)[fn]?.(c, p),
              [DELIVER_FN, channel, payload] as const,
            )
            .catch(() => undefined);
        },
        isDestroyed: () => page.isClosed(),
      };
      // The real app sensor and picker (no BARTEMPO_SENSOR): the real Bluetooth loader fails here.
      const sensor = createAppSensor({
        setting: undefined,
        createSimulated: (message) =>
          createSimulatedSource({
            speed: SPEED,
            message,
            seed: 7,
            // A short lead-in and frequent rushed negatives so one set shows everything within seconds.
            overrides: { leadInS: 2, lifter: { rushedRepProbability: 0.35 } },
          }),
        readTextFile: () => {
          throw new Error('no replays in this test');
        },
        onStatusChange: () => session.publishSensorStatus(),
      });
      const session = createLiveSession(sensor.source, (channel, payload) =>
        router.emit(webContents, channel, payload),
      );
      stopSession = () => {
        session.stop();
        sensor.dispose();
      };
      registerHandlers(router, {
        session,
        sensors: sensor.picker,
        appInfo: () => ({
          name: 'BarTempo',
          version: 'test',
          platform: process.platform,
          versions: { electron: '', chrome: '', node: process.versions.node },
        }),
      });

      context = await chromium.launchPersistentContext(join(work, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--headless',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1280, height: 800 },
      });
      // Like Electron's invoke: the sender frame's real URL goes through the router's gate.
      await context.exposeBinding(INVOKE_BINDING, async (source, channel: string, args: unknown[]) => {
        const event = fakeInvokeEvent({
          url: source.frame.url(),
          subframe: source.frame.parentFrame() !== null,
        });
        try {
          return await fake.ipcMain.invoke(channel, event, ...args);
        } catch (err) {
          const e = err as Error;
          throw new Error(`Error invoking remote method '${channel}': ${e.name}: ${e.message}`, {
            cause: err,
          });
        }
      });
      await context.addInitScript({
        content: preloadInitScript(await readFile(join(work, 'out/preload/index.js'), 'utf8')),
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(`${msg.text()} ${msg.location().url}`);
      });
      page.on('response', (res) => {
        if (res.status() >= 400) pageErrors.push(`${res.status()} ${res.url()}`);
      });
      documentHeaders = (await page.goto(`${server.origin}/index.html`))?.headers() ?? {};
    });

    afterAll(async () => {
      stopSession();
      await context?.close();
      await server?.close();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('loads under the strict CSP and shows the sensor banner and the idle readout', async () => {
      // The policy arrives twice, as in Electron: the app:// handler's header and the built meta tag.
      expect(documentHeaders['content-security-policy']).toBe(RENDERER_CSP_HEADER);
      expect(documentHeaders['content-type']).toBe('text/html; charset=utf-8');
      expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(
        RENDERER_CSP,
      );
      await expect.poll(() => page.getByTestId('sensor-banner').textContent()).toContain(BANNER);
      await expect.poll(() => page.getByTestId('phase').textContent()).toContain('STOPPED');
      expect(await page.locator('input').first().inputValue()).toBe('3-1-X-0');
    });

    it('lists the simulated sensor in the keyboard-reachable sensor picker', async () => {
      const select = page.getByRole('combobox', { name: 'Sensor' });
      await expect.poll(() => select.locator('option').allTextContents()).toContain('Simulated lifter');
      expect(await select.inputValue()).toBe('simulated');
      await select.focus();
      await page.keyboard.press('Tab');
      expect(
        await page
          .getByRole('button', { name: 'Scan' })
          .evaluate((el) => el.ownerDocument.activeElement === el),
      ).toBe(true);
    });

    it('scanning on this machine reports the missing Bluetooth in the banner and keeps the simulator', async () => {
      await page.getByRole('button', { name: 'Scan' }).press('Enter');
      await expect
        .poll(() => page.getByTestId('sensor-banner').textContent(), { timeout: 15_000 })
        .toMatch(NO_BLUETOOTH);
      expect(await page.getByTestId('sensor-banner').textContent()).toContain('using the simulated sensor');
      await expect.poll(() => page.getByTestId('sensor-picker-note').textContent()).toMatch(NO_BLUETOOTH);
      await expect.poll(() => page.getByRole('button', { name: 'Scan' }).isEnabled()).toBe(true);
      const select = page.getByRole('combobox', { name: 'Sensor' });
      expect(await select.locator('option').allTextContents()).toEqual(['Simulated lifter']);
      // Re-picking the simulator keeps the reason on the banner.
      await select.selectOption('simulated');
      await expect.poll(() => page.getByTestId('sensor-banner').textContent()).toMatch(NO_BLUETOOTH);
    });

    it('shows the tempo parser’s message for bad notation and does not start', async () => {
      const input = page.locator('input').first();
      await input.fill('3-1-X');
      await input.press('Enter');
      await expect
        .poll(() => page.getByRole('alert').first().textContent())
        .toContain('must have four parts');
      await expect.poll(() => page.getByTestId('phase').textContent()).toContain('STOPPED');
      await input.fill('3-1-X-0');
    });

    it('Space starts a session; reps appear live and a rushed negative flashes RUSHED', async () => {
      await page.locator('h1').click(); // focus off the input so Space means start/stop
      // Both watched from the keypress on: the 1.5 s flash may come before or after the first finished rep.
      const firstRep = page.getByTestId('rep-row').first().waitFor({ timeout: 30_000 });
      const flash = page.getByTestId('rushed-flash').waitFor({ state: 'visible', timeout: 45_000 });
      await page.keyboard.press('Space');
      await expect.poll(() => page.getByRole('button', { name: 'Stop' }).count()).toBe(1);
      // The picker is locked while the set runs.
      expect(await page.getByRole('combobox', { name: 'Sensor' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Scan' }).isDisabled()).toBe(true);
      await Promise.all([firstRep, flash]);
      expect(await page.getByTestId('rushed-flash').textContent()).toBe('RUSHED');
      await expect
        .poll(() => page.locator('[data-testid=rep-row].rushed').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('last-eccentric').textContent()).toMatch(/\d\.\ds/);

      // A screenshot of the live screen with reps in the table, once the flash has faded.
      await page.getByTestId('rushed-flash').waitFor({ state: 'hidden', timeout: 5_000 });
      await mkdir(join(ROOT, 'out/screenshots'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });

      await page.keyboard.press('Space');
      await expect.poll(() => page.getByRole('button', { name: 'Start' }).count()).toBe(1);
      await expect.poll(() => page.getByTestId('phase').textContent()).toMatch(/STOPPED/);
      expect(await page.getByTestId('rep-row').count()).toBeGreaterThan(0); // the set stays readable after stop
      expect(await page.getByRole('combobox', { name: 'Sensor' }).isEnabled()).toBe(true);
    });

    it('logged no page errors (CSP violations, React errors)', () => {
      expect(pageErrors).toEqual([]);
    });
  },
);
