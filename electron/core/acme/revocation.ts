import type { KeyObject } from 'node:crypto';
import type { AcmeClient } from './client.ts';
import { AcmeError } from './errors.ts';
import { parseCertificate } from '../crypto/certificate.ts';

/**
 * CRL reason codes a subscriber may give (RFC 5280 §5.3.1; RFC 8555 §7.6). cACompromise,
 * certificateHold and aACompromise are the CA's business, so they are not offered.
 */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  privilegeWithdrawn: 9,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

export function isRevocationReason(v: unknown): v is RevocationReason {
  return typeof v === 'string' && Object.hasOwn(REVOCATION_REASONS, v);
}

/**
 * Revokes a certificate (RFC 8555 §7.6), signed by the bound account, or by the certificate's
 * own key (`jwk`), which works even when the account is lost.
 */
export async function revokeCertificate(
  client: AcmeClient,
  certificatePem: string,
  options: { reason?: RevocationReason; certificateKey?: KeyObject } = {},
): Promise<void> {
  const dir = await client.directory();
  const cert = parseCertificate(certificatePem);
  const payload: Record<string, unknown> = { certificate: cert.der.toString('base64url') };
  if (options.reason !== undefined) {
    if (!isRevocationReason(options.reason)) {
      throw new AcmeError(
        `Unknown revocation reason "${String(options.reason)}"; use one of ${Object.keys(REVOCATION_REASONS).join(', ')}`,
      );
    }
    payload.reason = REVOCATION_REASONS[options.reason];
  }
  // RFC 8555 §7.6: success is 200 with no body; failures arrive as problem documents.
  const signer = options.certificateKey ? { key: options.certificateKey, jwk: true as const } : undefined;
  await client.postRaw(dir.revokeCert, payload, 'application/json', signer);
}
