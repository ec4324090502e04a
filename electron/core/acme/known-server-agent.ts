import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { KnownServers } from './known-servers.ts';

type ConnectionOptions = https.RequestOptions & Pick<tls.ConnectionOptions, 'secureContext'>;
type Created = (err: Error | null, socket: Duplex) => void;

/**
 * An HTTPS agent that verifies each new connection to the CA with OpenSSL, as any agent does,
 * unless the server shows the very certificate OpenSSL verified for it before under the same
 * trust (./known-servers.ts). That connection is made with a TLS context that holds no trust
 * anchors, which Node 20 builds without its root store (~20 ms); it is handed to HTTP only after
 * the certificate is recognised and the host name checked, so nothing is sent to a server that
 * is not. Anything else (another certificate, an error before the handshake ends) is closed and
 * the connection is made again with OpenSSL's verification, which then decides and reports.
 *
 * TLS sessions are not resumed: a resumed session carries no certificate chain to remember, and
 * a CLI run opens one connection (a batch, a handful kept alive).
 */
export class KnownServerAgent extends https.Agent {
  /** New connections OpenSSL verified, and those accepted as a known server's certificate. */
  readonly counts = { verifiedByOpenSsl: 0, acceptedAsKnown: 0 };
  private anchorless: tls.SecureContext | undefined;
  private verifying: Pick<tls.ConnectionOptions, 'secureContext' | 'ca'> | undefined;
  /** Connections still being recognised: not yet in the pool, so destroy() must end them itself. */
  private readonly recognising = new Map<tls.TLSSocket, (err: Error) => void>();

  constructor(
    options: https.AgentOptions,
    private readonly caBundlePem: string | undefined,
    private readonly known: KnownServers,
  ) {
    super({ ...options, maxCachedSessions: 0 });
  }

  // Node's agents take a socket returned, or one passed to `created` later (lib/_http_agent.js createSocket).
  override createConnection(options: ConnectionOptions, created?: Created): Duplex | undefined {
    const host = serverName(options);
    const port = Number(options.port ?? 443);
    if (!created || !this.known.mayKnow(host, port)) return this.verifiedConnection(options, host, port);

    this.anchorless ??= tls.createSecureContext({ ca: [] });
    // Verified by hand below, before the socket is handed over; OpenSSL's verdict here is always
    // "no issuer" because the context holds no anchors.
    const socket = super.createConnection({
      ...options,
      secureContext: this.anchorless,
      rejectUnauthorized: false,
    } as https.RequestOptions) as tls.TLSSocket;
    let settled = false;
    const settle = (err: Error | null, result?: Duplex) => {
      if (settled) return;
      settled = true;
      this.recognising.delete(socket);
      created?.(err, result as Duplex);
    };
    this.recognising.set(socket, (err) => {
      socket.destroy();
      settle(err);
    });
    const retryVerified = () => {
      socket.destroy();
      try {
        settle(null, this.verifiedConnection(options, host, port));
      } catch (error) {
        settle(error as Error);
      }
    };
    socket.once('error', () => {
      if (!settled) retryVerified();
    });
    socket.once('secureConnect', () => {
      const leaf = socket.getPeerCertificate();
      if (this.known.accepts(host, port, leaf, new Date()) && tls.checkServerIdentity(host, leaf) === undefined) {
        this.counts.acceptedAsKnown++;
        settle(null, socket);
      } else retryVerified();
    });
    return undefined;
  }

  override destroy(): void {
    for (const end of [...this.recognising.values()]) end(new Error('the connection was closed before the CA server was recognised'));
    super.destroy();
  }

  private verifiedConnection(options: ConnectionOptions, host: string, port: number): tls.TLSSocket {
    this.verifying ??= verifyingContext(this.caBundlePem);
    const socket = super.createConnection({ ...options, ...this.verifying } as https.RequestOptions) as tls.TLSSocket;
    socket.once('secureConnect', () => {
      // `authorized` is OpenSSL's verdict and the host name check (an unauthorized socket is destroyed).
      if (!socket.authorized) return;
      this.counts.verifiedByOpenSsl++;
      this.known.remember(host, port, socket.getPeerCertificate(true), new Date());
    });
    return socket;
  }
}

/** The name Node checks the certificate against (lib/_tls_wrap.js onConnectSecure). */
function serverName(options: ConnectionOptions): string {
  return options.servername || options.host || 'localhost';
}

/** A shared TLS context; a bundle it cannot take is left to each connection, which reports it as before. */
export function verifyingContext(caBundlePem: string | undefined): Pick<tls.ConnectionOptions, 'secureContext' | 'ca'> {
  try {
    return { secureContext: tls.createSecureContext(caBundlePem ? { ca: caBundlePem } : {}) };
  } catch {
    return caBundlePem ? { ca: caBundlePem } : {};
  }
}
