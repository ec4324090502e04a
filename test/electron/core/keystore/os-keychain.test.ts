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
import { OsKeychain, prefetchKeychain, probeOsKeychain } from '../../../../electron/core/keystore/os-keychain.ts';

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

/** Stores an item under `service` and `ref` whose other attributes differ from ours (so two can match one ref). */
function storeWithExtraAttribute(service: string, ref: string, value: string, extra: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = execFile(
      'secret-tool',
      ['store', '--label', 'foreign item', 'service', service, 'username', ref, 'extra', extra],
      { timeout: 10_000 },
      (err) => (err ? reject(err) : resolve()),
    );
    proc.stdin?.end(value);
  });
}

test('read ahead: a selected item is handed out once from the search, then read for real', async (t) => {
  if (!needsPrivateKeyring(t)) return;
  const service = newService();
  const writer = new OsKeychain({ service });
  await writer.set('account-key:a:1', Buffer.alloc(32, 1));
  await writer.set('pfx-password:p', Buffer.from('old password'));
  const early = prefetchKeychain(service, (ref) => ref.startsWith('account-key:'));
  const reader = new OsKeychain({ service, prefetched: early });
  assert.deepEqual([...(await early).keys()], ['account-key:a:1'], 'only the selected refs are kept');

  // Changed behind the reader's back: the first read is the search's copy, the next one is real.
  await writer.set('account-key:a:1', Buffer.alloc(32, 2));
  await writer.set('pfx-password:p', Buffer.from('new password'));
  assert.deepEqual(await reader.get('account-key:a:1'), Buffer.alloc(32, 1));
  assert.deepEqual(await reader.get('account-key:a:1'), Buffer.alloc(32, 2));
  assert.deepEqual(await reader.get('pfx-password:p'), Buffer.from('new password'), 'an unselected ref is never read ahead');
  await writer.delete('account-key:a:1');
  await writer.delete('pfx-password:p');
});

test('read ahead: a write or delete through the keystore drops its copy', async (t) => {
  if (!needsPrivateKeyring(t)) return;
  const service = newService();
  const writer = new OsKeychain({ service });
  await writer.set('account-key:a:1', Buffer.alloc(32, 1));
  await writer.set('account-key:b:1', Buffer.alloc(32, 3));
  const reader = new OsKeychain({ service, prefetched: prefetchKeychain(service, () => true) });
  await reader.set('account-key:a:1', Buffer.alloc(32, 2));
  assert.deepEqual(await reader.get('account-key:a:1'), Buffer.alloc(32, 2));
  assert.equal(await reader.delete('account-key:b:1'), true);
  assert.equal(await reader.get('account-key:b:1'), undefined);
  await writer.delete('account-key:a:1');
});

const leftToGet: { name: string; put: (service: string) => Promise<void>; code: string; message: RegExp }[] = [
  {
    name: 'an item not in our format',
    put: (service) => storeWithSecretTool(service, 'account-key:x:1', 'not base64!'),
    code: 'corrupt',
    message: /not in PersistCert's format/,
  },
  {
    name: 'two items for one ref',
    put: async (service) => {
      await storeWithExtraAttribute(service, 'account-key:x:1', Buffer.alloc(32, 1).toString('base64'), 'one');
      await storeWithExtraAttribute(service, 'account-key:x:1', Buffer.alloc(32, 2).toString('base64'), 'two');
    },
    code: 'corrupt',
    message: /several keychain items match it/,
  },
];

for (const c of leftToGet) {
  test(`read ahead: ${c.name} is left out, and get() reports it as it would without the search`, async (t) => {
    if (!needsPrivateKeyring(t)) return;
    const service = newService();
    await c.put(service);
    const early = prefetchKeychain(service, () => true);
    assert.equal((await early).size, 0);
    await assert.rejects(new OsKeychain({ service, prefetched: early }).get('account-key:x:1'), (err: unknown) => {
      assert.ok(err instanceof KeystoreError, String(err));
      assert.equal(err.code, c.code);
      assert.match(err.message, c.message);
      return true;
    });
    await secretTool('clear', 'service', service);
  });
}

test('read ahead: without a Secret Service the search finds nothing, and get() says why', async () => {
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
  const child = execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', READ_AHEAD_CHILD], { env, timeout: 20_000 });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, out);
  assert.deepEqual(JSON.parse(out), { found: 0, code: 'unavailable' });
});

const READ_AHEAD_CHILD = `
import { OsKeychain, prefetchKeychain } from ${JSON.stringify(path.resolve('electron/core/keystore/os-keychain.ts'))};
const early = prefetchKeychain('PersistCert-test:no-bus', () => true);
const found = (await early).size;
const code = await new OsKeychain({ service: 'PersistCert-test:no-bus', prefetched: early }).get('data-key').then(() => 'none', (e) => e.code);
console.log(JSON.stringify({ found, code }));
`;
