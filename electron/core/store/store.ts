import type { AccountRecord, CertificateRecord, CertificateSummary, HistoryEntry, ProfileRecord, StoreDoc } from './schema.ts';

export type { CertificateSummary };
import { openSqliteStore } from './sqlite-store.ts';
import { StoreError } from './versioned-file.ts';

export { StoreError };

/** Lookups by id; what a reader and a transaction both offer. */
export interface StoreLookups {
  account(id: string): AccountRecord | undefined;
  profile(id: string): ProfileRecord | undefined;
  certificate(id: string): CertificateRecord | undefined;
}

/**
 * One write transaction. What it returns are copies, free to change and put back; nothing is
 * written unless the whole change returns without throwing.
 */
export interface StoreTransaction extends StoreLookups {
  putAccount(record: AccountRecord): void;
  putProfile(record: ProfileRecord): void;
  putCertificate(record: CertificateRecord): void;
}

/**
 * The local store: accounts, certificate profiles and issued certificates. The core talks to it
 * only through this interface (electron/core/store/sqlite-store.ts is the embedded SQLite behind
 * it), so renewal, accounts and certificates know nothing of how it is kept. The tray app, the
 * daemon and the CLI share one store; every write is a transaction, so none of them loses
 * another's writes and a crash leaves the store as it was before or after a write.
 */
export interface Store extends StoreLookups {
  readonly dataDir: string;
  /** The file holding the store, for messages. */
  readonly file: string;
  /** The state as last read or written by this process. Records are shared: do not change them. */
  readonly snapshot: Readonly<StoreDoc>;
  /** Picks up what other processes wrote since this one last looked (only what changed). */
  reload(): Promise<Readonly<StoreDoc>>;
  /** As reload, for the kinds of records this process holds so far; the others are read when first asked for. */
  refresh(): Promise<void>;
  /** True when another process wrote since this one last read or wrote. */
  changedElsewhere(): Promise<boolean>;
  /** All of the store as of one moment, even while other processes write (for backups). */
  readConsistent(): Promise<StoreDoc>;
  /** Every certificate's list fields with its CA, soonest expiry first, by one query (no records loaded). */
  certificateSummaries(): CertificateSummary[];
  /** Valid or not, every certificate that covers `name` (through the name index). */
  certificatesNamed(name: string): CertificateRecord[];
  /** Runs `change` in one write transaction, on the freshest state. */
  transact<T>(change: (tx: StoreTransaction) => T): Promise<T>;
  /** Changes one certificate in a transaction; undefined (and nothing written) when it is gone. */
  updateCertificate<T>(id: string, change: (certificate: CertificateRecord) => T): Promise<T | undefined>;
  putAccount(record: AccountRecord): Promise<void>;
  putProfile(record: ProfileRecord): Promise<void>;
  putCertificate(record: CertificateRecord): Promise<void>;
  /** Appends to a certificate's history log (newest last, bounded). */
  appendHistory(certificateId: string, entry: Omit<HistoryEntry, 'at'> & { at?: string }): Promise<void>;
  /**
   * Runs `fn` holding the data directory's key lock (separate from store writes, so it can be
   * taken while no write is in flight): for creating keystore entries exactly once.
   */
  readonly withKeyLock: <T>(fn: () => Promise<T>) => Promise<T>;
  close(): void;
}

/**
 * Opens (and on first use creates) the store in `dataDir`. The directory is private (0700).
 * `summariesOnly`: for a reader of certificateSummaries() alone (`list`), which then loads no
 * record schemas; reading or writing records through it throws.
 */
export function openStore(dataDir: string, options: { summariesOnly?: boolean } = {}): Promise<Store> {
  return openSqliteStore(dataDir, options);
}
