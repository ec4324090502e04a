import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLogFile } from '../../../electron/core/logs/log-file.ts';
import { runCli } from './run-cli.ts';

// The daemon writes the data dir's log as well as stdout; `persistcert logs` shows it and
// `--follow` keeps printing what is appended. Real processes, the built CLI.
const bin = path.resolve(import.meta.dirname, '../../../dist/cli/persistcert.cjs');

function start(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const until = async (pattern: RegExp) => {
    for (let i = 0; i < 600 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, pattern);
  };
  return { child, exited, until, output: () => out };
}

test('the daemon logs to the data dir; logs shows the lines, logs --follow the new ones', async () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'logs-cli-')), 'data');
  const empty = await runCli(['logs', '--data-dir', dataDir]);
  assert.equal(empty.code, 0);
  assert.match(empty.stderr, /No log yet at .*logs\/persistcert\.log/);

  const daemon = start(['daemon', '--data-dir', dataDir]);
  try {
    await daemon.until(/next wake-up/);
  } finally {
    daemon.child.kill('SIGTERM'); // a failed wait must not leave it running (the file would never end)
  }
  assert.equal(await daemon.exited, 0, daemon.output());

  const shown = await runCli(['logs', '--data-dir', dataDir, '--lines', '10']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /INFO  daemon started for .*\n[\s\S]*INFO  next wake-up[\s\S]*INFO  daemon stopped/);

  const follow = start(['logs', '--follow', '--lines', '0', '--data-dir', dataDir]);
  try {
    await follow.until(/^Following .*persistcert\.log/m); // it has taken its starting point
    openLogFile(dataDir).write('warn', 'a line written while following');
    await follow.until(/WARN  a line written while following/);
  } finally {
    follow.child.kill('SIGTERM');
  }
  assert.equal(await follow.exited, 0);
  assert.doesNotMatch(follow.output(), /daemon started/, '--lines 0 shows only what came after');

  const bad = await runCli(['logs', '--lines', 'many', '--data-dir', dataDir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--lines must be a whole number/);
});

test('logs --follow stops when its reader goes away, as tail -f does', async () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'logs-pipe-')), 'data');
  openLogFile(dataDir).write('info', 'one line to show');
  // `true` exits at once: the first line meets a closed pipe, and nothing would ever read the rest.
  const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(
      'bash',
      ['-o', 'pipefail', '-c', `"${process.execPath}" "${bin}" logs --follow --lines 1 --data-dir "${dataDir}" | true`],
      { timeout: 20_000 },
      (err, _out, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stderr }),
    );
  });
  assert.deepEqual(r, { code: 0, stderr: '' });
});
