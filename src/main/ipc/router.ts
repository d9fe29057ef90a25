/**
 * The one IPC gate. Every renderer → main call goes through `handle`, which rejects callers that are not
 * the app's own top-level page and validates arguments before the handler sees them; every main →
 * renderer message goes through the typed `emit`.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type {
  EventChannel,
  EventContract,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
} from '../../shared/ipc/contract';
import { invokeGuards } from '../../shared/ipc/guards';

export class IpcSenderError extends Error {
  constructor(channel: string, detail: string) {
    super(`${channel}: rejected, ${detail}`);
    this.name = 'IpcSenderError';
  }
}

export type Handler<C extends InvokeChannel> = (
  ...args: InvokeArgs<C>
) => InvokeResult<C> | Promise<InvokeResult<C>>;

/** The part of WebContents emit needs (a fake in tests). */
export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed'>;

export interface IpcRouter {
  handle<C extends InvokeChannel>(channel: C, fn: Handler<C>): void;
  emit<C extends EventChannel>(target: EventTarget, channel: C, payload: EventContract[C]): void;
  /** Removes every handler this router registered (window teardown, tests). */
  dispose(): void;
}

/** The part of Electron's ipcMain the router uses (passed in, so the router runs in plain Node too). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface RouterOptions {
  /** Electron's ipcMain in the app. */
  ipc: IpcMainLike;
  isAppUrl: (url: string) => boolean;
  log?: (message: string) => void;
}

export function createIpcRouter({ ipc, isAppUrl, log = console.warn }: RouterOptions): IpcRouter {
  const channels = new Set<InvokeChannel>();

  function checkSender(channel: InvokeChannel, event: IpcMainInvokeEvent): void {
    const frame = event.senderFrame;
    // senderFrame is null when the frame navigated away or was destroyed before the call arrived.
    if (!frame) throw new IpcSenderError(channel, 'the sending frame no longer exists');
    if (frame.parent !== null) throw new IpcSenderError(channel, 'calls from sub-frames are not allowed');
    if (!isAppUrl(frame.url)) throw new IpcSenderError(channel, `untrusted sender ${safeOrigin(frame.url)}`);
  }

  return {
    handle(channel, fn) {
      if (channels.has(channel)) throw new Error(`IPC handler for "${channel}" registered twice`);
      channels.add(channel);
      const guard = invokeGuards[channel];
      ipc.handle(channel, async (event, ...raw: unknown[]) => {
        try {
          checkSender(channel, event);
          return await fn(...guard(raw));
        } catch (err) {
          log(`[ipc] ${err instanceof Error ? err.message : String(err)}`);
          throw err;
        }
      });
    },
    emit(target, channel, payload) {
      // Messages racing a closing window are dropped, not thrown: nobody is left to read them.
      if (target.isDestroyed()) return;
      target.send(channel, payload);
    },
    dispose() {
      for (const channel of channels) ipc.removeHandler(channel);
      channels.clear();
    },
  };
}

function safeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.origin !== 'null') return parsed.origin;
    // Opaque origins (file:, custom schemes in Node): the host says who, or the path for host-less files.
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : `${parsed.protocol}//${parsed.pathname}`;
  } catch {
    return JSON.stringify(url.slice(0, 80));
  }
}
