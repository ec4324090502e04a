/**
 * Connects to an endpoint the way a client of the user's server would, and returns the
 * certificate chain the server presents. Trust is not judged here (the comparison with our own
 * certificate is), so verification of the peer is off; nothing is sent after the handshake.
 */
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { VerifyEndpoint } from '../../../shared/verify-endpoint.ts';
import { negotiateStartTls } from './starttls.ts';

export interface ServedChain {
  /** DER of each certificate the server sent, leaf first. */
  certificates: Buffer[];
  protocol: string | null;
}

/** Why the probe got no chain, in words for the user. */
export class ProbeError extends Error {
  override name = 'ProbeError';
}

function tcp(endpoint: VerifyEndpoint, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: endpoint.host, port: endpoint.port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new ProbeError(`no answer within ${timeoutMs / 1000} s`)));
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The peer's chain as sent: node links it through issuerCertificate (self-referencing at a root). */
function chainOf(socket: TLSSocket): Buffer[] {
  const out: Buffer[] = [];
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert?.raw && !out.some((c) => c.equals(cert!.raw))) {
    out.push(Buffer.from(cert.raw));
    cert = cert.issuerCertificate;
  }
  return out;
}

export async function probeEndpoint(endpoint: VerifyEndpoint, timeoutMs = 10_000): Promise<ServedChain> {
  // SNI names the site; it is never an IP address (RFC 6066 §3).
  const servername = endpoint.sni ?? (isIP(endpoint.host) ? undefined : endpoint.host);
  let plain: Socket | undefined;
  try {
    if (endpoint.starttls) {
      plain = await tcp(endpoint, timeoutMs);
      await negotiateStartTls(plain, endpoint.starttls);
    }
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = connectTls({
        ...(plain ? { socket: plain } : { host: endpoint.host, port: endpoint.port }),
        ...(servername ? { servername } : {}),
        rejectUnauthorized: false,
        timeout: timeoutMs,
      });
      s.once('secureConnect', () => resolve(s));
      s.once('error', reject);
      s.once('timeout', () => s.destroy(new ProbeError(`the TLS handshake did not finish within ${timeoutMs / 1000} s`)));
    });
    try {
      const certificates = chainOf(socket);
      if (certificates.length === 0) throw new ProbeError('the server sent no certificate');
      return { certificates, protocol: socket.getProtocol() };
    } finally {
      socket.destroy();
    }
  } catch (err) {
    plain?.destroy();
    throw err instanceof ProbeError ? err : new ProbeError(describe(err as NodeJS.ErrnoException, endpoint));
  }
}

/** Errors in terms a user can act on. */
function describe(err: NodeJS.ErrnoException, endpoint: VerifyEndpoint): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `connection refused: nothing listens on port ${endpoint.port}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the name ${endpoint.host} does not resolve`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${endpoint.host} cannot be reached (${err.code})`;
    case 'ECONNRESET':
      return 'the server closed the connection during the handshake';
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return endpoint.starttls
        ? 'the server did not start TLS'
        : `the server does not speak TLS on port ${endpoint.port}${[25, 587, 143].includes(endpoint.port) ? ` (add starttls=${endpoint.port === 143 ? 'imap' : 'smtp'})` : ''}`;
    default:
      return err.message;
  }
}
