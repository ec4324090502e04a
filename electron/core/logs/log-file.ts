import { appendFileSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { redactSecrets } from '../notify/redact.ts';

/**
 * The one log of the desktop app, `serve`, `start` and the daemon: `<data dir>/logs/persistcert.log`,
 * rotated by size (persistcert.log.1 … .N, oldest dropped) so months of unattended renewal never
 * fill the disk. Lines are `ISO-time LEVEL message`, secrets redacted, the file private (0600).
 * Appends are synchronous and small: a line is on disk before the next step runs, and a crash
 * loses nothing that was logged.
 */

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogFileOptions {
  /** Rotate once the file passes this size (default 1 MiB). */
  maxBytes?: number;
  /** Rotated files kept (default 3). */
  keep?: number;
  now?: () => Date;
}

export interface LogFile {
  readonly path: string;
  write(level: LogLevel, message: string): void;
}

export function logDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

export function logFilePath(dataDir: string): string {
  return path.join(logDir(dataDir), 'persistcert.log');
}

export function openLogFile(dataDir: string, options: LogFileOptions = {}): LogFile {
  const file = logFilePath(dataDir);
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 3;
  const now = options.now ?? (() => new Date());
  // Nothing is created until the first line: opening must not touch a data dir not yet trusted.
  let size: number | undefined;

  const rotate = () => {
    const name = (n: number) => (n === 0 ? file : `${file}.${n}`);
    try {
      unlinkSync(name(keep));
    } catch {
      // nothing that old yet
    }
    for (let n = keep - 1; n >= 0; n--) {
      try {
        renameSync(name(n), name(n + 1));
      } catch {
        // a gap in the numbering: nothing to move
      }
    }
    size = 0;
  };

  return {
    path: file,
    write(level, message) {
      const line = `${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${redactSecrets(message).replace(/\r?\n/g, '\n    ')}\n`;
      try {
        if (size === undefined) {
          mkdirSync(logDir(dataDir), { recursive: true, mode: 0o700 });
          size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
        }
        if (size > 0 && size + Buffer.byteLength(line) > maxBytes) rotate();
        appendFileSync(file, line, { mode: 0o600 });
        size = (size ?? 0) + Buffer.byteLength(line);
      } catch {
        // A log that cannot be written (a full disk) must not stop renewals; stdout still has it.
      }
    },
  };
}
