import type { VerifyEndpoint } from '../../../shared/verify-endpoint.ts';
import type { CertificateRecord } from '../store/schema.ts';
import { verifyEndpoints, type EndpointResult, type VerifyOptions } from './verify-deploy.ts';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*/g;

/**
 * The use case behind `persistcert verify` (and, later, the step after a deploy): is this
 * certificate what each endpoint serves? Earlier certificates for the same names tell an old
 * certificate (server not reloaded) from someone else's.
 */
export function verifyCertificateDeployment(
  cert: CertificateRecord,
  all: readonly CertificateRecord[],
  endpoints: readonly VerifyEndpoint[],
  options: VerifyOptions & { deployCommand?: string } = {},
): Promise<EndpointResult[]> {
  const sameNames = (c: CertificateRecord) => c.names.length === cert.names.length && c.names.every((n) => cert.names.includes(n));
  const previousSerials = all.filter((c) => c.id !== cert.id && sameNames(c)).map((c) => c.serialHex.toLowerCase());
  const chainPem = (cert.chainPem.match(PEM_CERTIFICATE) ?? []).map((p) => p.trim() + '\n');
  const { deployCommand, ...verify } = options;
  return verifyEndpoints(endpoints, { chainPem, previousSerials, ...(deployCommand ? { deployCommand } : {}) }, cert.names, verify);
}
