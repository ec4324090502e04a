import { liveFor } from '../../../shared/sites.ts';
import type { AccountRecord, CertificateRecord } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { AppInputError } from './api-errors.ts';

/**
 * One live certificate per set of names. A second one would renew on its own and nothing would
 * say which one a server uses, so issuing again for the same names is a replacement, asked for
 * by naming the certificate it replaces. Returns that certificate (or none for new names).
 */
export function replacementTarget(certificates: readonly CertificateRecord[], names: readonly string[], replacesId: string | undefined, now: number): CertificateRecord | undefined {
  const live = liveFor(names, certificates, now);
  if (replacesId !== undefined) {
    const old = live.find((c) => c.id === replacesId);
    if (!old) throw new AppInputError(`There is no valid certificate ${replacesId} for ${names.join(', ')} to replace`, 'Open Certificates and start the replacement from there');
    return old;
  }
  const first = live[0];
  if (first) {
    throw new AppInputError(
      `${names.join(', ')} already ${names.length === 1 ? 'has' : 'have'} a valid certificate (valid until ${first.notAfter.slice(0, 10)})`,
      'Renew that certificate, or choose to replace it: a second certificate for the same names would renew on its own',
    );
  }
  return undefined;
}

/** The replaced certificate's renewal and deploy settings carry over, unless they renew under another account. */
export function keptProfileId(store: Store, old: CertificateRecord, account: AccountRecord): string | undefined {
  const profile = old.profileId ? store.profile(old.profileId) : undefined;
  return profile && profile.accountId === account.id ? profile.id : undefined;
}
