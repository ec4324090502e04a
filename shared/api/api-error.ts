/**
 * Failures as the UI receives them, in a file of their own so the renderer and the preload can
 * use them without bundling the contract's parameter schemas.
 */
/** A failure the UI can show as is: what happened, what to do, and the CA's own document. */
export interface ApiErrorBody {
  code: 'bad-request' | 'not-found' | 'ca-refused' | 'ca-unreachable' | 'dns' | 'keystore' | 'storage' | 'not-ready' | 'internal';
  message: string;
  fix?: string;
  /** The RFC 7807 problem document when the CA sent one, verbatim. */
  problem?: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown on the UI side for a failed call, carrying the structured body. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
}

/** The answer to a method the contract does not have, the same on every transport. */
export function unknownMethodError(method: unknown): ApiErrorBody {
  return {
    code: 'bad-request',
    message: `Unknown method ${typeof method === 'string' ? JSON.stringify(method.slice(0, 100)) : `(${typeof method})`}.`,
  };
}
