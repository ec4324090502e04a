import {
  access as accessCallback,
  link as linkCallback,
  lstat as lstatCallback,
  mkdir as mkdirCallback,
  readdir as readdirCallback,
  readFile as readFileCallback,
  rename as renameCallback,
  stat as statCallback,
  unlink as unlinkCallback,
  writeFile as writeFileCallback,
  type Stats,
  type WriteFileOptions,
} from 'node:fs';
import { promisify } from 'node:util';
import { lazyBuiltin } from '../lazy-builtin.ts';

// node:fs/promises loads about ten modules of its own (directories, watchers, readline for
// readLines: ~1.6 ms), and every module importing it loads them at start-up: `list` paid that for
// an lstat, a mkdir and an access, `issue` for its key lock. These are the same calls over
// node:fs's callbacks (same errors, same thread pool); anything with a FileHandle takes
// node:fs/promises when first used.

export const lstat = promisify(lstatCallback) as (path: string) => Promise<Stats>;
export const readdir = promisify(readdirCallback) as (path: string) => Promise<string[]>;
export const mkdir = promisify(mkdirCallback) as (path: string, options: { recursive: true; mode?: number }) => Promise<string | undefined>;
export const access = promisify(accessCallback) as (path: string, mode?: number) => Promise<void>;
export const readFile = promisify(readFileCallback) as (path: string, encoding: 'utf8') => Promise<string>;
export const stat = promisify(statCallback) as (path: string) => Promise<Stats>;
export const unlink = promisify(unlinkCallback) as (path: string) => Promise<void>;
export const rename = promisify(renameCallback) as (from: string, to: string) => Promise<void>;
export const link = promisify(linkCallback) as (existing: string, target: string) => Promise<void>;
export const writeFile = promisify(writeFileCallback) as (path: string, data: string, options: WriteFileOptions) => Promise<void>;

/** node:fs/promises itself, loaded at the first call. */
export const fsPromises = lazyBuiltin<typeof import('node:fs/promises')>('node:fs/promises');
