import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBind, type BindZone } from '../../env/bind.ts';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';
import { runCli } from './run-cli.ts';
import { openStore } from '../../../electron/core/store/store.ts';
import { STORE_FORMAT } from '../../../electron/core/store/schema.ts';
import { writeVersionedFile } from '../../../electron/core/store/versioned-file.ts';

// A data directory written by the release before the SQLite store (store.json, format version 2)
// must open and work: list, export (keys decrypt), renewal and deploy settings, renewal state.
// The fixture is built here in the old format: a real certificate from Pebble, its store written
// with the same versioned-file writer and format that release used, and no database.
let dns: BindZone;
let pebble: PebbleInstance;
let flags: string[];
const env = { ...process.env, PERSISTCERT_KEYSTORE: 'file', PERSISTCERT_PASSPHRASE: 'migration test passphrase' };

before(async () => {
  dns = await startBind({ zone: 'example.test', servers: 1 });
  const s0 = dns.servers[0]!;
  pebble = await startPebble({ dnsServer: `${s0.address}:${s0.port}` });
  flags = [
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

async function ok(dataDir: string, ...args: string[]) {
  const r = await runCli([...args, '--data-dir', dataDir, ...flags], env);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r;
}

/** Turns a data dir into what the previous release left: store.json v2 and no store.db. */
async function asPreviousRelease(dataDir: string): Promise<void> {
  const store = await openStore(dataDir);
  const doc = await store.readConsistent();
  store.close();
  for (const f of readdirSync(dataDir).filter((f) => f.startsWith('store.db'))) rmSync(path.join(dataDir, f));
  await writeVersionedFile(path.join(dataDir, 'store.json'), STORE_FORMAT, doc);
}

test('a v2 data dir from the previous release: imported once, list, export with a key that decrypts, settings and renewal state kept', async () => {
  const base = mkdtempSync(path.join(tmpdir(), 'migration-'));
  const dataDir = path.join(base, 'data');
  const created = await ok(dataDir, 'account', 'create', '--agree-tos');
  const accountUrl = /https:\/\/\S+\/my-account\/\S+/.exec(created.stdout)![0];
  await dns.publishTxt('_validation-persist.old.example.test.', `pebble.letsencrypt.org; accounturi=${accountUrl}`);
  await ok(dataDir, 'issue', '-d', 'old.example.test');
  await ok(
    dataDir,
    'configure',
    'old.example.test',
    '--pem-dir',
    path.join(base, 'deployed'),
    '--deploy-command',
    'true',
    '--verify-wait',
    '5',
  );
  await ok(dataDir, 'renew', '--all'); // not due: fetches renewal information, so there is renewal state to keep
  const status = async () =>
    (JSON.parse((await ok(dataDir, 'renew', '--status', '--json')).stdout) as { items: { id: string; renewAt: string; ari?: unknown }[] })
      .items;
  const before = await status();
  assert.equal(before.length, 1);
  await asPreviousRelease(dataDir);
  assert.deepEqual(
    readdirSync(dataDir).filter((f) => f.startsWith('store')),
    ['store.json'],
  );

  const list = JSON.parse((await ok(dataDir, 'list', '--json')).stdout) as { id: string; names: string[] }[];
  assert.deepEqual(
    list.map((c) => c.names),
    [['old.example.test']],
  );
  const kept = readdirSync(dataDir).filter((f) => f.startsWith('store.json'));
  assert.deepEqual(kept, [`store.json.imported-${new Date().toISOString().slice(0, 10)}`], 'the original is kept, renamed with the date');

  const out = path.join(base, 'export');
  await ok(dataDir, 'export', 'old.example.test', '--format', 'pem', '--out', out);
  const leaf = new X509Certificate(readFileSync(path.join(out, 'cert.pem')));
  const key = createPrivateKey(readFileSync(path.join(out, 'privkey.pem')));
  assert.ok(leaf.checkPrivateKey(key), 'the exported key (decrypted from the imported store) matches the certificate');
  assert.equal(createPublicKey(key).asymmetricKeyType, 'ec');

  const settings = (await ok(dataDir, 'configure', 'old.example.test')).stdout;
  assert.match(settings, new RegExp(path.join(base, 'deployed').replace(/[/.]/g, '\\$&')));
  assert.match(settings, /true/);
  assert.deepEqual(await status(), before, 'the renewal state (renewal information, planned moment) came across');
  await ok(dataDir, 'deploy', 'old.example.test');
  assert.ok(existsSync(path.join(base, 'deployed', 'fullchain.pem')) || existsSync(path.join(base, 'deployed', 'cert.pem')));

  const dump = JSON.parse((await ok(dataDir, 'store', 'export', '--json')).stdout) as {
    format: string;
    certificates: { names: string[]; sealedKey: unknown }[];
    accounts: { accountUrl: string }[];
  };
  assert.equal(dump.format, 'persistcert-store-dump');
  assert.deepEqual(
    dump.accounts.map((a) => a.accountUrl),
    [accountUrl],
  );
  assert.equal(dump.certificates[0]!.sealedKey, 'sealed', 'no ciphertext of keys in the dump');
});
