import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EncryptedFileKeystore } from '../../../../electron/core/keystore/file-keystore.ts';
import { KeystoreError } from '../../../../electron/core/keystore/keystore.ts';
import { openKeystore } from '../../../../electron/core/keystore/open.ts';

const N = 2 ** 10;
const PASS = 'a keystore passphrase';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'persistcert-filekeystore-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function isCode(code: string, ...mentions: string[]) {
  return (err: unknown) => {
    assert.ok(err instanceof KeystoreError, `expected a KeystoreError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const m of mentions) assert.ok(err.message.includes(m), `"${err.message}" should mention ${m}`);
    return true;
  };
}

test('create, set, get, list, delete, and reopen from disk', async (t) => {
  const file = path.join(await tempDir(t), 'data', 'keystore.json');
  const ks = await EncryptedFileKeystore.open(file, PASS, { create: true, scryptN: N });
  assert.equal(ks.kind, 'encrypted-file');
  assert.equal(ks.describe(), `the encrypted file ${file}`);
  assert.deepEqual(await ks.list(), []);
  assert.equal(await ks.get('account-key:a'), undefined);

  const a = randomBytes(121);
  const b = Buffer.from([0, 0xff, 0, 0x80]);
  await ks.set('account-key:a', a);
  await ks.set('data-key', b);
  assert.deepEqual(await ks.get('account-key:a'), a);
  assert.deepEqual(await ks.list(), ['account-key:a', 'data-key']);

  // get returns a copy: a caller zeroing it does not damage the store
  (await ks.get('data-key'))!.fill(0);
  assert.deepEqual(await ks.get('data-key'), b);
  // set keeps a copy: a caller zeroing its buffer afterwards does not either
  const c = randomBytes(32);
  const cCopy = Buffer.from(c);
  await ks.set('c', c);
  c.fill(0);
  assert.deepEqual(await ks.get('c'), cCopy);

  assert.equal(await ks.delete('c'), true);
  assert.equal(await ks.delete('c'), false);
  assert.equal(await ks.get('c'), undefined);

  const reopened = await EncryptedFileKeystore.open(file, PASS, { create: false });
  assert.deepEqual(await reopened.list(), ['account-key:a', 'data-key']);
  assert.deepEqual(await reopened.get('account-key:a'), a);
  assert.deepEqual(await reopened.get('data-key'), b);
  // no temp files left behind (the lock file is released too)
  assert.deepEqual(await readdir(path.dirname(file)), ['keystore.json']);
});

test('the file is 0600 and never holds a secret, a ref, or the passphrase in the clear', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'keystore.json');
  const ks = await EncryptedFileKeystore.open(file, PASS, { create: true, scryptN: N });
  const secret = Buffer.from('-----BEGIN PRIVATE KEY----- account key material 0123456789');
  await ks.set('account-key:secret-ref', secret);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const raw = await readFile(file);
  for (const needle of [
    secret,
    Buffer.from(secret.toString('base64')),
    Buffer.from(secret.toString('base64url')),
    Buffer.from('account key material'),
    Buffer.from('secret-ref'),
    Buffer.from(PASS),
  ]) {
    assert.equal(raw.indexOf(needle), -1, `found ${needle.toString()} in the file`);
  }
  // it is a sealed box, and nothing else
  const box = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(box).sort(), ['cipher', 'ct', 'iv', 'kdf', 'tag', 'v']);
});

test('a wrong passphrase is "wrong-passphrase" naming the file', async (t) => {
  const file = path.join(await tempDir(t), 'keystore.json');
  const ks = await EncryptedFileKeystore.open(file, PASS, { create: true, scryptN: N });
  await ks.set('k', Buffer.from('v'));
  const before = await readFile(file);
  await assert.rejects(
    EncryptedFileKeystore.open(file, 'not the passphrase', { create: true }),
    isCode('wrong-passphrase', file, 'wrong passphrase, or the file was altered'),
  );
  assert.deepEqual(await readFile(file), before);
});

test('a missing file with create: false is "not-found"; with create, a short passphrase is refused', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'keystore.json');
  await assert.rejects(EncryptedFileKeystore.open(file, PASS, { create: false }), isCode('not-found', file));
  await assert.rejects(EncryptedFileKeystore.open(file, 'short', { create: true, scryptN: N }), isCode('weak-passphrase'));
  assert.deepEqual(await readdir(dir), []);
});

test('a corrupt file is "corrupt" naming the path, and is left byte-identical by open, get, set and delete', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'keystore.json');
  const good = await EncryptedFileKeystore.open(file, PASS, { create: true, scryptN: N });
  await good.set('account-key:a', randomBytes(32));
  const original = await readFile(file, 'utf8');
  const box = JSON.parse(original) as Record<string, unknown>;

  const damaged: Array<[string, string]> = [
    ['truncated', original.slice(0, original.length / 2)],
    ['empty', ''],
    ['not JSON', 'hello world'],
    ['JSON but not a box', '{"accounts": []}\n'],
    ['box without tag', JSON.stringify({ ...box, tag: undefined })],
    ['box from the future', JSON.stringify({ ...box, v: 2 })],
    ['a data-key box', JSON.stringify({ ...box, kdf: { name: 'none' } })],
    ['absurd scrypt N', JSON.stringify({ ...box, kdf: { ...(box.kdf as object), N: 2 ** 40 } })],
  ];
  for (const [name, content] of damaged) {
    await writeFile(file, content);
    const bytes = await readFile(file);
    await assert.rejects(EncryptedFileKeystore.open(file, PASS, { create: true }), isCode('corrupt', file), name);
    // an instance opened before the damage must not write over it either
    await assert.rejects(good.get('account-key:a'), isCode('corrupt', file), name);
    await assert.rejects(good.set('account-key:b', randomBytes(32)), isCode('corrupt', file), name);
    await assert.rejects(good.delete('account-key:a'), isCode('corrupt', file), name);
    assert.deepEqual(await readFile(file), bytes, `${name}: the file was changed`);
  }

  // a box that authenticates under the passphrase but does not hold a map of secrets
  const { sealWithPassphrase } = await import('../../../../electron/core/keystore/secret-box.ts');
  const notAMap = await sealWithPassphrase(Buffer.from('["x"]'), PASS, { scryptN: N, aad: 'persistcert-keystore/1' });
  await writeFile(file, JSON.stringify(notAMap));
  await assert.rejects(EncryptedFileKeystore.open(file, PASS, { create: false }), isCode('corrupt', file));
  // the right content under another format's associated data does not pass for a keystore
  const otherAad = await sealWithPassphrase(Buffer.from('{}'), PASS, { scryptN: N, aad: 'persistcert-account-backup/1' });
  await writeFile(file, JSON.stringify(otherAad));
  await assert.rejects(EncryptedFileKeystore.open(file, PASS, { create: false }), isCode('wrong-passphrase', file));

  await writeFile(file, original);
  assert.equal((await good.get('account-key:a'))?.length, 32);
});

test('20 concurrent sets in one process all persist', async (t) => {
  const file = path.join(await tempDir(t), 'keystore.json');
  const ks = await EncryptedFileKeystore.open(file, PASS, { create: true, scryptN: N });
  const secrets = new Map(Array.from({ length: 20 }, (_, i) => [`ref-${i}`, randomBytes(16 + i)] as const));
  await Promise.all([...secrets].map(([ref, secret]) => ks.set(ref, secret)));
  const reopened = await EncryptedFileKeystore.open(file, PASS, { create: false });
  assert.equal((await reopened.list()).length, 20);
  for (const [ref, secret] of secrets) assert.deepEqual(await reopened.get(ref), secret, ref);
});

test("two instances on one file (as the app and the CLI would be) do not lose each other's keys", async (t) => {
  const file = path.join(await tempDir(t), 'keystore.json');
  const app = await EncryptedFileKeystore.open(file, PASS, { create: true, scryptN: N });
  const cli = await EncryptedFileKeystore.open(file, PASS, { create: false });
  await Promise.all(
    Array.from({ length: 10 }, (_, i) => [app.set(`app-${i}`, randomBytes(8)), cli.set(`cli-${i}`, randomBytes(8))]).flat(),
  );
  assert.equal((await app.list()).length, 20);
  assert.equal((await cli.list()).length, 20);
  await cli.delete('app-0');
  assert.equal(await app.get('app-0'), undefined);
});

test('openKeystore: "file" creates <dataDir>/keystore.json with the passphrase asked once, and reopens it', async (t) => {
  const dataDir = await tempDir(t);
  const purposes: boolean[] = [];
  const passphrase = async ({ creating }: { creating: boolean }) => {
    purposes.push(creating);
    return PASS;
  };
  const ks = await openKeystore({ kind: 'file', dataDir, passphrase, scryptN: N });
  assert.equal(ks.kind, 'encrypted-file');
  assert.equal(ks.describe(), `the encrypted file ${path.join(dataDir, 'keystore.json')}`);
  await ks.set('data-key', Buffer.alloc(32, 7));
  // 'auto' on a data directory that has a keystore file keeps using it (its keys are there)
  const again = await openKeystore({ kind: 'auto', dataDir, passphrase });
  assert.equal(again.kind, 'encrypted-file');
  assert.deepEqual(await again.get('data-key'), Buffer.alloc(32, 7));
  assert.deepEqual(purposes, [true, false]);
  await assert.rejects(openKeystore({ kind: 'file', dataDir }), isCode('no-passphrase'));
});
