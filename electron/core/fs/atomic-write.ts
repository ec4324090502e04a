/**
 * Crash-safe file replacement, for anything a reader must never see half-written: exported keys
 * and certificates a web server reloads, or a store file.
 *
 * The recipe:
 * 1. create a temp file in the target's own directory (rename is only atomic within one
 *    filesystem) with O_EXCL and the FINAL mode, so a private key is never readable by others,
 *    not even for a moment; chmod again because the umask may have narrowed that mode;
 * 2. write and fsync it, so its bytes are on disk before any name points at them;
 * 3. rename it over the target (POSIX rename(2) replaces atomically: readers see the old file or
 *    the new one, never a mix or a truncated file); or, without overwrite, link(2) it to the
 *    target, which fails with EEXIST instead of replacing;
 * 4. fsync the directory, so the rename itself survives a power cut.
 * On any failure the temp file is removed. Temp names are `.<name>.<pid>.<random>.tmp`, the
 * pattern `removeStaleTempFiles` below cleans up after a crash.
 */
import type { FileHandle } from 'node:fs/promises';
import { fsPromises, link, lstat, readdir, rename, stat, unlink } from './fs-promised.ts';
import path from 'node:path';
import { lazyBuiltin } from '../lazy-builtin.ts';
import { processAlive } from './process-alive.ts';

export interface AtomicWriteOptions {
  /** File mode (permission bits) of the new file, applied regardless of the umask. Default 0o644. */
  mode?: number;
  /** Replace an existing target (default true). If false, an existing target fails with EEXIST. */
  overwrite?: boolean;
}

/** A temp file fully written and synced, waiting to be renamed into place (or thrown away). */
export interface StagedFile {
  readonly target: string;
  readonly tempPath: string;
  /** Moves the temp file onto the target atomically and syncs the directory. */
  commit(): Promise<void>;
  /** Removes the temp file; the target is untouched. Safe to call after a failed commit. */
  discard(): Promise<void>;
}

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');

function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto().randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Steps 1-2: writes `data` to a synced temp file next to `target`. Staging several files before
 * committing any of them keeps the window in which a reader sees a mixed set (a new cert.pem with
 * an old privkey.pem) down to a few renames.
 */
export async function stageFile(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<StagedFile> {
  const mode = options.mode ?? 0o644;
  const overwrite = options.overwrite ?? true;
  const dir = path.dirname(target);
  const tempPath = tempPathFor(target);
  const handle = await fsPromises().open(tempPath, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.chmod(mode); // the umask applies to open(); the caller asked for exactly `mode`
      await keepFolderOwner(handle, dir);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await unlink(tempPath).catch(() => {});
    throw err;
  }

  const discard = (): Promise<void> => unlink(tempPath).catch(() => {});
  return {
    target,
    tempPath,
    discard,
    async commit() {
      try {
        if (overwrite) await rename(tempPath, target);
        else await linkNoClobber(tempPath, target);
      } catch (err) {
        await discard();
        throw err;
      }
      await fsyncDir(dir);
    },
  };
}

/**
 * root writing into a folder another user owns (a data dir opened with --allow-root) gives the
 * file to that user, so the owner is not locked out of their own store by a root run.
 */
async function keepFolderOwner(handle: FileHandle, dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const folder = await stat(dir);
  if (folder.uid !== 0) await handle.chown(folder.uid, folder.gid);
}

/**
 * Atomically replaces (or, with `overwrite: false`, creates) `target` with `data` and `mode`.
 * After it resolves the new content is durable; if it rejects, the target is as it was and no
 * temp file is left.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const staged = await stageFile(target, data, options);
  await staged.commit();
}

/**
 * Step 3 without replacing: link(2) the temp file to the target, which fails with EEXIST if the
 * target appeared meanwhile, then drop the temp name. Filesystems without hard links (FAT/exFAT
 * on a USB stick, some network shares) fall back to check-then-rename, which has a tiny race.
 */
async function linkNoClobber(tempPath: string, target: string): Promise<void> {
  try {
    await link(tempPath, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    if (await exists(target)) throw existsError(target);
    await rename(tempPath, target);
    return;
  }
  await unlink(tempPath);
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
}

function existsError(target: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EEXIST: file already exists, '${target}'`), { code: 'EEXIST', path: target, syscall: 'link' });
}

/** Step 4. Windows cannot open a directory for fsync; there, rename durability is the OS's job. */
async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsPromises().open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Removes temp files that writers of `target` left behind when they were killed mid-write. A
 * temp file names its writer's PID, so files of live writers are left alone.
 */
export async function removeStaleTempFiles(target: string): Promise<number> {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) {
      await unlink(path.join(dir, name)).then(
        () => removed++,
        () => {},
      );
    }
  }
  return removed;
}
