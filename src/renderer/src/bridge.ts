/** The renderer's single access point to main: components use this, never `window.api` directly. */
import type { BridgeApi } from '../../shared/ipc/bridge';

export function getBridge(): BridgeApi {
  const api = window.api;
  if (!api)
    throw new Error(
      'BarTempo bridge missing: this page must be opened by the BarTempo app (preload not loaded).',
    );
  return api;
}

/**
 * Electron wraps handler errors as "Error invoking remote method 'x': TempoError: <message>"; the lifter
 * only needs <message>.
 */
export function ipcErrorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return raw.replace(/^Error invoking remote method '[^']*': /, '').replace(/^\w*Error: /, '');
}
