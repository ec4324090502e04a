import { AccountService } from '../accounts/account-service.ts';
import { AcmeClient } from '../acme/client.ts';
import { KnownServers, trustIdentity } from '../acme/known-servers.ts';
import { CertificateService } from '../certificates/certificate-service.ts';
import type { Keystore } from '../keystore/keystore.ts';
import { assertTrustedDataDir } from '../fs/data-dir-trust.ts';
import { isAccountKeyRef } from '../custody/account-keys.ts';
import { DATA_KEY_REF } from '../custody/data-key.ts';
import { openKeystore, readKeychainAhead } from '../keystore/open.ts';
import { lazyKeystore } from '../keystore/lazy.ts';
import { resolveDataDir } from '../store/data-dir.ts';
import { openStore, type Store } from '../store/store.ts';

/** The core's long-lived parts for one data directory, as the CLI, the app and the daemon use them. */
export interface CoreServices {
  dataDir: string;
  store: Store;
  keystore: Keystore;
  accounts: AccountService;
  certificates: CertificateService;
  clientFor(directoryUrl: string): AcmeClient;
}

export interface OpenServicesOptions {
  dataDir: string;
  keystore: 'auto' | 'os' | 'file';
  /** Asked only when the file keystore needs it. */
  passphrase: () => Promise<string>;
  /** Trust anchors for a private or test CA; the system roots otherwise. */
  caBundlePem?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** scrypt cost for a new file keystore (tests lower it; the default is the keystore's). */
  scryptN?: number;
  /** Open the keystore on first use (the app), rather than now (the CLI). */
  lazyKeystore?: boolean;
  /** root may open another user's data dir (--allow-root); see fs/data-dir-trust.ts. */
  allowRoot?: boolean;
  /**
   * The caller will read keys (issue): read the account keys and the data key from the OS
   * keychain while the store opens, in one search off the main thread (decision 0015).
   */
  readKeysAhead?: boolean;
  /**
   * Accept a CA server's certificate that OpenSSL verified in an earlier process under the same
   * trust, kept in the data directory (acme/known-servers.ts, decision 0019): a short-lived
   * process (the CLI) then skips building Node's root store, ~20 ms.
   */
  rememberCaServers?: boolean;
}

export async function openServices(o: OpenServicesOptions): Promise<CoreServices> {
  await assertTrustedDataDir(o.dataDir, { allowRoot: o.allowRoot ?? false });
  const where = { kind: o.keystore, dataDir: o.dataDir, service: keychainService(o.dataDir, o.env ?? process.env) };
  const prefetched = o.readKeysAhead ? readKeychainAhead(where, isWriteOnceRef) : undefined;
  const store = await openStore(o.dataDir);
  const open = () => openKeystore({ ...where, passphrase: o.passphrase, prefetched, ...(o.scryptN ? { scryptN: o.scryptN } : {}) });
  const keystore = o.lazyKeystore
    ? lazyKeystore(
        open,
        o.keystore === 'file' ? 'encrypted-file' : 'os-keychain',
        o.keystore === 'file' ? `the encrypted file ${o.dataDir}/keystore.json` : 'the OS keychain',
      )
    : await open();
  const knownServers = o.rememberCaServers ? KnownServers.inDataDir(o.dataDir, trustIdentity(o.caBundlePem)) : undefined;
  const clientFor = (directoryUrl: string) => new AcmeClient({ directoryUrl, caBundlePem: o.caBundlePem, knownServers });
  return {
    dataDir: o.dataDir,
    store,
    keystore,
    accounts: new AccountService(store, keystore, clientFor),
    certificates: new CertificateService(store, keystore),
    clientFor,
  };
}

/** Secrets that are never changed once written, so one read a moment early cannot be stale. */
function isWriteOnceRef(ref: string): boolean {
  return ref === DATA_KEY_REF || isAccountKeyRef(ref);
}

/**
 * One keychain service per data directory, so two data directories (a test, a second profile)
 * never share a data key; the default directory keeps the plain name users see in their keychain.
 */
export function keychainService(dataDir: string, env: NodeJS.ProcessEnv): string {
  return dataDir === resolveDataDir(undefined, { ...env, PERSISTCERT_DATA_DIR: '' }) ? 'PersistCert' : `PersistCert (${dataDir})`;
}
