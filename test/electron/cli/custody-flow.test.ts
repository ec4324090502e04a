import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBind, type BindZone } from '../../env/bind.ts';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';
import { runCli } from './run-cli.ts';
import { keychainService } from '../../../electron/core/app/services.ts';
import { OsKeychain } from '../../../electron/core/keystore/os-keychain.ts';
import { openStore } from '../../../electron/core/store/store.ts';
import { CertificateService } from '../../../electron/core/certificates/certificate-service.ts';
import { loadStoredSettings } from '../../../electron/core/app/settings.ts';
import { changeSettings } from '../../../electron/core/usecases/settings.ts';

// Key custody end to end, through the CLI: the real Secret Service (this file runs under
// test/env/with-keyring.sh), the encrypted file keystore without a session bus, backups restored
// into a fresh keyring, and rollover against Pebble.
const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'dist/cli/persistcert.cjs');
let dns: BindZone;
let pebble: PebbleInstance;
let caFlags: string[];

before(async () => {
  dns = await startBind({ zone: 'example.test', servers: 1 });
  const s0 = dns.servers[0]!;
  pebble = await startPebble({ dnsServer: `${s0.address}:${s0.port}` });
  caFlags = [
    '--ca',
    pebble.directoryUrl,
    '--ca-bundle',
    pebble.caBundlePath,
    '--dns',
    `${s0.address}:${s0.port}`,
    '--auth-port',
    String(s0.port),
  ];
});
after(async () => {
  await pebble?.stop();
  await dns?.stop();
});

function freshDataDir(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'custody-')), 'data');
}
const publish = (name: string, accountUrl: string) =>
  dns.publishTxt(`_validation-persist.${name}.`, `pebble.letsencrypt.org; accounturi=${accountUrl}`);

async function cli(dataDir: string, ...args: string[]) {
  const r = await runCli([...args, '--data-dir', dataDir, ...caFlags], {
    ...process.env,
    PERSISTCERT_BACKUP_PASSPHRASE: 'correct horse battery staple',
  });
  return r;
}
async function ok(dataDir: string, ...args: string[]) {
  const r = await cli(dataDir, ...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r;
}

/** The refs (Secret Service `username` attributes) stored under a service. */
function keychainRefs(service: string): string[] {
  const r = spawnSync('secret-tool', ['search', '--all', 'service', service], { encoding: 'utf8' });
  return [...(r.stdout + r.stderr).matchAll(/^attribute\.username = (.+)$/gm)].map((m) => m[1]!.trim()).sort();
}

function skipWithoutBus(t: { skip: (why: string) => void }): boolean {
  if (process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  t.skip('needs a Secret Service session: run through npm test (test/env/with-keyring.sh)');
  return true;
}

/** Every encoding in which a private key could leak into a file. */
function leakPatterns(key: KeyObject): Buffer[] {
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const jwk = key.export({ format: 'jwk' }) as { d?: string };
  const raw = Buffer.from(jwk.d ?? '', 'base64url');
  return [
    der,
    raw,
    Buffer.from(raw.toString('hex')),
    Buffer.from(raw.toString('base64')),
    Buffer.from(jwk.d ?? '-'),
    Buffer.from(der.toString('base64').slice(0, 64)),
  ];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

test('issue + export with the OS keychain: the account key is in the Secret Service and no private key is on disk in plaintext', async (t) => {
  if (skipWithoutBus(t)) return;
  const dataDir = freshDataDir();
  const created = JSON.parse((await ok(dataDir, 'account', 'create', '--agree-tos', '--json')).stdout);
  const store = await openStore(dataDir);
  const account = store.snapshot.accounts[0]!;
  const service = keychainService(dataDir, process.env);
  assert.ok(keychainRefs(service).includes(account.keyRef), `the account key ${account.keyRef} is in the Secret Service`);
  await publish('custody.example.test', created.accountUrl);
  await ok(dataDir, 'issue', '-d', 'custody.example.test');
  const out = mkdtempSync(path.join(tmpdir(), 'export-'));
  await ok(dataDir, 'export', 'custody.example.test', '--format', 'pem', '--out', path.join(out, 'pem'));
  await ok(dataDir, 'export', 'custody.example.test', '--format', 'pfx', '--out', path.join(out, 'c.pfx'), '--pfx-compat', 'legacy');
  assert.equal(statSync(path.join(out, 'pem', 'privkey.pem')).mode & 0o777, 0o600);

  // The keys, from where they really live, to search the data directory for.
  const keychain = new OsKeychain({ service });
  const accountKey = createPrivateKey({ key: (await keychain.get(account.keyRef))!, format: 'der', type: 'pkcs8' });
  const certs = new CertificateService(await openStore(dataDir), keychain);
  const certKey = await certs.privateKey(certs.find('custody.example.test'));
  const patterns = [Buffer.from('PRIVATE KEY'), Buffer.from('"d":'), ...leakPatterns(accountKey), ...leakPatterns(certKey)];
  const files = filesUnder(dataDir);
  assert.ok(files.length >= 1);
  for (const f of files) {
    const bytes = readFileSync(f);
    for (const p of patterns) assert.equal(bytes.indexOf(p), -1, `${f} contains key material (${p.length} bytes)`);
  }
});

test('without a session bus the CLI names the file keystore; with it, the same flow passes', () => {
  const dataDir = freshDataDir();
  const env = {
    ...process.env,
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
    PERSISTCERT_BACKUP_PASSPHRASE: 'correct horse battery staple',
  };
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args, '--data-dir', dataDir, ...caFlags], { env, encoding: 'utf8' });
  const refused = run('account', 'create', '--agree-tos');
  assert.equal(refused.status, 4, refused.stderr);
  assert.match(refused.stderr, /--keystore file/);

  const fileEnv = { ...env, PERSISTCERT_KEYSTORE: 'file', PERSISTCERT_PASSPHRASE: 'a long file keystore passphrase' };
  const runFile = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args, '--data-dir', dataDir, ...caFlags], { env: fileEnv, encoding: 'utf8' });
  const created = runFile('account', 'create', '--agree-tos', '--json');
  assert.equal(created.status, 0, created.stderr);
  const accountUrl = JSON.parse(created.stdout).accountUrl as string;
  assert.ok(statSync(path.join(dataDir, 'keystore.json')).isFile());
  return publish('filekeystore.example.test', accountUrl).then(() => {
    const issued = runFile('issue', '-d', 'filekeystore.example.test');
    assert.equal(issued.status, 0, issued.stderr + issued.stdout);
    const out = mkdtempSync(path.join(tmpdir(), 'export-'));
    const exported = runFile('export', 'filekeystore.example.test', '--format', 'pem', '--out', out);
    assert.equal(exported.status, 0, exported.stderr);
    // A verb that needs no key does not open the keystore at all; one that needs a key refuses the wrong passphrase.
    const wrongEnv = { ...fileEnv, PERSISTCERT_PASSPHRASE: 'not the passphrase at all' };
    // cron's `renew --all` with nothing due is one of them (docs/decisions/0014).
    for (const verb of [
      ['list'],
      ['account', 'show'],
      ['renew', '--status'],
      ['renew', '--all'],
      ['record', '-d', 'filekeystore.example.test'],
    ]) {
      const run = spawnSync(process.execPath, [bin, ...verb, '--data-dir', dataDir, ...caFlags], { env: wrongEnv, encoding: 'utf8' });
      assert.equal(run.status, 0, `${verb.join(' ')}: ${run.stderr}`);
    }
    const wrong = spawnSync(
      process.execPath,
      [
        bin,
        'export',
        'filekeystore.example.test',
        '--format',
        'pem',
        '--out',
        mkdtempSync(path.join(tmpdir(), 'export-')),
        '--data-dir',
        dataDir,
      ],
      { env: wrongEnv, encoding: 'utf8' },
    );
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /passphrase/);
  });
});

test('backup on one data dir, restore into a fresh data dir and a fresh keyring, then issue under the same account URL', async (t) => {
  if (skipWithoutBus(t)) return;
  const dataDir = freshDataDir();
  const accountUrl = JSON.parse((await ok(dataDir, 'account', 'create', '--agree-tos', '--json')).stdout).accountUrl as string;
  const bundle = path.join(mkdtempSync(path.join(tmpdir(), 'bundle-')), 'account.json');
  await ok(dataDir, 'account', 'backup', '--out', bundle);
  assert.equal(statSync(bundle).mode & 0o777, 0o600);
  assert.equal(readFileSync(bundle, 'utf8').includes(accountUrl), false, 'the bundle is sealed, metadata included');

  // A different machine: a new D-Bus session with a new keyring, a new HOME and a new data dir.
  await publish('restored.example.test', accountUrl);
  const fresh = freshDataDir();
  const script = [
    `node ${bin} account restore ${bundle} --json --data-dir ${fresh} ${caFlags.join(' ')}`,
    `node ${bin} issue -d restored.example.test --json --data-dir ${fresh} ${caFlags.join(' ')}`,
  ].join(' && ');
  const r = spawnSync('bash', [path.join(root, 'test/env/with-keyring.sh'), 'bash', '-c', script], {
    env: { ...process.env, PERSISTCERT_BACKUP_PASSPHRASE: 'correct horse battery staple' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const [restoredLine, issuedLine] = r.stdout.trim().split('\n');
  assert.equal(JSON.parse(restoredLine!).accountUrl, accountUrl);
  assert.equal(JSON.parse(issuedLine!)[0].ok, true);

  const wrong = await runCli(['account', 'restore', bundle, '--data-dir', freshDataDir(), ...caFlags], {
    ...process.env,
    PERSISTCERT_BACKUP_PASSPHRASE: 'wrong passphrase here',
  });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /wrong passphrase/i);
  const tampered = JSON.parse(readFileSync(bundle, 'utf8'));
  tampered.box.ct = tampered.box.ct.slice(0, -4) + (tampered.box.ct.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  writeFileSync(bundle, JSON.stringify(tampered));
  const bad = await cli(freshDataDir(), 'account', 'restore', bundle);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /wrong passphrase, or the file was altered/);
});

test('rollover against Pebble: same account URL, the new key orders, the old key is gone from the keychain', async (t) => {
  if (skipWithoutBus(t)) return;
  const dataDir = freshDataDir();
  const accountUrl = JSON.parse((await ok(dataDir, 'account', 'create', '--agree-tos', '--json')).stdout).accountUrl as string;
  const service = keychainService(dataDir, process.env);
  const oldRef = (await openStore(dataDir)).snapshot.accounts[0]!.keyRef;
  const rolled = JSON.parse((await ok(dataDir, 'account', 'rollover', '--key-type', 'ec-p384', '--json')).stdout);
  assert.equal(rolled.accountUrl, accountUrl);
  assert.equal(rolled.keyType, 'ec-p384');
  const newRef = (await openStore(dataDir)).snapshot.accounts[0]!.keyRef;
  assert.notEqual(newRef, oldRef);
  const refs = keychainRefs(service);
  assert.ok(refs.includes(newRef));
  assert.ok(!refs.includes(oldRef), 'the old key was removed after the CA accepted the new one');
  await publish('rolled.example.test', accountUrl);
  await ok(dataDir, 'issue', '-d', 'rolled.example.test');
});

test('the whole data directory backs up and restores into an empty one', async (t) => {
  if (skipWithoutBus(t)) return;
  const dataDir = freshDataDir();
  const accountUrl = JSON.parse((await ok(dataDir, 'account', 'create', '--agree-tos', '--json')).stdout).accountUrl as string;
  await publish('whole.example.test', accountUrl);
  await ok(dataDir, 'issue', '-d', 'whole.example.test');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'dirbackup-')), 'all.json');
  await ok(dataDir, 'backup', '--out', file);
  const fresh = freshDataDir();
  await ok(fresh, 'restore', file);
  const list = JSON.parse((await ok(fresh, 'list', '--json')).stdout);
  assert.deepEqual(
    list.map((c: { names: string[] }) => c.names),
    [['whole.example.test']],
  );
  const out = mkdtempSync(path.join(tmpdir(), 'export-'));
  await ok(fresh, 'export', 'whole.example.test', '--format', 'pem', '--out', out);
  const again = await cli(fresh, 'restore', file);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /restore into an empty data directory/);
});

test('a whole backup carries the PFX deploy password and the settings: restored into a fresh keyring, the PFX deploy works', async (t) => {
  if (skipWithoutBus(t)) return;
  const dataDir = freshDataDir();
  const accountUrl = JSON.parse((await ok(dataDir, 'account', 'create', '--agree-tos', '--json')).stdout).accountUrl as string;
  await publish('pfx-backup.example.test', accountUrl);
  await ok(dataDir, 'issue', '-d', 'pfx-backup.example.test');
  const work = mkdtempSync(path.join(tmpdir(), 'pfx-backup-'));
  const passwordFile = path.join(work, 'pfx-password');
  writeFileSync(passwordFile, 'pfx password 42\n', { mode: 0o600 });
  await ok(dataDir, 'configure', 'pfx-backup.example.test', '--pfx', path.join(work, 'site.pfx'), '--pfx-password-file', passwordFile);
  await ok(dataDir, 'config', 'set', 'auth-port', '5353');
  // The app's webhook, whose token the keychain keeps (not settings.json): it travels in the backup.
  const webhookUrl = 'https://hooks.example.test/persistcert?token=backup-s3cret';
  await changeSettings(dataDir, { webhookUrl }, new OsKeychain({ service: keychainService(dataDir, process.env) }));
  const file = path.join(work, 'all.json');
  const backedUp = await ok(dataDir, 'backup', '--out', file);
  assert.match(backedUp.stdout, /1 account\(s\), 1 certificate\(s\), 1 PFX deploy password\(s\), the settings/);
  const shown = JSON.parse((await ok(dataDir, 'account', 'show', '--json')).stdout);
  assert.ok(shown[0].backedUpAt, 'the whole backup counts as a backup of the account key');

  // Another machine: a new D-Bus session and keyring, a new data dir.
  const fresh = freshDataDir();
  const restoredPfx = path.join(work, 'site.pfx');
  assert.equal(existsSync(restoredPfx), false, 'nothing deployed before the restore');
  const script = [
    `node ${bin} restore ${file} --data-dir ${fresh}`,
    `node ${bin} deploy pfx-backup.example.test --data-dir ${fresh} ${caFlags.join(' ')}`,
  ].join(' && ');
  const r = spawnSync('bash', [path.join(root, 'test/env/with-keyring.sh'), 'bash', '-c', script], {
    env: { ...process.env, PERSISTCERT_BACKUP_PASSPHRASE: 'correct horse battery staple' },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.doesNotMatch(r.stderr, /Warning/);
  const opened = spawnSync('openssl', ['pkcs12', '-in', restoredPfx, '-nokeys', '-passin', 'pass:pfx password 42'], { encoding: 'utf8' });
  assert.equal(opened.status, 0, `the deployed PFX opens with the restored password: ${opened.stderr}`);
  assert.match(opened.stdout, /BEGIN CERTIFICATE/);
  assert.match(readFileSync(path.join(fresh, 'settings.json'), 'utf8'), /"authPort": 5353/, 'the settings came along');
  assert.doesNotMatch(readFileSync(file, 'utf8'), /backup-s3cret/, 'the token is sealed in the backup');
  // The restored keyring is gone with its session: read the token back in one of its own.
  const ref = (await loadStoredSettings(fresh)).webhookUrlRef;
  assert.ok(ref, 'the restored settings name the keychain entry');
  const readBack = [
    `node ${bin} restore ${file} --data-dir ${fresh}-2 >/dev/null`,
    `node --import tsx ${path.join(root, 'test/env/read-keychain-entry.ts')} "PersistCert (${fresh}-2)" ${ref}`,
  ].join(' && ');
  const back = spawnSync('bash', [path.join(root, 'test/env/with-keyring.sh'), 'bash', '-c', readBack], {
    env: { ...process.env, PERSISTCERT_BACKUP_PASSPHRASE: 'correct horse battery staple' },
    encoding: 'utf8',
    cwd: root,
  });
  assert.equal(back.status, 0, back.stderr);
  assert.equal(back.stdout, webhookUrl, 'the token is in the restored keychain');
});

test('deactivation needs the account URL typed out', async (t) => {
  if (skipWithoutBus(t)) return;
  const dataDir = freshDataDir();
  const accountUrl = JSON.parse((await ok(dataDir, 'account', 'create', '--agree-tos', '--json')).stdout).accountUrl as string;
  const refused = await cli(dataDir, 'account', 'deactivate');
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--confirm https:/);
  await ok(dataDir, 'account', 'deactivate', '--confirm', accountUrl);
  const shown = JSON.parse((await ok(dataDir, 'account', 'show', '--json')).stdout);
  assert.equal(shown[0].status, 'deactivated');
});
