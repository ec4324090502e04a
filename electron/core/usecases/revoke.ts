import { revokeCertificate, type RevocationReason } from '../acme/revocation.ts';
import type { CertificateRecord } from '../store/schema.ts';
import { InputError } from '../user-error.ts';
import type { Core } from './core.ts';

/** Revocation cannot be undone, so the first name must be typed out again; this one was not. */
export class RevocationNotConfirmedError extends InputError {
  override name = 'RevocationNotConfirmedError';
  constructor(readonly certificate: CertificateRecord) {
    super(`Type ${certificate.names[0]} to confirm: revocation cannot be undone`);
  }
}

export interface RevokeInput {
  /** Id or name. */
  certificate: string;
  /** The first name on the certificate, typed out. */
  confirm: string | undefined;
  reason: RevocationReason;
}

/** Asks the CA to revoke the certificate (RFC 8555 §7.6) and marks it revoked; returns the record as stored. */
export async function revoke(core: Pick<Core, 'accounts' | 'certificates' | 'store'>, input: RevokeInput): Promise<CertificateRecord> {
  const cert = core.certificates.find(input.certificate);
  if (input.confirm !== cert.names[0]) throw new RevocationNotConfirmedError(cert);
  const client = await core.accounts.client(core.accounts.find(cert.accountId));
  try {
    await revokeCertificate(client, cert.chainPem, { reason: input.reason });
  } finally {
    client.close();
  }
  await core.certificates.markRevoked(cert, input.reason);
  return core.certificates.find(cert.id);
}
