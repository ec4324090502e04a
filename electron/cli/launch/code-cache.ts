import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the CLI keeps V8 code caches: the platform's per-user cache folder, or
 * PERSISTCERT_CODE_CACHE (a folder; "off" turns the cache off). Undefined when there is none.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string | undefined {
  const chosen = env.PERSISTCERT_CODE_CACHE;
  if (chosen === 'off' || chosen === '0') return undefined;
  if (chosen) return path.resolve(chosen);
  if (!home) return undefined;
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Caches', 'PersistCert', 'code-cache');
    case 'win32':
      return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'PersistCert', 'Cache', 'code-cache');
    default:
      return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'persistcert', 'code-cache');
  }
}

/**
 * The cache file for one run. Each verb has its own bundle and cache (a cache holds the functions
 * its run compiled), and the build's hash, Node's version and the CPU are in the name: V8 checks
 * only the source's length, so a cache must never meet another build of the same size.
 */
export function codeCacheFile(dir: string, build: string, verb: string | undefined): string {
  return path.join(dir, `${verb ?? 'main'}-${build}-${process.version}-${process.arch}.v8`);
}

/** The cached data in `file`, if it can be read; a missing or unreadable cache only costs speed. */
export function readCodeCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes `data` to `file` atomically (a temporary file renamed into place, so concurrent runs never
 * read half a cache), readable by the user only, and removes the caches of other builds, which no
 * run will read again. Failures are ignored: the cache is an optimisation. Synchronous, unlike
 * core/fs/atomic-write.ts: it runs in the exit handler, where promises never settle (and a cache
 * needs no fsync).
 */
export function writeCodeCache(file: string, build: string, data: Buffer): void {
  const dir = path.dirname(file);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, file);
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.v8') && !name.includes(`-${build}-`)) rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written where nothing could be.
    }
  }
}

export const userHome = (): string => {
  try {
    return os.homedir();
  } catch {
    return '';
  }
};
