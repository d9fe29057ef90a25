import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CSP_PLACEHOLDER, DEV_RENDERER_CSP, RENDERER_CSP } from './src/main/protocol/csp';

/**
 * Writes the renderer's CSP (src/main/protocol/csp.ts, also sent as a header by the app:// protocol) into
 * index.html's meta tag. While serving (`electron-vite dev`) the relaxed dev policy: React Refresh's inline
 * preamble and the HMR websocket.
 */
export function rendererCsp(): Plugin {
  let policy = RENDERER_CSP;
  return {
    name: 'bartempo:csp',
    configResolved(config) {
      policy = config.command === 'serve' ? DEV_RENDERER_CSP : RENDERER_CSP;
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(CSP_PLACEHOLDER)) throw new Error(`index.html has no ${CSP_PLACEHOLDER} to fill`);
        return html.replace(CSP_PLACEHOLDER, policy);
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // Dependencies (incl. @abandonware/noble with its native addon) stay require()d from node_modules.
      externalizeDeps: { include: ['@abandonware/noble'] },
      rolldownOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require anything but `electron`: bundle everything else into one CJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), rendererCsp()],
    build: {
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
