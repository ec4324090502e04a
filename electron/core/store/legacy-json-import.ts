import { existsSync } from 'node:fs';
import { rename } from '../fs/fs-promised.ts';
import path from 'node:path';
import { removeStaleTempFiles } from '../fs/atomic-write.ts';
import type { StoreDoc } from './schema.ts';
import { readVersionedFile } from './versioned-file.ts';

export const LEGACY_STORE_FILE = 'store.json';

/**
 * Releases before the SQLite store kept everything in store.json (format version 1 or 2). On the
 * first open it is validated (a damaged or newer file is refused, naming it, and left alone),
 * imported in one transaction, then kept beside the database renamed with the date. A crash
 * between the two leaves the import marked as done, so it is never imported twice.
 */
export async function importLegacyStoreFile(
  dataDir: string,
  importDoc: (doc: StoreDoc) => boolean,
  now = new Date(),
): Promise<string | undefined> {
  const file = path.join(dataDir, LEGACY_STORE_FILE);
  if (!existsSync(file)) return undefined;
  await removeStaleTempFiles(file);
  // Loaded only when there is a file to import: the schemas bring zod along.
  const { STORE_FORMAT } = await import('./schema.ts');
  const loaded = await readVersionedFile(file, STORE_FORMAT);
  if (!loaded) return undefined;
  importDoc(loaded.doc);
  const kept = await freeName(`${file}.imported-${now.toISOString().slice(0, 10)}`);
  try {
    await rename(file, kept);
  } catch (error) {
    // Another process opening the store at the same moment moved it first.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return undefined;
  }
  return kept;
}

async function freeName(base: string): Promise<string> {
  if (!existsSync(base)) return base;
  for (let n = 2; ; n++) if (!existsSync(`${base}-${n}`)) return `${base}-${n}`;
}
