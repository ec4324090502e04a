import { restoreDataDir, writeDataDirBackup } from '../backup/data-dir-backup.ts';
import type { Core } from './core.ts';

/** The whole data directory (accounts, keys, certificates, settings) sealed with a passphrase into one file. */
export async function backupDataDir(
  core: Core,
  input: { out: string; passphrase: string; overwrite: boolean },
): ReturnType<typeof writeDataDirBackup> {
  return writeDataDirBackup(core, input.out, input.passphrase, { overwrite: input.overwrite });
}

/** The inverse, into an empty data directory and this machine's keystore. */
export async function restoreBackup(
  core: Pick<Core, 'store' | 'keystore'>,
  input: { content: string; passphrase: string },
): ReturnType<typeof restoreDataDir> {
  return restoreDataDir(core.store, core.keystore, input.content, input.passphrase);
}
