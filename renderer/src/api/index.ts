import type { PersistCertApi } from '../../../shared/api/contract.ts';
import { ApiError, type ApiErrorBody } from '../../../shared/api/api-error.ts';
import { createWebClient } from './web-client.ts';

declare global {
  interface Window {
    /** Provided by the Electron preload; absent when the loopback web host serves the page. */
    persistcert?: PersistCertApi;
  }
}

/** The one API the UI talks to: the preload's bridge in the desktop app, else the web client. */
export const api: PersistCertApi = window.persistcert ?? createWebClient();

/** Any thrown value as the structured body the error panel shows. */
export function toErrorBody(e: unknown): ApiErrorBody {
  if (e instanceof ApiError) return e.body;
  // Errors crossing Electron's contextBridge lose their class but keep plain fields.
  if (typeof e === 'object' && e !== null && 'body' in e) {
    const body = (e as { body: unknown }).body;
    if (typeof body === 'object' && body !== null && 'message' in body && 'code' in body) return body as ApiErrorBody;
  }
  if (typeof e === 'object' && e !== null && 'code' in e && 'message' in e && typeof (e as ApiErrorBody).message === 'string') {
    return e as ApiErrorBody;
  }
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
