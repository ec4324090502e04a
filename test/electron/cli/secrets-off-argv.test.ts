import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { redactSecrets } from '../../../electron/core/notify/redact.ts';

// Secrets never on a command line: the documented flows run as real processes, and what every
// local user can read of them (/proc/<pid>/cmdline, which ps shows) is checked; a secret given as
// an argument is refused with the file or environment alternative named (exit 2).
const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'dist/cli/persistcert.cjs');
const HMAC = 'c2VjcmV0LWhtYWMta2V5LWZvci1lYWItdGVzdGluZw';
const TOKEN = 'xoxb1234567890abcdefSECRETTOKEN';
const WEBHOOK = `https://hooks.example.test/services/${TOKEN}?auth=${TOKEN}`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  cmdline: string;
}

/** Runs the bin, reads its /proc cmdline while it runs, and stops it once `until` matches its output. */
function run(args: string[], env: NodeJS.ProcessEnv, until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch (err) {
      reject(err as Error);
    }
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), 20_000);
    const check = () => {
      if (until && until.test(stdout)) child.kill('SIGTERM');
    };
    child.stdout.on('data', (d) => ((stdout += d), check()));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, cmdline });
    });
  });
}

const dataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'argv-')), 'data');
const secretFile = (text: string) => {
  const f = path.join(mkdtempSync(path.join(tmpdir(), 'secret-')), 'secret');
  writeFileSync(f, text + '\n', { mode: 0o600 });
  return f;
};
const keystoreEnv = { PERSISTCERT_KEYSTORE: 'file', PERSISTCERT_PASSPHRASE: 'a long test passphrase' };

const refusals: { what: string; args: string[]; names: RegExp }[] = [
  {
    what: 'an EAB HMAC key',
    args: ['account', 'create', '--ca', 'https://127.0.0.1:9/dir', '--agree-tos', '--eab-kid', 'kid-1', '--eab-hmac-key', HMAC],
    names: /--eab-hmac-key-file.*\$PERSISTCERT_EAB_HMAC_KEY/,
  },
  { what: 'a webhook URL with a token', args: ['daemon', '--webhook', WEBHOOK], names: /--webhook-file.*\$PERSISTCERT_WEBHOOK/ },
  {
    what: 'a webhook URL with credentials',
    args: ['daemon', '--webhook', 'https://me:hunter2hunter2@hooks.example.test/notify'],
    names: /--webhook-file/,
  },
];
for (const r of refusals) {
  test(`${r.what} on the command line is refused (exit 2), naming the file and environment alternatives`, async () => {
    const res = await run([...r.args, '--data-dir', dataDir()], keystoreEnv);
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr.replace(/\n/g, ' '), r.names);
    assert.doesNotMatch(res.stdout + res.stderr, new RegExp(`${HMAC}|${TOKEN}|hunter2`), 'the refusal does not echo the secret');
  });
}

test('account create with --eab-hmac-key-file: the key is in no command line and no output', async () => {
  const res = await run(
    [
      'account',
      'create',
      '--ca',
      'https://127.0.0.1:9/dir',
      '--agree-tos',
      '--eab-kid',
      'kid-1',
      '--eab-hmac-key-file',
      secretFile(HMAC),
      '--data-dir',
      dataDir(),
    ],
    keystoreEnv,
  );
  assert.match(res.cmdline, /--eab-hmac-key-file/);
  assert.doesNotMatch(res.cmdline, new RegExp(HMAC));
  assert.doesNotMatch(res.stdout + res.stderr, new RegExp(HMAC));
  assert.equal(res.code, 3, 'it got as far as the (absent) CA: ' + res.stderr);
});

for (const how of ['--webhook-file', '$PERSISTCERT_WEBHOOK'] as const) {
  test(`daemon with the webhook from ${how}: the token is in no command line, and its log is redacted`, async () => {
    const args = ['daemon', '--data-dir', dataDir(), ...(how === '--webhook-file' ? ['--webhook-file', secretFile(WEBHOOK)] : [])];
    const res = await run(
      args,
      { ...keystoreEnv, ...(how === '$PERSISTCERT_WEBHOOK' ? { PERSISTCERT_WEBHOOK: WEBHOOK } : {}) },
      /daemon started/,
    );
    assert.match(res.stdout, /daemon started/, res.stderr);
    assert.doesNotMatch(res.cmdline, new RegExp(TOKEN));
    assert.doesNotMatch(res.stdout + res.stderr, new RegExp(TOKEN));
  });
}

const lines: { what: string; line: string; keep: RegExp; gone: RegExp }[] = [
  {
    what: 'URL credentials',
    line: 'webhook https://me:hunter2@hooks.example.test/notify failed: 500',
    keep: /hooks\.example\.test\/notify failed: 500/,
    gone: /me:hunter2|hunter2/,
  },
  {
    what: 'a token in the query',
    line: `POST ${WEBHOOK} answered 404`,
    keep: /hooks\.example\.test.*answered 404/,
    gone: new RegExp(TOKEN),
  },
  {
    what: 'a token-like path segment',
    line: 'posting to https://hooks.slack.com/services/T000/B000/abcdefghijklmnopqrstuvwx',
    keep: /hooks\.slack\.com\/services\/T000\/B000\//,
    gone: /abcdefghijklmnopqrstuvwx/,
  },
  { what: 'a labelled HMAC key', line: `eab kid=kid-1 hmac_key=${HMAC}`, keep: /kid=kid-1/, gone: new RegExp(HMAC) },
  { what: 'a labelled password', line: 'pfx password: Sup3rS3cret!', keep: /pfx password/, gone: /Sup3rS3cret/ },
  {
    what: 'nothing secret',
    line: 'renewed www.example.test via https://acme.example.test/dir',
    keep: /renewed www\.example\.test via https:\/\/acme\.example\.test\/dir$/,
    gone: /\[redacted\]/,
  },
];
for (const l of lines) {
  test(`log redaction: ${l.what}`, () => {
    const out = redactSecrets(l.line);
    assert.match(out, l.keep);
    assert.doesNotMatch(out, l.gone);
  });
}
