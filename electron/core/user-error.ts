import type { ApiErrorBody } from '../../shared/api/api-error.ts';

export type ApiErrorCode = ApiErrorBody['code'];

/**
 * A failure meant for the user as is: its message says what happened, `fix` what to do, and
 * `apiCode` how the UI contract reports it. Both transports and the CLI's exit codes read these
 * fields, so no adapter has to recognise an error by its class name.
 */
export abstract class UserError extends Error {
  abstract readonly apiCode: ApiErrorCode;
  readonly fix: string | undefined;
  constructor(message: string, options: { fix?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.fix = options.fix;
  }
}

/** Input the core refuses: a bad name, a missing confirmation, a value out of range. */
export class InputError extends UserError {
  override name = 'InputError';
  readonly apiCode: ApiErrorCode = 'bad-request';
  constructor(message: string, fix?: string) {
    super(message, { fix });
  }
}
