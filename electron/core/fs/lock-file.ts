import { readFile, stat, unlink, writeFile } from './fs-promised.ts';
import os from 'node:os';
import { processAlive } from './process-alive.ts';
import { UserError, type ApiErrorCode } from '../user-error.ts';

/** Thrown when another live process holds the lock for longer than we will wait. */
export class LockBusyError extends UserError {
  override name = 'LockBusyError';
  readonly apiCode: ApiErrorCode = 'storage';
  constructor(
    readonly file: string,
    readonly holder: string,
  ) {
    super(`${file} is held by ${holder}; another PersistCert (app, daemon or CLI) is working on it. Try again shortly`);
  }
}

export interface LockOptions {
  /** How long to wait for a live holder before giving up. */
  waitMs?: number;
  /** A lock older than this is considered stale even if its PID looks alive (PID reuse). */
  staleMs?: number;
}

/**
 * A lock between processes (the tray app, the daemon and the CLI), as an exclusively created
 * file holding "pid host time". A holder that died (kill -9, crash, power loss) leaves the file
 * behind; it is recognised as stale when its PID no longer runs on this host, or when it is
 * older than `staleMs`, and taken over.
 */
export async function withLockFile<T>(file: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLockFile(file, options);
  try {
    return await fn();
  } finally {
    await release();
  }
}

export async function acquireLockFile(file: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const waitMs = options.waitMs ?? 15_000;
  const staleMs = options.staleMs ?? 10 * 60_000;
  const deadline = Date.now() + waitMs;
  const me = `${process.pid} ${os.hostname()} ${Date.now()}`;
  let delay = 5;
  for (;;) {
    try {
      // 'wx': created here or not at all, so only one process holds the lock.
      await writeFile(file, me, { flag: 'wx', mode: 0o600 });
      return async () => {
        // Only remove the lock if it is still ours (a stale-lock takeover may have replaced it).
        const now = await readFile(file, 'utf8').catch(() => '');
        if (now === me) await unlink(file).catch(() => {});
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readFile(file, 'utf8').catch(() => '');
    const age = Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? 0);
    if (isStale(holder, age, staleMs)) {
      // Remove only the exact stale content we judged, so two waiters cannot both take over.
      const again = await readFile(file, 'utf8').catch(() => '');
      if (again === holder) await unlink(file).catch(() => {});
      continue;
    }
    if (Date.now() >= deadline) throw new LockBusyError(file, describeHolder(holder));
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(100, delay * 2);
  }
}

function isStale(holder: string, ageMs: number, staleMs: number): boolean {
  const [pidText, host, timeText] = holder.split(' ');
  const pid = Number(pidText);
  const time = Number(timeText);
  // An empty or half-written file is a holder between open and write, or one killed right there;
  // after a moment it can only be the latter.
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isFinite(time)) return ageMs > 2_000;
  if (Date.now() - time > staleMs) return true;
  if (host !== os.hostname()) return false;
  return !processAlive(pid);
}

function describeHolder(holder: string): string {
  const [pid, host] = holder.split(' ');
  return pid ? `process ${pid} on ${host}` : 'another process';
}
