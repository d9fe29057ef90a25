import { pathToFileURL } from 'node:url';

export interface AppUrlPolicyOptions {
  /** electron-vite's dev server (ELECTRON_RENDERER_URL) when running `electron-vite dev`. */
  devServerUrl?: string | undefined;
  /** Absolute path of the built renderer's index.html (production, `loadFile`). */
  rendererIndexFile: string;
}

/**
 * Decides whether a URL is the app's own page: the dev server's origin, or exactly the built index.html.
 * Used for the IPC sender check and navigation limits; anything else (a navigated-to site, an injected
 * iframe, another file on disk) is foreign.
 */
export function createAppUrlPolicy(options: AppUrlPolicyOptions): (url: string) => boolean {
  const devOrigin = options.devServerUrl ? new URL(options.devServerUrl).origin : null;
  const indexHref = pathToFileURL(options.rendererIndexFile).href;
  return (url: string): boolean => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (devOrigin !== null && parsed.origin === devOrigin) return true;
    if (parsed.protocol !== 'file:') return false;
    parsed.hash = '';
    parsed.search = '';
    return parsed.href === indexHref;
  };
}
