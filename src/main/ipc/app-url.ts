/** The built renderer is served from this origin by the app:// protocol (src/main/protocol), never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bartempo';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

export interface AppUrlPolicyOptions {
  /** electron-vite's dev server (ELECTRON_RENDERER_URL) when running `electron-vite dev`. */
  devServerUrl?: string | undefined;
}

/**
 * Decides whether a URL is the app's own page: in dev, the dev server's origin; otherwise the app://bartempo
 * origin (whose handler serves only the built renderer's files). Used for the IPC sender check and the
 * navigation limits; anything else (a navigated-to site, an injected iframe, a file on disk) is foreign.
 */
export function createAppUrlPolicy({ devServerUrl }: AppUrlPolicyOptions = {}): (url: string) => boolean {
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  return (url: string): boolean => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (devOrigin !== null) return parsed.origin === devOrigin;
    // Node gives non-special schemes an opaque origin ("null"): compare scheme and host instead; the href
    // check also refuses a port or user info, which the canonical app URL never has.
    return parsed.href.startsWith(`${APP_ORIGIN}/`);
  };
}
