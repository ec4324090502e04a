/**
 * Writes a PFX to disk: built (and so validated) in memory first, then written atomically with
 * mode 0600, since it holds the private key and its password may be weak or empty.
 */
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { ensureExportDir, exportFsError, refuseExisting } from './export-target.ts';
import { buildPfx, type PfxInput } from './pkcs12.ts';

/**
 * Builds the PFX and writes it to `file` (its folder is created 0700 if missing). Refuses to
 * replace an existing file unless `overwrite` is set. Returns the absolute path written.
 */
export async function exportPfxFile(file: string, input: PfxInput & { overwrite?: boolean }): Promise<{ path: string }> {
  const { overwrite = false, ...pfxInput } = input;
  const der = buildPfx(pfxInput);
  const target = path.resolve(file);
  await ensureExportDir(path.dirname(target));
  await refuseExisting([target], overwrite);
  try {
    await writeFileAtomic(target, der, { mode: 0o600, overwrite });
  } catch (err) {
    throw exportFsError(err as NodeJS.ErrnoException, target);
  }
  return { path: target };
}
