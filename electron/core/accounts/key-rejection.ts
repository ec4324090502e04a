import { AcmeProblemError } from '../acme/errors.ts';
import type { AccountRecord } from '../store/schema.ts';

/** How long after a rollover a refused signature is blamed on a stale copy of the old key. */
const RECENT_ROLLOVER_MS = 30 * 24 * 3600_000;

/**
 * The CA refuses a signature this account made: the key it holds is not the one we signed with
 * (RFC 8555 §6.2 verification, §7.3.5 key change). Pebble says "JWS verification error"
 * (malformed), Boulder "unable to verify JWS" or unauthorized.
 */
export function isSignatureRefusal(err: AcmeProblemError): boolean {
  if (err.is('accountDoesNotExist')) return true;
  if (!(err.is('malformed') || err.is('unauthorized') || err.is('badSignatureAlgorithm'))) return false;
  return /JWS verification|verify JWS|signature/i.test(err.problem.detail ?? '');
}

/** The refusal, said plainly, when a rollover explains it; undefined when nothing does. */
export function explainKeyRejection(account: AccountRecord, err: AcmeProblemError, now: Date): Error | undefined {
  if (!isSignatureRefusal(err)) return undefined;
  if (account.pendingKeyRef) {
    return new AccountKeyRejectedError(
      err,
      `The CA refused the key of ${account.accountUrl}: a key rollover is still unsettled, so the CA may hold the new key`,
      'Run "persistcert account show" when the CA can be reached: it asks the CA which key it holds and keeps that one. Both keys are kept until then',
    );
  }
  const rolledAt = account.rolledOverAt ? new Date(account.rolledOverAt) : undefined;
  if (rolledAt && now.getTime() - rolledAt.getTime() < RECENT_ROLLOVER_MS) {
    return new AccountKeyRejectedError(
      err,
      `The CA refused the key of ${account.accountUrl}; its key was rolled over on ${account.rolledOverAt}, and this data directory may hold a copy from before that`,
      'Use the data directory that made the rollover, or restore a backup made after it ("persistcert account restore <file>")',
    );
  }
  return undefined;
}

/** The CA's refusal with the story behind it; still an ACME problem for exit codes and retries. */
export class AccountKeyRejectedError extends AcmeProblemError {
  override name = 'AccountKeyRejectedError';
  readonly fix: string;
  constructor(cause: AcmeProblemError, what: string, fix: string) {
    super(cause.problem, cause.status, cause.url, cause.retryAfter);
    this.message = `${what} (the CA said: ${cause.message}). Fix: ${fix}`;
    this.fix = fix;
  }
}
