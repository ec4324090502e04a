import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import { DraftError } from '../../../shared/dns-persist/drafts.ts';
import { AcmeError, AcmeProblemError, AcmeResponseError, AcmeRetryLaterError, AcmeTransportError } from '../acme/errors.ts';
import { PersistRejectedError, PreflightError } from '../persist/persist-issuance.ts';
import { UserError } from '../user-error.ts';

/**
 * Turns any error into what the UI shows: a code, the message, the fix, and the CA's problem
 * document when there is one. User-facing errors carry their code (UserError); the CA's carry
 * its problem document. Unknown errors become a generic 'internal' message (the details go to
 * the log, never secrets to the UI).
 */
export function toApiError(err: unknown, log: (message: string) => void = () => {}): ApiErrorBody {
  if (err instanceof UserError) return { code: err.apiCode, message: err.message, ...(err.fix ? { fix: err.fix } : {}) };
  if (err instanceof PreflightError) {
    const bad = err.result.servers.find((s) => s.status !== 'ok');
    const fix = err.fix ?? bad?.detail;
    return { code: 'not-ready', message: err.summary, ...(fix ? { fix } : {}) };
  }
  if (err instanceof PersistRejectedError)
    return { code: 'ca-refused', message: err.cause.message, fix: err.fix, problem: err.problem.raw };
  if (err instanceof AcmeProblemError) return { code: 'ca-refused', message: err.message, problem: err.problem.raw };
  if (err instanceof AcmeRetryLaterError) {
    return {
      code: 'ca-unreachable',
      message: err.message,
      fix: `Try again after ${err.retryAfter.toLocaleString()}`,
      ...(err.problem ? { problem: err.problem.raw } : {}),
    };
  }
  if (err instanceof AcmeTransportError)
    return { code: 'ca-unreachable', message: err.message, fix: 'Check the CA directory URL and your network connection' };
  if (err instanceof AcmeResponseError)
    return { code: 'ca-refused', message: `${err.message}${err.bodySnippet ? `: ${err.bodySnippet.slice(0, 200)}` : ''}` };
  if (err instanceof DraftError || err instanceof AcmeError) return { code: 'ca-refused', message: err.message };
  log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { code: 'internal', message: 'Something went wrong inside PersistCert; the details are in its log' };
}
