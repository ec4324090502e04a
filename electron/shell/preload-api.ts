// Types only from the contract: the sandboxed preload must not bundle the schema library.
import type {
  ApiErrorBody,
  EventName,
  EventPayloads,
  MethodName,
  MethodParams,
  MethodResults,
  PersistCertApi,
} from '../../shared/api/contract.ts';
import { EVENT_NAMES, METHOD_NAMES } from '../../shared/api/names.ts';
import { API_CALL_CHANNEL, API_EVENT_CHANNEL } from './channels.ts';

/** `ipcRenderer.invoke`. */
export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;
/** A listener as `ipcRenderer.on` calls it: the IPC event object first. */
export type IpcListener = (ipcEvent: unknown, ...args: unknown[]) => void;
/** `ipcRenderer.on` / `ipcRenderer.removeListener`. */
export type ListenerRegistration = (channel: string, listener: IpcListener) => void;

/**
 * What a failed call rejects with: a plain object shaped like `ApiError` (`name`, `message`,
 * `body`), not an `Error`. contextBridge copies a thrown or rejected Error as a fresh Error,
 * and "any custom properties on the Error object will be lost" (Electron's contextBridge
 * docs, type table), so an Error's `body` would never reach the page: no `fix`, no CA problem
 * document. A plain object is copied whole. The page reads `e.message` and `e.body` exactly as
 * it does on an `ApiError` from the web host's client (`instanceof` cannot work across the
 * bridge either way; rebuild one with `new ApiError(e.body)` where a class is wanted).
 */
export interface ApiFailure {
  readonly name: 'ApiError';
  readonly message: string;
  readonly body: ApiErrorBody;
}

function failure(body: ApiErrorBody): ApiFailure {
  return { name: 'ApiError', message: body.message, body };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isErrorBody(v: unknown): v is ApiErrorBody {
  return isRecord(v) && typeof v.code === 'string' && typeof v.message === 'string';
}

/** The value of an `ApiResult` from main; rejects with an `ApiFailure` otherwise. */
function unwrap(result: unknown): unknown {
  if (isRecord(result) && result.ok === true && 'value' in result) return result.value;
  if (isRecord(result) && result.ok === false && isErrorBody(result.error)) throw failure(result.error);
  throw failure({ code: 'internal', message: 'PersistCert returned an answer the window does not understand.' });
}

type ApiMethods = { [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResults[M]> };

function isEventName(v: unknown): v is EventName {
  return typeof v === 'string' && (EVENT_NAMES as readonly string[]).includes(v);
}

/**
 * The object preload.ts exposes as `window.persistcert`: one named async function per method
 * in the contract, plus `on`. It holds no Electron object, so nothing of `ipcRenderer` can
 * leak to the page (Electron security checklist 20, Bitwarden/Actual style): the page can
 * only name a method, and main checks both the sender and the params.
 */
export function createPreloadApi(
  invoke: Invoke,
  onEvent: ListenerRegistration,
  offEvent: ListenerRegistration,
  reportListenerError: (error: unknown) => void = (error) => console.error('persistcert: an event listener threw', error),
): PersistCertApi {
  function method<M extends MethodName>(name: M): (params: MethodParams<M>) => Promise<MethodResults[M]> {
    const call = async (params: MethodParams<M>): Promise<MethodResults[M]> => {
      let result: unknown;
      try {
        result = await invoke(API_CALL_CHANNEL, name, params);
      } catch {
        throw failure({ code: 'internal', message: `Could not reach PersistCert to run ${name}.` });
      }
      return unwrap(result) as MethodResults[M];
    };
    // A real name in stack traces and devtools, not "call".
    Object.defineProperty(call, 'name', { value: name });
    return call;
  }

  // Built from the contract's list so a new method needs no change here; METHOD_NAMES is
  // `Object.keys(contract)`, i.e. exactly `MethodName`, which is what the cast states.
  const methods = Object.fromEntries(METHOD_NAMES.map((name) => [name, method(name)])) as ApiMethods;

  function on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    if (!isEventName(event)) throw new TypeError(`Unknown event ${JSON.stringify(String(event))}.`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    // The page gets the payload only, never the IPC event object (whose `sender` is
    // ipcRenderer: Actual's `onEventFromMain` leaks it that way).
    const relay: IpcListener = (_ipcEvent, name, payload) => {
      if (name !== event) return;
      try {
        listener(payload as EventPayloads[E]);
      } catch (error) {
        reportListenerError(error); // one broken listener must not starve the others
      }
    };
    onEvent(API_EVENT_CHANNEL, relay);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      offEvent(API_EVENT_CHANNEL, relay);
    };
  }

  return Object.freeze({ ...methods, on } satisfies PersistCertApi);
}
