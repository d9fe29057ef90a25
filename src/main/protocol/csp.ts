/**
 * The renderer's Content Security Policy, in one place: the build writes it into index.html's meta tag
 * (electron.vite.config.ts) and the app:// protocol sends it as a response header too (renderer-files.ts).
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // recharts' SVG carries inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** frame-ancestors only works in a header (a meta tag ignores it and logs a console error). */
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;

/**
 * `electron-vite dev` only: React Refresh injects an inline preamble and HMR talks over a websocket, both of
 * which the production policy forbids. Never served by the app:// protocol.
 */
export const DEV_RENDERER_CSP = RENDERER_CSP.replace(
  "script-src 'self'",
  "script-src 'self' 'unsafe-inline'",
).replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");

/** What src/renderer/index.html's meta tag holds until the build puts the policy in. */
export const CSP_PLACEHOLDER = '%BARTEMPO_CSP%';
