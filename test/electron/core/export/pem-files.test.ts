import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyError, type KeyType } from '../../../../electron/core/crypto/keys.ts';
import { ExportError } from '../../../../electron/core/export/errors.ts';
import { exportFsError } from '../../../../electron/core/export/export-target.ts';
import { exportPemFiles, type KeyFormat, type PemRole } from '../../../../electron/core/export/pem-files.ts';
import { makeSubjects, makeTestCa, pemBlocks, publicKeyOf, run, tempDir, type Subject } from './pki.ts';

const root = tempDir();
const ca = makeTestCa(root);

const KEY_TYPES = ['ec-p256', 'ec-p384', 'rsa-2048'] as const satisfies readonly KeyType[];
type TestKeyType = (typeof KEY_TYPES)[number];

const subject = await makeSubjects(ca, KEY_TYPES, 'pem.test');
/** What an ACME CA returns: leaf then intermediate (the root is the client's trust anchor). */
const acmeChain = (s: Subject): string => s.leafPem + ca.intermediatePem;

let n = 0;
const freshDir = (): string => join(root, `out-${++n}`, 'nested');
const mode = (path: string): number => statSync(path).mode & 0o777;
const leftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

const LABEL: Record<KeyFormat, string> = { pkcs8: 'PRIVATE KEY', sec1: 'EC PRIVATE KEY', pkcs1: 'RSA PRIVATE KEY' };
const VALID: { type: TestKeyType; format: KeyFormat | undefined }[] = [
  { type: 'ec-p256', format: undefined },
  { type: 'ec-p256', format: 'sec1' },
  { type: 'ec-p384', format: 'pkcs8' },
  { type: 'ec-p384', format: 'sec1' },
  { type: 'rsa-2048', format: 'pkcs8' },
  { type: 'rsa-2048', format: 'pkcs1' },
];

for (const { type, format } of VALID) {
  test(`${type} as ${format ?? 'default (pkcs8)'}: four files with the right modes, read and verified by openssl`, async () => {
    const s = subject(type);
    const dir = freshDir();
    const result = await exportPemFiles(dir, {
      certificatePem: acmeChain(s),
      privateKey: s.privateKey,
      ...(format ? { keyFormat: format } : {}),
    });

    const expected: Record<PemRole, { name: string; mode: number }> = {
      cert: { name: 'cert.pem', mode: 0o644 },
      chain: { name: 'chain.pem', mode: 0o644 },
      fullchain: { name: 'fullchain.pem', mode: 0o644 },
      key: { name: 'privkey.pem', mode: 0o600 },
    };
    assert.deepEqual(
      result.files,
      (Object.keys(expected) as PemRole[]).map((role) => ({ role, path: join(dir, expected[role].name), mode: expected[role].mode })),
    );
    for (const f of result.files) assert.equal(mode(f.path), f.mode, `${f.role} mode`);
    assert.equal(mode(dir), 0o700, 'a folder we create is private');
    assert.deepEqual(readdirSync(dir).sort(), ['cert.pem', 'chain.pem', 'fullchain.pem', 'privkey.pem']);

    const [cert, chain, fullchain, key] = ['cert.pem', 'chain.pem', 'fullchain.pem', 'privkey.pem'].map((f) => join(dir, f)) as [
      string,
      string,
      string,
      string,
    ];
    const x509 = run('openssl', ['x509', '-in', cert, '-noout', '-subject', '-ext', 'subjectAltName']);
    assert.equal(x509.status, 0, x509.output);
    assert.match(x509.output, new RegExp(`DNS:${s.dnsName}`));
    assert.deepEqual(pemBlocks(readFileSync(cert, 'utf8'), 'CERTIFICATE'), pemBlocks(s.leafPem, 'CERTIFICATE'));
    assert.deepEqual(pemBlocks(readFileSync(chain, 'utf8'), 'CERTIFICATE'), pemBlocks(ca.intermediatePem, 'CERTIFICATE'));
    assert.deepEqual(pemBlocks(readFileSync(fullchain, 'utf8'), 'CERTIFICATE'), pemBlocks(acmeChain(s), 'CERTIFICATE'));

    const verify = run('openssl', ['verify', '-CAfile', ca.rootPath, '-untrusted', chain, cert]);
    assert.equal(verify.status, 0, verify.output);
    assert.equal(verify.stdout.trim(), `${cert}: OK`);

    const keyText = readFileSync(key, 'utf8');
    assert.ok(keyText.startsWith(`-----BEGIN ${LABEL[format ?? 'pkcs8']}-----\n`), keyText.slice(0, 40));
    assert.equal(publicKeyOf(key, 'key'), publicKeyOf(s.leafPath, 'cert'));
  });
}

test('baseName prefixes every file name', async () => {
  const s = subject('ec-p256');
  const dir = freshDir();
  const result = await exportPemFiles(dir, { certificatePem: acmeChain(s), privateKey: s.privateKey }, { baseName: 'www.example.com' });
  assert.deepEqual(
    result.files.map((f) => f.path),
    ['cert', 'chain', 'fullchain', 'privkey'].map((r) => join(dir, `www.example.com-${r}.pem`)),
  );
  assert.deepEqual(readdirSync(dir).sort(), [
    'www.example.com-cert.pem',
    'www.example.com-chain.pem',
    'www.example.com-fullchain.pem',
    'www.example.com-privkey.pem',
  ]);
  for (const bad of ['', '..', 'a/b', 'a\\b']) {
    await assert.rejects(
      exportPemFiles(freshDir(), { certificatePem: acmeChain(s), privateKey: s.privateKey }, { baseName: bad }),
      ExportError,
      JSON.stringify(bad),
    );
  }
});

test('existing files are not overwritten unless asked: the error lists them and nothing changes', async () => {
  const first = subject('ec-p256');
  const second = subject('rsa-2048');
  const dir = freshDir();
  await exportPemFiles(dir, { certificatePem: acmeChain(first), privateKey: first.privateKey });
  const before = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]);

  await assert.rejects(exportPemFiles(dir, { certificatePem: acmeChain(second), privateKey: second.privateKey }), (err: unknown) => {
    assert.ok(err instanceof ExportError, String(err));
    for (const f of ['cert.pem', 'chain.pem', 'fullchain.pem', 'privkey.pem']) assert.ok(err.message.includes(join(dir, f)), err.message);
    assert.match(err.message, /overwrit/);
    return true;
  });
  assert.deepEqual(
    readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
    before,
  );

  // One stray file is enough to refuse, and then no other file is written either.
  const partial = freshDir();
  mkdirSync(partial, { recursive: true });
  writeFileSync(join(partial, 'privkey.pem'), 'mine');
  await assert.rejects(exportPemFiles(partial, { certificatePem: acmeChain(first), privateKey: first.privateKey }), (err: unknown) => {
    assert.ok(err instanceof ExportError);
    assert.match(err.message, /existing file: .*privkey\.pem\./);
    assert.doesNotMatch(err.message, /cert\.pem/);
    return true;
  });
  assert.deepEqual(readdirSync(partial), ['privkey.pem']);

  // With overwrite, every file is replaced by the new key's set (and the folder keeps its mode).
  await exportPemFiles(dir, { certificatePem: acmeChain(second), privateKey: second.privateKey, keyFormat: 'pkcs1' }, { overwrite: true });
  assert.equal(publicKeyOf(join(dir, 'privkey.pem'), 'key'), publicKeyOf(second.leafPath, 'cert'));
  assert.equal(publicKeyOf(join(dir, 'cert.pem'), 'cert'), publicKeyOf(second.leafPath, 'cert'));
  assert.equal(mode(join(dir, 'privkey.pem')), 0o600);
  assert.deepEqual(leftovers(dir), []);
});

test("a key format that cannot hold the key, or a key that is not the certificate's, is refused before anything is written", async () => {
  const ec = subject('ec-p256');
  const rsa = subject('rsa-2048');
  const cases: {
    name: string;
    privateKey: KeyObject;
    certificatePem: string;
    keyFormat: KeyFormat;
    error: new (...a: never[]) => Error;
    message: RegExp;
  }[] = [
    {
      name: 'sec1 for RSA',
      privateKey: rsa.privateKey,
      certificatePem: acmeChain(rsa),
      keyFormat: 'sec1',
      error: KeyError,
      message: /SEC1 .*only EC keys.*pkcs8 or pkcs1/,
    },
    {
      name: 'pkcs1 for EC',
      privateKey: ec.privateKey,
      certificatePem: acmeChain(ec),
      keyFormat: 'pkcs1',
      error: KeyError,
      message: /PKCS#1 .*only RSA keys.*pkcs8 or sec1/,
    },
    {
      name: 'unknown format',
      privateKey: ec.privateKey,
      certificatePem: acmeChain(ec),
      keyFormat: 'pem' as KeyFormat,
      error: KeyError,
      message: /Unknown private key format/,
    },
    {
      name: 'wrong key',
      privateKey: rsa.privateKey,
      certificatePem: acmeChain(ec),
      keyFormat: 'pkcs8',
      error: ExportError,
      message: /does not belong to the certificate for ec-p256\.pem\.test/,
    },
  ];
  for (const c of cases) {
    const dir = freshDir();
    await assert.rejects(
      exportPemFiles(dir, { certificatePem: c.certificatePem, privateKey: c.privateKey, keyFormat: c.keyFormat }),
      (err: unknown) => {
        assert.ok(err instanceof c.error, `${c.name}: ${String(err)}`);
        assert.match((err as Error).message, c.message, c.name);
        return true;
      },
    );
    assert.throws(() => statSync(dir), /ENOENT/, `${c.name}: nothing created`);
  }
});

test('the destination: an existing folder keeps its mode, a file in the way is a clear error, a leaf without chain has no chain.pem', async () => {
  const s = subject('ec-p384');
  const existing = join(root, 'existing-0755');
  mkdirSync(existing, { mode: 0o755 });
  const leafOnly = await exportPemFiles(existing, { certificatePem: s.leafPem, privateKey: s.privateKey });
  assert.equal(mode(existing), 0o755);
  assert.deepEqual(
    leafOnly.files.map((f) => f.role),
    ['cert', 'fullchain', 'key'],
  );
  assert.deepEqual(readdirSync(existing).sort(), ['cert.pem', 'fullchain.pem', 'privkey.pem']);

  const file = join(root, 'a-file');
  writeFileSync(file, 'x');
  await assert.rejects(
    exportPemFiles(file, { certificatePem: s.leafPem, privateKey: s.privateKey }),
    (err: unknown) => err instanceof ExportError && /is a file, not a folder/.test(err.message),
  );
  await assert.rejects(
    exportPemFiles(join(file, 'sub'), { certificatePem: s.leafPem, privateKey: s.privateKey }),
    (err: unknown) => err instanceof ExportError && /is a file, not a folder/.test(err.message),
  );
});

test('filesystem errors become messages that say what to do', () => {
  const cases: { code: string; message: RegExp }[] = [
    { code: 'EACCES', message: /Permission denied writing \/x\/y; choose a folder you can write to/ },
    { code: 'EPERM', message: /Permission denied/ },
    { code: 'EROFS', message: /read-only filesystem; choose a writable folder/ },
    { code: 'ENOSPC', message: /No space left/ },
    { code: 'ENOTDIR', message: /is a file, not a folder/ },
    { code: 'EEXIST', message: /already exists/ },
  ];
  for (const c of cases) {
    const err = Object.assign(new Error(`${c.code}: boom`), { code: c.code });
    const mapped = exportFsError(err, '/x/y');
    assert.ok(mapped instanceof ExportError, c.code);
    assert.match(mapped.message, c.message, c.code);
    assert.equal(mapped.cause, err);
  }
  const other = Object.assign(new Error('EIO: boom'), { code: 'EIO' });
  assert.equal(exportFsError(other, '/x'), other, "an error that is not the user's to fix passes through");
});
