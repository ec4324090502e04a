import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fdOutput } from '../../../electron/cli/fd-output.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'dist/cli/persistcert.cjs');

/** A FIFO with both ends open without blocking: the writer end is what fdOutput gets. */
function fifo(): { reader: number; writer: number } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fd-output-')), 'fifo');
  execFileSync('mkfifo', [file]);
  const reader = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
  return { reader, writer };
}

test('a pipe that would block takes the rest through the stream, in order', async () => {
  const { reader, writer } = fifo();
  let socket: net.Socket | undefined;
  const out = fdOutput(writer, () => (socket ??= new net.Socket({ fd: writer, readable: false, writable: true })) as never);
  // 40 × 16 KiB: more than a pipe holds (64 KiB on Linux), so writeSync meets EAGAIN part-way.
  const chunks = Array.from({ length: 40 }, (_, i) => String.fromCharCode(65 + (i % 26)).repeat(16 * 1024));
  for (const c of chunks) out.write(c);
  assert.ok(socket, 'the stream took over once the pipe was full');

  const received: Buffer[] = [];
  const buf = Buffer.alloc(64 * 1024);
  const expected = chunks.join('').length;
  let total = 0;
  while (total < expected) {
    try {
      const n = readSync(reader, buf);
      received.push(Buffer.from(buf.subarray(0, n)));
      total += n;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  assert.equal(Buffer.concat(received).toString(), chunks.join(''));
  socket.destroy();
  closeSync(reader);
});

test('a closed pipe drops the output quietly and reports it', () => {
  const { reader, writer } = fifo();
  closeSync(reader);
  const out = fdOutput(writer, () => assert.fail('no stream for a closed pipe'));
  assert.equal(out.writable, true);
  assert.equal(out.write('nobody reads this\n'), false);
  assert.equal(out.writable, false);
  assert.equal(out.write('nor this\n'), false);
  closeSync(writer);
});

test('a file descriptor that is not a terminal says so', () => {
  const { reader, writer } = fifo();
  const out = fdOutput(writer, () => assert.fail('not needed'));
  assert.equal(out.isTTY, false);
  assert.equal(out.columns, undefined);
  closeSync(reader);
  closeSync(writer);
});

test('`persistcert list | true` ends quietly with the list command’s exit code', async () => {
  // `true` exits at once, so list's line meets a closed pipe (EPIPE).
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'fd-output-list-')), 'data');
  const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${bin}" list --data-dir "${dataDir}" | true`], (err, _out, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stderr }),
    );
  });
  assert.deepEqual(r, { code: 0, stderr: '' });
});
