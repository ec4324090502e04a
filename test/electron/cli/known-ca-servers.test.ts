import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';
import { runCli } from './run-cli.ts';
import { KNOWN_SERVERS_FILE } from '../../../electron/core/acme/known-servers.ts';

// The CLI records the CA server's certificate OpenSSL verified, and later runs accept it from the
// record (decision 0019): the record is written once, and rewritten only when it does not match.
let pebble: PebbleInstance;
before(async () => {
  // Validation always succeeds: this file is about the connection to the CA, not about DNS.
  pebble = await startPebble({ env: { PEBBLE_VA_ALWAYS_VALID: '1' } });
});
after(async () => pebble?.stop());

interface KnownFile {
  servers: { [server: string]: { leaf: string; verifiedAt: string }[] };
}

test('CLI runs against one CA: the first records its server certificate, the next accept it, a wrong record is replaced', async () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'known-ca-')), 'data');
  const file = path.join(dataDir, KNOWN_SERVERS_FILE);
  const env = { ...process.env, PERSISTCERT_KEYSTORE: 'file', PERSISTCERT_PASSPHRASE: 'known servers test passphrase' };
  const cli = async (...args: string[]) => {
    const r = await runCli([...args, '--data-dir', dataDir, '--ca', pebble.directoryUrl, '--ca-bundle', pebble.caBundlePath], env);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  };
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as KnownFile;

  await cli('account', 'create', '--agree-tos');
  const first = read();
  const [verdicts] = Object.values(first.servers);
  assert.equal(verdicts?.length, 1, 'one server, one certificate');

  await cli('issue', '-d', 'known-1.example.test', '--no-precheck');
  assert.deepEqual(read(), first, 'accepted from the record: nothing rewritten');

  const wrong = structuredClone(first);
  for (const list of Object.values(wrong.servers)) for (const v of list) v.leaf = '0'.repeat(64);
  writeFileSync(file, JSON.stringify({ format: 'persistcert-known-ca-servers', version: 1, ...wrong }));
  await cli('issue', '-d', 'known-2.example.test', '--no-precheck');
  const again = Object.values(read().servers)[0]!;
  assert.equal(again[0]!.leaf, verdicts![0]!.leaf, 'verified by OpenSSL and recorded again');
  assert.notEqual(again[0]!.verifiedAt, verdicts![0]!.verifiedAt);
});
