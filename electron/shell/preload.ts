import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.ts';

/**
 * The preload script: the only code that touches contextBridge and ipcRenderer. It runs
 * sandboxed with context isolation (Electron security checklist 3, 4), so the build bundles
 * it, with the contract, into one CommonJS file (sandboxed preloads can neither be ES modules
 * nor require anything but a few built-ins).
 *
 * ipcRenderer is never exposed, not even its bound methods (checklist 20): the factory gets
 * three closures, and the page gets only the named functions they back.
 */
contextBridge.exposeInMainWorld(
  'persistcert',
  createPreloadApi(
    (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    (channel, listener) => {
      ipcRenderer.on(channel, listener);
    },
    (channel, listener) => {
      ipcRenderer.removeListener(channel, listener);
    },
  ),
);
