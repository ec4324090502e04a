import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// The README's path, as a newcomer takes it: a fresh clone, `npm ci`, `npm run sandbox` in the
// background, its printed `export` block applied, then the plain commands with no other flags,
// publishing with the printed nsupdate snippet. Asynchronous children only: a synchronous spawn
// would stop this process from draining the sandbox's output, and the sandbox would block.
const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);
/**
 * The environment a newcomer's shell has: none of the npm_* variables `npm test` sets for its
 * children (npm_config_local_prefix names this checkout as the project). The npm cache stays
 * (offline install).
 */
const newcomerEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_') || k.toLowerCase() === 'npm_config_cache'),
);
const skip = existsSync(path.join(root, '.git')) ? false : 'needs the repository (a git checkout) to clone';

test(
  "the README's path on a fresh clone: npm ci, the sandbox, then account, record, nsupdate, check, issue, export",
  { skip, timeout: 600_000 },
  async () => {
    const clone = path.join(mkdtempSync(path.join(tmpdir(), 'readme-')), 'persistcert');
    await run('git', ['clone', '-q', root, clone]);
    // Pebble as `npm test` fetched it (the sandbox's preflight names the script when it is missing).
    symlinkSync(path.join(root, '.cache'), path.join(clone, '.cache'));
    await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: clone, env: newcomerEnv, maxBuffer: 64 * 1024 * 1024 });
    assert.ok(existsSync(path.join(clone, 'dist/cli/persistcert.cjs')), 'npm ci built the CLI (prepare)');

    const sandbox = spawn('npm', ['run', '-s', 'sandbox'], {
      cwd: clone,
      env: newcomerEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    sandbox.stdout.on('data', (d: Buffer) => (out += d.toString()));
    sandbox.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      for (let i = 0; i < 600 && !/dig \+short/.test(out); i++) {
        if (sandbox.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(out, /dig \+short/, `the sandbox printed its instructions:\n${out}`);
      // The printed export block, applied as a shell would.
      const env: NodeJS.ProcessEnv = { ...newcomerEnv };
      for (const m of out.matchAll(/^export (PERSISTCERT_[A-Z_]+)=(.+)$/gm)) env[m[1]!] = m[2]!;
      for (const key of ['PERSISTCERT_CA', 'PERSISTCERT_CA_BUNDLE', 'PERSISTCERT_DNS', 'PERSISTCERT_DATA_DIR'])
        assert.ok(env[key], `${key} exported`);
      const persistcert = (...args: string[]) =>
        run(process.execPath, [path.join(clone, 'dist/cli/persistcert.cjs'), ...args], { cwd: clone, env });

      const created = await persistcert('account', 'create', '--agree-tos', '--json');
      const accountUrl = JSON.parse(created.stdout).accountUrl as string;
      const record = await persistcert('record', '-d', 'www.example.test');
      assert.ok(record.stdout.includes(accountUrl), 'the record names the account');

      const snippet = /^(nsupdate [^\n]+<<'EOF'\n[\s\S]+?\nEOF)$/m.exec(out)?.[1];
      assert.ok(snippet, 'an nsupdate snippet is printed');
      await run('bash', ['-c', snippet.replaceAll('<YOUR-ACME-ACCOUNT-URL>', accountUrl)], { env });

      await persistcert('check', '--wait', '-d', 'www.example.test');
      await persistcert('issue', '-d', 'www.example.test');
      const exported = path.join(mkdtempSync(path.join(tmpdir(), 'readme-export-')), 'site');
      await persistcert('export', 'www.example.test', '--format', 'pem', '--out', exported);
      assert.ok(existsSync(path.join(exported, 'fullchain.pem')) && existsSync(path.join(exported, 'privkey.pem')));
    } finally {
      // The sandbox stops Pebble and BIND on SIGTERM; the group takes npm's shell along.
      if (sandbox.pid) process.kill(-sandbox.pid, 'SIGTERM');
      await new Promise((r) => (sandbox.exitCode !== null ? r(undefined) : sandbox.on('exit', r)));
    }
  },
);
