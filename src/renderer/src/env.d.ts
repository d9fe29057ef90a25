/// <reference types="vite/client" />
import type { BridgeApi } from '../../shared/ipc/bridge';

declare global {
  interface Window {
    /** Exposed by src/preload via contextBridge; absent when the page is opened outside Electron. */
    api?: BridgeApi;
  }
}

export {};
