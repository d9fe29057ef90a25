/** The CSP's two deliveries: the build's meta tag (electron.vite.config.ts) and the app:// header. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import { rendererCsp } from '../../electron.vite.config';
import { CSP_PLACEHOLDER, DEV_RENDERER_CSP, RENDERER_CSP } from '../../src/main/protocol/csp';

const INDEX_HTML = readFileSync(join(__dirname, '../../src/renderer/index.html'), 'utf8');

function transform(command: 'build' | 'serve', html = INDEX_HTML): string {
  const plugin = rendererCsp();
  (plugin.configResolved as (config: ResolvedConfig) => void)({ command } as ResolvedConfig);
  const hook = plugin.transformIndexHtml as { handler: (html: string) => string };
  return hook.handler(html);
}

const metaOf = (html: string) =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? null;

describe('renderer CSP meta tag', () => {
  it('the build writes the production policy, the same one the app:// header carries', () => {
    expect(INDEX_HTML).toContain(CSP_PLACEHOLDER);
    expect(metaOf(transform('build'))).toBe(RENDERER_CSP);
  });

  it('the dev server relaxes only what React Refresh and HMR need', () => {
    expect(metaOf(transform('serve'))).toBe(DEV_RENDERER_CSP);
    expect(DEV_RENDERER_CSP).toContain("script-src 'self' 'unsafe-inline';");
    expect(DEV_RENDERER_CSP).toContain("connect-src 'self' ws://localhost:* ws://127.0.0.1:*;");
    expect(RENDERER_CSP).toContain("script-src 'self';");
    expect(RENDERER_CSP).not.toContain('ws:');
    expect(
      DEV_RENDERER_CSP.replace(" 'unsafe-inline'", '').replace(' ws://localhost:* ws://127.0.0.1:*', ''),
    ).toBe(RENDERER_CSP);
  });

  it('an index.html without the placeholder fails the build instead of shipping without a policy', () => {
    expect(() => transform('build', '<html><head></head></html>')).toThrow(
      `index.html has no ${CSP_PLACEHOLDER}`,
    );
  });
});
