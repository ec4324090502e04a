// Real certificates (made by the openssl CLI: root → intermediate → leaves) and real TLS servers
// on loopback for the deploy-verification tests: a plain TLS server whose certificate can be
// swapped as a reload would, and SMTP/IMAP responders that speak STARTTLS before TLS.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { TLSSocket, createSecureContext, createServer as createTlsServer, type SecureContext } from 'node:tls';
import { opensslOk, tempDir } from '../crypto/openssl.ts';

export interface Leaf {
  keyPem: string;
  /** Leaf, then the intermediate, then the root. */
  chainPem: string[];
  serialHex: string;
}

export interface Pki {
  leaf(name: string, days?: number): Leaf;
}

/** A two-level CA; each `leaf()` is a new EC P-256 certificate for `name` with a fresh serial. */
export function makePki(): Pki {
  const dir = tempDir('persistcert-verify-');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  opensslOk([
    'req',
    '-x509',
    ...ec,
    '-subj',
    '/CN=Verify Test Root',
    '-days',
    '2',
    '-keyout',
    join(dir, 'root.key'),
    '-out',
    join(dir, 'root.pem'),
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  ]);
  writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n');
  opensslOk(['req', ...ec, '-subj', '/CN=Verify Test Intermediate', '-keyout', join(dir, 'int.key'), '-out', join(dir, 'int.csr')]);
  opensslOk([
    'x509',
    '-req',
    '-in',
    join(dir, 'int.csr'),
    '-CA',
    join(dir, 'root.pem'),
    '-CAkey',
    join(dir, 'root.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    join(dir, 'ca.ext'),
    '-out',
    join(dir, 'int.pem'),
  ]);
  const root = readFileSync(join(dir, 'root.pem'), 'utf8');
  const intermediate = readFileSync(join(dir, 'int.pem'), 'utf8');
  let n = 0;
  return {
    leaf(name, days = 2) {
      const id = `leaf${n++}`;
      writeFileSync(join(dir, `${id}.ext`), `subjectAltName=DNS:${name}\nbasicConstraints=CA:FALSE\n`);
      opensslOk(['req', ...ec, '-subj', `/CN=${name}`, '-keyout', join(dir, `${id}.key`), '-out', join(dir, `${id}.csr`)]);
      opensslOk([
        'x509',
        '-req',
        '-in',
        join(dir, `${id}.csr`),
        '-CA',
        join(dir, 'int.pem'),
        '-CAkey',
        join(dir, 'int.key'),
        '-CAcreateserial',
        '-days',
        String(days),
        '-extfile',
        join(dir, `${id}.ext`),
        '-out',
        join(dir, `${id}.pem`),
      ]);
      const serial = opensslOk(['x509', '-in', join(dir, `${id}.pem`), '-noout', '-serial'])
        .stdout.trim()
        .split('=')[1]!
        .toLowerCase();
      return {
        keyPem: readFileSync(join(dir, `${id}.key`), 'utf8'),
        chainPem: [readFileSync(join(dir, `${id}.pem`), 'utf8'), intermediate, root],
        serialHex: serial,
      };
    },
  };
}

export function contextFor(leaf: Leaf, { sendIntermediate = true } = {}): SecureContext {
  return createSecureContext({
    key: leaf.keyPem,
    cert: (sendIntermediate ? leaf.chainPem.slice(0, 2) : leaf.chainPem.slice(0, 1)).join(''),
  });
}

export interface RunningServer {
  port: number;
  /** What a reload does: new connections get the new certificate. */
  serve(context: SecureContext): void;
  close(): Promise<void>;
}

function listen(server: Server, sockets: Set<Socket>): Promise<number> {
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () => {
    for (const s of sockets) s.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
}

export async function tlsServer(initial: SecureContext): Promise<RunningServer> {
  let context = initial;
  const sockets = new Set<Socket>();
  const server = createTlsServer({ SNICallback: (_name, cb) => cb(null, context) }, (s) => s.end());
  const port = await listen(server, sockets);
  return { port, serve: (c) => (context = c), close: closer(server, sockets) };
}

/** A responder that speaks just enough SMTP (RFC 3207) or IMAP to start TLS. */
export async function startTlsServer(
  protocol: 'smtp' | 'imap',
  initial: SecureContext,
  { offerStartTls = true } = {},
): Promise<RunningServer> {
  let context = initial;
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    const upgrade = (): void => {
      socket.removeAllListeners('data');
      const tls = new TLSSocket(socket, { isServer: true, secureContext: context });
      tls.on('error', () => socket.destroy());
    };
    let buffer = '';
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (protocol === 'smtp') {
          if (/^EHLO /i.test(line))
            socket.write(`250-mail.test greets you\r\n250-SIZE 1000000\r\n${offerStartTls ? '250-STARTTLS\r\n' : ''}250 8BITMIME\r\n`);
          else if (/^STARTTLS$/i.test(line) && offerStartTls) return void (socket.write('220 2.0.0 Ready to start TLS\r\n'), upgrade());
          else socket.write('502 5.5.1 Unrecognized command\r\n');
        } else {
          const [tag, command] = line.split(' ');
          if (/^STARTTLS$/i.test(command ?? '')) return void (socket.write(`${tag} OK Begin TLS negotiation now\r\n`), upgrade());
          socket.write(`${tag} BAD unknown command\r\n`);
        }
      }
    });
    socket.write(protocol === 'smtp' ? '220 mail.test ESMTP ready\r\n' : '* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n');
  });
  const port = await listen(server, sockets);
  return { port, serve: (c) => (context = c), close: closer(server, sockets) };
}
