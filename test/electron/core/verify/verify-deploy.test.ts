import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyEndpoint, type ExpectedCertificate } from '../../../../electron/core/verify/verify-deploy.ts';
import type { VerifyEndpoint } from '../../../../shared/verify-endpoint.ts';
import { contextFor, makePki, startTlsServer, tlsServer, type Leaf, type RunningServer } from './tls-fixtures.ts';

// Real TLS on loopback with real certificates: the server first serves the old certificate,
// then "reloads" to the new one, as a deploy command would make it do.
const NAME = 'www.example.test';
let oldLeaf: Leaf;
let newLeaf: Leaf;
let otherLeaf: Leaf;
const servers: RunningServer[] = [];

before(() => {
  const pki = makePki();
  oldLeaf = pki.leaf(NAME);
  newLeaf = pki.leaf(NAME);
  otherLeaf = pki.leaf('other.example.test');
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const expected = (): ExpectedCertificate => ({
  chainPem: newLeaf.chainPem,
  previousSerials: [oldLeaf.serialHex],
  deployCommand: 'systemctl reload nginx',
});
const fast = { intervalMs: 100, timeoutMs: 2_000 };
const at = (port: number, extra: Partial<VerifyEndpoint> = {}): VerifyEndpoint => ({ host: '127.0.0.1', port, sni: NAME, ...extra });

async function serving(leaf: Leaf, options?: { sendIntermediate?: boolean }): Promise<RunningServer> {
  const s = await tlsServer(contextFor(leaf, options));
  servers.push(s);
  return s;
}

test('an endpoint that serves the old certificate, then reloads: old-certificate becomes serving', async () => {
  const server = await serving(oldLeaf);
  // A virtual clock that only sleeps move: the number of attempts does not depend on load.
  let virtual = 0;
  const clock = { now: () => new Date(virtual), sleep: async (ms: number) => void (virtual += ms) };
  const stillOld = await verifyEndpoint(at(server.port), expected(), [NAME], { ...fast, ...clock, retryForMs: 300 });
  assert.equal(stillOld.status, 'old-certificate');
  if (stillOld.status === 'old-certificate') {
    assert.equal(stillOld.servedSerial, oldLeaf.serialHex);
    assert.match(stillOld.fix, /reload or restart/);
    assert.match(stillOld.fix, /systemctl reload nginx/);
  }
  assert.equal(stillOld.attempts, 4, 'asked at 0, 100, 200 and 300 ms');

  setTimeout(() => server.serve(contextFor(newLeaf)), 300);
  const after = await verifyEndpoint(at(server.port), expected(), [NAME], { ...fast, retryForMs: 10_000 });
  assert.equal(after.status, 'serving');
  if (after.status === 'serving') assert.equal(after.chainComplete, true);
  assert.ok(after.attempts >= 2, 'it waited for the reload');
  assert.equal(after.endpoint, `127.0.0.1:${server.port},sni=${NAME}`);
});

test('a served chain without its intermediate is serving, but incomplete', async () => {
  const server = await serving(newLeaf, { sendIntermediate: false });
  const r = await verifyEndpoint(at(server.port), expected(), [NAME], fast);
  assert.deepEqual(
    [r.status, r.status === 'serving' && r.chainComplete, r.status === 'serving' && r.missingIntermediates],
    ['serving', false, 1],
  );
});

test('an endpoint serving an unrelated certificate: other-certificate with its names', async () => {
  const server = await serving(otherLeaf);
  const r = await verifyEndpoint(at(server.port), expected(), [NAME], { ...fast, retryForMs: 0 });
  assert.equal(r.status, 'other-certificate');
  if (r.status === 'other-certificate') {
    assert.deepEqual(r.servedNames, ['other.example.test']);
    assert.equal(r.servedSerial, otherLeaf.serialHex);
    assert.match(r.fix, /sni=/);
  }
});

test('a closed port: unreachable, with the reason', async () => {
  const server = await serving(newLeaf);
  const port = server.port;
  await server.close();
  servers.splice(servers.indexOf(server), 1);
  const r = await verifyEndpoint(at(port), expected(), [NAME], { ...fast, retryForMs: 0 });
  assert.equal(r.status, 'unreachable');
  if (r.status === 'unreachable') assert.match(r.reason, /connection refused/);
});

const STARTTLS: ['smtp' | 'imap', boolean, RegExp | null][] = [
  ['smtp', true, null],
  ['imap', true, null],
  ['smtp', false, /does not offer STARTTLS/],
];
for (const [protocol, offer, failure] of STARTTLS) {
  test(`${protocol.toUpperCase()} STARTTLS${offer ? '' : ' not offered'}: ${failure ? 'unreachable, saying why' : 'serving'}`, async () => {
    const server = await startTlsServer(protocol, contextFor(newLeaf), { offerStartTls: offer });
    servers.push(server);
    const r = await verifyEndpoint(at(server.port, { starttls: protocol }), expected(), [NAME], { ...fast, retryForMs: 0 });
    if (failure) {
      assert.equal(r.status, 'unreachable');
      if (r.status === 'unreachable') assert.match(r.reason, failure);
    } else {
      assert.equal(r.status, 'serving', JSON.stringify(r));
    }
  });
}

test('a TLS endpoint asked without starttls when it speaks plain SMTP: unreachable, not a hang', async () => {
  const server = await startTlsServer('smtp', contextFor(newLeaf));
  servers.push(server);
  const r = await verifyEndpoint(at(server.port), expected(), [NAME], { ...fast, retryForMs: 0 });
  assert.equal(r.status, 'unreachable');
});
