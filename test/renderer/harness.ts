/**
 * Pieces for running the built renderer + built preload in real Chromium against the real main-process
 * code (router, guards, handlers, LiveSession): only Electron itself is replaced.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { APP_ORIGIN } from '../../src/main/ipc/app-url';
import { createRendererFileHandler } from '../../src/main/protocol/renderer-files';

export const ROOT = resolve(__dirname, '../..');

/** `electron-vite build` into `outDir` (not ./out, so a test run never clobbers a developer's build). */
export function buildApp(outDir: string): void {
  execFileSync(
    join(ROOT, 'node_modules/.bin/electron-vite'),
    ['build', '--outDir', outDir, '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}

/**
 * The built renderer over http://127.0.0.1 (random port), answered by the app's own app:// handler
 * (src/main/protocol/renderer-files.ts): the same files, MIME types, CSP header and refusals as in Electron.
 */
export async function serveRenderer(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const handle = createRendererFileHandler(dir);
  const server: Server = createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end(); // Chromium asks for one; Electron windows never do.
      return;
    }
    handle(new Request(`${APP_ORIGIN}${req.url ?? '/'}`, { method: req.method ?? 'GET' }))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export const INVOKE_BINDING = '__bartempoInvoke';
export const DELIVER_FN = '__bartempoDeliver';

/**
 * Runs the built sandboxed preload (one CJS file that only requires `electron`) in the page with a fake
 * `electron`: ipcRenderer.invoke goes to a Playwright binding (→ the real router in Node), webContents.send
 * arrives through window.__bartempoDeliver, and contextBridge defines a frozen window.api.
 */
export function preloadInitScript(preloadSource: string): string {
  return `(() => {
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, ...args) => window.${INVOKE_BINDING}(channel, args),
    on(channel, fn) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(fn);
      return ipcRenderer;
    },
    removeListener(channel, fn) {
      listeners.get(channel)?.delete(fn);
      return ipcRenderer;
    },
  };
  const contextBridge = {
    exposeInMainWorld: (key, value) => Object.defineProperty(window, key, { value: Object.freeze(value) }),
  };
  Object.defineProperty(window, '${DELIVER_FN}', {
    value: (channel, payload) => { for (const fn of listeners.get(channel) ?? []) fn({}, payload); },
  });
  const require = (id) => {
    if (id === 'electron') return { ipcRenderer, contextBridge };
    throw new Error('a sandboxed preload can only require electron, not ' + id);
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports);
})();`;
}
