import type { AccountView, CertificateDetailsView, CertificateView } from '../../../shared/api/views.ts';
import type { AccountRecord, CertificateRecord } from '../store/schema.ts';

/**
 * What the UI and `--json` output show of an account, including which names depend on it.
 * `certificates` may be summaries (one query): an account view needs no whole record.
 */
export function toAccountView(
  a: AccountRecord,
  certificates: readonly Pick<CertificateRecord, 'accountId' | 'status' | 'names'>[],
): AccountView {
  return {
    id: a.id,
    accountUrl: a.accountUrl,
    directoryUrl: a.directoryUrl,
    status: a.status,
    keyType: a.keyType,
    contact: a.contact,
    createdAt: a.createdAt,
    backedUpAt: a.backedUpAt ?? null,
    backupDeclinedAt: a.backupDeclinedAt ?? null,
    rolledOverAt: a.rolledOverAt ?? null,
    rolloverPending: a.pendingKeyRef !== undefined,
    dependentNames: [...new Set(certificates.filter((c) => c.accountId === a.id && c.status === 'valid').flatMap((c) => c.names))],
  };
}

export function toCertificateView(c: CertificateRecord, account: AccountRecord | undefined): CertificateView {
  return {
    id: c.id,
    accountId: c.accountId,
    directoryUrl: account?.directoryUrl ?? '',
    names: c.names,
    status: c.status,
    keyType: c.keyType,
    serial: c.serialHex,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    issuedAt: c.issuedAt,
  };
}

export function toCertificateDetailsView(c: CertificateRecord, account: AccountRecord | undefined): CertificateDetailsView {
  return { ...toCertificateView(c, account), history: c.history };
}
