import type { ApiErrorBody } from '../../shared/api/api-error.ts';

export type ApiErrorCode = ApiErrorBody['code'];

/**
 * A failure meant for the user as is: its message says what happened, `fix` what to do, and
 * `apiCode` how the UI contract reports it. Both transports and the CLI read these fields, so
 * no adapter has to recognise an error by its class name.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly apiCode: ApiErrorCode,
    readonly fix?: string,
  ) {
    super(message);
  }
}

/** Input the core refuses: a bad name, a missing confirmation, a value out of range. */
export class InputError extends UserError {
  override name = 'InputError';
  constructor(message: string, fix?: string) {
    super(message, 'bad-request', fix);
  }
}
