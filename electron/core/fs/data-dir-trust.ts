import { lstat, readdir } from './fs-promised.ts';
import path from 'node:path';
import { UserError, type ApiErrorCode } from '../user-error.ts';

/**
 * The data directory holds deploy commands that run with the rights of whoever runs PersistCert,
 * and the store that names the account keys. Like OpenSSH with ~/.ssh, trust it only when
 * nobody but its owner can change it: owned by the user running PersistCert, and not writable
 * by group or others, the directory and every file in it (subdirectories too).
 *
 * root over another user's data dir is refused unless asked for (`--allow-root`): a deploy
 * command that user set would otherwise run as root.
 */

export type DataDirTrustProblem = 'other-owner' | 'writable-by-others' | 'root-over-user';

export class DataDirTrustError extends UserError {
  override readonly name = 'DataDirTrustError';
  readonly apiCode: ApiErrorCode = 'storage';
  constructor(
    message: string,
    readonly path: string,
    readonly problem: DataDirTrustProblem,
  ) {
    super(message);
  }
}

export interface DataDirTrustOptions {
  /** The user PersistCert runs as; `process.getuid()` by default. */
  uid?: number;
  /** Root may open another user's data dir (`--allow-root`); files it writes keep that user as owner. */
  allowRoot?: boolean;
}

/**
 * How deep to look. The folder itself being owner-only means nobody else can add entries; what
 * is left to check are entries made before, which sit in the top level or its subfolders (locks).
 * Deeper trees (Chromium's profile in the desktop app's folder) are not ours to read.
 */
const MAX_DEPTH = 2;

/**
 * Throws DataDirTrustError naming the first path that fails. A data dir that does not exist yet
 * passes (it is created 0700). On Windows, where POSIX owners and modes do not apply, it passes.
 */
export async function assertTrustedDataDir(dataDir: string, options: DataDirTrustOptions = {}): Promise<void> {
  const uid = options.uid ?? process.getuid?.();
  if (uid === undefined) return;
  const top = await lstat(dataDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!top) return;
  if (uid === 0 && top.uid !== 0) {
    if (!options.allowRoot) {
      throw new DataDirTrustError(
        `${dataDir} belongs to user ${top.uid}, and PersistCert runs as root: a deploy command that user set would run as root. ` +
          `Run PersistCert as that user, or pass --allow-root if root is meant to manage this data dir`,
        dataDir,
        'root-over-user',
      );
    }
  }
  const owner = uid === 0 && options.allowRoot ? top.uid : uid;
  await walk(dataDir, owner, uid, 0);
}

async function walk(file: string, owner: number, uid: number, depth: number): Promise<void> {
  const st = await lstat(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined; // removed meanwhile (a lock released)
    throw err;
  });
  if (!st) return;
  if (st.uid !== owner && !(uid === 0 && st.uid === 0)) {
    throw new DataDirTrustError(
      `${file} belongs to user ${st.uid}, not to the user running PersistCert (${uid}): someone else could change what PersistCert runs. ` +
        `Check it, then make it yours: chown ${uid} '${file}'`,
      file,
      'other-owner',
    );
  }
  // A symlink's own mode bits mean nothing on Linux; its owner was checked above.
  if (!st.isSymbolicLink() && (st.mode & 0o022) !== 0) {
    const kind = st.isDirectory() ? 'folder' : 'file';
    throw new DataDirTrustError(
      `${file} is writable by ${(st.mode & 0o002) !== 0 ? 'every user' : 'its group'} (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}): someone else could change what PersistCert runs. ` +
        `Check the ${kind}, then: chmod ${st.isDirectory() ? '700' : '600'} '${file}'`,
      file,
      'writable-by-others',
    );
  }
  if (st.isDirectory() && depth < MAX_DEPTH) {
    const entries = await readdir(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    for (const entry of entries) await walk(path.join(file, entry), owner, uid, depth + 1);
  }
}
