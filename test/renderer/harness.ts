/**
 * Pieces for running the built renderer + built preload in real Chromium against the real main-process
 * code (router, guards, handlers, LiveSession): only Electron itself is replaced.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A tiny static server on 127.0.0.1 (random port) for the built renderer; refuses paths outside `dir`. */
export async function serveDir(dir: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end(); // Chromium asks for one; Electron windows never do.
      return;
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) =>
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
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
