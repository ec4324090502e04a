import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { logFilePath, openLogFile } from '../../../../electron/core/logs/log-file.ts';
import { followLog, tailLog } from '../../../../electron/core/logs/log-reader.ts';

const dataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'logs-')), 'data');
const at = () => new Date('2026-12-01T10:00:00.000Z');

test('lines are timestamped and levelled, the file and folder private, secrets redacted', () => {
  const dir = dataDir();
  const log = openLogFile(dir, { now: at });
  assert.equal(existsSync(path.join(dir, 'logs')), false, 'nothing is created before the first line');
  log.write('info', 'renewal pass (start)');
  log.write('error', 'webhook https://hooks.example.test/notify?token=s3cr3t-value failed');
  const text = readFileSync(logFilePath(dir), 'utf8');
  assert.match(text, /^2026-12-01T10:00:00\.000Z INFO  renewal pass \(start\)\n2026-12-01T10:00:00\.000Z ERROR webhook /);
  assert.doesNotMatch(text, /s3cr3t-value/);
  assert.equal(statSync(logFilePath(dir)).mode & 0o777, 0o600);
  assert.equal(statSync(path.join(dir, 'logs')).mode & 0o777, 0o700);
});

const rotations: { what: string; lines: number; maxBytes: number; keep: number; files: string[] }[] = [
  { what: 'below the limit: one file', lines: 3, maxBytes: 1000, keep: 2, files: ['persistcert.log'] },
  { what: 'over the limit once: one rotated file', lines: 20, maxBytes: 500, keep: 2, files: ['persistcert.log', 'persistcert.log.1'] },
  {
    what: 'far over: only `keep` rotated files, the oldest dropped',
    lines: 100,
    maxBytes: 300,
    keep: 2,
    files: ['persistcert.log', 'persistcert.log.1', 'persistcert.log.2'],
  },
];
for (const r of rotations) {
  test(`rotation: ${r.what}`, async () => {
    const dir = dataDir();
    const log = openLogFile(dir, { maxBytes: r.maxBytes, keep: r.keep, now: at });
    for (let i = 0; i < r.lines; i++) log.write('info', `line ${i}`);
    const present = ['persistcert.log', 'persistcert.log.1', 'persistcert.log.2', 'persistcert.log.3'].filter((f) =>
      existsSync(path.join(dir, 'logs', f)),
    );
    assert.deepEqual(present, r.files);
    for (const f of present) assert.ok(statSync(path.join(dir, 'logs', f)).size <= r.maxBytes, `${f} within the limit`);
    const tail = await tailLog(dir, 3);
    assert.deepEqual(
      tail.map((l) => l.replace(/^\S+ INFO  /, '')),
      [r.lines - 3, r.lines - 2, r.lines - 1].map((n) => `line ${n}`),
      'the newest lines, across a rotation',
    );
  });
}

test('follow: appended lines arrive, and a rotation starts again at the top of the new file', async () => {
  const dir = dataDir();
  const log = openLogFile(dir, { now: at });
  log.write('info', 'before');
  const seen: string[] = [];
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  const stop = new AbortController();
  const following = followLog(dir, (lines) => seen.push(...lines), stop.signal, 20);
  await new Promise((r) => setTimeout(r, 60));
  log.write('info', 'first');
  for (let i = 0; i < 100 && seen.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
  renameSync(logFilePath(dir), `${logFilePath(dir)}.1`);
  appendFileSync(logFilePath(dir), 'after rotation\n');
  for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  // Long enough for dozens of waits: each must drop its abort listener (no MaxListenersExceededWarning).
  await new Promise((r) => setTimeout(r, 600));
  stop.abort();
  await following;
  process.off('warning', onWarning);
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    seen.map((l) => l.replace(/^\S+ INFO  /, '')),
    ['first', 'after rotation'],
    'not the line written before following began',
  );
});
