import { AcmeError } from '../core/acme/errors.ts';
import { ExistingFileError } from '../core/export/errors.ts';
import { KeystoreError } from '../core/keystore/keystore.ts';
import { UserError, type ApiErrorCode } from '../core/user-error.ts';
import { EXIT, UsageError } from './command.ts';

/** The exit code for each kind of user-facing failure the core reports (see EXIT). */
const EXIT_FOR_API_CODE: Record<ApiErrorCode, number | undefined> = {
  'bad-request': EXIT.usage,
  'not-found': EXIT.usage,
  'not-ready': EXIT.notReady,
  'ca-refused': EXIT.failed,
  'ca-unreachable': EXIT.failed,
  dns: EXIT.failed,
  keystore: EXIT.local,
  storage: EXIT.local,
  internal: undefined,
};

/**
 * Maps the errors a user can cause or meet to an exit code; their messages already say what to
 * fix. Anything else is a bug and is reported with its stack.
 */
export function exitCodeFor(err: unknown): number | undefined {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof TypeError && String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) return EXIT.usage;
  // On the command line a missing or weak passphrase is fixed by how the command is run.
  if (err instanceof KeystoreError)
    return err.code === 'wrong-passphrase' || err.code === 'no-passphrase' || err.code === 'weak-passphrase' ? EXIT.usage : EXIT.local;
  if (err instanceof UserError) return EXIT_FOR_API_CODE[err.apiCode];
  if (err instanceof AcmeError) return EXIT.failed;
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno)) return EXIT.local;
  return undefined;
}

/** What the command line adds to a core message that leaves the "how" to the interface. */
export function cliHintFor(err: unknown): string | undefined {
  if (err instanceof ExistingFileError) return 'add --force to replace existing files';
  return undefined;
}
