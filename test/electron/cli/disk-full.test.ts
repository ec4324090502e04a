import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBind, type BindZone } from '../../env/bind.ts';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';
import { runCli } from './run-cli.ts';
import { fakeCertificateRecord } from '../core/store/certificate-fixture.ts';

// A disk that fills up between the CA's answer and the store write: a real tmpfs, mounted in a
// private mount namespace (unshare -m), so the mount vanishes with the script and never leaks.
const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'dist/cli/persistcert.cjs');
const env = { ...process.env, PERSISTCERT_KEYSTORE: 'file', PERSISTCERT_PASSPHRASE: 'a long enough passphrase' };
let dns: BindZone;
let pebble: PebbleInstance;
let caFlags: string[];

const namespaces = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], { encoding: 'utf8' });
const skip =
  namespaces.status === 0
    ? false
    : `needs a private mount namespace (unshare -m, as root): ${namespaces.stderr.trim() || `exit ${namespaces.status}`}`;

before(async () => {
  if (skip) return;
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

test(
  'the disk fills up as the certificate arrives: it is kept in a rescue file (exit 4, path named), and recover adds it with its key',
  { skip },
  async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'disk-full-'));
    const source = path.join(work, 'source');
    const ok = async (...args: string[]) => {
      const r = await runCli([...args, '--data-dir', source, ...caFlags], env);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const accountUrl = JSON.parse(await ok('account', 'create', '--agree-tos', '--json')).accountUrl as string;
    for (const name of ['first.example.test', 'second.example.test'])
      await dns.publishTxt(`_validation-persist.${name}.`, `pebble.letsencrypt.org; accounturi=${accountUrl}`);
    await ok('issue', '-d', 'first.example.test');

    const mnt = path.join(work, 'mnt');
    const rescueDir = path.join(work, 'tmp');
    mkdirSync(mnt);
    mkdirSync(rescueDir);
    const cli = `node ${bin} --data-dir ${mnt}/data ${caFlags.join(' ')}`;
    const script = `
    mount -t tmpfs -o size=1m tmpfs ${mnt}
    cp -a ${source} ${mnt}/data
    dd if=/dev/zero of=${mnt}/filler bs=4k 2>/dev/null
    ${cli} issue -d second.example.test; echo "issue-exit=$?"
    rm ${mnt}/filler
    for f in ${rescueDir}/persistcert-rescued-*.json; do ${cli} recover "$f"; echo "recover-exit=$?"; done
    ${cli} list --json
    ${cli} export second.example.test --format pem --out ${work}/exported; echo "export-exit=$?"
  `;
    const r = spawnSync('unshare', ['-m', 'bash', '-c', script], { env: { ...env, TMPDIR: rescueDir }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /issue-exit=4/, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /The CA issued the certificate for second\.example\.test .*the disk is full \(ENOSPC\)\. It is kept in .*persistcert-rescued-.*\.json .*persistcert recover/,
    );
    assert.match(r.stdout, /Recovered the certificate for second\.example\.test/);
    assert.match(r.stdout, /recover-exit=0/);
    assert.deepEqual(readdirSync(rescueDir), [], 'the rescue file is gone once recovered');
    const listed = JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('['))!) as { names: string[] }[];
    assert.deepEqual(listed.map((c) => c.names[0]).sort(), ['first.example.test', 'second.example.test']);
    assert.match(r.stdout, /export-exit=0/, 'the recovered key decrypts');
  },
);

const certificate = fakeCertificateRecord('c1', { accountId: 'not-here' });
const badRescues: { what: string; content?: string; message: RegExp }[] = [
  { what: 'a missing file', message: /Cannot read .*rescue\.json: ENOENT/ },
  { what: 'not JSON', content: 'nope', message: /is not a rescued certificate \(not JSON\)/ },
  {
    what: 'another format',
    content: JSON.stringify({ format: 'persistcert-store', version: 2 }),
    message: /is not a rescued certificate PersistCert wrote \(format/,
  },
  {
    what: "another data dir's certificate",
    content: JSON.stringify({ format: 'persistcert-rescued-certificate', version: 1, dataDir: '/elsewhere', certificate }),
    message: /belongs to an account that is not in this data directory/,
  },
];
for (const b of badRescues) {
  test(`recover refuses ${b.what} (exit 2, nothing added)`, async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'recover-bad-'));
    const file = path.join(work, 'rescue.json');
    if (b.content !== undefined) writeFileSync(file, b.content);
    const dataDir = path.join(work, 'data');
    const r = await runCli(['recover', file, '--data-dir', dataDir], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, b.message);
    assert.equal((await runCli(['list', '--json', '--data-dir', dataDir], env)).stdout.trim(), '[]');
  });
}
