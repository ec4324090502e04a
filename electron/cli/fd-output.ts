import { writeSync } from 'node:fs';
import { lazyBuiltin } from '../core/lazy-builtin.ts';
import type { CliOutput } from './command.ts';

const tty = lazyBuiltin<typeof import('node:tty')>('node:tty');

/**
 * The CLI's stdout or stderr, written with writeSync on the file descriptor. process.stdout and
 * process.stderr are streams whose set-up loads net, stream and tty: ~5 ms of a 25 ms Node start,
 * most of what `list` spent beyond reading the store. Node's streams write files and terminals
 * synchronously on POSIX too; into a pipe, a write now waits for the reader, as any Unix
 * program's does, where the stream queued it in memory.
 * - A descriptor that would block (a non-blocking pipe from the parent) hands that write and every
 *   later one to the stream, so the order stays.
 * - A closed pipe (`persistcert list | head -1`) drops the rest quietly and turns `writable` off,
 *   where the stream would have thrown EPIPE from an event and ended the run mid-work.
 */
export function fdOutput(fd: number, stream: () => NodeJS.WriteStream): CliOutput {
  let viaStream = false;
  let closed = false;
  return {
    write(chunk) {
      if (closed) return false;
      if (viaStream) return stream().write(chunk);
      let rest = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      try {
        while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
        return true;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          closed = true;
          return false;
        }
        if (code !== 'EAGAIN') throw err;
        viaStream = true;
        return stream().write(rest);
      }
    },
    get isTTY() {
      return tty().isatty(fd);
    },
    get columns() {
      return tty().isatty(fd) ? stream().columns : undefined;
    },
    get writable() {
      return !closed;
    },
  };
}
