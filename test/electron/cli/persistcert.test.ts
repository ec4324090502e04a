import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The installed bin, exactly as a user runs it after `npm ci`. npx installs this checkout as a
// package the first time it sees its path, and that runs `prepare`, rebuilding dist/ under the
// other test files still running (a CLI child then failed with ERR_MODULE_NOT_FOUND): the build
// `npm test` made is the one to run, so scripts stay off.
const root = path.resolve(import.meta.dirname, '../../..');
function persistcert(...args: string[]) {
  return spawnSync('npx', ['--no-install', 'persistcert', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, npm_config_ignore_scripts: 'true' },
  });
}

test('npx persistcert --help lists the commands and the exit codes', () => {
  const r = persistcert('--help');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Usage: persistcert \[global options\] <command>/);
  assert.match(r.stdout, /Exit codes:/);
  assert.match(r.stdout, /\bstart\b/);
});

test('--version prints the package version', () => {
  const r = persistcert('--version');
  assert.equal(r.status, 0);
  assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('an unknown command exits 2 and says how to get help', () => {
  const r = persistcert('frobnicate');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command "frobnicate".*--help/);
});

test('start without an Electron binary says why and serves the same UI on loopback', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'start-'));
  const child = spawn(process.execPath, [path.join(root, 'dist/cli/persistcert.cjs'), 'start', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '' },
  });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
    });
    assert.match(out, /The desktop app cannot start here: .*Electron binary/);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
  } finally {
    child.kill('SIGTERM');
  }
});
