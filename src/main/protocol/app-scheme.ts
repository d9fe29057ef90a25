/** Electron glue for the app:// protocol; what it serves is decided in renderer-files.ts. */
import { protocol } from 'electron';
import { APP_SCHEME } from '../ipc/app-url';
import { createRendererFileHandler } from './renderer-files';

/**
 * Before `ready`: a standard scheme (relative URLs, a real origin for 'self' and the IPC check), secure
 * (a secure context, like https). Not corsEnabled: that would let other origins read its responses.
 */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** After `ready`: app://bartempo/… serves the built renderer folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createRendererFileHandler(rendererDir));
}
