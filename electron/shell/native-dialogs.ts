import { parseParams } from '../../shared/api/contract.ts';
import type { ApiHandler } from '../core/app/api-handler.ts';
import type { Dialogs } from './dialogs.ts';

/**
 * The contract's `pickExportPath`, answered by the shell with a native dialog (the core has no
 * windows). Parameters are checked like every other call; the answer is the user's own choice
 * in an OS dialog, or null when they cancel. Every other method goes to the core unchanged.
 */
export function withNativeDialogs(handler: ApiHandler, dialogs: Dialogs): ApiHandler {
  return {
    subscribe: handler.subscribe,
    async call(method, params) {
      if (method !== 'pickExportPath') return handler.call(method, params);
      const parsed = parseParams('pickExportPath', params);
      if (!parsed.ok) return parsed;
      const { kind, suggested } = parsed.value;
      try {
        const path =
          kind === 'folder'
            ? await dialogs.chooseExportFolder({ ...(suggested ? { defaultPath: suggested } : {}) })
            : await dialogs.chooseSavePath({
                ...(suggested ? { defaultPath: suggested } : {}),
                filters: [{ name: 'PFX / PKCS#12', extensions: ['pfx', 'p12'] }],
              });
        return { ok: true, value: { path } };
      } catch {
        return { ok: false, error: { code: 'internal', message: 'The file dialog could not be shown; type the path instead' } };
      }
    },
  };
}
