import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { generateKeyPair, type KeyType } from '../../../../electron/core/crypto/keys.ts';
import { PfxError } from '../../../../electron/core/export/errors.ts';
import { PFX_PASSWORD_ALPHABET } from '../../../../electron/core/export/pfx-password.ts';
import { KdfPurpose, bmpPassword, pkcs12Kdf, type Pkcs12Hash } from '../../../../electron/core/export/pkcs12-kdf.ts';
import { PFX_COMPATIBILITY, buildPfx, generatePfxPassword, type PfxCompatibility } from '../../../../electron/core/export/pkcs12.ts';
import { makeSubjects, makeTestCa, pemBlocks, publicKeyOf, run, tempDir, type Subject } from './pki.ts';

const dir = tempDir();
const ca = makeTestCa(dir);

const KEY_TYPES = ['ec-p256', 'ec-p384', 'rsa-2048'] as const satisfies readonly KeyType[];
type TestKeyType = (typeof KEY_TYPES)[number];

/** What keytool calls each key, to prove the right key came out. */
const KEYTOOL_KEY: Record<TestKeyType, string> = {
  'ec-p256': '256-bit EC (secp256r1) key',
  'ec-p384': '384-bit EC (secp384r1) key',
  'rsa-2048': '2048-bit RSA key',
};

/** The lines `openssl pkcs12 -info` must print for each target (OpenSSL 3 default provider, no -legacy). */
const EXPECTED_INFO: Record<PfxCompatibility, { lines: string[]; forbidden: RegExp }> = {
  modern: {
    lines: [
      'MAC: sha256, Iteration 10000',
      'MAC length: 32, salt length: 16',
      'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
      'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256',
    ],
    forbidden: /sha1|3DES|TripleDES|RC2/i,
  },
  legacy: {
    lines: [
      'MAC: sha1, Iteration 2048',
      'MAC length: 20, salt length: 8',
      'PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
      'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
    ],
    forbidden: /PBES2|AES|RC2|sha256/i,
  },
};

const subject = await makeSubjects(ca, KEY_TYPES, 'example.test');
const fullChain = (s: Subject): string => s.leafPem + ca.intermediatePem + ca.rootPem;

/** localKeyID as `openssl pkcs12` prints it: SHA-1 of the leaf DER, spaced uppercase hex. */
function expectedLocalKeyId(leafPem: string): string {
  const der = Buffer.from(pemBlocks(leafPem, 'CERTIFICATE')[0]!.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return createHash('sha1').update(der).digest('hex').toUpperCase().match(/../g)!.join(' ');
}

const certDers = (pem: string): string[] => pemBlocks(pem, 'CERTIFICATE').map((b) => b.replace(/-----[^-]+-----|\s/g, ''));

for (const type of KEY_TYPES) {
  for (const compatibility of ['modern', 'legacy'] as const) {
    test(`${type} × ${compatibility}: openssl and keytool read the PFX with the intended algorithms, key and full chain`, (t) => {
      const s = subject(type);
      const password = generatePfxPassword();
      const file = join(dir, `${type}-${compatibility}.pfx`);
      writeFileSync(
        file,
        buildPfx({ privateKey: s.privateKey, certificatePem: fullChain(s), password, friendlyName: s.dnsName, compatibility }),
      );

      // 1. Structure and algorithms, read by OpenSSL 3 with its default provider only (no -legacy).
      const info = run('openssl', ['pkcs12', '-info', '-noout', '-in', file, '-passin', `pass:${password}`]);
      t.diagnostic(
        `openssl pkcs12 -info (no -legacy): ${info.output
          .split('\n')
          .filter((l) => /MAC|PKCS7|Keybag/.test(l))
          .join(' | ')}`,
      );
      assert.equal(info.status, 0, info.output);
      for (const line of EXPECTED_INFO[compatibility].lines) assert.ok(info.output.includes(line), `missing "${line}" in:\n${info.output}`);
      assert.doesNotMatch(info.output, EXPECTED_INFO[compatibility].forbidden);
      assert.equal(info.output.match(/^Certificate bag$/gm)?.length, 3, info.output);
      assert.equal(info.output.match(/^Shrouded Keybag:/gm)?.length, 1, info.output);

      // 2. Extraction: the key is the leaf's, and all three certificates come back unchanged.
      const dump = run('openssl', ['pkcs12', '-in', file, '-nodes', '-passin', `pass:${password}`]);
      assert.equal(dump.status, 0, dump.output);
      const keys = pemBlocks(dump.stdout, 'PRIVATE KEY');
      assert.equal(keys.length, 1, dump.stdout);
      assert.equal(publicKeyOf('-', 'key', keys[0]), publicKeyOf(s.leafPath, 'cert'));
      assert.deepEqual(certDers(dump.stdout).sort(), certDers(fullChain(s)).sort());
      // The key bag and the leaf's cert bag are paired by localKeyId and friendlyName; nothing else has them.
      assert.deepEqual(
        [...dump.stdout.matchAll(/localKeyID: ([0-9A-F ]+?)\s*$/gm)].map((m) => m[1]),
        [expectedLocalKeyId(s.leafPem), expectedLocalKeyId(s.leafPem)],
      );
      assert.deepEqual(
        [...dump.stdout.matchAll(/friendlyName: (.*)$/gm)].map((m) => m[1]),
        [s.dnsName, s.dnsName],
      );

      // 3. Java: one PrivateKeyEntry, aliased by the friendly name, with the whole chain.
      const ks = run('keytool', ['-list', '-v', '-storetype', 'PKCS12', '-keystore', file, '-storepass', password]);
      t.diagnostic(
        `keytool: ${ks.output
          .split('\n')
          .filter((l) => /contains|Alias|Entry type|chain length|Public Key Algorithm/.test(l))
          .slice(0, 5)
          .join(' | ')}`,
      );
      assert.equal(ks.status, 0, ks.output);
      assert.match(ks.output, /Your keystore contains 1 entry/);
      assert.match(ks.output, new RegExp(`^Alias name: ${s.dnsName.replace(/\./g, '\\.')}$`, 'm'));
      assert.match(ks.output, /^Entry type: PrivateKeyEntry$/m);
      assert.match(ks.output, /^Certificate chain length: 3$/m);
      assert.ok(ks.output.includes(`Subject Public Key Algorithm: ${KEYTOOL_KEY[type]}`), ks.output);

      // 4. A wrong password fails the MAC check in both.
      const wrong = run('openssl', ['pkcs12', '-info', '-noout', '-in', file, '-passin', `pass:${password}x`]);
      assert.notEqual(wrong.status, 0);
      assert.match(wrong.output, /Mac verify error/i);
      const wrongJava = run('keytool', ['-list', '-storetype', 'PKCS12', '-keystore', file, '-storepass', `${password}x`]);
      assert.notEqual(wrongJava.status, 0);
      assert.match(wrongJava.output, /password was incorrect/i);
    });
  }
}

test('a fresh salt and IV every time: two PFX files of the same input differ', () => {
  const s = subject('ec-p256');
  for (const compatibility of ['modern', 'legacy'] as const) {
    const input = { privateKey: s.privateKey, certificatePem: s.leafPem, password: 'same-password', compatibility };
    assert.notDeepEqual(buildPfx(input), buildPfx(input), compatibility);
  }
});

test('the friendly name defaults to the leaf DNS name; a leaf-only PFX has a chain of 1', () => {
  const s = subject('ec-p384');
  const file = join(dir, 'default-name.pfx');
  writeFileSync(file, buildPfx({ privateKey: s.privateKey, certificatePem: s.leafPem, password: 'pw-123456', compatibility: 'modern' }));
  const dump = run('openssl', ['pkcs12', '-in', file, '-nodes', '-passin', 'pass:pw-123456']);
  assert.equal(dump.status, 0, dump.output);
  assert.deepEqual(
    [...dump.stdout.matchAll(/friendlyName: (.*)$/gm)].map((m) => m[1]),
    [s.dnsName, s.dnsName],
  );
  assert.equal(pemBlocks(dump.stdout, 'CERTIFICATE').length, 1);
  const ks = run('keytool', ['-list', '-v', '-storetype', 'PKCS12', '-keystore', file, '-storepass', 'pw-123456']);
  assert.equal(ks.status, 0, ks.output);
  assert.match(ks.output, /^Certificate chain length: 1$/m);
});

test('an empty password is refused unless allowed explicitly; when allowed, openssl opens it with an empty password', () => {
  const s = subject('ec-p256');
  for (const compatibility of ['modern', 'legacy'] as const) {
    const base = { privateKey: s.privateKey, certificatePem: fullChain(s), password: '', compatibility };
    for (const allowEmptyPassword of [undefined, false]) {
      assert.throws(
        () => buildPfx({ ...base, allowEmptyPassword }),
        (err: unknown) => err instanceof PfxError && /password is empty/.test(err.message) && /Exchange/.test(err.message),
      );
    }
    const file = join(dir, `empty-${compatibility}.pfx`);
    writeFileSync(file, buildPfx({ ...base, allowEmptyPassword: true }));
    const info = run('openssl', ['pkcs12', '-info', '-noout', '-in', file, '-passin', 'pass:']);
    assert.equal(info.status, 0, info.output);
    assert.doesNotMatch(info.output, /Mac verify error/i);
  }
});

test('a key that does not belong to the leaf, or a chain in the wrong order, is refused with a clear message', async () => {
  const s = subject('ec-p256');
  const other = subject('rsa-2048');
  const cases: { name: string; privateKey: KeyObject; certificatePem: string; message: RegExp }[] = [
    {
      name: 'other key',
      privateKey: other.privateKey,
      certificatePem: fullChain(s),
      message: /does not belong to the certificate for ec-p256\.example\.test/,
    },
    {
      name: 'same curve, other key',
      privateKey: (await generateKeyPair('ec-p256')).privateKey,
      certificatePem: s.leafPem,
      message: /does not belong/,
    },
    {
      name: 'leaf after the intermediate',
      privateKey: s.privateKey,
      certificatePem: ca.intermediatePem + s.leafPem,
      message: /out of order: the key belongs to certificate 2 \(ec-p256\.example\.test\)/,
    },
  ];
  for (const c of cases) {
    for (const compatibility of ['modern', 'legacy'] as const) {
      assert.throws(
        () => buildPfx({ privateKey: c.privateKey, certificatePem: c.certificatePem, password: 'pw', compatibility }),
        (err: unknown) => err instanceof PfxError && c.message.test(err.message),
        c.name,
      );
    }
  }
});

test('other bad input is refused: public key, unknown compatibility, no certificate, NUL in the password', () => {
  const s = subject('ec-p256');
  const good = { privateKey: s.privateKey, certificatePem: s.leafPem, password: 'pw', compatibility: 'modern' as PfxCompatibility };
  const cases: { name: string; input: typeof good; message: RegExp }[] = [
    { name: 'public key', input: { ...good, privateKey: createPublicKey(s.privateKey) }, message: /needs the private key/ },
    { name: 'unknown compatibility', input: { ...good, compatibility: 'rc2' as PfxCompatibility }, message: /choose modern or legacy/ },
    { name: 'no certificate', input: { ...good, certificatePem: 'hello' }, message: /No certificate found/ },
    { name: 'NUL in password', input: { ...good, password: 'a\0b' }, message: /NUL/ },
  ];
  for (const c of cases)
    assert.throws(
      () => buildPfx(c.input),
      (err: unknown) => err instanceof Error && c.message.test(err.message),
      c.name,
    );
});

test('PFX_COMPATIBILITY explains each target in one line', () => {
  assert.deepEqual(Object.keys(PFX_COMPATIBILITY).sort(), ['legacy', 'modern']);
  assert.match(PFX_COMPATIBILITY.modern.explanation, /AES-256.*SHA-256.*OpenSSL 3/);
  assert.match(PFX_COMPATIBILITY.legacy.explanation, /3DES.*SHA-1.*Server 2016.*Azure AD DS/);
  for (const { label, explanation } of Object.values(PFX_COMPATIBILITY)) {
    assert.ok(label.length > 0 && !explanation.includes('\n'));
  }
});

test('generatePfxPassword: 4 groups of 5 unambiguous symbols, >= 100 bits, uniform-looking and never repeated', () => {
  assert.equal(PFX_PASSWORD_ALPHABET.length, 32);
  assert.equal(new Set(PFX_PASSWORD_ALPHABET).size, 32);
  assert.doesNotMatch(PFX_PASSWORD_ALPHABET, /[0O1lI]/);
  assert.ok(20 * Math.log2(PFX_PASSWORD_ALPHABET.length) >= 100);
  const shape = new RegExp(`^[${PFX_PASSWORD_ALPHABET}]{5}(-[${PFX_PASSWORD_ALPHABET}]{5}){3}$`);
  const samples = Array.from({ length: 2000 }, () => generatePfxPassword());
  for (const p of samples) assert.match(p, shape);
  assert.equal(new Set(samples).size, samples.length);
  // 40000 symbols over 32 values: each should appear about 1250 times; a bias or a dead symbol shows up.
  const counts = new Map<string, number>();
  for (const ch of samples.join('').replace(/-/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  assert.equal(counts.size, 32);
  for (const [ch, n] of counts) assert.ok(n > 1000 && n < 1500, `${ch} appeared ${n} times`);
});

test('the PKCS#12 KDF matches node-forge, an independent implementation (RFC 7292 Appendix B.2)', () => {
  const cases: { hash: Pkcs12Hash; password: string; salt: Buffer; purpose: KdfPurpose; iterations: number; length: number }[] = [
    { hash: 'sha1', password: 'smeg', salt: Buffer.from('0a58cf64530d823f', 'hex'), purpose: KdfPurpose.key, iterations: 1, length: 24 },
    { hash: 'sha1', password: 'smeg', salt: Buffer.from('0a58cf64530d823f', 'hex'), purpose: KdfPurpose.iv, iterations: 1, length: 8 },
    { hash: 'sha1', password: 'K7MPQ-3XD9R-WZ2HN-8BCTF', salt: randomBytes(8), purpose: KdfPurpose.key, iterations: 2048, length: 24 },
    { hash: 'sha1', password: '', salt: randomBytes(8), purpose: KdfPurpose.mac, iterations: 2048, length: 20 },
    { hash: 'sha256', password: 'pässwörd', salt: randomBytes(16), purpose: KdfPurpose.mac, iterations: 1000, length: 32 },
    { hash: 'sha256', password: 'x'.repeat(70), salt: randomBytes(65), purpose: KdfPurpose.key, iterations: 3, length: 100 },
  ];
  for (const c of cases) {
    const ours = pkcs12Kdf(c.hash, bmpPassword(c.password), c.salt, c.purpose, c.iterations, c.length);
    const md = c.hash === 'sha1' ? forge.md.sha1.create() : forge.md.sha256.create();
    const theirs = forge.pkcs12.generateKey(
      c.password,
      forge.util.createBuffer(c.salt.toString('binary')),
      c.purpose,
      c.iterations,
      c.length,
      md,
    );
    assert.equal(
      ours.toString('hex'),
      Buffer.from(theirs.getBytes(), 'binary').toString('hex'),
      JSON.stringify({ ...c, salt: c.salt.toString('hex') }),
    );
  }
  // The long-published "smeg" vector (SHA-1, 1 iteration) that PKCS#12 implementations test against.
  const smegSalt = Buffer.from('0a58cf64530d823f', 'hex');
  assert.equal(
    pkcs12Kdf('sha1', bmpPassword('smeg'), smegSalt, KdfPurpose.key, 1, 24).toString('hex'),
    '8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3',
  );
  assert.equal(pkcs12Kdf('sha1', bmpPassword('smeg'), smegSalt, KdfPurpose.iv, 1, 8).toString('hex'), '79993dfe048d3b76');
});
