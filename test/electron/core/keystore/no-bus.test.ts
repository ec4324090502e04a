// The OS keychain where there is none (a server, SSH, a container) or where it is locked: each is a
// clear KeystoreError that names the file keystore, and nothing falls back to another store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const child = path.join(here, 'keychain-child.ts');

interface Outcome {
  ok: boolean;
  kind?: string;
  code?: string;
  message?: string;
}
interface ChildResult {
  probe: { ok: boolean; code?: string; reason?: string };
  auto: Outcome;
  os: Outcome;
  get: Outcome;
  set: Outcome;
  file: Outcome;
}

/** A throwaway HOME and XDG dirs, so nothing the child (or a daemon it activates) writes lands in the real ones. */
async function isolatedEnv(t: { after: (fn: () => Promise<void>) => void }): Promise<{ root: string; env: NodeJS.ProcessEnv }> {
  const root = await mkdtemp(path.join(tmpdir(), 'persistcert-nobus-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  for (const d of ['home', 'data', 'config', 'cache', 'runtime', 'tmp', 'datadir']) await mkdir(path.join(root, d), { mode: 0o700 });
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Every way to find a bus or a keyring daemon goes, as do proxies.
    if (/^(DBUS_|GNOME_KEYRING|DISPLAY$|WAYLAND_|XDG_|SSH_AUTH_SOCK$)|_proxy$/i.test(k)) continue;
    env[k] = v;
  }
  Object.assign(env, {
    HOME: path.join(root, 'home'),
    XDG_DATA_HOME: path.join(root, 'data'),
    XDG_CONFIG_HOME: path.join(root, 'config'),
    XDG_CACHE_HOME: path.join(root, 'cache'),
    XDG_RUNTIME_DIR: path.join(root, 'runtime'),
    TMPDIR: path.join(root, 'tmp'),
  });
  return { root, env };
}

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: repoRoot, env, timeout: 60_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${command} failed: ${err.message}\n${stderr}`));
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        reject(new Error(`no result from the child:\n${stdout}\n${stderr}`));
      }
    });
  });
}

function assertNamesFileKeystore(message: string | undefined): void {
  assert.ok(message, 'no message');
  assert.match(message, /--keystore file/);
  assert.match(message, /PERSISTCERT_PASSPHRASE/);
  assert.match(message, /--passphrase-file/);
}

test('no session bus: probe not ok, the first use of auto and os throws "unavailable" naming --keystore file; the file keystore works', async (t) => {
  const { root, env } = await isolatedEnv(t);
  env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/persistcert-no-bus';
  const result = await runChild(process.execPath, ['--import', 'tsx', child, path.join(root, 'datadir')], env);

  assert.equal(result.probe.ok, false);
  assert.equal(result.probe.code, 'unavailable');
  assertNamesFileKeystore(result.probe.reason);
  for (const [name, outcome] of Object.entries({ auto: result.auto, os: result.os, get: result.get, set: result.set })) {
    assert.equal(outcome.ok, false, `${name} must fail without a bus, not fall back to another store`);
    assert.equal(outcome.code, 'unavailable', `${name}: ${outcome.message}`);
    assertNamesFileKeystore(outcome.message);
    assert.ok(!outcome.message!.includes('child-secret-5f3a9c'), 'the secret must not appear in the message');
  }
  // The cause is there for whoever debugs the setup: the child really could not reach a bus.
  assert.match(result.auto.message!, /nonexistent\/persistcert-no-bus|DBus|D-Bus/);
  assert.deepEqual(result.file, { ok: true, kind: 'encrypted-file' });
});

test('no DBUS_SESSION_BUS_ADDRESS at all: also "unavailable"', async (t) => {
  const { root, env } = await isolatedEnv(t);
  const result = await runChild(process.execPath, ['--import', 'tsx', child, path.join(root, 'datadir')], env);
  assert.equal(result.probe.ok, false);
  assert.equal(result.auto.code, 'unavailable', result.auto.message);
  assertNamesFileKeystore(result.auto.message);
});

test('a Secret Service whose keyring is locked: "locked", telling to unlock the login keyring', async (t) => {
  const found = await new Promise<boolean>((resolve) =>
    execFile('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'], (err) => resolve(!err)),
  );
  if (!found) {
    t.skip('needs dbus-run-session and gnome-keyring-daemon (bash test/env/system-packages.sh)');
    return;
  }
  // A private bus on which gnome-keyring is started on demand with no unlocked keyring, as after a
  // login that did not unlock it. The isolated HOME keeps its keyring files out of the real one.
  const { root, env } = await isolatedEnv(t);
  const result = await runChild('dbus-run-session', ['--', process.execPath, '--import', 'tsx', child, path.join(root, 'datadir')], env);
  assert.equal(result.probe.ok, false);
  assert.equal(result.probe.code, 'locked', result.probe.reason);
  // Opening checks nothing (it runs on every CLI invocation); the first real get or set says what
  // is wrong. get too: "nothing there" from a keyring that cannot be used must not read as a lost key.
  for (const outcome of [result.auto, result.os, result.get, result.set]) {
    assert.equal(outcome.code, 'locked', outcome.message);
    assert.match(outcome.message!, /unlock your login keyring/i);
    assert.match(outcome.message!, /--keystore file/);
  }
  assert.deepEqual(result.file, { ok: true, kind: 'encrypted-file' });
});
