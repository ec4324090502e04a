import { access } from '../fs/fs-promised.ts';
import path from 'node:path';
import { EncryptedFileKeystore } from './file-keystore.ts';
import { KeystoreError, type Keystore } from './keystore.ts';
import { DEFAULT_SERVICE, OsKeychain, prefetchKeychain } from './os-keychain.ts';

export const KEYSTORE_FILE = 'keystore.json';

export interface OpenKeystoreOptions {
  /** 'os': the OS keychain; 'file': <dataDir>/keystore.json; 'auto': see openKeystore. */
  kind: 'auto' | 'os' | 'file';
  dataDir: string;
  /** Keychain service name; tests and extra data directories use their own. */
  service?: string;
  /**
   * Asked only when the file keystore is opened. `creating` says the file does not exist yet, so an
   * interactive caller can ask twice: a mistyped new passphrase would lock the keys away.
   */
  passphrase?: (purpose: { creating: boolean }) => Promise<string>;
  /** scrypt work factor for a new keystore file; tests lower it. */
  scryptN?: number;
  /** Keychain items read ahead (readKeychainAhead); ignored when the file keystore is chosen. */
  prefetched?: Promise<Map<string, Buffer>> | undefined;
}

/**
 * Opens the keystore the user chose. 'auto' takes the OS keychain when it works; when it does not,
 * it fails with an error naming the file keystore rather than switching to it: that would write
 * the account key to disk under a passphrase the user never chose to rely on. The one exception is
 * a data directory that already has a keystore file: the user chose the file keystore for it
 * earlier, its keys are there, and the OS keychain would look empty (and get a second data key).
 */
export async function openKeystore(opts: OpenKeystoreOptions): Promise<Keystore> {
  if (await choosesFile(opts)) return openFile(path.join(opts.dataDir, KEYSTORE_FILE), opts);
  // No check here: each keychain call opens its own D-Bus session (~6 ms of the main thread), and
  // the first real get or set already reports a missing bus ('unavailable') or a locked keyring.
  return new OsKeychain({ service: opts.service ?? DEFAULT_SERVICE, prefetched: opts.prefetched });
}

/**
 * When `opts` choose the OS keychain, reads its items that `wanted` selects, to hand to
 * openKeystore (see prefetchKeychain); a verb that will read keys starts this before its slower
 * local work, which then runs meanwhile. Never touches the keychain when the file keystore is chosen.
 */
export async function readKeychainAhead(
  opts: Pick<OpenKeystoreOptions, 'kind' | 'dataDir' | 'service'>,
  wanted: (ref: string) => boolean,
): Promise<Map<string, Buffer>> {
  if (await choosesFile(opts)) return new Map();
  return prefetchKeychain(opts.service ?? DEFAULT_SERVICE, wanted);
}

/** 'file', or 'auto' with a keystore file already in the data directory (see openKeystore). */
async function choosesFile(opts: Pick<OpenKeystoreOptions, 'kind' | 'dataDir'>): Promise<boolean> {
  return opts.kind === 'file' || (opts.kind === 'auto' && (await exists(path.join(opts.dataDir, KEYSTORE_FILE))));
}

async function openFile(file: string, opts: OpenKeystoreOptions): Promise<Keystore> {
  if (!opts.passphrase) {
    throw new KeystoreError('no-passphrase', `The encrypted file keystore ${file} needs a passphrase, and none can be asked for here`);
  }
  const passphrase = await opts.passphrase({ creating: !(await exists(file)) });
  return EncryptedFileKeystore.open(file, passphrase, { create: true, ...(opts.scryptN === undefined ? {} : { scryptN: opts.scryptN }) });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
