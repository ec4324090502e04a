// Against the real Secret Service: run as
//   bash test/env/with-keyring.sh node --import tsx --test test/electron/core/keystore/os-keychain.test.ts
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KeystoreError } from '../../../../electron/core/keystore/keystore.ts';
import { openKeystore } from '../../../../electron/core/keystore/open.ts';
import { OsKeychain, probeOsKeychain } from '../../../../electron/core/keystore/os-keychain.ts';

/** Only inside with-keyring.sh's private session: never write test items into a real user's keychain. */
function needsPrivateKeyring(t: TestContext): boolean {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    t.skip('needs a Secret Service session: run via npm test');
    return false;
  }
  if (!/persistcert-keyring\./.test(process.env.XDG_RUNTIME_DIR ?? '')) {
    t.skip("not under test/env/with-keyring.sh: refusing to use this desktop session's keychain; run via npm test");
    return false;
  }
  return true;
}

/** secret-tool's exit code and output; exit 1 with no output means "no such item". */
function secretTool(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('secret-tool', args, { timeout: 10_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

function storeWithSecretTool(service: string, ref: string, value: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = execFile(
      'secret-tool',
      ['store', '--label', 'foreign item', 'service', service, 'username', ref],
      { timeout: 10_000 },
      (err) => (err ? reject(err) : resolve()),
    );
    proc.stdin?.end(value);
  });
}

const newService = () => `PersistCert-test:${randomUUID()}`;

test('binary secrets round trip, and really live in the Secret Service (service, username attributes)', async (t) => {
  if (!needsPrivateKeyring(t)) return;
  const service = newService();
  const ks = new OsKeychain({ service });
  assert.equal(ks.kind, 'os-keychain');
  assert.match(ks.describe(), /^the OS keychain \(Secret Service\), service "PersistCert-test:/);
  const ref = `account-key:${randomUUID()}`;
  const secret = Buffer.concat([Buffer.from([0, 0xff, 0xfe, 0x80, 0x0a, 0x00]), randomBytes(250)]);

  assert.equal(await ks.get(ref), undefined);
  await ks.set(ref, secret);
  assert.deepEqual(await ks.get(ref), secret);

  const lookup = await secretTool('lookup', 'service', service, 'username', ref);
  assert.equal(lookup.code, 0, lookup.stderr);
  assert.deepEqual(Buffer.from(lookup.stdout, 'base64'), secret, 'the item holds the secret, base64-encoded');
  const search = await secretTool('search', '--all', 'service', service);
  assert.match(search.stdout + search.stderr, new RegExp(`attribute\\.username = ${ref}`));

  // replacing keeps one item
  const replacement = randomBytes(32);
  await ks.set(ref, replacement);
  assert.deepEqual(await ks.get(ref), replacement);
  const items = await secretTool('search', '--all', 'service', service);
  assert.equal((items.stdout.match(/^\[/gm) ?? []).length, 1, items.stdout);

  // get returns a copy each time
  (await ks.get(ref))!.fill(0);
  assert.deepEqual(await ks.get(ref), replacement);

  assert.equal(await ks.delete(ref), true);
  assert.equal(await ks.delete(ref), false);
  assert.equal(await ks.get(ref), undefined);
  const gone = await secretTool('lookup', 'service', service, 'username', ref);
  assert.equal(gone.code, 1);
  assert.equal(gone.stdout, '');
});

test('two services are isolated from each other', async (t) => {
  if (!needsPrivateKeyring(t)) return;
  const a = new OsKeychain({ service: newService() });
  const b = new OsKeychain({ service: newService() });
  const ref = 'data-key';
  await a.set(ref, Buffer.alloc(32, 1));
  assert.equal(await b.get(ref), undefined);
  await b.set(ref, Buffer.alloc(32, 2));
  assert.deepEqual(await a.get(ref), Buffer.alloc(32, 1));
  assert.deepEqual(await b.get(ref), Buffer.alloc(32, 2));
  assert.equal(await b.delete(ref), true);
  assert.deepEqual(await a.get(ref), Buffer.alloc(32, 1));
  assert.equal(await a.delete(ref), true);
});

test('an item under our service that is not ours is "corrupt", not garbage bytes', async (t) => {
  if (!needsPrivateKeyring(t)) return;
  const service = newService();
  await storeWithSecretTool(service, 'account-key:foreign', 'not base64!');
  const ks = new OsKeychain({ service });
  await assert.rejects(ks.get('account-key:foreign'), (err: unknown) => {
    assert.ok(err instanceof KeystoreError);
    assert.equal(err.code, 'corrupt');
    assert.match(err.message, /account-key:foreign/);
    assert.ok(!err.message.includes('not base64!'), 'the stored value must not appear in the message');
    return true;
  });
  assert.equal(await ks.delete('account-key:foreign'), true);
});

test('probe: ok, and leaves no item behind; openKeystore auto and os give the keychain', async (t) => {
  if (!needsPrivateKeyring(t)) return;
  const service = newService();
  assert.deepEqual(await probeOsKeychain(service), { ok: true });
  const left = await secretTool('search', '--all', 'service', service);
  assert.equal(left.stdout, '', 'the probe item was not deleted');

  const dataDir = await mkdtemp(path.join(tmpdir(), 'persistcert-oskeychain-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const neverAsk = async (): Promise<string> => assert.fail('the OS keychain needs no passphrase');
  for (const kind of ['auto', 'os'] as const) {
    const ks = await openKeystore({ kind, dataDir, service, passphrase: neverAsk });
    assert.equal(ks.kind, 'os-keychain');
    await ks.set('data-key', Buffer.alloc(32, 9));
    assert.deepEqual(await new OsKeychain({ service }).get('data-key'), Buffer.alloc(32, 9));
    assert.equal(await ks.delete('data-key'), true);
  }
  assert.deepEqual(await readdir(dataDir), [], 'no keystore file is created beside the OS keychain');
});
