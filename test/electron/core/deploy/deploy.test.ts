import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEPLOY_ENV_HELP,
  deployCertificate,
  hasDeploySteps,
  type DeployOptions,
  type DeployPlan,
} from '../../../../electron/core/deploy/deploy.ts';
import type { ExportTarget } from '../../../../electron/core/store/schema.ts';
import { makeTestCert, posixOnly, publicKeyOf, running, subjectFor, tempDir, tool } from './fixtures.ts';

const root = tempDir();
const names = ['www.deploy.example.test', 'deploy.example.test'];
mkdirSync(join(root, 'pki-a'));
mkdirSync(join(root, 'pki-b'));
const [certA, certB] = await Promise.all([makeTestCert(join(root, 'pki-a'), names), makeTestCert(join(root, 'pki-b'), names)]);
const subject = subjectFor(certA, names);

const PASSWORDS: Record<string, string> = { 'ref-1': 'correct horse' };
const options: DeployOptions = {
  pfxPassword: async (ref) => {
    const password = PASSWORDS[ref];
    if (password === undefined) throw new Error(`no secret ${ref}`);
    return password;
  },
};
const mode = (path: string): number => statSync(path).mode & 0o777;
let seq = 0;
/** A fresh, not yet existing path under the temp root. */
const fresh = (name: string): string => join(root, `${name}-${++seq}`);

test('hasDeploySteps: targets or a command', () => {
  const cases: { plan: DeployPlan; expected: boolean }[] = [
    { plan: { targets: [] }, expected: false },
    { plan: { targets: [{ kind: 'pem', dir: '/x', keyFormat: 'pkcs8' }] }, expected: true },
    { plan: { targets: [], command: { run: 'true', timeoutSec: 5 } }, expected: true },
  ];
  for (const c of cases) assert.equal(hasDeploySteps(c.plan), c.expected, JSON.stringify(c.plan));
});

test('a plan without steps does nothing and succeeds', async () => {
  assert.deepEqual(await deployCertificate(subject, { targets: [] }, options), { ok: true, files: [] });
});

test('PEM and PFX targets are written with the right content and modes', async () => {
  const cases: { name: string; pfx: Extract<ExportTarget, { kind: 'pfx' }>; pass: string }[] = [
    {
      name: 'modern PFX with a stored password',
      pfx: { kind: 'pfx', path: '', compatibility: 'modern', passwordRef: 'ref-1' },
      pass: 'correct horse',
    },
    { name: 'legacy PFX without a password', pfx: { kind: 'pfx', path: '', compatibility: 'legacy' }, pass: '' },
  ];
  for (const c of cases) {
    const dir = fresh('pem');
    const pfxPath = join(fresh('pfx'), 'site.pfx');
    const report = await deployCertificate(
      subject,
      {
        targets: [
          { kind: 'pem', dir, keyFormat: 'pkcs8' },
          { ...c.pfx, path: pfxPath },
        ],
      },
      options,
    );
    assert.equal(report.ok, true, `${c.name}: ${JSON.stringify(report.error)}`);
    assert.deepEqual(report.files, [
      { role: 'cert', path: join(dir, 'cert.pem'), mode: 0o644 },
      { role: 'chain', path: join(dir, 'chain.pem'), mode: 0o644 },
      { role: 'fullchain', path: join(dir, 'fullchain.pem'), mode: 0o644 },
      { role: 'key', path: join(dir, 'privkey.pem'), mode: 0o600 },
      { role: 'pfx', path: pfxPath, mode: 0o600 },
    ]);
    assert.equal(readFileSync(join(dir, 'cert.pem'), 'utf8'), certA.leafPem, c.name);
    assert.equal(readFileSync(join(dir, 'chain.pem'), 'utf8'), certA.intermediatePem, c.name);
    assert.equal(readFileSync(join(dir, 'fullchain.pem'), 'utf8'), subject.chainPem, c.name);
    for (const f of report.files) assert.equal(mode(f.path), f.mode, `${c.name}: mode of ${f.path}`);
    assert.equal(await publicKeyOf(join(dir, 'privkey.pem'), 'key'), await publicKeyOf(certA.leafPath, 'cert'), c.name);

    const read = await tool('openssl', ['pkcs12', '-in', pfxPath, '-passin', `pass:${c.pass}`, '-noout']);
    assert.equal(read.status, 0, `${c.name}: ${read.output}`);
    const wrong = await tool('openssl', ['pkcs12', '-in', pfxPath, '-passin', 'pass:wrong', '-noout']);
    assert.notEqual(wrong.status, 0, `${c.name}: the PFX must not open with another password`);
    const leaf = await tool('openssl', ['pkcs12', '-in', pfxPath, '-passin', `pass:${c.pass}`, '-nokeys', '-clcerts']);
    assert.ok(leaf.stdout.includes(certA.leafPem.trim()), `${c.name}: the PFX holds the leaf`);
  }
});

test('a second deploy replaces the previous files', async () => {
  const dir = fresh('pem');
  const pfxPath = join(fresh('pfx'), 'site.pfx');
  const plan: DeployPlan = {
    targets: [
      { kind: 'pem', dir, keyFormat: 'sec1' },
      { kind: 'pfx', path: pfxPath, compatibility: 'modern', passwordRef: 'ref-1' },
    ],
  };
  assert.equal((await deployCertificate(subject, plan, options)).ok, true);
  const report = await deployCertificate(subjectFor(certB, names, { renewed: false }), plan, options);
  assert.equal(report.ok, true, JSON.stringify(report.error));
  assert.equal(readFileSync(join(dir, 'cert.pem'), 'utf8'), certB.leafPem);
  assert.match(readFileSync(join(dir, 'privkey.pem'), 'utf8'), /^-----BEGIN EC PRIVATE KEY-----/);
  assert.equal(await publicKeyOf(join(dir, 'privkey.pem'), 'key'), await publicKeyOf(certB.leafPath, 'cert'));
  assert.equal(mode(join(dir, 'privkey.pem')), 0o600);
  assert.deepEqual(readdirSync(dir).sort(), ['cert.pem', 'chain.pem', 'fullchain.pem', 'privkey.pem'], 'no temp files left');
  const leaf = await tool('openssl', ['pkcs12', '-in', pfxPath, '-passin', 'pass:correct horse', '-nokeys', '-clcerts']);
  assert.ok(leaf.stdout.includes(certB.leafPem.trim()), 'the PFX holds the new leaf');
  assert.ok(!leaf.stdout.includes(certA.leafPem.trim()));
});

/** Runs `env` as the deploy command and returns what it saw. */
async function commandEnv(plan: Omit<DeployPlan, 'command'>, subj: typeof subject, env: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const out = join(fresh('env'), 'env.txt');
  mkdirSync(join(out, '..'));
  const report = await deployCertificate(subj, { ...plan, command: { run: `env > '${out}'`, timeoutSec: 10 } }, { ...options, env });
  assert.equal(report.ok, true, JSON.stringify(report.error));
  const text = readFileSync(out, 'utf8');
  assert.ok(!text.includes('PRIVATE KEY') && !text.includes('correct horse'), 'no key material or password in the environment');
  return new Map(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string]),
  );
}

test('the command sees every documented variable, with the right values', { skip: posixOnly }, async () => {
  const pemA = fresh('pem');
  const pemB = fresh('pem');
  const pfxPath = join(fresh('pfx'), 'site.pfx');
  const base = {
    PATH: process.env.PATH,
    KEEP_ME: 'kept',
    PERSISTCERT_DATA_DIR: '/srv/persistcert',
    PERSISTCERT_PASSPHRASE: 'keystore secret',
    PERSISTCERT_PFX_PASSWORD: 'pfx secret',
    PERSISTCERT_NOT_AFTER: 'stale',
    PERSISTCERT_PREVIOUS_CERT_ID: 'stale',
  };
  const cases: { name: string; targets: ExportTarget[]; subject: typeof subject; expected: Record<string, string | undefined> }[] = [
    {
      name: 'after a renewal, two PEM targets and a PFX',
      targets: [
        { kind: 'pem', dir: pemA, keyFormat: 'pkcs8' },
        { kind: 'pfx', path: pfxPath, compatibility: 'modern' },
        { kind: 'pem', dir: pemB, keyFormat: 'pkcs8' },
      ],
      subject,
      expected: {
        PERSISTCERT_CERT_ID: 'cert-2',
        PERSISTCERT_NAMES: 'www.deploy.example.test deploy.example.test',
        PERSISTCERT_PRIMARY_NAME: 'www.deploy.example.test',
        PERSISTCERT_SERIAL: subject.serialHex,
        PERSISTCERT_NOT_BEFORE: subject.notBefore,
        PERSISTCERT_NOT_AFTER: subject.notAfter,
        PERSISTCERT_RENEWED: '1',
        PERSISTCERT_PREVIOUS_CERT_ID: 'cert-1',
        PERSISTCERT_CA: 'https://acme.example.test/directory',
        PERSISTCERT_CERT_PATH: join(pemA, 'cert.pem'),
        PERSISTCERT_CHAIN_PATH: join(pemA, 'chain.pem'),
        PERSISTCERT_FULLCHAIN_PATH: join(pemA, 'fullchain.pem'),
        PERSISTCERT_KEY_PATH: join(pemA, 'privkey.pem'),
        PERSISTCERT_PFX_PATH: pfxPath,
      },
    },
    {
      name: 'a retried deploy with only a PFX and no previous certificate',
      targets: [{ kind: 'pfx', path: join(fresh('pfx'), 'only.pfx'), compatibility: 'legacy' }],
      subject: { ...subject, renewed: false, previousCertificateId: undefined, names: ['solo.example.test'] },
      expected: {
        PERSISTCERT_NAMES: 'solo.example.test',
        PERSISTCERT_PRIMARY_NAME: 'solo.example.test',
        PERSISTCERT_RENEWED: '0',
        PERSISTCERT_PREVIOUS_CERT_ID: undefined,
        PERSISTCERT_CERT_PATH: undefined,
        PERSISTCERT_KEY_PATH: undefined,
      },
    },
  ];
  for (const c of cases) {
    const seen = await commandEnv({ targets: c.targets }, c.subject, base);
    for (const [name, value] of Object.entries(c.expected)) assert.equal(seen.get(name), value, `${c.name}: ${name}`);
    assert.equal(seen.get('KEEP_ME'), 'kept', `${c.name}: the base environment is passed on`);
    assert.equal(seen.get('PERSISTCERT_DATA_DIR'), '/srv/persistcert', `${c.name}: harmless settings are passed on`);
    assert.equal(seen.get('PERSISTCERT_PASSPHRASE'), undefined, `${c.name}: inherited secrets are dropped`);
    assert.equal(seen.get('PERSISTCERT_PFX_PASSWORD'), undefined, `${c.name}: inherited secrets are dropped`);
  }
  // Every documented variable appears in the full case, and nothing undocumented was added.
  const full = await commandEnv({ targets: cases[0]!.targets }, subject, base);
  const ours = [...full.keys()].filter((k) => k.startsWith('PERSISTCERT_') && k !== 'PERSISTCERT_DATA_DIR').sort();
  assert.deepEqual(ours, DEPLOY_ENV_HELP.map((v) => v.name).sort());
});

test('output is captured interleaved, and cut to the limit keeping the tail', { skip: posixOnly }, async () => {
  const lines = 'i=0; while [ $i -lt 3000 ]; do echo "line $i"; i=$((i+1)); done';
  const cases: { name: string; run: string; limit?: number; check: (output: string) => void }[] = [
    {
      name: 'small output, kept whole, stderr in order',
      run: 'echo one; echo two >&2; echo three',
      check: (o) => assert.equal(o, 'one\ntwo\nthree\n'),
    },
    {
      name: 'large output cut at 1000 bytes',
      run: `echo first; ${lines}; echo last >&2`,
      limit: 1000,
      check: (o) => {
        const [marker, ...rest] = o.split('\n');
        assert.match(marker!, /earlier bytes of output cut/);
        const tail = rest.join('\n');
        assert.ok(Buffer.byteLength(tail) <= 1000 && Buffer.byteLength(tail) > 900, `tail of ${Buffer.byteLength(tail)} bytes`);
        assert.ok(tail.endsWith('line 2999\nlast\n'), tail.slice(-40));
        assert.ok(!o.includes('first'));
      },
    },
    {
      name: 'megabytes of output do not stall, default limit 64 KiB',
      run: "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo done",
      check: (o) => {
        assert.ok(o.endsWith('x\ndone\n'));
        assert.ok(Buffer.byteLength(o) < 64 * 1024 + 100 && Buffer.byteLength(o) >= 64 * 1024, `${Buffer.byteLength(o)} bytes`);
      },
    },
  ];
  for (const c of cases) {
    const report = await deployCertificate(
      subject,
      { targets: [], command: { run: c.run, timeoutSec: 20 } },
      { ...options, ...(c.limit ? { outputLimitBytes: c.limit } : {}) },
    );
    assert.equal(report.ok, true, `${c.name}: ${JSON.stringify(report.error)}`);
    c.check(report.command!.output);
  }
});

test('a failing command is reported, not thrown, with what to do', { skip: posixOnly }, async () => {
  const cases: { run: string; exitCode: number | null; signal: string | null; message: RegExp; fix: RegExp; output?: RegExp }[] = [
    {
      run: 'echo broken; exit 3',
      exitCode: 3,
      signal: null,
      message: /^The deploy command exited with status 3$/,
      fix: /see its output in the certificate's log; it will be retried at the next renewal run/,
      output: /^broken\n$/,
    },
    {
      run: 'no-such-program-persistcert --reload',
      exitCode: 127,
      signal: null,
      message: /status 127: command not found/,
      fix: /installed.*PATH/,
      output: /no-such-program-persistcert.*not found/,
    },
    { run: 'kill -9 $$', exitCode: null, signal: 'SIGKILL', message: /killed by SIGKILL/, fix: /retried/ },
  ];
  for (const c of cases) {
    const report = await deployCertificate(subject, { targets: [], command: { run: c.run, timeoutSec: 10 } }, options);
    assert.equal(report.ok, false, c.run);
    assert.equal(report.command?.run, c.run);
    assert.equal(report.command?.exitCode, c.exitCode, c.run);
    assert.equal(report.command?.signal, c.signal, c.run);
    assert.equal(report.command?.timedOut, false, c.run);
    assert.equal(report.error?.step, 'command', c.run);
    assert.match(report.error!.message, c.message, c.run);
    assert.match(report.error!.fix ?? '', c.fix, c.run);
    if (c.output) assert.match(report.command!.output, c.output, c.run);
  }
});

test('a command that cannot start is reported', async () => {
  const cwd = join(root, 'no-such-folder');
  const report = await deployCertificate(subject, { targets: [], command: { run: 'true', timeoutSec: 5 } }, { ...options, cwd });
  assert.equal(report.ok, false);
  assert.equal(report.error?.step, 'command');
  assert.match(report.error!.message, /could not be started/);
  assert.ok(report.error!.fix?.includes(cwd));
  assert.equal(report.command?.exitCode, null);
});

test('a command past its timeout is stopped with all its children', { skip: posixOnly }, async () => {
  const pidFile = join(fresh('pids'), 'pids');
  mkdirSync(join(pidFile, '..'));
  // A direct child and a grandchild, both in the background, while the shell waits for them.
  const run = `echo started; sleep 30 & echo $! > '${pidFile}'; sh -c 'sleep 30' & echo $! >> '${pidFile}'; wait`;
  const report = await deployCertificate(subject, { targets: [], command: { run, timeoutSec: 1 } }, options);
  const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
  assert.equal(pids.length, 2);
  for (const pid of pids) assert.equal(running(pid), false, `pid ${pid} still runs`);
  assert.equal(report.ok, false);
  assert.equal(report.command?.timedOut, true);
  assert.equal(report.command?.exitCode, null);
  assert.equal(report.command?.signal, 'SIGTERM');
  assert.ok(report.command!.durationMs >= 1000 && report.command!.durationMs < 5000, `${report.command!.durationMs} ms`);
  assert.equal(report.command?.output, 'started\n');
  assert.equal(report.error?.step, 'command');
  assert.match(report.error!.message, /did not finish within 1 s/);
});

test('a target that cannot be written stops the deploy before the command', { skip: posixOnly }, async () => {
  const blocker = join(root, 'a-regular-file');
  writeFileSync(blocker, 'x');
  const folderNamedPfx = fresh('folder.pfx');
  mkdirSync(folderNamedPfx);
  const cases: { name: string; bad: ExportTarget; message: RegExp }[] = [
    {
      name: 'PEM folder under a file',
      bad: { kind: 'pem', dir: join(blocker, 'certs'), keyFormat: 'pkcs8' },
      message: /a-regular-file.*(is a file, not a folder|not a folder)/,
    },
    {
      name: 'PFX under a file',
      bad: { kind: 'pfx', path: join(blocker, 'site.pfx'), compatibility: 'modern' },
      message: /is a file, not a folder/,
    },
    {
      name: 'PFX path is a folder',
      bad: { kind: 'pfx', path: folderNamedPfx, compatibility: 'modern' },
      message: /is a folder; give a file name/,
    },
    {
      name: 'PFX password missing from the keystore',
      bad: { kind: 'pfx', path: join(fresh('pfx'), 'a.pfx'), compatibility: 'modern', passwordRef: 'gone' },
      message: /password could not be read from the keystore: no secret gone$/,
    },
    { name: 'key in a format it cannot have', bad: { kind: 'pem', dir: fresh('pem'), keyFormat: 'pkcs1' }, message: /PEM files in/ },
  ];
  for (const c of cases) {
    const good = fresh('pem');
    const after = join(fresh('pfx'), 'after.pfx');
    const marker = join(root, `command-ran-${++seq}`);
    const report = await deployCertificate(
      subject,
      {
        targets: [{ kind: 'pem', dir: good, keyFormat: 'pkcs8' }, c.bad, { kind: 'pfx', path: after, compatibility: 'modern' }],
        command: { run: `touch '${marker}'`, timeoutSec: 5 },
      },
      options,
    );
    assert.equal(report.ok, false, c.name);
    assert.equal(report.error?.step, 'files', c.name);
    assert.match(report.error!.message, c.message, c.name);
    assert.match(report.error!.fix ?? '', /retried at the next renewal run/, c.name);
    assert.deepEqual(
      report.files.map((f) => f.role),
      ['cert', 'chain', 'fullchain', 'key'],
      `${c.name}: the first target was written`,
    );
    assert.equal(report.command, undefined, c.name);
    assert.equal(existsSync(marker), false, `${c.name}: the command must not run`);
    assert.equal(existsSync(after), false, `${c.name}: later targets are not attempted`);
  }
});
