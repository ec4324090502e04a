import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { DetailedPeerCertificate } from 'node:tls';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HttpTransport } from '../../../../electron/core/acme/http.ts';
import { KNOWN_SERVERS_FILE, KnownServers, trustIdentity } from '../../../../electron/core/acme/known-servers.ts';
import { AcmeTransportError } from '../../../../electron/core/acme/errors.ts';
import { issueServerCertificate, makeTestTls, type TestTls } from '../../../env/tls.ts';

// A CA server whose certificate OpenSSL verified in an earlier process is accepted again without
// Node's root store; anything else is verified by OpenSSL, which decides (decision 0019).

let work: string;
let tlsA: TestTls;
let tlsB: TestTls;
before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'known-servers-'));
  tlsA = await makeTestTls(path.join(work, 'ca-a'));
  tlsB = await makeTestTls(path.join(work, 'ca-b'));
});
after(() => rmSync(work, { recursive: true, force: true }));

interface Served {
  url: string;
  port: number;
  requests: () => number;
  close: () => Promise<void>;
}

/** An HTTPS server on loopback with `tls`'s server certificate, counting the requests it got. */
async function serve(tls: TestTls, port = 0): Promise<Served> {
  let requests = 0;
  const server = https.createServer({ cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) }, (_req, res) => {
    requests++;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${bound}/dir`,
    port: bound,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One CLI process's transport: its own agent, the record read afresh from the data dir. */
function transport(dataDir: string, caBundlePem: string): { http: HttpTransport } {
  const known = KnownServers.inDataDir(dataDir, trustIdentity(caBundlePem, {}));
  const http = new HttpTransport({ timeoutMs: 5_000, maxResponseBytes: 65_536 }, { caBundlePem, userAgent: 'test', knownServers: known });
  return { http };
}

async function getOnce(dataDir: string, caBundlePem: string, url: string) {
  const { http } = transport(dataDir, caBundlePem);
  try {
    const res = await http.request({ method: 'GET', url });
    return { status: res.status, counts: http.tlsCounts };
  } finally {
    http.close();
  }
}

function freshDataDir(): string {
  return mkdtempSync(path.join(work, 'data-'));
}

test('the first process verifies with OpenSSL and remembers; the next accepts the same certificate', async () => {
  const server = await serve(tlsA);
  const dataDir = freshDataDir();
  try {
    const first = await getOnce(dataDir, tlsA.caCertPem, server.url);
    assert.deepEqual(first, { status: 200, counts: { verifiedByOpenSsl: 1, acceptedAsKnown: 0 } });
    const stored = JSON.parse(readFileSync(path.join(dataDir, KNOWN_SERVERS_FILE), 'utf8')) as { servers: Record<string, unknown[]> };
    assert.equal(Object.keys(stored.servers).length, 1);
    assert.deepEqual(readdirSync(dataDir), [KNOWN_SERVERS_FILE], 'no temporary file left');
    assert.equal(statSync(path.join(dataDir, KNOWN_SERVERS_FILE)).mode & 0o777, 0o600);
    const second = await getOnce(dataDir, tlsA.caCertPem, server.url);
    assert.deepEqual(second, { status: 200, counts: { verifiedByOpenSsl: 0, acceptedAsKnown: 1 } });
  } finally {
    await server.close();
  }
});

const recordNotUsed: { name: string; change: (file: string, pem: string) => string }[] = [
  // Same anchors plus one more: another trust, so another record.
  { name: 'a changed CA bundle', change: (_file, pem) => pem + tlsB.caCertPem },
  {
    name: "a record whose chain's validity has ended",
    change: (file, pem) => {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { servers: Record<string, { notAfter: string }[]> };
      for (const list of Object.values(doc.servers)) for (const v of list) v.notAfter = '2000-01-01T00:00:00.000Z';
      writeFileSync(file, JSON.stringify(doc));
      return pem;
    },
  },
  {
    name: 'a damaged record file',
    change: (file, pem) => {
      writeFileSync(file, '{"format":"persistcert-known-ca-servers","version":1,"servers":{"x":');
      return pem;
    },
  },
];

for (const c of recordNotUsed) {
  test(`not used: ${c.name}; OpenSSL verifies, and the record is written again`, async () => {
    const server = await serve(tlsA);
    const dataDir = freshDataDir();
    const file = path.join(dataDir, KNOWN_SERVERS_FILE);
    try {
      await getOnce(dataDir, tlsA.caCertPem, server.url);
      const pem = c.change(file, tlsA.caCertPem);
      assert.deepEqual(await getOnce(dataDir, pem, server.url), { status: 200, counts: { verifiedByOpenSsl: 1, acceptedAsKnown: 0 } });
      assert.deepEqual(await getOnce(dataDir, pem, server.url), { status: 200, counts: { verifiedByOpenSsl: 0, acceptedAsKnown: 1 } });
    } finally {
      await server.close();
    }
  });
}

/** A data dir whose record knows tlsA's server at an address where that server no longer listens. */
async function knownAddressLeft(): Promise<{ dataDir: string; port: number; url: string }> {
  const genuine = await serve(tlsA);
  const dataDir = freshDataDir();
  await getOnce(dataDir, tlsA.caCertPem, genuine.url);
  await genuine.close();
  return { dataDir, port: genuine.port, url: genuine.url };
}

test('another certificate at a known address is verified by OpenSSL, refused, and sent nothing', async () => {
  const { dataDir, port } = await knownAddressLeft();
  // Same address, a certificate from a CA the bundle does not hold.
  const impostor = await serve(tlsB, port);
  try {
    const { http } = transport(dataDir, tlsA.caCertPem);
    await assert.rejects(
      http.request({ method: 'GET', url: impostor.url }),
      (err: unknown) => err instanceof AcmeTransportError && err.reason === 'tls' && /not trusted/.test(err.message),
    );
    assert.deepEqual(http.tlsCounts, { verifiedByOpenSsl: 0, acceptedAsKnown: 0 });
    assert.equal(impostor.requests(), 0, 'no request reached the impostor');
    http.close();
  } finally {
    await impostor.close();
  }
});

test('a record for a name the certificate does not cover is not enough: the host name is checked first', async () => {
  // A certificate from the trusted CA for other.test only, on record (as a tampered file could
  // have it) for 127.0.0.1: OpenSSL would refuse it for that address, so the record must too.
  const otherName = await issueServerCertificate(tlsA, { name: 'other-name', subjectAltName: 'DNS:other.test', days: '2' });
  const other = await serve({ ...tlsA, ...otherName });
  try {
    const dataDir = freshDataDir();
    const leaf = new X509Certificate(readFileSync(otherName.certPath));
    const chain = { raw: leaf.raw, valid_from: leaf.validFrom, valid_to: leaf.validTo } as DetailedPeerCertificate;
    chain.issuerCertificate = chain;
    KnownServers.inDataDir(dataDir, trustIdentity(tlsA.caCertPem, {})).remember('127.0.0.1', other.port, chain, new Date());
    const { http } = transport(dataDir, tlsA.caCertPem);
    await assert.rejects(
      http.request({ method: 'GET', url: other.url }),
      (err: unknown) => err instanceof AcmeTransportError && err.reason === 'tls',
    );
    assert.deepEqual(http.tlsCounts, { verifiedByOpenSsl: 0, acceptedAsKnown: 0 });
    assert.equal(other.requests(), 0);
    http.close();
  } finally {
    await other.close();
  }
});

test(
  "run as root in a user's data dir, the record stays the user's",
  { skip: process.getuid?.() === 0 ? false : 'chown needs root' },
  async () => {
    const server = await serve(tlsA);
    const dataDir = freshDataDir();
    chownSync(dataDir, 1000, 1000);
    try {
      await getOnce(dataDir, tlsA.caCertPem, server.url);
      const stat = statSync(path.join(dataDir, KNOWN_SERVERS_FILE));
      assert.deepEqual([stat.uid, stat.gid], [1000, 1000]);
    } finally {
      await server.close();
    }
  },
);

test('close() ends a connection still waiting for a known server to finish its handshake', async () => {
  const { dataDir, port, url } = await knownAddressLeft();
  // Accepts TCP and never answers the TLS handshake.
  const held = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    held.add(socket);
    socket.resume(); // reads (and drops) the ClientHello, so the client's close is seen
  });
  await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
  try {
    const { http } = transport(dataDir, tlsA.caCertPem);
    const outcome = http.request({ method: 'GET', url }).then(
      () => undefined,
      (err: unknown) => err,
    );
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(held.size, 1, 'the connection is open');
    const closed = new Promise((resolve) => [...held][0]!.once('close', resolve));
    http.close();
    await closed;
    const err = await outcome;
    assert.ok(err instanceof AcmeTransportError && err.reason === 'network', String(err));
  } finally {
    for (const s of held) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});
