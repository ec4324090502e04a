import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsrError, createCsr, csrToBase64Url, normalizeDnsNames } from '../../../../electron/core/crypto/csr.ts';
import { Asn1Type, childrenOf, contentOf, fromDer, oidOf, toDer } from '../../../../electron/core/crypto/asn1.ts';
import { UnsupportedKeyError, generateKeyPair, type KeyType } from '../../../../electron/core/crypto/keys.ts';
import { toPem } from '../../../../electron/core/crypto/pem.ts';
import { openssl, opensslOk, tempDir } from './openssl.ts';

const dir = tempDir();
let counter = 0;

/** Writes the CSR as PEM and returns `openssl req -verify -text` (status, stdout, stderr). */
function opensslReq(der: Buffer, ...extra: string[]): ReturnType<typeof openssl> & { file: string } {
  const file = join(dir, `csr-${counter++}.pem`);
  writeFileSync(file, toPem('CERTIFICATE REQUEST', der));
  return { ...openssl(['req', '-in', file, '-noout', ...extra]), file };
}

const NAMES = ['Example.TEST', '*.example.test', 'www.example.test', 'example.test', 'WWW.Example.Test'];
const EXPECTED_SAN = 'DNS:example.test, DNS:*.example.test, DNS:www.example.test';

const CASES: [KeyType, string, string, boolean][] = [
  ['ec-p256', 'ecdsa-with-SHA256', '1.2.840.10045.4.3.2', false],
  ['ec-p384', 'ecdsa-with-SHA384', '1.2.840.10045.4.3.3', false],
  ['rsa-2048', 'sha256WithRSAEncryption', '1.2.840.113549.1.1.11', true],
];

for (const [type, sigName, sigOid, nullParams] of CASES) {
  test(`${type}: openssl verifies the CSR and sees every SAN, the CN and ${sigName}`, async () => {
    const { privateKey } = await generateKeyPair(type);
    const der = createCsr({ privateKey, names: NAMES });

    const r = opensslReq(der, '-verify', '-text');
    assert.equal(r.status, 0, r.stderr);
    // The status alone is not enough: OpenSSL 3.0 exits 0 even when the signature is bad.
    assert.match(r.stderr + r.stdout, /self-signature verify OK/);
    assert.match(r.stdout, /Subject: CN = example\.test\n/);
    assert.ok(r.stdout.includes(`                    ${EXPECTED_SAN}\n`), r.stdout);
    assert.doesNotMatch(r.stdout, /Subject Alternative Name: critical/);
    assert.match(r.stdout, new RegExp(`Signature Algorithm: ${sigName}`));
    assert.match(r.stdout, /Version: 1 \(0x0\)/);
    // openssl reads the same public key we signed with.
    const pub = opensslOk(['req', '-in', r.file, '-noout', '-pubkey']).stdout;
    assert.equal(pub, createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }));

    // AlgorithmIdentifier: NULL parameters for RSA, none for ECDSA (RFC 5758 §3.2).
    const [info, alg, sigNode] = childrenOf(fromDer(der), 'CertificationRequest');
    const algFields = childrenOf(alg!, 'AlgorithmIdentifier');
    assert.equal(oidOf(algFields[0], 'algorithm'), sigOid);
    assert.equal(algFields.length, nullParams ? 2 : 1);
    if (nullParams) assert.equal(contentOf(algFields[1], 'parameters', Asn1Type.NULL).length, 0);
    // The signature verifies over the exact CertificationRequestInfo bytes.
    const sigBits = contentOf(sigNode, 'signature', Asn1Type.BITSTRING);
    assert.equal(sigBits[0], 0, 'no unused bits');
    const sig = { bytes: sigBits.subarray(1) };
    if (!nullParams) assert.equal(fromDer(sig.bytes).type, Asn1Type.SEQUENCE, 'ECDSA signature is a DER Ecdsa-Sig-Value');
    assert.ok(verify(sigOid.endsWith('.3') ? 'sha384' : 'sha256', toDer(info!), createPublicKey(privateKey), sig.bytes));
  });
}

test('openssl rejects a CSR whose signature was tampered with (the verify check can fail)', async () => {
  for (const type of ['ec-p256', 'rsa-2048'] as const) {
    const { privateKey } = await generateKeyPair(type);
    const der = Buffer.from(createCsr({ privateKey, names: ['example.test'] }));
    der[der.length - 1]! ^= 0x01;
    const r = opensslReq(der, '-verify');
    // OpenSSL 3.0 prints "verify failure" but still exits 0; later versions exit 1.
    assert.match(r.stderr + r.stdout, /verify failure/, `${type}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr + r.stdout, /verify OK/);
  }
});

test('CN is the first name of at most 64 characters; with none, the subject is empty and the SAN critical', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const long1 = `${'a'.repeat(60)}.example.test`; // 73 characters
  const long2 = `${'b'.repeat(60)}.example.test`;
  const exactly64 = `${'c'.repeat(51)}.example.test`;
  assert.equal(exactly64.length, 64);

  const cases: [string[], RegExp, boolean][] = [
    [[long1, 'short.example.test'], /Subject: CN = short\.example\.test\n/, false],
    [[long1, exactly64], new RegExp(`Subject: CN = ${exactly64.replace(/\./g, '\\.')}\\n`), false],
    [['*.example.test', 'example.test'], /Subject: CN = \*\.example\.test\n/, false],
    [[long1, long2], /Subject: ?\n/, true],
  ];
  for (const [names, subject, critical] of cases) {
    const r = opensslReq(createCsr({ privateKey, names }), '-verify', '-text');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /verify OK/);
    assert.match(r.stdout, subject, names.join(','));
    assert.equal(/Subject Alternative Name: critical/.test(r.stdout), critical, names.join(','));
    for (const n of names) assert.ok(r.stdout.includes(`DNS:${n}`), n);
  }
});

test('names are lowercased and de-duplicated in first-seen order', () => {
  assert.deepEqual(normalizeDnsNames(['B.test', 'a.test', 'b.TEST', '*.A.test', 'a.test']), ['b.test', 'a.test', '*.a.test']);
  assert.deepEqual(normalizeDnsNames(['xn--bcher-kva.example']), ['xn--bcher-kva.example']);
});

test('invalid names are rejected with a message that says what to fix', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cases: [string[], RegExp][] = [
    [[], /at least one DNS name/],
    [['bücher.example'], /"bücher\.example" is not ASCII.*A-labels \(punycode\) \("xn--bcher-kva\.example"\)/],
    [['*.bücher.example'], /\("\*\.xn--bcher-kva\.example"\)/],
    [['example.test', 'пример.испытание'], /not ASCII.*xn--/],
    [['example.test.'], /trailing dot/],
    [['foo bar.test'], /not a valid DNS name/],
    [['a..b'], /not a valid DNS name/],
    [['*.*.example'], /not a valid DNS name/],
    [['a.*.example'], /not a valid DNS name/],
    [['*'], /not a valid DNS name/],
    [['*example.test'], /not a valid DNS name/],
    [['-a.test'], /not a valid DNS name/],
    [['a-.test'], /not a valid DNS name/],
    [['exa_mple.test'], /not a valid DNS name/],
    [[''], /not a valid DNS name/],
    [[`${'a'.repeat(64)}.test`], /not a valid DNS name/],
    [[Array.from({ length: 64 }, () => 'abc').join('.')], /not a valid DNS name/],
    [[42 as unknown as string], /must be strings/],
  ];
  for (const [names, message] of cases) {
    assert.throws(
      () => createCsr({ privateKey, names }),
      (e: unknown) => e instanceof CsrError && message.test(e.message),
      JSON.stringify(names),
    );
  }
});

test('createCsr needs a supported private key', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  assert.throws(() => createCsr({ privateKey: ec.publicKey, names: ['a.test'] }), CsrError);
  const ed = generateKeyPairSync('ed25519').privateKey as KeyObject;
  assert.throws(() => createCsr({ privateKey: ed, names: ['a.test'] }), UnsupportedKeyError);
});

test('csrToBase64Url is unpadded base64url of the DER (RFC 8555 §7.4)', () => {
  const cases: [number[], string][] = [
    [[0xfb, 0xff], '-_8'],
    [[0x30, 0x03, 0x02, 0x01, 0x00], 'MAMCAQA'],
    [[], ''],
  ];
  for (const [bytes, expected] of cases) {
    assert.equal(csrToBase64Url(Buffer.from(bytes)), expected);
    assert.equal(csrToBase64Url(new Uint8Array(bytes)), expected);
  }
  // A view into a larger buffer encodes only its own bytes.
  assert.equal(csrToBase64Url(new Uint8Array([1, 0xfb, 0xff, 2]).subarray(1, 3)), '-_8');

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = createCsr({ privateKey, names: ['example.test'] });
  const b64u = csrToBase64Url(der);
  assert.match(b64u, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(Buffer.from(b64u, 'base64url'), der);
});
