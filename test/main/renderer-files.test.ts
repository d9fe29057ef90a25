/**
 * The app:// protocol's file handler against a real renderer folder in a temp dir, with a secret file next
 * to it (and a sibling folder whose name starts like it) that no URL may reach.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP, RENDERER_CSP_HEADER } from '../../src/main/protocol/csp';
import {
  createRendererFileHandler,
  mimeTypeOf,
  rendererPathFor,
} from '../../src/main/protocol/renderer-files';

const SECRET = 'not for the page';
const INDEX = '<!doctype html><title>BarTempo</title>';
let work: string;
let handle: (request: Request) => Promise<Response>;

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bartempo-renderer-files-'));
  const renderer = join(work, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), INDEX);
  writeFileSync(join(renderer, 'assets/index-abc.js'), 'console.log(1)');
  writeFileSync(join(renderer, 'assets/index-abc.css'), 'body{}');
  writeFileSync(join(renderer, 'assets/logo.svg'), '<svg/>');
  writeFileSync(join(renderer, 'assets/data.bin'), 'x');
  writeFileSync(join(work, 'secret.txt'), SECRET);
  mkdirSync(join(work, 'renderer-secret'));
  writeFileSync(join(work, 'renderer-secret/secret.txt'), SECRET);
  handle = createRendererFileHandler(renderer);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('app:// renderer files', () => {
  it('serves index.html for / and by name, with the CSP header, its MIME type and nosniff', async () => {
    for (const url of [
      'app://bartempo/',
      'app://bartempo/index.html',
      'app://bartempo/index.html?x=1#/reps',
    ]) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP_HEADER);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('the header is the meta tag’s policy plus frame-ancestors (which a meta tag cannot carry)', () => {
    expect(RENDERER_CSP_HEADER).toBe(`${RENDERER_CSP}; frame-ancestors 'none'`);
    expect(RENDERER_CSP).toContain("script-src 'self';");
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
  });

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
    ['assets/logo.svg', 'image/svg+xml', '<svg/>'],
    ['assets/data.bin', 'application/octet-stream', 'x'],
  ])('serves %s as %s', async (path, type, body) => {
    const res = await get(`app://bartempo/${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(await res.text()).toBe(body);
  });

  it('MIME types do not depend on the extension’s case', () => {
    expect(mimeTypeOf('A.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('font.woff2')).toBe('font/woff2');
  });

  it('HEAD gets the headers without a body; other methods get 405', async () => {
    const head = await get('app://bartempo/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await head.text()).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE']) {
      expect((await get('app://bartempo/index.html', method)).status).toBe(405);
    }
  });

  it.each([
    ['encoded ../ to a file next to the folder', 'app://bartempo/..%2fsecret.txt', 403],
    ['deeper', 'app://bartempo/assets/..%2f..%2f..%2fsecret.txt', 403],
    ['a sibling folder sharing the prefix', 'app://bartempo/..%2frenderer-secret%2fsecret.txt', 403],
    ['a NUL byte', 'app://bartempo/index.html%00.png', 400],
    ['a broken escape', 'app://bartempo/%E0%A4%A', 400],
    ['another host', 'app://evil/index.html', 404],
    ['a port', 'app://bartempo:81/index.html', 404],
    ['a missing file', 'app://bartempo/nope.js', 404],
    ['a folder', 'app://bartempo/assets', 404],
    ['plain ../ (the URL parser already drops it)', 'app://bartempo/../secret.txt', 404],
    ['encoded dots (the URL parser reads %2e%2e as ..)', 'app://bartempo/%2e%2e/secret.txt', 404],
  ])('refuses %s (%s) with %i, carrying the CSP header', async (_name, url, status) => {
    const res = await get(url);
    expect(res.status).toBe(status);
    expect(await res.text()).not.toBe(SECRET);
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP_HEADER);
  });

  it('user info is not the app (a Request refuses it, the path mapping too)', () => {
    expect(rendererPathFor(join(work, 'renderer'), 'app://me@bartempo/index.html')).toEqual({
      refused: 'not-app',
    });
    expect(rendererPathFor(join(work, 'renderer'), 'app://bartempo/assets/logo.svg')).toEqual({
      file: join(work, 'renderer/assets/logo.svg'),
    });
  });

  it('backslashes never leave the folder (a separator on Windows, a file-name character elsewhere)', async () => {
    const res = await get('app://bartempo/..%5csecret.txt');
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toBe(SECRET);
  });

  it('no path built from dots, slashes, escapes and names reaches a file outside the folder (fuzzed)', async () => {
    const piece = fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2E.',
      '%2f',
      '%5c',
      '/',
      '//',
      'secret.txt',
      'renderer',
      'renderer-secret',
      'assets',
      'index.html',
      '%00',
      '%',
      '~',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 10 }), async (pieces) => {
        const res = await get(`app://bartempo/${pieces.join('')}`);
        const body = await res.text();
        expect(body).not.toBe(SECRET);
        if (res.status === 200) expect([INDEX, 'console.log(1)', 'body{}', '<svg/>', 'x']).toContain(body);
      }),
      { numRuns: 500 },
    );
  });
});
