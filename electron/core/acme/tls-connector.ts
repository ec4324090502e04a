import { isIP } from 'node:net';
import tls from 'node:tls';
import type { KnownServers } from './known-servers.ts';

/**
 * Opens TLS connections to the CA. Each is verified with OpenSSL, unless the server shows the
 * very certificate OpenSSL verified for it before under the same trust (./known-servers.ts,
 * decision 0019). That connection is made with a TLS context that holds no trust anchors, which
 * Node 20 builds without its root store (~20 ms); it is handed over only after the certificate is
 * recognised and the host name checked, so nothing is sent to a server that is not. Anything else
 * (another certificate, an error before the handshake ends) is closed and the connection made
 * again with OpenSSL's verification, which then decides and reports.
 *
 * TLS sessions are not resumed: a resumed session carries no certificate chain to remember, and
 * a CLI run opens one connection (a batch, a handful kept alive).
 */
export class TlsConnector {
  /** New connections OpenSSL verified, and those accepted as a known server's certificate. */
  readonly counts = { verifiedByOpenSsl: 0, acceptedAsKnown: 0 };
  private anchorless: tls.SecureContext | undefined;
  private verifying: Pick<tls.ConnectionOptions, 'secureContext' | 'ca'> | undefined;
  /** Connections not handed over yet, so destroy() must end them itself. */
  private readonly opening = new Map<tls.TLSSocket, (err: Error) => void>();

  constructor(
    private readonly caBundlePem: string | undefined,
    private readonly known: KnownServers | undefined,
  ) {}

  /** A connection whose handshake ended and whose server is trusted. `host` is a name or a bare IP. */
  connect(host: string, port: number): Promise<tls.TLSSocket> {
    if (!this.known?.mayKnow(host, port)) return this.verifiedConnection(host, port);
    this.anchorless ??= tls.createSecureContext({ ca: [] });
    // Verified by hand below, before the socket is handed over; OpenSSL's verdict here is always
    // "no issuer" because the context holds no anchors.
    const socket = open(host, port, { secureContext: this.anchorless, rejectUnauthorized: false });
    return this.handOver(socket, (settle) => {
      const retryVerified = () => {
        socket.destroy();
        settle(this.verifiedConnection(host, port));
      };
      socket.once('error', retryVerified);
      socket.once('secureConnect', () => {
        socket.off('error', retryVerified);
        const leaf = socket.getPeerCertificate();
        if (this.known!.accepts(host, port, leaf, new Date()) && tls.checkServerIdentity(host, leaf) === undefined) {
          this.counts.acceptedAsKnown++;
          settle(socket);
        } else retryVerified();
      });
    });
  }

  /** Ends every connection still opening; the connector stays usable. */
  destroy(): void {
    for (const end of [...this.opening.values()]) end(new Error('the connection was closed before the CA server was recognised'));
  }

  private verifiedConnection(host: string, port: number): Promise<tls.TLSSocket> {
    this.verifying ??= verifyingContext(this.caBundlePem);
    const socket = open(host, port, this.verifying);
    return this.handOver(socket, (settle, fail) => {
      socket.once('error', fail);
      socket.once('secureConnect', () => {
        socket.off('error', fail);
        // With rejectUnauthorized (the default) an unauthorized socket fails with 'error' instead.
        this.counts.verifiedByOpenSsl++;
        this.known?.remember(host, port, socket.getPeerCertificate(true), new Date());
        settle(socket);
      });
    });
  }

  private handOver(
    socket: tls.TLSSocket,
    wire: (settle: (result: tls.TLSSocket | Promise<tls.TLSSocket>) => void, fail: (err: Error) => void) => void,
  ): Promise<tls.TLSSocket> {
    return new Promise((resolve, reject) => {
      const settle = (result: tls.TLSSocket | Promise<tls.TLSSocket>) => {
        this.opening.delete(socket);
        resolve(result);
      };
      const fail = (err: Error) => {
        this.opening.delete(socket);
        socket.destroy();
        reject(err);
      };
      this.opening.set(socket, fail);
      wire(settle, fail);
    });
  }
}

function open(host: string, port: number, options: tls.ConnectionOptions): tls.TLSSocket {
  // RFC 6066 §3: no SNI for an address; the certificate is then checked against the address.
  const socket = tls.connect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...options });
  // Whoever holds the socket listens for its errors; this one only keeps an error that comes
  // between two holders (pool and request) from being an uncaught exception.
  socket.on('error', () => {});
  socket.setNoDelay(true);
  return socket;
}

/** A shared TLS context; a bundle it cannot take is left to each connection, which reports it as before. */
export function verifyingContext(caBundlePem: string | undefined): Pick<tls.ConnectionOptions, 'secureContext' | 'ca'> {
  try {
    return { secureContext: tls.createSecureContext(caBundlePem ? { ca: caBundlePem } : {}) };
  } catch {
    return caBundlePem ? { ca: caBundlePem } : {};
  }
}
