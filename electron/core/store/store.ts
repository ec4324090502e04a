import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { withLockFile } from '../fs/lock-file.ts';
import { removeStaleTempFiles } from '../fs/atomic-write.ts';
import { STORE_FORMAT, type AccountRecord, type CertificateRecord, type HistoryEntry, type ProfileRecord, type StoreDoc } from './schema.ts';
import { readVersionedFile, writeVersionedFile, StoreError } from './versioned-file.ts';

export { StoreError };

/** How many history entries a certificate keeps; older ones are dropped first. */
const HISTORY_LIMIT = 200;

/**
 * The local store: accounts, certificate profiles and issued certificates in one versioned JSON
 * file in the data directory. Every change is a read-modify-write under a lock file, so the
 * tray app, the daemon and the CLI never lose each other's writes, and every write is atomic,
 * so a crash leaves the old or the new store, never a broken one.
 */
export class Store {
  readonly file: string;
  private readonly lockFile: string;
  private queue: Promise<unknown> = Promise.resolve();
  /** The file as this process last read or wrote it, to tell other processes' writes from ours. */
  private seen: string | undefined;

  private constructor(
    readonly dataDir: string,
    private doc: StoreDoc,
  ) {
    this.file = path.join(dataDir, 'store.json');
    this.lockFile = path.join(dataDir, 'store.lock');
  }

  /** Opens (and on first use creates) the store in `dataDir`. The directory is private (0700). */
  static async open(dataDir: string): Promise<Store> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(dataDir, 'store.json');
    await removeStaleTempFiles(file);
    const loaded = await readVersionedFile(file, STORE_FORMAT);
    const store = new Store(dataDir, loaded?.doc ?? { accounts: [], profiles: [], certificates: [] });
    await store.remember();
    if (loaded?.migratedFrom !== undefined) await store.update(() => {});
    return store;
  }

  /** The state as last read or written by this process. */
  get snapshot(): Readonly<StoreDoc> {
    return this.doc;
  }

  /** Re-reads the file, picking up changes made by other processes. */
  async reload(): Promise<Readonly<StoreDoc>> {
    const loaded = await readVersionedFile(this.file, STORE_FORMAT);
    if (loaded) this.doc = loaded.doc;
    await this.remember();
    return this.doc;
  }

  /** True when another process wrote the file since this one last read or wrote it. */
  async changedElsewhere(): Promise<boolean> {
    return (await this.fingerprint()) !== this.seen;
  }

  private async remember(): Promise<void> {
    this.seen = await this.fingerprint();
  }

  private async fingerprint(): Promise<string | undefined> {
    const s = await stat(this.file).catch(() => undefined);
    return s ? `${s.ino}:${s.size}:${s.mtimeMs}` : undefined;
  }

  /**
   * Applies `change` to the freshest state and writes it atomically. Changes from this process
   * are serialized; other processes are kept out by the lock file. If `change` throws, nothing
   * is written.
   */
  update<T>(change: (doc: StoreDoc) => T | Promise<T>): Promise<T> {
    const run = this.queue.then(() =>
      withLockFile(this.lockFile, async () => {
        const current = (await readVersionedFile(this.file, STORE_FORMAT))?.doc ?? this.doc;
        const draft = structuredClone(current);
        const result = await change(draft);
        await writeVersionedFile(this.file, STORE_FORMAT, draft);
        this.doc = draft;
        await this.remember();
        return result;
      }),
    );
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Runs `fn` holding the data directory's key lock (separate from the store lock, so it can be
   * taken while no store update is in flight): for creating keystore entries exactly once.
   */
  readonly withKeyLock = <T>(fn: () => Promise<T>): Promise<T> => withLockFile(path.join(this.dataDir, 'keys.lock'), fn);

  account(id: string): AccountRecord | undefined {
    return this.doc.accounts.find((a) => a.id === id);
  }

  certificate(id: string): CertificateRecord | undefined {
    return this.doc.certificates.find((c) => c.id === id);
  }

  profile(id: string): ProfileRecord | undefined {
    return this.doc.profiles.find((p) => p.id === id);
  }

  async putAccount(record: AccountRecord): Promise<void> {
    await this.update((doc) => {
      doc.accounts = [...doc.accounts.filter((a) => a.id !== record.id), record];
    });
  }

  async putProfile(record: ProfileRecord): Promise<void> {
    await this.update((doc) => {
      doc.profiles = [...doc.profiles.filter((p) => p.id !== record.id), record];
    });
  }

  async putCertificate(record: CertificateRecord): Promise<void> {
    await this.update((doc) => {
      doc.certificates = [...doc.certificates.filter((c) => c.id !== record.id), record];
    });
  }

  /** Appends to a certificate's history log (newest last, bounded). */
  async appendHistory(certificateId: string, entry: Omit<HistoryEntry, 'at'> & { at?: string }): Promise<void> {
    await this.update((doc) => {
      const cert = doc.certificates.find((c) => c.id === certificateId);
      if (!cert) throw new StoreError(`No certificate ${certificateId} in the store`, this.file, 'corrupt');
      cert.history = [...cert.history, { at: entry.at ?? new Date().toISOString(), event: entry.event, ...(entry.detail ? { detail: entry.detail } : {}) }].slice(-HISTORY_LIMIT);
    });
  }
}
