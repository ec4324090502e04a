import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../../electron/cli/main.ts';
import { VERB_NAMES } from '../../../../electron/cli/verb-names.ts';

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

test('every verb runs from its own bundle: its help as the CLI prints it; completion still knows every verb', async () => {
  const env = { PERSISTCERT_CODE_CACHE: 'off' };
  // Global options before the verb, as main() reads them, pick the same bundle.
  const forms = (verb: string): string[][] => [
    [verb, '--help'],
    ['--keystore', 'file', verb, '--help'],
  ];
  for (const verb of VERB_NAMES) {
    for (const args of forms(verb)) {
      const launched = await launch(args, env);
      const cli = await inProcess(args);
      assert.equal(launched.stderr, '', args.join(' '));
      assert.deepEqual({ code: launched.code, stdout: launched.stdout }, { code: cli.code, stdout: cli.stdout }, args.join(' '));
    }
  }
  const script = await launch(['completion', 'bash'], env);
  assert.equal(script.code, 0, script.stderr);
  for (const verb of VERB_NAMES.filter((v) => !v.startsWith('__'))) assert.match(script.stdout, new RegExp(`\\b${verb}\\b`), verb);
  // Runs that name no verb go to the bundle without commands, which answers as the CLI does.
  for (const args of [['frobnicate'], ['--data-dir', '/nowhere'], ['--frobnicate', 'list']]) {
    const launched = await launch(args, env);
    const cli = await inProcess(args);
    assert.deepEqual(launched.code, cli.code, args.join(' '));
  }
});
