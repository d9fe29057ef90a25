import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Plain-Node entry points (CLI, benchmark): bundled so `npx bartempo` runs on stock Node without a TS loader.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig({
  build: {
    outDir: 'out/node',
    emptyOutDir: true,
    target: 'node20',
    ssr: true,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: {
        cli: resolve(__dirname, 'src/cli/index.ts'),
        bench: resolve(__dirname, 'src/bench/index.ts'),
      },
      // pdfkit reads its font metric files from its own folder at run time; better-sqlite3 loads a native
      // addon: both are required from node_modules, not bundled.
      external: [
        ...nodeBuiltins,
        '@abandonware/noble',
        /^@abandonware\/noble\//,
        'electron',
        'pdfkit',
        /^pdfkit\//,
        'better-sqlite3',
        // The UI benchmark drives Chromium; playwright-core finds its own files at run time.
        'playwright-core',
        /^playwright-core\//,
      ],
      output: { format: 'cjs', entryFileNames: '[name].js' },
    },
  },
});
