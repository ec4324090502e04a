import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPebble, type PebbleInstance } from '../../env/pebble.ts';

// A batch of 200 against a real (always-valid) Pebble: under a pseudo-terminal one live progress
// line reaches 200/200; piped, the output is plain lines with no control characters.
const cli = path.resolve(import.meta.dirname, '../../../dist/cli/persistcert.cjs');
const BATCH = 200;
let pebble: PebbleInstance;

// Asynchronous on purpose: a synchronous spawn would stop this process from draining Pebble's
// log pipe, and Pebble blocks once that pipe is full.
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
let common: string[];

before(async () => {
  pebble = await startPebble({ env: { PEBBLE_VA_ALWAYS_VALID: '1', PEBBLE_WFE_NONCEREJECT: '0' } });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'persistcert-progress-'));
  common = ['--data-dir', dataDir, '--ca', pebble.directoryUrl, '--ca-bundle', pebble.caBundlePath, '--keystore', 'file'];
  const r = await run(process.execPath, [cli, 'account', 'create', '--agree-tos', ...common], {
    ...process.env,
    PERSISTCERT_PASSPHRASE: 'progress-test-passphrase',
  });
  assert.equal(r.status, 0, r.stderr);
});
after(() => pebble?.stop());

const batch = (prefix: string): string[] => Array.from({ length: BATCH }, (_, i) => ['--cert', `${prefix}${i}.example.test`]).flat();
const env = (): NodeJS.ProcessEnv => ({ ...process.env, PERSISTCERT_PASSPHRASE: 'progress-test-passphrase' });

test('on a terminal: one progress line that reaches 200/200, then a summary', async () => {
  const command = [process.execPath, cli, 'issue', ...batch('tty'), '--no-precheck', ...common].map((a) => `'${a}'`).join(' ');
  const r = await run('script', ['-q', '-e', '-c', command, '/dev/null'], env());
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`\\r\\x1b\\[Kissued ${BATCH}/${BATCH} · `));
  assert.match(r.stdout, new RegExp(`${BATCH} of ${BATCH} certificates issued\\.`));
  // No per-certificate lines on a terminal (that is what the progress line replaces).
  assert.doesNotMatch(r.stdout, /^Issued tty/m);
});

test('piped: plain lines, one per certificate, no escape sequences or carriage returns', async () => {
  const r = await run(process.execPath, [cli, 'issue', ...batch('pipe'), '--no-precheck', ...common], env());
  assert.equal(r.status, 0, r.stderr);
  const all = r.stdout + r.stderr;
  assert.doesNotMatch(all, /[\x1b\r]/);
  assert.equal(r.stdout.match(/^Issued pipe\d+\.example\.test: id /gm)?.length, BATCH);
  assert.match(r.stdout, new RegExp(`${BATCH} of ${BATCH} certificates issued\\.`));
});
