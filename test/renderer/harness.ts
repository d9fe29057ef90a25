/**
 * The renderer tests' harness: the built renderer + built preload in real Chromium against the real
 * main-process core. The pieces live in src/bench/app-page.ts, shared with the UI benchmark.
 */
import { resolve } from 'node:path';
import { buildApp as buildAppAt } from '../../src/bench/app-page';

export {
  DELIVER_FN,
  INVOKE_BINDING,
  preloadInitScript,
  serveRenderer,
  startAppCore,
  bindContext,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
} from '../../src/bench/app-page';

export const ROOT = resolve(__dirname, '../..');

/** `electron-vite build` into `outDir` (not ./out, so a test run never clobbers a developer's build). */
export function buildApp(outDir: string): void {
  buildAppAt(ROOT, outDir);
}
