import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.ts';

// The CLI end to end over a real data dir: refused with exit 4 and the path, or opened with
// --allow-root, after which root's writes leave the files with their owner.
const asRoot = process.getuid?.() === 0;
const USER = 1000;
const env = { ...process.env, PERSISTCERT_KEYSTORE: 'file', PERSISTCERT_PASSPHRASE: 'a long enough passphrase' };

function dataDir(owner: number, mode: number): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cli-trust-')), 'data');
  mkdirSync(dir);
  chmodSync(dir, mode);
  chownSync(dir, owner, owner);
  return dir;
}

test(
  "root over a user's data dir: refused (exit 4) naming it; --allow-root opens it and keeps the user's ownership",
  { skip: asRoot ? false : 'chown needs root' },
  async () => {
    const dir = dataDir(USER, 0o700);
    const refused = await runCli(['list', '--data-dir', dir], env);
    assert.equal(refused.code, 4, refused.stderr);
    assert.match(refused.stderr, new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} belongs to user 1000.*--allow-root`));
    const setRefused = await runCli(['config', 'set', 'dns', 'system', '--data-dir', dir], env);
    assert.equal(setRefused.code, 4, setRefused.stderr);

    const set = await runCli(['config', 'set', 'dns', 'system', '--data-dir', dir, '--allow-root'], env);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(statSync(path.join(dir, 'settings.json')).uid, USER, "root's write leaves settings.json the user's");
    const listed = await runCli(['list', '--json', '--data-dir', dir, '--allow-root'], env);
    assert.equal(listed.code, 0, listed.stderr);
    const written = readdirSync(dir, { recursive: true }).map(String);
    assert.ok(written.includes('settings.json'), written.join(', '));
    for (const f of written) assert.equal(statSync(path.join(dir, f)).uid, USER, `${f} stays the user's`);
    assert.equal((await runCli(['list', '--json', '--data-dir', dir], env)).code, 4, 'still refused to root without the flag');
  },
);

for (const mode of [0o777, 0o770]) {
  test(
    `a data dir with mode ${mode.toString(8)}: every command that opens it exits 4 with the fix`,
    { skip: process.platform === 'win32' },
    async () => {
      const dir = dataDir(process.getuid!(), mode);
      for (const args of [['list'], ['deploy', 'www.example.test'], ['renew', '--all'], ['account', 'show']]) {
        const r = await runCli([...args, '--data-dir', dir], env);
        assert.equal(r.code, 4, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /is writable by .*chmod 700/);
      }
    },
  );
}
