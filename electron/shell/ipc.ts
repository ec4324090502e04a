import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { unknownMethodError } from '../../shared/api/api-error.ts';
import { isMethodName, type ApiErrorBody, type ApiResult } from '../../shared/api/contract.ts';
import type { ApiHandler } from '../core/app/api-handler.ts';
import { API_CALL_CHANNEL, API_EVENT_CHANNEL } from './channels.ts';

/** A window that events are sent to. */
export interface EventTarget {
  readonly webContents: Pick<WebContents, 'send' | 'isDestroyed'>;
}

function failure(code: ApiErrorBody['code'], message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Connects the renderer to the core over one `invoke` channel, and pushes core events over
 * one event channel. The renderer is untrusted (Electron security checklist 17):
 * - a call from a sender that fails `senderCheck` is answered with an error and never run.
 *   The contract has no "forbidden" code, so it is a 'bad-request';
 * - a method name not in the contract is refused here; params are parsed by the handler;
 * - nothing thrown crosses IPC (Electron would reduce it to a message anyway, as VS Code's
 *   `ipcMain.ts` notes): every outcome is an `ApiResult`.
 * Events go only to the windows we own (`targets`), never to other webContents.
 * Returns a function that removes the handler and the subscription.
 */
export function registerApiIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handler: ApiHandler,
  senderCheck: (event: IpcMainInvokeEvent) => boolean,
  targets: () => Iterable<EventTarget>,
): () => void {
  ipcMain.handle(API_CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, params: unknown): Promise<ApiResult<unknown>> => {
    if (!senderCheck(event)) return failure('bad-request', 'Refused: this request did not come from the PersistCert window.');
    if (!isMethodName(method)) return { ok: false, error: unknownMethodError(method) };
    try {
      return await handler.call(method, params);
    } catch {
      // The handler promises never to throw; if it does anyway, the UI still gets a result.
      return failure('internal', `${method} failed unexpectedly.`);
    }
  });

  const unsubscribe = handler.subscribe((name, payload) => {
    for (const target of targets()) {
      try {
        if (!target.webContents.isDestroyed()) target.webContents.send(API_EVENT_CHANNEL, name, payload);
      } catch {
        // A window closing right now must not keep the others from their events.
      }
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(API_CALL_CHANNEL);
  };
}
