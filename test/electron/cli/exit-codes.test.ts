import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';
import { runCli } from './run-cli.ts';

// Bad input exits 2 (usage) with a message naming what to fix, against a real CA (Pebble), and a
// failed first `account create` leaves nothing that locks the retry out.
let pebble: PebbleInstance;
let caFlags: string[];
before(async () => {
  pebble = await startPebble();
  caFlags = ['--ca', pebble.directoryUrl, '--ca-bundle', pebble.caBundlePath];
});
after(async () => pebble?.stop());

const freshDataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'exit-codes-')), 'data');
const fileKeystore = (passphrase: string) => ({ ...process.env, PERSISTCERT_KEYSTORE: 'file', PERSISTCERT_PASSPHRASE: passphrase });

const cases: { what: string; args: (dataDir: string) => string[]; env?: NodeJS.ProcessEnv; code: number; message: RegExp }[] = [
  { what: 'an empty --data-dir', args: () => ['account', 'show', '--data-dir', ''], code: 2, message: /--data-dir is empty/ },
  { what: 'a blank --data-dir', args: () => ['account', 'show', '--data-dir', '  '], code: 2, message: /--data-dir is empty/ },
  {
    what: 'a resolver that is not a server',
    args: () => ['check', '-d', 'www.example.test', '--dns', 'not a server'],
    code: 2,
    message: /--dns: "not a server" is not a DNS server/,
  },
  {
    what: 'a resolver port out of range',
    args: () => ['check', '-d', 'www.example.test', '--dns', '1.1.1.1:99999'],
    code: 2,
    message: /--dns: .*invalid port/,
  },
  {
    what: 'a short keystore passphrase',
    args: (d) => ['account', 'create', '--agree-tos', '--data-dir', d, ...caFlags],
    env: fileKeystore('short'),
    code: 2,
    message: /passphrase is too short/,
  },
  {
    what: 'a missing --agree-tos',
    args: (d) => ['account', 'create', '--data-dir', d, ...caFlags],
    env: fileKeystore('a long enough passphrase'),
    code: 2,
    message: /--agree-tos/,
  },
];
for (const c of cases) {
  test(`${c.what} exits ${c.code} and says what to fix`, async () => {
    const dataDir = freshDataDir();
    const r = await runCli(c.args(dataDir), c.env ?? process.env);
    assert.equal(r.code, c.code, r.stderr + r.stdout);
    assert.match(r.stderr, c.message);
    assert.equal(existsSync(path.join(process.cwd(), 'store.json')), false, 'nothing written to the current directory');
  });
}

test('a failed account create does not lock the keystore to its passphrase: a retry with another one works', async () => {
  const dataDir = freshDataDir();
  const failed = await runCli(['account', 'create', '--data-dir', dataDir, ...caFlags], fileKeystore('the mistyped passphrase'));
  assert.equal(failed.code, 2, failed.stderr);
  const retry = await runCli(
    ['account', 'create', '--agree-tos', '--data-dir', dataDir, ...caFlags],
    fileKeystore('the corrected passphrase'),
  );
  assert.equal(retry.code, 0, retry.stderr);
  assert.match(retry.stdout, /Account created: https:/);
  const backupWith = (passphrase: string) =>
    runCli(['account', 'backup', '--out', path.join(mkdtempSync(path.join(tmpdir(), 'bk-')), 'a.json'), '--data-dir', dataDir], {
      ...fileKeystore(passphrase),
      PERSISTCERT_BACKUP_PASSPHRASE: 'a backup passphrase here',
    });
  const mistyped = await backupWith('the mistyped passphrase');
  assert.notEqual(mistyped.code, 0, 'the keystore now belongs to the corrected passphrase');
  assert.match(mistyped.stderr, /passphrase/);
  assert.equal((await backupWith('the corrected passphrase')).code, 0);
});
