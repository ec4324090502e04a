import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codeCacheDir, codeCacheFile, readCodeCache, writeCodeCache } from '../../../../electron/cli/launch/code-cache.ts';
import { bundleFileFor, verbToRun } from '../../../../electron/cli/launch/verb-bundle.ts';

const bin = path.resolve(import.meta.dirname, '../../../../dist/cli/persistcert.cjs');

test('codeCacheDir: the platform cache folder, or PERSISTCERT_CODE_CACHE', () => {
  const cases: [string, NodeJS.ProcessEnv, NodeJS.Platform, string, string | undefined][] = [
    ['linux default', {}, 'linux', '/home/u', '/home/u/.cache/persistcert/code-cache'],
    ['linux XDG_CACHE_HOME', { XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u', '/x/cache/persistcert/code-cache'],
    ['macOS', {}, 'darwin', '/Users/u', '/Users/u/Library/Caches/PersistCert/code-cache'],
    ['Windows LOCALAPPDATA', { LOCALAPPDATA: 'C:/L' }, 'win32', 'C:/Users/u', path.join('C:/L', 'PersistCert', 'Cache', 'code-cache')],
    ['chosen folder', { PERSISTCERT_CODE_CACHE: '/tmp/cc' }, 'linux', '/home/u', '/tmp/cc'],
    ['turned off', { PERSISTCERT_CODE_CACHE: 'off' }, 'linux', '/home/u', undefined],
    ['turned off with 0', { PERSISTCERT_CODE_CACHE: '0' }, 'darwin', '/Users/u', undefined],
    ['no home', {}, 'linux', '', undefined],
  ];
  for (const [name, env, platform, home, want] of cases) assert.equal(codeCacheDir(env, platform, home), want, name);
});

test('verbToRun, bundleFileFor, codeCacheFile: the verb main() would run picks the bundle and the cache; no verb, the main bundle', () => {
  const cases: [string, string[], string][] = [
    ['a verb', ['issue', '-d', 'a.example'], 'issue'],
    ['after a global option and its value', ['--keystore', 'file', 'list'], 'list'],
    ['after --data-dir', ['--data-dir', '/d', 'renew', '--all'], 'renew'],
    ['a global option whose value is a verb', ['--data-dir', 'list', 'issue', '-d', 'a.example'], 'issue'],
    ['--opt=value form', ['--keystore=file', 'account', 'show'], 'account'],
    ['help alone', ['--help'], 'main'],
    ['help word', ['help'], 'main'],
    ['an unknown verb', ['nonsense'], 'main'],
    ['an unknown option before the verb', ['--frobnicate', 'list'], 'main'],
    ['options alone', ['--data-dir', '/d'], 'main'],
    ['verb help', ['list', '--help'], 'list'],
    ['a verb after --', ['--', 'list'], 'main'],
    ['the hidden completion helper', ['__complete', 'iss'], '__complete'],
    ['daemon', ['daemon', '--webhook-file', '/w'], 'daemon'],
  ];
  for (const [name, argv, verb] of cases) {
    assert.equal(bundleFileFor(verbToRun(argv)), `persistcert-${verb}.cjs`, name);
    assert.equal(
      path.basename(codeCacheFile('/c', 'abc123', verbToRun(argv))),
      `${verb}-abc123-${process.version}-${process.arch}.v8`,
      name,
    );
  }
});

test('writeCodeCache: user-only file, other builds pruned, this build kept; an unwritable folder is no error', () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'code-cache-')), 'cc');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'list-oldbuild-v20.0.0-x64.v8'), 'old');
  writeFileSync(path.join(dir, 'list-newbuild-v20.0.0-x64.v8'), 'other verb, this build');
  writeFileSync(path.join(dir, 'notes.txt'), 'not ours');
  const file = path.join(dir, 'issue-newbuild-v20.0.0-x64.v8');
  writeCodeCache(file, 'newbuild', Buffer.from('cache bytes'));
  assert.deepEqual(readdirSync(dir).sort(), ['issue-newbuild-v20.0.0-x64.v8', 'list-newbuild-v20.0.0-x64.v8', 'notes.txt']);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readCodeCache(file), Buffer.from('cache bytes'));
  assert.equal(readCodeCache(path.join(dir, 'missing.v8')), undefined);

  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o500);
    assert.doesNotThrow(() => writeCodeCache(path.join(dir, 'x-newbuild.v8'), 'newbuild', Buffer.from('x')));
    chmodSync(dir, 0o700);
  }
  // A folder that cannot be made (a file is in the way): the run goes on without a cache.
  assert.doesNotThrow(() => writeCodeCache(path.join(file, 'sub', 'x.v8'), 'newbuild', Buffer.from('x')));
});

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    ),
  );
}

test('the installed CLI: a run writes its verb cache, the next run reads it, and a damaged cache is replaced', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'code-cache-cli-'));
  const cache = path.join(root, 'cache');
  const env = { PERSISTCERT_CODE_CACHE: cache, PERSISTCERT_KEYSTORE: 'file' };
  const list = ['list', '--json', '--data-dir', path.join(root, 'data')];

  const version = await run(['--version'], env);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  assert.throws(() => readdirSync(cache), /ENOENT/, '--version reads no bundle, so it writes no cache');

  const first = await run(list, env);
  assert.equal(first.code, 0, first.stderr);
  const [file, ...others] = readdirSync(cache);
  assert.match(file ?? '', /^list-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.v8$/);
  assert.deepEqual(others, []);
  const written = readFileSync(path.join(cache, file!));

  const second = await run(list, env);
  assert.deepEqual(second, first);
  assert.deepEqual(readFileSync(path.join(cache, file!)), written, 'an accepted cache is not rewritten');

  writeFileSync(path.join(cache, file!), 'not a code cache');
  const third = await run(list, env);
  assert.deepEqual(third, first, 'V8 refuses the damaged cache and the run is the same');
  assert.notEqual(readFileSync(path.join(cache, file!), 'utf8'), 'not a code cache', 'the damaged cache was replaced');

  const off = path.join(root, 'off');
  assert.equal((await run(list, { ...env, PERSISTCERT_CODE_CACHE: 'off', XDG_CACHE_HOME: off, HOME: off })).code, 0);
  assert.throws(() => readdirSync(off), /ENOENT/, 'off writes nothing');
});
