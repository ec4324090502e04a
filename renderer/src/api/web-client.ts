// Types only from the contract, so its parameter schemas (and zod) stay out of the UI bundle.
import type { EventName, EventPayloads, MethodName, MethodParams, MethodResults, PersistCertApi } from '../../../shared/api/contract.ts';
import { ApiError, type ApiErrorBody, type ApiResult } from '../../../shared/api/api-error.ts';
import { METHOD_NAMES } from '../../../shared/api/names.ts';

/**
 * The loopback web host's client. The page is opened as `http://127.0.0.1:<port>/?token=<token>`;
 * the token is read once, removed from the address bar and kept in this tab's sessionStorage, so
 * a reload comes back to the same place (the host's resume page puts it back; see
 * electron/web-host/resume-page.ts). Calls are `POST /api/call/<method>` with the token in a
 * header; events arrive over one EventSource.
 */

const TOKEN_KEY = 'persistcert.token';

function takeToken(): string {
  const params = new URLSearchParams(location.search);
  const token = params.get('token') ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  if (params.has('token')) {
    sessionStorage.setItem(TOKEN_KEY, token);
    params.delete('token');
    const query = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }
  return token;
}

function isApiResult(v: unknown): v is ApiResult<unknown> {
  return typeof v === 'object' && v !== null && 'ok' in v && typeof (v as { ok: unknown }).ok === 'boolean';
}

export function createWebClient(token: string = takeToken()): PersistCertApi {
  async function call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResults[M]> {
    let res: Response;
    try {
      res = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-persistcert-token': token },
        body: JSON.stringify(params ?? {}),
      });
    } catch (e) {
      throw new ApiError({
        code: 'internal',
        message: 'PersistCert is not answering: the page lost its connection to the app.',
        fix: 'Check that "persistcert start" is still running, then reload the page from the address it printed.',
        problem: { detail: (e as Error).message },
      });
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (!isApiResult(body)) {
      throw new ApiError({ code: 'internal', message: `The app answered ${res.status} ${res.statusText} without a readable result.` });
    }
    if (!body.ok) throw new ApiError(body.error as ApiErrorBody);
    return body.value as MethodResults[M];
  }

  let source: EventSource | null = null;
  function events(): EventSource {
    source ??= new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    return source;
  }

  const api = {
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      const handler = (ev: MessageEvent<string>): void => {
        let payload: EventPayloads[E];
        try {
          payload = JSON.parse(ev.data) as EventPayloads[E];
        } catch {
          return;
        }
        listener(payload);
      };
      const es = events();
      es.addEventListener(event, handler as EventListener);
      return () => es.removeEventListener(event, handler as EventListener);
    },
  } as Partial<PersistCertApi> & Pick<PersistCertApi, 'on'>;
  const methods = api as unknown as Record<MethodName, (params: unknown) => Promise<unknown>>;
  for (const name of METHOD_NAMES) {
    methods[name] = (params: unknown) => call(name, params as MethodParams<typeof name>);
  }
  return api as PersistCertApi;
}
