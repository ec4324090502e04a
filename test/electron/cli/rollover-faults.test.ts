import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBind, type BindZone } from '../../env/bind.ts';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';
import { startFaultProxy, type FaultProxy } from '../../env/fault-proxy.ts';
import { runCli } from './run-cli.ts';
import { openStore } from '../../../electron/core/store/store.ts';

// Account safety (RFC 8555 §7.3.5): the CA applies a key change but its answer never reaches
// us, or we are killed while it is in flight. The account must survive with the same URL, and
// the next command must settle which key the CA holds (RFC 8555 §7.3.1 onlyReturnExisting).
// The file keystore keeps this file independent of a session bus.
const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'dist/cli/persistcert.cjs');
const env = {
  ...process.env,
  PERSISTCERT_PASSPHRASE: 'rollover test passphrase',
  PERSISTCERT_BACKUP_PASSPHRASE: 'correct horse battery staple',
};
let dns: BindZone;
let pebble: PebbleInstance;
let proxy: FaultProxy;
let flags: string[];

before(async () => {
  dns = await startBind({ zone: 'example.test', servers: 1 });
  const s0 = dns.servers[0]!;
  // No random badNonce answers here: a fault aimed at the key change must meet a key change the CA
  // carried out, not a request it refused for its nonce (then the "lost" change never happened).
  pebble = await startPebble({ dnsServer: `${s0.address}:${s0.port}`, env: { PEBBLE_WFE_NONCEREJECT: '0' } });
  proxy = await startFaultProxy(new URL(pebble.directoryUrl).origin, pebble.caBundlePem);
  flags = [
    '--ca',
    `${proxy.url}/dir`,
    '--ca-bundle',
    pebble.caBundlePath,
    '--dns',
    `${s0.address}:${s0.port}`,
    '--auth-port',
    String(s0.port),
    '--keystore',
    'file',
  ];
});
after(async () => {
  await proxy?.stop();
  await pebble?.stop();
  await dns?.stop();
});

const freshDataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'rollover-')), 'data');
const cli = (dataDir: string, ...args: string[]) => runCli([...args, '--data-dir', dataDir, ...flags], env);
async function ok(dataDir: string, ...args: string[]) {
  const r = await cli(dataDir, ...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r;
}
async function createAccount(dataDir: string, name: string): Promise<string> {
  const accountUrl = JSON.parse((await ok(dataDir, 'account', 'create', '--agree-tos', '--json')).stdout).accountUrl as string;
  await dns.publishTxt(`_validation-persist.${name}.`, `pebble.letsencrypt.org; accounturi=${accountUrl}`);
  return accountUrl;
}
const account = async (dataDir: string) => (await openStore(dataDir)).snapshot.accounts[0]!;

test('the key change is applied but its reply is lost: nothing is lost, the CA is asked, issue works under the same URL', async () => {
  const dataDir = freshDataDir();
  const accountUrl = await createAccount(dataDir, 'lost-reply.example.test');
  await ok(dataDir, 'account', 'backup', '--out', path.join(path.dirname(dataDir), 'a.json'));
  const before = await account(dataDir);
  assert.ok(before.backedUpAt);

  // The reply is dropped, and so is the attempt to ask the CA right after: unsettled.
  proxy.inject({ method: 'POST', pathIncludes: 'rollover-account-key', fault: { kind: 'drop-reply' } });
  proxy.inject({ method: 'POST', pathIncludes: 'sign-me-up', fault: { kind: 'drop-reply' } });
  const failed = await cli(dataDir, 'account', 'rollover');
  assert.equal(failed.code, 3, failed.stderr);
  assert.match(failed.stderr, /Both keys are kept/);
  const pending = await account(dataDir);
  assert.ok(pending.pendingKeyRef, 'the new key is kept as pending');
  assert.equal(pending.keyRef, before.keyRef, 'and so is the old one');

  // The next command settles it: the CA holds the new key.
  const show = await ok(dataDir, 'account', 'show');
  assert.match(show.stdout, /NOT SINCE THE KEY ROLLOVER/);
  const settled = await account(dataDir);
  assert.equal(settled.pendingKeyRef, undefined);
  assert.equal(settled.keyRef, pending.pendingKeyRef, 'the key the CA holds is the one kept');
  assert.equal(settled.accountUrl, accountUrl);
  assert.equal(settled.backedUpAt, undefined, 'a rollover makes older backups useless: not backed up');
  assert.ok(settled.rolledOverAt);
  await ok(dataDir, 'issue', '-d', 'lost-reply.example.test');
});

test('a lost reply that the CA can still be asked about: rollover succeeds in the same command', async () => {
  const dataDir = freshDataDir();
  const accountUrl = await createAccount(dataDir, 'asked.example.test');
  proxy.inject({ method: 'POST', pathIncludes: 'rollover-account-key', fault: { kind: 'drop-reply' } });
  const rolled = JSON.parse((await ok(dataDir, 'account', 'rollover', '--json')).stdout);
  assert.equal(rolled.accountUrl, accountUrl);
  assert.equal(rolled.backedUpAt, null);
  assert.ok(rolled.rolledOverAt);
  await ok(dataDir, 'issue', '-d', 'asked.example.test');
});

test('the CA refuses the key change: the old key stays, the new one is dropped, and the account works', async () => {
  const dataDir = freshDataDir();
  await createAccount(dataDir, 'refused.example.test');
  const before = await account(dataDir);
  proxy.inject({
    method: 'POST',
    pathIncludes: 'rollover-account-key',
    fault: {
      kind: 'respond',
      status: 500,
      headers: { 'content-type': 'application/problem+json' },
      body: JSON.stringify({ type: 'urn:ietf:params:acme:error:serverInternal', detail: 'injected' }),
    },
  });
  const failed = await cli(dataDir, 'account', 'rollover');
  assert.equal(failed.code, 3, failed.stderr);
  const after = await account(dataDir);
  assert.equal(after.keyRef, before.keyRef);
  assert.equal(after.pendingKeyRef, undefined);
  assert.ok(after.backedUpAt === before.backedUpAt);
  await ok(dataDir, 'issue', '-d', 'refused.example.test');
});

test('kill -9 while the key change reply is in flight, 20 rounds: the next command settles, issue works, same account URL', async () => {
  const dataDir = freshDataDir();
  const accountUrl = await createAccount(dataDir, 'killed.example.test');
  for (let round = 0; round < 20; round++) {
    const seen = proxy.log().length;
    proxy.inject({ method: 'POST', pathIncludes: 'rollover-account-key', fault: { kind: 'forward-then-hang' } });
    const child = spawn(process.execPath, [bin, 'account', 'rollover', '--data-dir', dataDir, ...flags], { env, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Wait until the CA has answered the key change (the answer is held back), then kill.
    for (let i = 0; i < 600; i++) {
      if (
        proxy
          .log()
          .slice(seen)
          .some((e) => e.fault === 'forward-then-hang' && e.upstreamStatus !== undefined)
      )
        break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const answered = proxy
      .log()
      .slice(seen)
      .find((e) => e.fault === 'forward-then-hang');
    assert.ok(answered?.upstreamStatus, `round ${round}: the CA answered the key change`);
    child.kill('SIGKILL');
    await exited;
    const crashed = await account(dataDir);
    assert.ok(crashed.pendingKeyRef, `round ${round}: the crash left the rollover pending`);

    const issued = await ok(dataDir, 'issue', '-d', 'killed.example.test', '--allow-duplicate', '--json');
    assert.match(issued.stdout, /killed\.example\.test/);
    const a = await account(dataDir);
    assert.equal(a.pendingKeyRef, undefined, `round ${round}: settled`);
    assert.equal(a.accountUrl, accountUrl, `round ${round}: same account URL`);
    // Pebble refuses ~5% of nonces (badNonce, 400): then the CA kept the old key, and so do we.
    assert.equal(
      a.keyRef,
      answered.upstreamStatus === 200 ? crashed.pendingKeyRef : crashed.keyRef,
      `round ${round}: the key the CA holds is kept`,
    );
  }
});
