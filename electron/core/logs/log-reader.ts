import { statSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { logFilePath } from './log-file.ts';

/** The last `count` lines of the log, reaching into the newest rotated file when the current one is short. */
export async function tailLog(dataDir: string, count: number): Promise<string[]> {
  if (count <= 0) return []; // slice(-0) would be everything
  const file = logFilePath(dataDir);
  const lines: string[] = [];
  for (const f of [file, `${file}.1`]) {
    const text = await readFile(f, 'utf8').catch(() => '');
    lines.unshift(...text.split('\n').filter(Boolean));
    if (lines.length >= count) break;
  }
  return lines.slice(-count);
}

/**
 * Calls `onLines` with what is appended to the log from now on, until `signal` aborts; a rotation
 * (the file shrank or was replaced) starts again at the top of the new file.
 */
export function followLog(dataDir: string, onLines: (lines: string[]) => void, signal: AbortSignal, intervalMs = 250): Promise<void> {
  const file = logFilePath(dataDir);
  // Where "from now on" starts is taken synchronously, before the caller says it is following.
  const start = statSync(file, { throwIfNoEntry: false });
  return follow(file, start?.size ?? 0, start?.ino, onLines, signal, intervalMs);
}

async function follow(
  file: string,
  from: number,
  startInode: number | undefined,
  onLines: (lines: string[]) => void,
  signal: AbortSignal,
  intervalMs: number,
): Promise<void> {
  let position = from;
  let inode = startInode;
  let partial = '';
  while (!signal.aborted) {
    await new Promise<void>((resolve) => {
      // One listener per wait, removed again: following for hours must not pile them up.
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, intervalMs);
      signal.addEventListener('abort', done, { once: true });
    });
    const s = await stat(file).catch(() => undefined);
    if (!s) continue;
    if (s.ino !== inode || s.size < position) {
      inode = s.ino;
      position = 0;
      partial = '';
    }
    if (s.size === position) continue;
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(s.size - position);
      await handle.read(buffer, 0, buffer.length, position);
      position = s.size;
      const text = partial + buffer.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      if (parts.length) onLines(parts);
    } finally {
      await handle.close();
    }
  }
}
