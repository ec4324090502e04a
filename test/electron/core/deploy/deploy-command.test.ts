import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runShellCommand } from '../../../../electron/core/deploy/deploy-command.ts';
import { posixOnly, running, tempDir } from './fixtures.ts';

const root = tempDir();
const base = { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, outputLimitBytes: 64 * 1024, timeoutMs: 10_000 };

test('runs through /bin/sh with the given environment and folder, stdin closed', { skip: posixOnly }, async () => {
  const r = await runShellCommand('echo "$GREETING from $(pwd)"; cat; echo "stdin: $?"', {
    ...base,
    env: { ...base.env, GREETING: 'hello' },
    cwd: root,
  });
  assert.deepEqual(
    { exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, spawnError: r.spawnError },
    { exitCode: 0, signal: null, timedOut: false, spawnError: undefined },
  );
  assert.equal(r.output, `hello from ${root}\nstdin: 0\n`);
  assert.ok(r.durationMs >= 0 && r.durationMs < 5000);
});

test('the environment is exactly the one given', { skip: posixOnly }, async () => {
  process.env.PERSISTCERT_TEST_LEAK = 'leaked';
  try {
    const r = await runShellCommand('echo "[${PERSISTCERT_TEST_LEAK:-}]"', base);
    assert.equal(r.output, '[]\n');
  } finally {
    delete process.env.PERSISTCERT_TEST_LEAK;
  }
});

test('SIGKILL follows SIGTERM for children that ignore it, after the grace', { skip: posixOnly }, async () => {
  const pidFile = join(root, 'stubborn.pid');
  const run = `sh -c 'trap "" TERM; exec sleep 30' & echo $! > '${pidFile}'; wait`;
  const r = await runShellCommand(run, { ...base, timeoutMs: 200, killGraceMs: 300 });
  const pid = Number(readFileSync(pidFile, 'utf8'));
  // SIGKILL is delivered asynchronously: give the kernel a moment before calling it a survivor.
  for (let i = 0; i < 40 && running(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(running(pid), false, `pid ${pid} survived`);
  assert.equal(r.timedOut, true);
});

test('a background process holding the output open does not keep the report waiting', { skip: posixOnly }, async () => {
  const pidFile = join(root, 'daemon.pid');
  const r = await runShellCommand(`sleep 30 & echo $! > '${pidFile}'; echo done`, base);
  try {
    assert.equal(r.exitCode, 0);
    assert.equal(r.timedOut, false);
    assert.equal(r.output, 'done\n');
    assert.ok(r.durationMs < 3000, `${r.durationMs} ms`);
  } finally {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
  }
});

test('spawn failures are returned, not thrown', async () => {
  const cases = [
    { name: 'missing folder', run: 'true', cwd: join(root, 'missing') },
    { name: 'NUL byte in the command', run: 'echo \0', cwd: undefined },
  ];
  for (const c of cases) {
    const r = await runShellCommand(c.run, { ...base, ...(c.cwd ? { cwd: c.cwd } : {}) });
    assert.ok(r.spawnError instanceof Error, c.name);
    assert.equal(r.exitCode, null, c.name);
    assert.equal(r.timedOut, false, c.name);
  }
});
