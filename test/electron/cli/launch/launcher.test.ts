import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../../electron/cli/main.ts';

// The installed launcher answers --help and --version itself, without the bundle: what it prints
// must be what the CLI prints.
const bin = path.resolve(import.meta.dirname, '../../../../dist/cli/persistcert.cjs');

function launch(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function inProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await main(args, { stdout, stderr: new PassThrough(), env: {} });
  return { code, stdout: out };
}

test('--help, -h, help, no arguments and --version: the launcher prints what the CLI prints, and loads no bundle', async () => {
  const cache = path.join(mkdtempSync(path.join(tmpdir(), 'launcher-')), 'cache');
  const cases: [string, string[]][] = [
    ['--help', ['--help']],
    ['-h', ['-h']],
    ['help', ['help']],
    ['no arguments', []],
    ['--version', ['--version']],
    ['-V', ['-V']],
  ];
  for (const [name, args] of cases) {
    const launched = await launch(args, { PERSISTCERT_CODE_CACHE: cache });
    const cli = await inProcess(args);
    assert.equal(launched.code, cli.code, name);
    assert.equal(launched.stderr, '', name);
    assert.equal(launched.stdout, cli.stdout, name);
  }
  assert.throws(() => readdirSync(cache), /ENOENT/, 'no bundle was run, so no code cache was written');
  // A command's own help is the bundle's to print.
  const issueHelp = await launch(['issue', '--help'], { PERSISTCERT_CODE_CACHE: cache });
  assert.equal(issueHelp.stdout, (await inProcess(['issue', '--help'])).stdout);
  assert.equal(readdirSync(cache).length, 1);
});

test('help into a pipe that is already closed ends quietly', async () => {
  // `true` exits before Node has started, so the write meets a closed pipe (EPIPE).
  const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${bin}" --help | true`], (err, _out, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stderr }),
    );
  });
  assert.deepEqual(r, { code: 0, stderr: '' });
});
