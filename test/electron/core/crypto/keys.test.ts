import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KEY_TYPES,
  KeyError,
  UnsupportedKeyError,
  exportPrivateKeyPem,
  generateKeyPair,
  importPrivateKeyPem,
  isKeyType,
  jwsAlgorithmFor,
  keyTypeOf,
  type KeyType,
} from '../../../../electron/core/crypto/keys.ts';
import { openssl, opensslOk, tempDir } from './openssl.ts';

const dir = tempDir();
const spkiPem = (key: KeyObject): string => createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();

const EXPECTED: Record<KeyType, { alg: string; kind: string; bits: number }> = {
  'ec-p256': { alg: 'ES256', kind: 'ec', bits: 256 },
  'ec-p384': { alg: 'ES384', kind: 'ec', bits: 384 },
  'rsa-2048': { alg: 'RS256', kind: 'rsa', bits: 2048 },
  'rsa-3072': { alg: 'RS256', kind: 'rsa', bits: 3072 },
  'rsa-4096': { alg: 'RS256', kind: 'rsa', bits: 4096 },
};

// Generate every type once, concurrently (RSA 4096 takes a moment).
const pairs = new Map(await Promise.all(KEY_TYPES.map(async (t) => [t, await generateKeyPair(t)] as const)));
const pair = (t: KeyType): { privateKey: KeyObject; publicKey: KeyObject } => pairs.get(t)!;

test('KEY_TYPES lists the five supported types and isKeyType agrees', () => {
  assert.deepEqual([...KEY_TYPES], ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096']);
  for (const t of KEY_TYPES) assert.equal(isKeyType(t), true, t);
  for (const v of ['rsa-1024', 'EC-P256', 'ec-p521', 'ed25519', '', 42, undefined, null, {}, ['ec-p256']]) {
    assert.equal(isKeyType(v), false, String(v));
  }
});

for (const type of KEY_TYPES) {
  test(`${type}: generates, and keyTypeOf / jwsAlgorithmFor round-trip`, () => {
    const { privateKey, publicKey } = pair(type);
    const want = EXPECTED[type];
    assert.equal(privateKey.type, 'private');
    assert.equal(publicKey.type, 'public');
    assert.equal(privateKey.asymmetricKeyType, want.kind);
    if (want.kind === 'rsa') {
      assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, want.bits);
      assert.equal(privateKey.asymmetricKeyDetails?.publicExponent, 65537n);
    }
    assert.equal(keyTypeOf(privateKey), type);
    assert.equal(keyTypeOf(publicKey), type);
    assert.equal(jwsAlgorithmFor(privateKey), want.alg);
    assert.equal(jwsAlgorithmFor(publicKey), want.alg);
  });
}

test('generateKeyPair rejects an unknown type', async () => {
  await assert.rejects(generateKeyPair('dsa-1024' as KeyType), UnsupportedKeyError);
});

const FORMATS: [KeyType, 'pkcs8' | 'sec1' | 'pkcs1', string][] = [
  ['ec-p256', 'pkcs8', 'PRIVATE KEY'],
  ['ec-p256', 'sec1', 'EC PRIVATE KEY'],
  ['ec-p384', 'pkcs8', 'PRIVATE KEY'],
  ['ec-p384', 'sec1', 'EC PRIVATE KEY'],
  ['rsa-2048', 'pkcs8', 'PRIVATE KEY'],
  ['rsa-2048', 'pkcs1', 'RSA PRIVATE KEY'],
  ['rsa-3072', 'pkcs1', 'RSA PRIVATE KEY'],
];

for (const [type, format, label] of FORMATS) {
  test(`${type} as ${format}: PEM round-trips and openssl pkey reads it`, () => {
    const { privateKey } = pair(type);
    const pem = exportPrivateKeyPem(privateKey, format);
    assert.match(pem, new RegExp(`^-----BEGIN ${label}-----\\n([A-Za-z0-9+/=]{64}\\n)*[A-Za-z0-9+/=]{1,64}\\n-----END ${label}-----\\n$`));

    const back = importPrivateKeyPem(pem);
    assert.equal(keyTypeOf(back), type);
    assert.ok(back.equals(privateKey), 'imported key equals the original');

    const file = join(dir, `${type}.${format}.pem`);
    writeFileSync(file, pem);
    const text = opensslOk(['pkey', '-in', file, '-noout', '-text']).stdout;
    assert.match(text, new RegExp(`Private-Key: \\(${EXPECTED[type].bits} bit`));
    if (type === 'ec-p256') assert.match(text, /NIST CURVE: P-256/);
    if (type === 'ec-p384') assert.match(text, /NIST CURVE: P-384/);
    // openssl derives the same public key from our file.
    assert.equal(opensslOk(['pkey', '-in', file, '-pubout']).stdout, spkiPem(privateKey));
  });
}

test('sec1 and pkcs1 refuse the wrong key family with a clear message', () => {
  assert.throws(
    () => exportPrivateKeyPem(pair('rsa-2048').privateKey, 'sec1'),
    (e: unknown) => e instanceof KeyError && /SEC1.*only EC.*pkcs8 or pkcs1/.test(e.message),
  );
  assert.throws(
    () => exportPrivateKeyPem(pair('ec-p256').privateKey, 'pkcs1'),
    (e: unknown) => e instanceof KeyError && /PKCS#1.*only RSA.*pkcs8 or sec1/.test(e.message),
  );
  assert.throws(
    () => exportPrivateKeyPem(pair('ec-p256').publicKey, 'pkcs8'),
    (e: unknown) => e instanceof KeyError && /private key/.test(e.message),
  );
  assert.throws(() => exportPrivateKeyPem(pair('ec-p256').privateKey, 'der' as 'pkcs8'), KeyError);
});

test('unsupported key types and sizes are rejected by keyTypeOf, jwsAlgorithmFor and import', () => {
  const cases: [string, KeyObject, RegExp][] = [
    ['ed25519', generateKeyPairSync('ed25519').privateKey, /ed25519 keys are not supported/],
    ['P-521', generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey, /curve secp521r1/],
    ['secp256k1', generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey, /curve secp256k1/],
    ['RSA 1024', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, /RSA keys of 1024 bits/],
    ['RSA-PSS', generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey, /rsa-pss keys are not supported/],
  ];
  for (const [name, key, message] of cases) {
    const isUnsupported = (e: unknown): boolean =>
      e instanceof UnsupportedKeyError && message.test(e.message) && /use EC P-256/.test(e.message);
    assert.throws(() => keyTypeOf(key), isUnsupported, name);
    assert.throws(() => jwsAlgorithmFor(key), isUnsupported, name);
    const pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
    assert.throws(() => importPrivateKeyPem(pem), isUnsupported, name);
  }
});

test('keys made by openssl import in every format, around other blocks and CRLF line endings', () => {
  // `-out` goes before any trailing operand (genrsa's key size).
  const make = (name: string, args: string[]): string => {
    opensslOk([args[0]!, '-out', join(dir, name), ...args.slice(1)]);
    return readFileSync(join(dir, name), 'utf8');
  };
  const cases: [string, string, KeyType, string][] = [
    ['pkcs8 P-384', make('o1.pem', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']), 'ec-p384', 'PRIVATE KEY'],
    ['ecparam -genkey (EC PARAMETERS + SEC1)', make('o2.pem', ['ecparam', '-name', 'prime256v1', '-genkey']), 'ec-p256', 'EC PARAMETERS'],
    ['genrsa -traditional (PKCS#1)', make('o3.pem', ['genrsa', '-traditional', '2048']), 'rsa-2048', 'RSA PRIVATE KEY'],
    [
      'genpkey RSA 3072 (PKCS#8)',
      make('o4.pem', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072']),
      'rsa-3072',
      'PRIVATE KEY',
    ],
  ];
  for (const [name, pem, type, firstLabel] of cases) {
    assert.ok(pem.startsWith(`-----BEGIN ${firstLabel}-----`), name);
    const file = join(dir, 'in.pem');
    writeFileSync(file, pem);
    const opensslPub = opensslOk(['pkey', '-in', file, '-pubout']).stdout;
    for (const text of [pem, pem.replace(/\n/g, '\r\n'), `Bag Attributes: junk\n${pem}\nsome trailing text`]) {
      const key = importPrivateKeyPem(text);
      assert.equal(keyTypeOf(key), type, name);
      assert.equal(spkiPem(key), opensslPub, name);
    }
  }
});

test('garbage, encrypted and ambiguous PEM fail with a message that says what to do', () => {
  const ec = exportPrivateKeyPem(pair('ec-p256').privateKey, 'pkcs8');
  const encPkcs8 = opensslOk(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-aes256', '-pass', 'pass:x']).stdout;
  const encTraditional = opensslOk(['genrsa', '-traditional', '-aes256', '-passout', 'pass:x', '2048']).stdout;
  assert.match(encPkcs8, /BEGIN ENCRYPTED PRIVATE KEY/);
  assert.match(encTraditional, /Proc-Type: 4,ENCRYPTED/);
  const cert = opensslOk([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    join(dir, 'c.key'),
    '-subj',
    '/CN=x',
    '-days',
    '1',
  ]).stdout;
  const notAKey = `-----BEGIN PRIVATE KEY-----\n${Buffer.from('hello, world').toString('base64')}\n-----END PRIVATE KEY-----\n`;

  const cases: [string, string, RegExp][] = [
    ['empty', '', /No private key.*found no PEM block/],
    ['plain text', 'hello', /No private key/],
    ['certificate only', cert, /found only CERTIFICATE/],
    ['encrypted PKCS#8', encPkcs8, /encrypted; decrypt it first/],
    ['encrypted traditional', encTraditional, /encrypted; decrypt it first/],
    ['two keys', ec + ec, /2 private keys/],
    ['bad base64', ec.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'), /not valid base64/],
    [
      'truncated',
      ec
        .split('\n')
        .filter((_, i) => i !== 2)
        .join('\n'),
      /not valid base64|not a valid private key/,
    ],
    ['not a key', notAKey, /PRIVATE KEY block is not a valid private key/],
    ['mismatched END', ec.replace('END PRIVATE KEY', 'END EC PRIVATE KEY'), /ends with "END EC PRIVATE KEY"/],
  ];
  for (const [name, pem, message] of cases) {
    assert.throws(
      () => importPrivateKeyPem(pem),
      (e: unknown) => e instanceof KeyError && message.test(e.message),
      name,
    );
  }
  // openssl agrees the encrypted key needs a passphrase (so the test input really is encrypted).
  assert.notEqual(openssl(['pkey', '-noout', '-passin', 'pass:wrong'], { input: encPkcs8 }).status, 0);
});
