import { unknownMethodError } from '../../../shared/api/api-error.ts';
import {
  DEMO_ONLY_METHODS,
  isMethodName,
  parseParams,
  type ApiResult,
  type EventName,
  type EventPayloads,
} from '../../../shared/api/contract.ts';
import type { AppService } from './app-service.ts';
import { toApiError } from './api-errors.ts';
import type { EventHub } from './events.ts';

/** What a transport (Electron IPC, the web host) needs from the core. */
export interface ApiHandler {
  /** Validates params with parseParams and runs the method; never throws, returns ApiResult. */
  call(method: string, params: unknown): Promise<ApiResult<unknown>>;
  /** Subscribe to all events; returns unsubscribe. */
  subscribe(listener: <E extends EventName>(event: E, payload: EventPayloads[E]) => void): () => void;
}

/**
 * The trust boundary on the main side: the method name and every parameter are checked against
 * the contract before the core sees them, and every outcome is a value (RFC 7807 documents
 * included), never an exception across the transport.
 */
export function createApiHandler(service: AppService, events: EventHub, log: (m: string) => void = () => {}): ApiHandler {
  return {
    async call(method, params) {
      // A demo-only method exists only where the demo registered it: elsewhere it is not there at all.
      if (!isMethodName(method) || (DEMO_ONLY_METHODS.has(method) && !service.demoRegistered))
        return { ok: false, error: unknownMethodError(method) };
      const parsed = parseParams(method, params);
      if (!parsed.ok) return parsed;
      try {
        const fn = service[method] as (p: unknown) => Promise<unknown>;
        return { ok: true, value: await fn.call(service, parsed.value) };
      } catch (err) {
        return { ok: false, error: toApiError(err, log) };
      }
    },
    subscribe: (listener) => events.subscribe(listener),
  };
}
