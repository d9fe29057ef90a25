/**
 * Serves the built renderer for the app:// protocol (src/main/protocol/app-scheme.ts registers it), with
 * web-standard Request/Response so it runs and is tested in plain Node. Only files inside the renderer
 * folder, only GET/HEAD, only the app's own host; every response carries the CSP header.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_ORIGIN } from '../ipc/app-url';
import { RENDERER_CSP_HEADER } from './csp';

/** What a Vite build emits (plus fonts and media should they appear); anything else is a download. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type RendererPath = { file: string } | { refused: 'not-app' | 'bad-path' | 'outside' };

/**
 * Maps an app:// URL to a file in `rendererDir`. Refuses other origins, undecodable paths, NUL bytes and
 * anything that resolves outside the folder (`..`, encoded `%2e%2e%2f`, backslashes on Windows).
 */
export function rendererPathFor(rendererDir: string, url: string): RendererPath {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { refused: 'not-app' };
  }
  if (
    `${parsed.protocol}//${parsed.host}` !== APP_ORIGIN ||
    parsed.username !== '' ||
    parsed.password !== ''
  ) {
    return { refused: 'not-app' };
  }
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { refused: 'bad-path' };
  }
  if (path.includes('\0')) return { refused: 'bad-path' };
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  const inside = relative(root, file);
  if (inside === '' || inside.split(sep)[0] === '..' || isAbsolute(inside)) return { refused: 'outside' };
  return { file };
}

const STATUS_FOR_REFUSAL = { 'not-app': 404, 'bad-path': 400, outside: 403 } as const;

/** `rendererDir` may be inside Electron's asar archive: Electron's fs reads from it like a folder. */
export function createRendererFileHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const headers = (contentType: string): Record<string, string> => ({
    'Content-Type': contentType,
    'Content-Security-Policy': RENDERER_CSP_HEADER,
    'X-Content-Type-Options': 'nosniff',
  });
  const plain = (status: number, text: string): Response =>
    new Response(text, { status, headers: headers('text/plain; charset=utf-8') });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const target = rendererPathFor(rendererDir, request.url);
    if ('refused' in target) return plain(STATUS_FOR_REFUSAL[target.refused], 'Not served');
    let body: Buffer;
    try {
      body = await readFile(target.file);
    } catch {
      // Missing or a folder (EISDIR): the renderer has no directory listings.
      return plain(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: headers(mimeTypeOf(target.file)),
    });
  };
}
