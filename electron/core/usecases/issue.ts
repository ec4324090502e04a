import { liveFor } from '../../../shared/sites.ts';
import type { AcmeClient } from '../acme/client.ts';
import { generateKeyPair, type KeyType } from '../crypto/keys.ts';
import type { PropagationChecker } from '../dns/propagation.ts';
import { issueWithPersist, type PersistIssueStep } from '../persist/persist-issuance.ts';
import type { AccountRecord, CertificateRecord } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { InputError } from '../user-error.ts';
import type { Core } from './core.ts';

/** Issuing for names that already have a valid certificate, without saying it replaces it. */
export class DuplicateCertificateError extends InputError {
  override name = 'DuplicateCertificateError';
  constructor(
    readonly names: readonly string[],
    readonly existing: CertificateRecord,
  ) {
    super(
      `${names.join(', ')} already ${names.length === 1 ? 'has' : 'have'} a valid certificate (valid until ${existing.notAfter.slice(0, 10)})`,
      'Renew that certificate, or choose to replace it: a second certificate for the same names would renew on its own',
    );
  }
}

/** A replacement that names a certificate which is not a valid one for these names. */
export class NoSuchReplacementError extends InputError {
  override name = 'NoSuchReplacementError';
  constructor(
    readonly names: readonly string[],
    readonly replacesId: string,
  ) {
    super(
      `There is no valid certificate ${replacesId} for ${names.join(', ')} to replace`,
      'Open Certificates and start the replacement from there',
    );
  }
}

export interface IssuePlanInput {
  names: readonly string[];
  /** The live certificate the new one replaces (it ends that one's line and keeps its settings). */
  replacesId?: string | undefined;
  /** Issue a second certificate next to a live one (the CLI's --allow-duplicate); it renews on its own. */
  allowDuplicate?: boolean | undefined;
}

/**
 * One live certificate per set of names. A second one would renew on its own and nothing would
 * say which one a server uses, so issuing again for the same names is refused unless it names
 * the certificate it replaces (or the caller explicitly allows the duplicate). Returns the
 * certificate replaced, or none.
 */
export function planIssue(certificates: readonly CertificateRecord[], input: IssuePlanInput, now: number): CertificateRecord | undefined {
  const live = liveFor(input.names, certificates, now);
  if (input.replacesId !== undefined) {
    const old = live.find((c) => c.id === input.replacesId);
    if (!old) throw new NoSuchReplacementError(input.names, input.replacesId);
    return old;
  }
  const first = live[0];
  if (first && input.allowDuplicate !== true) throw new DuplicateCertificateError(input.names, first);
  return undefined;
}

/** The replaced certificate's renewal and deploy settings carry over, unless they renew under another account. */
export function keptProfileId(store: Store, old: CertificateRecord, account: AccountRecord): string | undefined {
  const profile = old.profileId ? store.profile(old.profileId) : undefined;
  return profile && profile.accountId === account.id ? profile.id : undefined;
}

export interface IssueInput {
  account: AccountRecord;
  /** Already valid names (see validNames). */
  names: string[];
  keyType: KeyType;
  /** From planIssue: the certificate this one replaces. */
  replaces?: CertificateRecord | undefined;
  profile?: string | undefined;
  /** Our own DNS check before asking the CA (default on). */
  precheck?: boolean | undefined;
  onProgress?: ((step: PersistIssueStep) => void) | undefined;
}

/**
 * Orders one certificate with dns-persist-01 (the record is already published) and stores it
 * with its new key. The client and checker belong to the caller, so a batch shares them.
 */
export async function issueCertificate(
  core: Pick<Core, 'certificates' | 'store'>,
  io: { client: AcmeClient; checker?: PropagationChecker | undefined },
  input: IssueInput,
): Promise<CertificateRecord> {
  const { privateKey } = await generateKeyPair(input.keyType);
  const issued = await issueWithPersist({
    client: io.client,
    names: input.names,
    certificateKey: privateKey,
    checker: io.checker,
    ...(input.precheck === false ? { precheck: false } : {}),
    ...(input.profile ? { profile: input.profile } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  const { replaces } = input;
  return core.certificates.recordIssued({
    account: input.account,
    chainPem: issued.pem,
    privateKey,
    orderUrl: issued.orderUrl,
    ...(replaces
      ? { replacedId: replaces.id, profileId: keptProfileId(core.store, replaces, input.account), historyDetail: 'issued as a replacement' }
      : {}),
  });
}
