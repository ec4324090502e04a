/**
 * The filesystem side every export shares: making the destination folder, refusing to replace
 * files unless asked, and turning errno codes into messages that say what to do.
 */
import { chmod, lstat, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ExistingFileError, ExportError } from './errors.ts';

/**
 * Makes sure `dir` exists and is a folder. A folder created here (and any missing parents) is
 * 0700: it is about to hold a private key. An existing folder keeps its mode; the user chose it.
 */
export async function ensureExportDir(dir: string): Promise<void> {
  const existing = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw exportFsError(err, dir);
  });
  if (existing) {
    if (!existing.isDirectory()) throw new ExportError(`${dir} is a file, not a folder; choose a folder to export into`);
    return;
  }
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700); // mkdir's mode is narrowed by the umask; make it exactly 0700
  } catch (err) {
    throw exportFsError(err as NodeJS.ErrnoException, dir);
  }
}

/** Throws listing every path in `targets` that already exists, unless `overwrite` is set. */
export async function refuseExisting(targets: readonly string[], overwrite: boolean): Promise<void> {
  if (overwrite) return;
  const found: string[] = [];
  for (const target of targets) {
    const there = await lstat(target).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw exportFsError(err, target);
      },
    );
    if (there) found.push(target);
  }
  if (found.length > 0) {
    throw new ExistingFileError(
      `Not overwriting existing file${found.length > 1 ? 's' : ''}: ${found.join(', ')}. Choose another location, remove ${found.length > 1 ? 'them' : 'it'}, or allow replacing existing files.`,
    );
  }
}

/**
 * An `ExportError` for a failed filesystem call, saying what to fix. Codes that are not the
 * user's to fix keep their original error as `cause`.
 */
export function exportFsError(err: NodeJS.ErrnoException, target: string): Error {
  const where = path.resolve(target);
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return new ExportError(`Permission denied writing ${where}; choose a folder you can write to, or fix its permissions`, {
        cause: err,
      });
    case 'EROFS':
      return new ExportError(`${where} is on a read-only filesystem; choose a writable folder`, { cause: err });
    case 'ENOSPC':
    case 'EDQUOT':
      return new ExportError(`No space left for ${where}; free some space or choose another disk`, { cause: err });
    case 'ENOTDIR':
      return new ExportError(`Part of the path ${where} is a file, not a folder; choose another location`, { cause: err });
    case 'EISDIR':
      return new ExportError(`${where} is a folder; give a file name to write to`, { cause: err });
    case 'EEXIST':
      return new ExistingFileError(
        `${where} already exists (created meanwhile?); choose another location or allow replacing existing files`,
        { cause: err },
      );
    default:
      return err;
  }
}
