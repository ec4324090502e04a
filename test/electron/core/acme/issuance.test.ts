import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCaWithDns, type CaWithDns } from './ca-fixture.ts';
import { generateKeyPair, type KeyType } from '../../../../electron/core/crypto/keys.ts';
import { certificateMatchesKey, parseCertificate, splitPemChain } from '../../../../electron/core/crypto/certificate.ts';
import { createAccount } from '../../../../electron/core/acme/account.ts';
import { AcmeClient } from '../../../../electron/core/acme/client.ts';
import { AcmeProblemError } from '../../../../electron/core/acme/errors.ts';
import { ariCertificateId, fetchRenewalInfo } from '../../../../electron/core/acme/ari.ts';
import { createOrder, fetchAuthorization } from '../../../../electron/core/acme/order.ts';
import { issueCertificate, type IssueStep } from '../../../../electron/core/acme/issue.ts';
import { revokeCertificate } from '../../../../electron/core/acme/revocation.ts';

// Real dns-persist-01 issuance: Pebble 2.10 validates the TXT records we publish in BIND.
let ca: CaWithDns;
let client: AcmeClient;
let accountUrl: string;
before(async () => {
  ca = await startCaWithDns({ env: { PEBBLE_ALTERNATE_ROOTS: '1' } });
  client = ca.client();
  const { privateKey } = await generateKeyPair('ec-p256');
  accountUrl = (await createAccount(client, privateKey, { termsOfServiceAgreed: true })).url;
});
after(async () => {
  await ca?.stop();
});

async function issue(
  names: string[],
  keyType: KeyType = 'ec-p256',
  extra: { replaces?: string; onProgress?: (s: IssueStep) => void } = {},
) {
  const { privateKey } = await generateKeyPair(keyType);
  const cert = await issueCertificate(client, { names, certificateKey: privateKey, challengeType: 'dns-persist-01', ...extra });
  return { ...cert, privateKey };
}

function verifyWithOpenssl(chainPem: string, rootsPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'verify-'));
  const [leaf, ...rest] = splitPemChain(chainPem);
  writeFileSync(join(dir, 'leaf.pem'), leaf!);
  writeFileSync(join(dir, 'chain.pem'), rest.join(''));
  writeFileSync(join(dir, 'roots.pem'), rootsPem);
  const r = spawnSync(
    'openssl',
    ['verify', '-CAfile', join(dir, 'roots.pem'), '-untrusted', join(dir, 'chain.pem'), join(dir, 'leaf.pem')],
    {
      encoding: 'utf8',
    },
  );
  return r.stdout + r.stderr;
}

for (const keyType of ['ec-p256', 'ec-p384', 'rsa-2048'] as const) {
  test(`order -> dns-persist-01 -> finalize -> download with a ${keyType} key`, async () => {
    const name = `${keyType}.example.test`;
    await ca.publishPersistRecord(name, accountUrl);
    const steps: IssueStep[] = [];
    const cert = await issue([name], keyType, { onProgress: (s) => steps.push(s) });
    const parsed = parseCertificate(cert.pem);
    assert.deepEqual(parsed.dnsNames, [name]);
    assert.ok(certificateMatchesKey(splitPemChain(cert.pem)[0]!, cert.privateKey));
    assert.ok(splitPemChain(cert.pem).length >= 2, 'the chain comes with the leaf');
    assert.match(verifyWithOpenssl(cert.pem, await ca.pebble.issuingRootsPem()), /leaf\.pem: OK/);
    assert.deepEqual(
      steps.map((s) => s.step),
      ['order-created', 'authorization', 'authorization', 'finalizing', 'downloading'],
    );
  });
}

test('several names and a wildcard with policy=wildcard in one certificate', async () => {
  await ca.publishPersistRecord('shop.example.test', accountUrl, { policy: 'wildcard' });
  await ca.publishPersistRecord('api.example.test', accountUrl);
  const cert = await issue(['shop.example.test', '*.shop.example.test', 'api.example.test']);
  assert.deepEqual(parseCertificate(cert.pem).dnsNames.sort(), ['*.shop.example.test', 'api.example.test', 'shop.example.test']);
});

test("a wildcard whose record lacks policy=wildcard fails with the CA's reason", async () => {
  await ca.publishPersistRecord('nopolicy.example.test', accountUrl);
  await assert.rejects(issue(['*.nopolicy.example.test']), (err) => {
    assert.ok(err instanceof AcmeProblemError);
    assert.equal(err.acmeType, 'unauthorized');
    assert.match(err.problem.detail ?? '', /policy/);
    assert.equal(err.problem.identifier?.value, '*.nopolicy.example.test');
    return true;
  });
});

test('a record naming another account fails as unauthorized', async () => {
  await ca.publishPersistRecord('other.example.test', 'https://127.0.0.1:1/my-account/999');
  await assert.rejects(issue(['other.example.test']), (err) => err instanceof AcmeProblemError && err.acmeType === 'unauthorized');
});

test('challenges are parsed leniently: dns-persist-01 has no token, unknown types are kept', async () => {
  const order = await createOrder(client, { names: ['lenient.example.test'] });
  const authz = await fetchAuthorization(client, order.object.authorizations[0]!);
  const persist = authz.object.challenges.find((c) => c.type === 'dns-persist-01');
  assert.ok(persist, 'Pebble 2.10 offers dns-persist-01');
  assert.equal(persist.token, undefined);
  assert.deepEqual((persist as Record<string, unknown>)['issuer-domain-names'], ['pebble.letsencrypt.org']);
  assert.ok(authz.object.challenges.length >= 3);
});

test('alternate chains are downloaded from Link rel="alternate"', async () => {
  await ca.publishPersistRecord('alt.example.test', accountUrl);
  const { privateKey } = await generateKeyPair('ec-p256');
  const cert = await issueCertificate(client, {
    names: ['alt.example.test'],
    certificateKey: privateKey,
    challengeType: 'dns-persist-01',
    alternates: true,
  });
  assert.equal(cert.alternates.length, 1);
  assert.equal(splitPemChain(cert.alternates[0]!)[0], splitPemChain(cert.pem)[0], 'same leaf, other chain');
  assert.notEqual(cert.alternates[0], cert.pem);
});

test('ARI: renewalInfo for an issued certificate, replaces accepted, alreadyReplaced handled', async () => {
  await ca.publishPersistRecord('ari.example.test', accountUrl);
  const first = await issue(['ari.example.test']);
  const parsed = parseCertificate(first.pem);

  const info = await fetchRenewalInfo(client, first.pem);
  assert.equal(info.certificateId, ariCertificateId(first.pem));
  assert.ok(info.suggestedWindow.start < info.suggestedWindow.end);
  assert.ok(info.suggestedWindow.start >= parsed.notBefore && info.suggestedWindow.end <= parsed.notAfter);
  assert.ok(info.retryAfter && info.retryAfter.getTime() > Date.now(), 'Pebble sends Retry-After');

  const second = await issue(['ari.example.test'], 'ec-p256', { replaces: info.certificateId });
  assert.equal(second.replacesSent, true);
  assert.equal(second.order.replaces, info.certificateId);

  // The first certificate is now replaced: a second `replaces` is a 409 alreadyReplaced (RFC 9773 §5).
  await assert.rejects(createOrder(client, { names: ['ari.example.test'], replaces: info.certificateId }), (err) => {
    assert.ok(err instanceof AcmeProblemError);
    assert.equal(err.status, 409);
    assert.equal(err.acmeType, 'alreadyReplaced');
    return true;
  });
  // issueCertificate drops `replaces` once and still gets the certificate.
  const steps: IssueStep[] = [];
  const third = await issue(['ari.example.test'], 'ec-p256', { replaces: info.certificateId, onProgress: (s) => steps.push(s) });
  assert.equal(third.replacesSent, false);
  assert.ok(steps.some((s) => s.step === 'replaces-dropped'));
  assert.deepEqual(parseCertificate(third.pem).dnsNames, ['ari.example.test']);
});

test('revocation by the account with a reason, and by the certificate key', async () => {
  await ca.publishPersistRecord('revoke.example.test', accountUrl);
  const a = await issue(['revoke.example.test']);
  await revokeCertificate(client, a.pem, { reason: 'superseded' });
  await assert.rejects(revokeCertificate(client, a.pem), (err) => err instanceof AcmeProblemError && err.acmeType === 'alreadyRevoked');

  const b = await issue(['revoke.example.test']);
  await revokeCertificate(ca.client(), b.pem, { reason: 'keyCompromise', certificateKey: b.privateKey });
  await assert.rejects(revokeCertificate(client, b.pem), (err) => err instanceof AcmeProblemError && err.acmeType === 'alreadyRevoked');
});

test('a profile the CA does not offer is refused with the list it does offer', async () => {
  await assert.rejects(createOrder(client, { names: ['p.example.test'], profile: 'shortlived' }), /offers: default/);
  const order = await createOrder(client, { names: ['p.example.test'], profile: 'default' });
  assert.equal(order.object.profile, 'default');
});
