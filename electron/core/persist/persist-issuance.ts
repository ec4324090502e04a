import type { KeyObject } from 'node:crypto';
import { adapterFor } from '../../../shared/dns-persist/drafts.ts';
import type { AcmeClient } from '../acme/client.ts';
import { AcmeError, AcmeProblemError, type AcmeProblem } from '../acme/errors.ts';
import { issueCertificate, type IssuedCertificate, type IssueStep } from '../acme/issue.ts';
import { jwkThumbprint } from '../acme/jws.ts';
import type { PropagationChecker, PropagationResult, PropagationTarget, ServerCheck } from '../dns/propagation.ts';
import { DNS_PERSIST_01 } from './offer-check.ts';

export type PersistIssueStep = IssueStep | { step: 'precheck'; name: string; result: PropagationResult };

export interface PersistIssueInput {
  /** A client bound to the account the records name. */
  client: AcmeClient;
  names: string[];
  certificateKey: KeyObject;
  checker?: PropagationChecker | undefined;
  /** Check each record ourselves before asking the CA (default true). */
  precheck?: boolean;
  profile?: string | undefined;
  replaces?: string | undefined;
  existingOrderUrl?: string | undefined;
  onOrderCreated?: (orderUrl: string) => Promise<void>;
  onProgress?: (step: PersistIssueStep) => void;
}

/** Our own check found the record not ready: nothing was asked of the CA. */
export class PreflightError extends AcmeError {
  override name = 'PreflightError';
  /** What is wrong, without the fix (the UI shows the fix on its own line). */
  readonly summary: string;
  /** What to change, from the first server that disagrees. */
  readonly fix: string | undefined;
  constructor(readonly result: PropagationResult) {
    const bad = result.servers.filter((s) => s.status !== 'ok');
    const first = bad[0];
    const summary =
      `The record at ${result.recordName} is not ready: ${first ? `${first.label} says ${first.status}${first.detail ? ` (${first.detail})` : ''}` : (result.problem ?? 'no server answered')}` +
      (bad.length > 1 ? `; ${bad.length - 1} more server(s) disagree` : '');
    super(summary + (first?.fix ? `. Fix: ${first.fix}` : ''));
    this.summary = summary;
    this.fix = first?.fix;
  }
}

/** The CA refused a dns-persist-01 validation; `fix` says what to change in the record. */
export class PersistRejectedError extends AcmeError {
  override name = 'PersistRejectedError';
  constructor(
    override readonly cause: AcmeProblemError,
    readonly reason: 'syntax' | 'account' | 'issuer' | 'policy' | 'expired' | 'missing' | 'other',
    readonly fix: string,
  ) {
    super(`${cause.message}. ${fix}`, cause.url);
  }
  get problem(): AcmeProblem {
    return this.cause.problem;
  }
}

/**
 * Issues with dns-persist-01 (draft-ietf-acme-dns-persist-01 §3-4): for each pending
 * authorization, read the issuer names and account URI the CA expects from the challenge, check
 * that every server shows a matching record, then POST `{}`. An authorization that is already
 * valid (reuse or just-in-time validation, §4.4) needs nothing.
 */
export async function issueWithPersist(input: PersistIssueInput): Promise<IssuedCertificate> {
  const { client } = input;
  const account = client.requireAccount();
  const dir = await client.directory();
  const adapter = adapterFor(dir.meta);
  const thumbprint = adapter.id === 'draft-02' ? await jwkThumbprint(account.key) : undefined;
  // What the CA asked for per name, so a refusal can be explained from the records as they are.
  const targets = new Map<string, PropagationTarget>();
  try {
    return await issueCertificate(client, {
      names: input.names,
      certificateKey: input.certificateKey,
      challengeType: DNS_PERSIST_01,
      profile: input.profile,
      replaces: input.replaces,
      existingOrderUrl: input.existingOrderUrl,
      ...(input.onOrderCreated ? { onOrderCreated: input.onOrderCreated } : {}),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      beforeRespond: async (authz, challenge) => {
        const raw = challenge as Record<string, unknown>;
        const issuers = adapter.challengeIssuerNames(raw);
        const name = (authz.object.wildcard ? '*.' : '') + authz.object.identifier.value;
        // -01 §3.1: the challenge's accounturi is what the CA expects; -00 servers omit it.
        const accountUri =
          typeof raw.accounturi === 'string'
            ? raw.accounturi
            : adapter.accountUri({ accountUrl: account.url, keyThumbprint: thumbprint }, name, dir.meta ?? {});
        targets.set(name, { name, issuers, accountUri });
        if (input.precheck !== false && input.checker) {
          const result = await input.checker.check({ name, issuers, accountUri });
          input.onProgress?.({ step: 'precheck', name, result });
          if (!result.ready) throw new PreflightError(result);
        }
      },
    });
  } catch (err) {
    if (err instanceof AcmeProblemError && (err.is('malformed') || err.is('unauthorized') || err.is('dns')) && err.problem.identifier) {
      const target = targets.get(err.problem.identifier.value);
      const seen = target && input.checker ? await input.checker.check(target).catch(() => undefined) : undefined;
      throw explainRejection(err, seen);
    }
    throw err;
  }
}

/**
 * Maps the CA's refusal to what to fix (Pebble and Boulder phrasings, -01 §9.3.1). When the
 * records were read again after the refusal (`seen`), our own verdict on them gives the fix, so
 * a record that is there is never called missing.
 */
export function explainRejection(err: AcmeProblemError, seen?: PropagationResult): PersistRejectedError {
  const detail = (err.problem.detail ?? '').toLowerCase();
  const name = err.problem.identifier?.value ?? 'the name';
  const at = `_validation-persist.${name.replace(/^\*\./, '')}`;
  const row = seen?.servers.find((s) => s.kind === 'authoritative' && s.status !== 'ok' && s.status !== 'unreachable' && s.fix);
  if (row) {
    const reason = REASON_OF_STATUS[row.status] ?? 'other';
    return new PersistRejectedError(err, reason, `${row.detail ? `${row.detail}. ` : ''}Fix: ${row.fix} (record at ${at})`);
  }
  if (err.is('malformed'))
    return new PersistRejectedError(
      err,
      'syntax',
      `Fix the syntax of the TXT record at ${at}: "issuer; accounturi=<account URL>[; policy=wildcard][; persistUntil=<seconds>]"`,
    );
  if (/accounturi/.test(detail))
    return new PersistRejectedError(
      err,
      'account',
      `The record at ${at} names another account: add a second record naming this account beside it (changing that one would break the other account)`,
    );
  if (/policy/.test(detail)) return new PersistRejectedError(err, 'policy', `Add "; policy=wildcard" to the record at ${at}`);
  if (/persistuntil/.test(detail))
    return new PersistRejectedError(err, 'expired', `The record at ${at} has passed its persistUntil: publish a later date, or none`);
  // Pebble: "No valid TXT record found" = records exist, none starts with an issuer name it offered, written exactly.
  if (/no valid txt record/.test(detail)) {
    return new PersistRejectedError(
      err,
      'issuer',
      `The records at ${at} do not start with this CA's issuer name as the CA expects it: write it exactly as offered (lower case, no trailing dot), followed by ";", and run "persistcert check"`,
    );
  }
  if (/issuer/.test(detail))
    return new PersistRejectedError(err, 'issuer', `The record at ${at} names another CA: start it with one of the CA's issuer names`);
  if (/no txt records? found|nxdomain|no such/i.test(detail))
    return new PersistRejectedError(err, 'missing', `Publish the TXT record at ${at}`);
  return new PersistRejectedError(err, 'other', `Check the record at ${at} with "persistcert check"`);
}

const REASON_OF_STATUS: Partial<Record<ServerCheck['status'], PersistRejectedError['reason']>> = {
  missing: 'missing',
  malformed: 'syntax',
  'other-account': 'account',
  'other-issuer': 'issuer',
  'policy-missing': 'policy',
  expired: 'expired',
  'alias-broken': 'missing',
};
