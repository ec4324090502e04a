/**
 * Deploy verification: is the certificate we just deployed what the server serves? Servers
 * reload asynchronously (a reload command returns before workers swap), so an endpoint that still
 * serves the old certificate, or is briefly down, is asked again until `retryForMs` has passed.
 */
import { formatVerifyEndpoint, type VerifyEndpoint } from '../../../shared/verify-endpoint.ts';
import { parseCertificate, type ParsedCertificate } from '../crypto/certificate.ts';
import { ProbeError, probeEndpoint, type ServedChain } from './tls-probe.ts';

export type EndpointVerdict =
  | { status: 'serving'; chainComplete: boolean; missingIntermediates: number }
  | { status: 'old-certificate'; servedSerial: string; servedNotAfter: string; fix: string }
  | { status: 'other-certificate'; servedSerial: string; servedNames: string[]; fix: string }
  | { status: 'unreachable'; reason: string; fix: string };

export type EndpointResult = EndpointVerdict & { endpoint: string; checkedAt: string; attempts: number };

export interface ExpectedCertificate {
  /** The current certificate: leaf first, then its chain (RFC 8555 §7.4.2 order). */
  chainPem: string[];
  /** Serials (hex) of this site's earlier certificates, to tell "old" from "someone else's". */
  previousSerials: string[];
  /** The deploy command that ran, named in the "old certificate" fix. */
  deployCommand?: string;
}

export interface VerifyOptions {
  retryForMs?: number;
  intervalMs?: number;
  timeoutMs?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  probe?: (endpoint: VerifyEndpoint, timeoutMs: number) => Promise<ServedChain>;
}

export const DEFAULT_VERIFY_RETRY_MS = 60_000;

/** Compares what was served with what we expect (pure; exported for table tests). */
export function classify(served: ServedChain, expected: ExpectedCertificate, names: readonly string[]): EndpointVerdict {
  const [want, ...intermediates] = expected.chainPem.map((pem) => parseCertificate(pem));
  const leaf = parseCertificate(served.certificates[0]!);
  if (leaf.der.equals(want!.der)) {
    // Self-signed roots need not be sent (RFC 8446 §4.4.2); every intermediate must be.
    const needed = intermediates.filter((c) => c.subject !== c.issuer);
    const missing = needed.filter((c) => !served.certificates.some((s) => s.equals(c.der))).length;
    return { status: 'serving', chainComplete: missing === 0, missingIntermediates: missing };
  }
  const sameNames = names.every((n) => covers(leaf, n));
  if (expected.previousSerials.includes(leaf.serialHex) || (sameNames && leaf.notBefore < want!.notBefore)) {
    const ran = expected.deployCommand ? ` The deploy command was: ${expected.deployCommand}` : '';
    return {
      status: 'old-certificate',
      servedSerial: leaf.serialHex,
      servedNotAfter: leaf.notAfter.toISOString(),
      fix: `The server still serves the previous certificate: reload or restart it so it reads the new files.${ran}`,
    };
  }
  return {
    status: 'other-certificate',
    servedSerial: leaf.serialHex,
    servedNames: leaf.dnsNames,
    fix: `This endpoint serves a certificate for ${leaf.dnsNames.join(', ') || leaf.subject || 'other names'}, not this one: check the host, port and sni= name, or point the server's configuration at the deployed files.`,
  };
}

/** Whether a certificate's dNSNames cover `name` (RFC 6125 §6.4.3: a wildcard covers one label). */
function covers(cert: ParsedCertificate, name: string): boolean {
  return cert.dnsNames.some(
    (d) => d === name || (d.startsWith('*.') && name.slice(name.indexOf('.') + 1) === d.slice(2) && !name.startsWith('*.')),
  );
}

export async function verifyEndpoint(
  endpoint: VerifyEndpoint,
  expected: ExpectedCertificate,
  names: readonly string[],
  options: VerifyOptions = {},
): Promise<EndpointResult> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const probe = options.probe ?? probeEndpoint;
  const retryFor = options.retryForMs ?? DEFAULT_VERIFY_RETRY_MS;
  const interval = options.intervalMs ?? 5_000;
  const started = now().getTime();
  for (let attempts = 1; ; attempts++) {
    let verdict: EndpointVerdict;
    try {
      verdict = classify(await probe(endpoint, options.timeoutMs ?? 10_000), expected, names);
    } catch (err) {
      if (!(err instanceof ProbeError)) throw err;
      verdict = {
        status: 'unreachable',
        reason: err.message,
        fix: `Check that the server runs and that ${formatVerifyEndpoint(endpoint)} is where it listens.`,
      };
    }
    // Anything but "serving" may be a server half-way through its reload: ask again.
    if (verdict.status === 'serving' || now().getTime() - started + interval > retryFor) {
      return { ...verdict, endpoint: formatVerifyEndpoint(endpoint), checkedAt: now().toISOString(), attempts };
    }
    await sleep(interval);
  }
}

/** Every endpoint, concurrently: one slow server does not delay the others' answers. */
export function verifyEndpoints(
  endpoints: readonly VerifyEndpoint[],
  expected: ExpectedCertificate,
  names: readonly string[],
  options: VerifyOptions = {},
): Promise<EndpointResult[]> {
  return Promise.all(endpoints.map((e) => verifyEndpoint(e, expected, names, options)));
}
