import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCaWithDns, type CaWithDns } from './ca-fixture.ts';
import { generateKeyPair } from '../../../../electron/core/crypto/keys.ts';
import { parseCertificate } from '../../../../electron/core/crypto/certificate.ts';
import { createAccount, findAccount } from '../../../../electron/core/acme/account.ts';
import { issueCertificate } from '../../../../electron/core/acme/issue.ts';
import { freePort } from '../../../env/ports.ts';

// Pebble rejects half of all nonces: every request must survive badNonce (RFC 8555 §6.5).
let ca: CaWithDns;
before(async () => {
  ca = await startCaWithDns({ env: { PEBBLE_WFE_NONCEREJECT: '50' } });
});
after(async () => {
  await ca?.stop();
});

test('20 consecutive issuances succeed while Pebble rejects 50% of nonces', async () => {
  const client = ca.client();
  const { privateKey } = await generateKeyPair('ec-p256');
  const account = await createAccount(client, privateKey, { termsOfServiceAgreed: true });
  const name = 'nonce.example.test';
  await ca.publishPersistRecord(name, account.url);
  for (let i = 0; i < 20; i++) {
    const certKey = (await generateKeyPair('ec-p256')).privateKey;
    const cert = await issueCertificate(client, { names: [name], certificateKey: certKey, challengeType: 'dns-persist-01' });
    assert.deepEqual(parseCertificate(cert.pem).dnsNames, [name], `issuance ${i + 1}`);
  }
  // With ~9 signed requests per issuance, a fault injector that never fired would be a broken test.
  assert.ok(client.stats.badNonceRetries > 20, `badNonce retries: ${client.stats.badNonceRetries}`);
});

test('warmUp fetches the directory and a nonce ahead: the first signed request then sends only itself', async () => {
  const client = ca.client();
  client.warmUp();
  await client.directory();
  // The directory is in; give the newNonce fetch its round trip.
  for (let i = 0; i < 100 && client.stats.requests < 2; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(client.stats.requests, 2, 'GET directory and GET newNonce');
  const { privateKey } = await generateKeyPair('ec-p256');
  await createAccount(client, privateKey, { termsOfServiceAgreed: true });
  // newAccount, plus one retry per badNonce (this CA rejects half of all nonces).
  assert.equal(client.stats.requests, 3 + client.stats.badNonceRetries);
  client.close();
});

test('a signed request sent while the warm-up still fetches its nonce waits for that nonce: no second fetch, no second connection', async () => {
  const client = ca.client();
  const { privateKey } = await generateKeyPair('ec-p256');
  client.warmUp();
  await createAccount(client, privateKey, { termsOfServiceAgreed: true });
  // GET directory, GET newNonce, newAccount, plus one retry per badNonce (each answer carries a nonce).
  assert.equal(client.stats.requests, 3 + client.stats.badNonceRetries);
  assert.equal(client.connectionsOpened, 1);
  client.close();
});

test('a warm-up that fails is not kept: the first real request fetches again and reports the failure', async () => {
  const client = ca.client({ directoryUrl: `https://127.0.0.1:${await freePort()}/dir` }); // nothing listens there
  client.warmUp();
  await client.directory().catch(() => undefined); // joins the warm-up's fetch, which fails
  assert.equal(client.stats.requests, 1);
  await assert.rejects(client.directory(), /ECONNREFUSED|connect|reach/i);
  assert.equal(client.stats.requests, 2, 'fetched again, not the failure replayed');
  client.close();
});

test('fetching a nonce keeps the connection: the directory, the nonce and the signed requests after them share one', async () => {
  // HEAD newNonce would end it (Pebble answers HEAD without a Content-Length, which ends Node's
  // keep-alive): then every fetch costs the next request a new TLS handshake.
  const client = ca.client();
  const { privateKey } = await generateKeyPair('ec-p256');
  await client.directory();
  // Its nonce pool is empty: newAccount fetches a nonce first, then posts.
  await createAccount(client, privateKey, { termsOfServiceAgreed: true });
  assert.ok(await findAccount(client, privateKey));
  assert.ok(client.stats.requests >= 4, `requests: ${client.stats.requests}`);
  assert.equal(client.connectionsOpened, 1, `${client.stats.requests} requests, one after another`);
  client.close();
});
