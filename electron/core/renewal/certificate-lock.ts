import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { acquireLockFile, LockBusyError } from '../fs/lock-file.ts';

/**
 * One lock per certificate line, shared by the tray app, the daemon and the CLI through the data
 * directory, so two of them can never place two orders for the same renewal. A holder killed
 * mid-renewal leaves the file behind; it is taken over once its PID is gone (or after an hour).
 */
export async function tryLockCertificate(dataDir: string, certificateId: string): Promise<(() => Promise<void>) | { busy: string }> {
  const dir = path.join(dataDir, 'locks');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    return await acquireLockFile(path.join(dir, `certificate-${certificateId}.lock`), { waitMs: 0, staleMs: 60 * 60_000 });
  } catch (err) {
    if (err instanceof LockBusyError) return { busy: err.holder };
    throw err;
  }
}
