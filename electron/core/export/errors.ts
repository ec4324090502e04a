/**
 * Errors a user can cause while exporting: a key that does not belong to the certificate, an
 * empty PFX password nobody confirmed, a folder that cannot be written, files already there.
 * The message always says what to change; the CLI maps these names to a usage exit code.
 */

/** An export that cannot go ahead as asked. */
export class ExportError extends Error {
  override name = 'ExportError';
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
