import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The installed bin, exactly as a user runs it after `npm ci`.
const root = path.resolve(import.meta.dirname, '../../..');
function persistcert(...args: string[]) {
  return spawnSync('npx', ['--no-install', 'persistcert', ...args], { cwd: root, encoding: 'utf8' });
}

test('npx persistcert --help lists the commands and the exit codes', () => {
  const r = persistcert('--help');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Usage: persistcert <command>/);
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

test('npm start says plainly what is available', () => {
  const r = persistcert('start');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /npm run sandbox/);
});
