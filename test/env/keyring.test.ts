// Run as: bash test/env/with-keyring.sh node --import tsx --test test/env/keyring.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { run } from './process.ts';

test('Secret Service round-trip through secret-tool (store, lookup, clear)', async (t) => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    t.skip('no D-Bus session bus: run under `bash test/env/with-keyring.sh node --import tsx --test test/env/keyring.test.ts`');
    return;
  }
  // with-keyring.sh gives a private runtime dir; refuse to write into a real user's keychain.
  const runtime = process.env.XDG_RUNTIME_DIR ?? '';
  assert.match(runtime, /persistcert-keyring\./, 'not under with-keyring.sh: refusing to touch a real keychain');
  assert.equal(statSync(runtime).mode & 0o777, 0o700);

  const account = `env-test-${randomBytes(4).toString('hex')}`;
  const secret = `s3cret ${randomBytes(8).toString('base64')} ; "quoted"`;
  const attrs = ['service', 'persistcert-env-test', 'account', account];
  await run('secret-tool', ['store', '--label', 'PersistCert env test', ...attrs], { stdin: secret, timeoutMs: 5000 });
  assert.equal(await run('secret-tool', ['lookup', ...attrs], { timeoutMs: 5000 }), secret);

  await run('secret-tool', ['clear', ...attrs], { timeoutMs: 5000 });
  // lookup of a missing item exits non-zero with no output
  await assert.rejects(run('secret-tool', ['lookup', ...attrs], { timeoutMs: 5000 }), /exited 1/);
});
