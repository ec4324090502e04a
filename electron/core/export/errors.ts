/**
 * Errors a user can cause while exporting: a key that does not belong to the certificate, an
 * empty PFX password nobody confirmed, a folder that cannot be written, files already there.
 * The message always says what to change; as UserErrors they are bad requests (exit code 2).
 */

import { UserError, type ApiErrorCode } from '../user-error.ts';

/** An export that cannot go ahead as asked. */
export class ExportError extends UserError {
  override name = 'ExportError';
  readonly apiCode: ApiErrorCode = 'bad-request';
}

/**
 * The target exists and overwriting was not asked for. The message says what to do in words; how
 * to allow overwriting is the interface's to say (a checkbox in the app, --force on the command line).
 */
export class ExistingFileError extends ExportError {
  override name = 'ExistingFileError';
}

/** A PFX (PKCS#12) that cannot be built from the given key, certificates and options. */
export class PfxError extends ExportError {
  override name = 'PfxError';
}
