import type { AcmeClient } from './client.ts';
import { AcmeError, AcmeResponseError } from './errors.ts';
import { renewalInfoSchema } from './schemas.ts';
import { parseCertificate, type ParsedCertificate } from '../crypto/certificate.ts';

/**
 * RFC 9773 §4.1 certificate identifier: base64url(AKI keyIdentifier) "." base64url(serial),
 * where the serial is the DER INTEGER's content bytes *including* a leading 0x00 sign byte.
 * (OpenSSL-style hex serials drop that byte; Sectigo rejects identifiers without it.)
 */
export function ariCertificateId(certificate: string | Buffer | ParsedCertificate): string {
  const cert = isParsed(certificate) ? certificate : parseCertificate(certificate);
  if (!cert.authorityKeyIdentifier) {
    throw new AcmeError('The certificate has no Authority Key Identifier, so it has no ARI identifier (RFC 9773 §4.1)');
  }
  return ariIdFromParts(cert.authorityKeyIdentifier, cert.serialDer);
}

export function ariIdFromParts(authorityKeyIdentifier: Uint8Array, serialDer: Uint8Array): string {
  return `${Buffer.from(authorityKeyIdentifier).toString('base64url')}.${Buffer.from(serialDer).toString('base64url')}`;
}

function isParsed(v: unknown): v is ParsedCertificate {
  return typeof v === 'object' && v !== null && 'serialDer' in v;
}

export interface RenewalInfo {
  certificateId: string;
  suggestedWindow: { start: Date; end: Date };
  explanationURL?: string;
  /** When to ask again (RFC 9773 §4.3); undefined if the CA did not say. */
  retryAfter: Date | undefined;
}

/**
 * Fetches renewal information (RFC 9773 §4.2) with an unauthenticated GET. A window whose end is
 * not after its start is invalid and treated as no answer (§4.2).
 */
export async function fetchRenewalInfo(client: AcmeClient, certificate: string | Buffer | ParsedCertificate): Promise<RenewalInfo> {
  const dir = await client.directory();
  if (!dir.renewalInfo) throw new AcmeError('This CA does not offer ACME Renewal Information (no renewalInfo in its directory)');
  const certificateId = ariCertificateId(certificate);
  const url = `${dir.renewalInfo.replace(/\/$/, '')}/${certificateId}`;
  const res = await client.get(url, renewalInfoSchema, { what: 'renewal information' });
  const start = new Date(res.body.suggestedWindow.start);
  const end = new Date(res.body.suggestedWindow.end);
  if (end.getTime() <= start.getTime()) {
    throw new AcmeResponseError('The CA sent a renewal window whose end is not after its start (RFC 9773 §4.2)', {
      url,
      status: res.status,
      body: res.http.body,
      contentType: 'application/json',
    });
  }
  return {
    certificateId,
    suggestedWindow: { start, end },
    ...(res.body.explanationURL ? { explanationURL: res.body.explanationURL } : {}),
    retryAfter: res.retryAfter,
  };
}
