import { closeSync, fchownSync, openSync, statSync } from 'node:fs';
import { mkdir } from '../fs/fs-promised.ts';
import path from 'node:path';
import { withLockFile } from '../fs/lock-file.ts';
import { HISTORY_LIMIT } from './fields.ts';
import { importLegacyStoreFile } from './legacy-json-import.ts';
import type { AccountRecord, CertificateRecord, ProfileRecord, StoreDoc } from './schema.ts';
import { openSqliteFile, pragmaValue, type SqliteDb, type SqliteStatement } from './sqlite-file.ts';
import { migrateSqliteStore, SQLITE_STORE_VERSION } from './sqlite-schema.ts';
import type { RecordKind } from './store-rows.ts';
import { parseSummary } from './summary-check.ts';
import type { CertificateSummary, Store, StoreTransaction } from './store.ts';
import { StoreError } from './versioned-file.ts';

export const STORE_FILE = 'store.db';
/** Stands in for the chain while a certificate row is validated; the real one stays in its column. */
const CHAIN_PLACEHOLDER = '-----BEGIN CERTIFICATE-----';

type RecordOf<K extends RecordKind> = K extends 'accounts' ? AccountRecord : K extends 'profiles' ? ProfileRecord : CertificateRecord;
const KINDS: RecordKind[] = ['accounts', 'profiles', 'certificates'];

type RowChecks = typeof import('./store-rows.ts');
type Stage = Map<string, { kind: RecordKind; record: { id: string } }>;
interface QueuedChange {
  change: (stage: Stage, earlier: Stage) => unknown;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * `summariesOnly`: the store is for certificateSummaries() alone (`list`), and the records' zod
 * schemas (store-rows.ts) are not loaded: evaluating zod and building them is most of what
 * `list` would otherwise pay at start-up, and its one query needs neither (summary-check.ts).
 */
export async function openSqliteStore(dataDir: string, options: { summariesOnly?: boolean } = {}): Promise<Store> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const checks = options.summariesOnly ? undefined : await import('./store-rows.ts');
  const file = path.join(dataDir, STORE_FILE);
  createPrivately(file, dataDir);
  const db = await openSqliteFile(file, SQLITE_STORE_VERSION, migrateSqliteStore);
  const store = new SqliteStore(dataDir, file, db, checks);
  try {
    // Durable on power loss too: the store names the account, and the account key is the asset.
    db.pragma('synchronous = FULL');
    await importLegacyStoreFile(dataDir, (doc) => store.importLegacy(doc));
  } catch (error) {
    db.close();
    throw error;
  }
  return store;
}

/**
 * Creates the database file 0600 before SQLite does: SQLite gives its -wal and -shm files the
 * database's mode and, run as root, its owner, so all three stay private to the folder's owner.
 */
function createPrivately(file: string, dataDir: string): void {
  // Never open (and close) an existing database file ourselves: closing any descriptor of it drops
  // every POSIX lock this process holds on it, including an open connection's — which is how
  // SQLite databases get corrupted (sqlite.org/howtocorrupt.html §2.2). Found by kill -9 tests.
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    if (process.getuid?.() === 0) {
      const folder = statSync(dataDir);
      if (folder.uid !== 0) fchownSync(fd, folder.uid, folder.gid);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The store in an embedded SQLite database (docs/decisions/0005-sqlite-store.md). Each process
 * keeps one copy of the records in memory for its lookups and catches up on other processes'
 * writes row by row (by `rev`), so neither reads nor writes cost more as the store grows.
 */
class SqliteStore implements Store {
  private readonly held = {
    accounts: new Map<string, AccountRecord>(),
    profiles: new Map<string, ProfileRecord>(),
    certificates: new Map<string, CertificateRecord>(),
  };
  /** The kinds read so far (see ensure); all of them are current to `rev`. */
  private readonly loadedKinds = new Set<RecordKind>();
  private rev = 0;
  private dataVersion: unknown;
  private arrays: { accounts?: AccountRecord[]; profiles?: ProfileRecord[]; certificates?: CertificateRecord[] } = {};
  private inTransaction = false;
  /** Changes waiting for the next group commit (see write). */
  private readonly queued: QueuedChange[] = [];
  /** Prepared once per SQL text: in a batch, preparing cost more than running these small statements. */
  private readonly statements = new Map<string, SqliteStatement>();

  private sql(text: string): SqliteStatement {
    let statement = this.statements.get(text);
    if (statement === undefined) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
  private chainGetter: ((this: CertificateRecord) => string) | undefined;

  constructor(
    readonly dataDir: string,
    readonly file: string,
    private readonly db: SqliteDb,
    private readonly checks: RowChecks | undefined,
  ) {}

  private rowChecks(): RowChecks {
    if (!this.checks) throw new Error('This store was opened for certificate summaries only (openStore with summariesOnly)');
    return this.checks;
  }

  /**
   * Each kind of record is read on first use, and only that kind (with the kinds already held
   * brought to the same moment): `issue` needs the accounts, not ten thousand certificates, and a
   * command that only needs a query (list) loads nothing.
   */
  private ensure(kind: RecordKind): void {
    if (!this.loadedKinds.has(kind)) this.guard(() => this.pull([kind]));
  }

  private readonly lazySnapshot: Readonly<StoreDoc> = ((store: SqliteStore) => ({
    get accounts() {
      store.ensure('accounts');
      return (store.arrays.accounts ??= [...store.held.accounts.values()]);
    },
    get profiles() {
      store.ensure('profiles');
      return (store.arrays.profiles ??= [...store.held.profiles.values()]);
    },
    get certificates() {
      store.ensure('certificates');
      return (store.arrays.certificates ??= [...store.held.certificates.values()]);
    },
  }))(this);

  get snapshot(): Readonly<StoreDoc> {
    return this.lazySnapshot;
  }

  account(id: string): AccountRecord | undefined {
    this.ensure('accounts');
    return this.held.accounts.get(id);
  }

  profile(id: string): ProfileRecord | undefined {
    this.ensure('profiles');
    return this.held.profiles.get(id);
  }

  certificate(id: string): CertificateRecord | undefined {
    // One row when the certificates are not held: `renew <id>` and `export` need only theirs.
    return this.guard(() => this.lookup('certificates', id));
  }

  async reload(): Promise<Readonly<StoreDoc>> {
    this.guard(() => this.pull());
    return this.snapshot;
  }

  async refresh(): Promise<void> {
    this.guard(() => this.pull([]));
  }

  async changedElsewhere(): Promise<boolean> {
    if (this.dataVersion === undefined) {
      // Never read yet: whatever is read next is as fresh as it gets.
      this.guard(() => this.pull([]));
      return false;
    }
    return this.guard(() => pragmaValue(this.db, 'data_version') !== this.dataVersion);
  }

  async readConsistent(): Promise<StoreDoc> {
    // One read transaction: the records and their chains as of one committed moment, the
    // chains read now so the copy stands on its own.
    return this.guard(() => {
      this.begin('BEGIN');
      try {
        this.pull();
        const { accounts, profiles, certificates } = this.snapshot;
        const copy = { accounts: [...accounts], profiles: [...profiles], certificates: certificates.map((c) => ({ ...c })) };
        this.end('COMMIT');
        return copy;
      } catch (error) {
        this.end('ROLLBACK');
        throw error;
      }
    });
  }

  certificateSummaries(): CertificateSummary[] {
    return this.guard(() => {
      const rows = this.sql(
        // One json_extract with three paths parses each document once (three calls: 1.7x slower at 10,000).
        "SELECT c.id, c.status, c.account_id, json_extract(c.doc, '$.names', '$.notBefore', '$.serialHex'), c.not_after, json_extract(a.doc, '$.directoryUrl') " +
          'FROM certificates c LEFT JOIN accounts a ON a.id = c.account_id ORDER BY c.not_after, c.id',
      )
        .raw()
        .all() as [string, string, string, string, string, string | null][];
      return rows.map(([id, status, accountId, fields, notAfter, directoryUrl]) => {
        const [names, notBefore, serialHex] = JSON.parse(fields) as unknown[];
        return parseSummary(this.file, {
          id,
          status,
          accountId,
          names,
          notBefore,
          notAfter,
          serialHex,
          ...(directoryUrl ? { directoryUrl } : {}),
        });
      });
    });
  }

  certificatesNamed(name: string): CertificateRecord[] {
    return this.guard(() => {
      this.pull([]);
      const rows = this.sql('SELECT certificate_id AS id FROM certificate_names WHERE name = ?').all(name.toLowerCase()) as {
        id: string;
      }[];
      return rows.flatMap((r) => this.lookup('certificates', r.id) ?? []);
    });
  }

  async transact<T>(change: (tx: StoreTransaction) => T): Promise<T> {
    return this.write((stage, earlier) => {
      const read = <K extends RecordKind>(kind: K, id: string): RecordOf<K> | undefined => {
        const key = `${kind}\0${id}`;
        const record = (stage.get(key) ?? earlier.get(key))?.record ?? this.lookup(kind, id);
        return record === undefined ? undefined : (structuredClone(record) as RecordOf<K>);
      };
      const put = (kind: RecordKind, record: { id: string }) =>
        stage.set(`${kind}\0${record.id}`, { kind, record: this.rowChecks().checkRecord(kind, record) });
      return change({
        account: (id) => read('accounts', id),
        profile: (id) => read('profiles', id),
        certificate: (id) => read('certificates', id),
        putAccount: (r) => put('accounts', r),
        putProfile: (r) => put('profiles', r),
        putCertificate: (r) => put('certificates', r),
      });
    });
  }

  async updateCertificate<T>(id: string, change: (certificate: CertificateRecord) => T): Promise<T | undefined> {
    return this.transact((tx) => {
      const certificate = tx.certificate(id);
      if (!certificate) return undefined;
      const before = JSON.stringify(certificate);
      const result = change(certificate);
      // A change that changed nothing (a certificate no longer valid, say) writes nothing.
      if (JSON.stringify(certificate) !== before) tx.putCertificate(certificate);
      return result;
    });
  }

  async putAccount(record: AccountRecord): Promise<void> {
    await this.transact((tx) => tx.putAccount(record));
  }

  async putProfile(record: ProfileRecord): Promise<void> {
    await this.transact((tx) => tx.putProfile(record));
  }

  async putCertificate(record: CertificateRecord): Promise<void> {
    await this.transact((tx) => tx.putCertificate(record));
  }

  async appendHistory(certificateId: string, entry: { event: string; detail?: string; at?: string }): Promise<void> {
    const found = await this.updateCertificate(certificateId, (c) => {
      c.history = [
        ...c.history,
        { at: entry.at ?? new Date().toISOString(), event: entry.event, ...(entry.detail ? { detail: entry.detail } : {}) },
      ].slice(-HISTORY_LIMIT);
      return true;
    });
    if (!found) throw new StoreError(`No certificate ${certificateId} in the store`, this.file, 'corrupt');
  }

  readonly withKeyLock = <T>(fn: () => Promise<T>): Promise<T> => withLockFile(path.join(this.dataDir, 'keys.lock'), fn);

  close(): void {
    // A change queued and not yet committed is committed now, not dropped.
    this.commitQueued();
    // Folds the WAL into the database file so a closed store is one file (copyable, and what a
    // last process leaves behind); another process still writing simply keeps its WAL.
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // busy: the other process checkpoints later
    }
    this.db.close();
  }

  /** Imports a store.json written by an earlier release, in one transaction; false if done before. */
  importLegacy(doc: StoreDoc): boolean {
    return this.guard(() => {
      this.begin('BEGIN IMMEDIATE');
      try {
        if (this.sql("SELECT 1 FROM meta WHERE key = 'imported_json'").get()) {
          this.end('ROLLBACK');
          return false;
        }
        const held = KINDS.map((kind) => (this.sql(`SELECT count(*) AS n FROM ${kind}`).get() as { n: number }).n).reduce(
          (a, b) => a + b,
          0,
        );
        if (held > 0) {
          throw new StoreError(
            `${this.file} already holds records, and ${path.join(this.dataDir, 'store.json')} was never imported into it; move one of them out of ${this.dataDir}`,
            this.file,
            'corrupt',
          );
        }
        const rev = this.nextRev();
        for (const kind of KINDS) for (const record of doc[kind]) this.writeRow(kind, record, rev);
        this.sql("INSERT INTO meta (key, value) VALUES ('imported_json', ?)").run(rev);
        this.end('COMMIT');
        return true;
      } catch (error) {
        this.end('ROLLBACK');
        throw error;
      }
    });
  }

  /**
   * Catches up on committed writes with a newer rev than this process has seen (for the kinds it
   * holds), and reads the `kinds` it does not hold yet, all as of one moment.
   */
  pull(kinds: readonly RecordKind[] = KINDS): void {
    const own = !this.inTransaction;
    if (own) this.begin('BEGIN');
    try {
      const rev = Number((this.sql("SELECT value FROM meta WHERE key = 'rev'").get() as { value: number }).value);
      if (rev !== this.rev) {
        for (const kind of this.loadedKinds) this.readRows(kind, this.rev);
        const removed = this.sql('SELECT kind, id FROM removed WHERE rev > ?').all(this.rev) as { kind: RecordKind; id: string }[];
        for (const row of removed) {
          this.held[row.kind]?.delete(row.id);
          delete this.arrays[row.kind];
        }
      }
      for (const kind of kinds) {
        if (this.loadedKinds.has(kind)) continue;
        this.readRows(kind, 0);
        this.loadedKinds.add(kind);
      }
      this.rev = rev;
      if (own) this.end('COMMIT');
    } catch (error) {
      if (own) this.end('ROLLBACK');
      throw error;
    }
    this.dataVersion = pragmaValue(this.db, 'data_version');
  }

  /** The rows of `kind` newer than `since`, into the held records. */
  private readRows(kind: RecordKind, since: number): void {
    // Row by row, as arrays: with thousands of rows, holding every row's JSON at once (or an
    // object per row) costs more memory and time than the records themselves.
    const rows = this.sql(`SELECT id, doc FROM ${kind} WHERE rev > ? ORDER BY rowid`).raw().iterate(since) as Iterable<[string, string]>;
    const records = this.held[kind] as Map<string, unknown>;
    for (const [id, doc] of rows) records.set(id, this.parsed(kind, id, doc));
    delete this.arrays[kind];
  }

  /** One record: the held copy, or straight from its row for a kind this process does not hold. */
  private lookup<K extends RecordKind>(kind: K, id: string): RecordOf<K> | undefined {
    if (this.loadedKinds.has(kind)) return (this.held[kind] as Map<string, RecordOf<K>>).get(id);
    const row = this.sql(`SELECT doc FROM ${kind} WHERE id = ?`).raw().get(id) as [string] | undefined;
    return row ? (this.parsed(kind, id, row[0]) as RecordOf<K>) : undefined;
  }

  private parsed(kind: RecordKind, id: string, doc: string): unknown {
    return kind === 'certificates'
      ? this.withLazyChain(this.rowChecks().parseRow(this.file, 'certificates', id, doc, { chainPem: CHAIN_PLACEHOLDER }))
      : this.rowChecks().parseRow(this.file, kind, id, doc);
  }

  /**
   * Queues `change` for the next group commit and resolves once it is durable. Changes queued in
   * the same turn of the event loop (a batch's certificates arriving together) share one write
   * transaction and so one fsync: 0.13 ms a certificate in groups of five against 0.45 ms alone.
   * Each runs in its own savepoint, in order, on the state the ones before it left, so a change
   * that throws undoes only itself; one whose rows cannot be written (a full disk) fails the group.
   */
  private write<T>(change: (stage: Stage, earlier: Stage) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ change, resolve: resolve as (v: unknown) => void, reject });
      if (this.queued.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  private commitQueued(): void {
    const group = this.queued.splice(0);
    if (group.length === 0) return;
    const written: { item: QueuedChange; result: unknown; stage: Stage }[] = [];
    const pending = new Set(group);
    let rev = this.rev;
    try {
      this.guard(() => {
        this.begin('BEGIN IMMEDIATE');
        try {
          // Under the write lock, so nothing another process commits can slip between.
          this.pull([]);
          rev = this.rev;
          const earlier: Stage = new Map();
          for (const item of group) {
            const stage: Stage = new Map();
            let result: unknown;
            this.db.exec('SAVEPOINT change');
            try {
              result = item.change(stage, earlier);
              if ((result as { then?: unknown } | undefined)?.then !== undefined) throw new Error('A store transaction must not be async');
              if (stage.size > 0) {
                rev = this.nextRev();
                for (const { kind, record } of stage.values()) this.writeRow(kind, record, rev);
              }
              this.db.exec('RELEASE change');
            } catch (error) {
              try {
                this.db.exec('ROLLBACK TO change');
                this.db.exec('RELEASE change');
              } catch {
                throw error; // SQLite rolled the whole transaction back (a full disk): the group fails with this
              }
              pending.delete(item);
              item.reject(translateSqliteError(error, this.file));
              continue;
            }
            for (const [key, staged] of stage) earlier.set(key, staged);
            written.push({ item, result, stage });
          }
          this.end('COMMIT');
        } catch (error) {
          this.end('ROLLBACK');
          throw error;
        }
      });
    } catch (error) {
      for (const item of pending) item.reject(error);
      return;
    }
    for (const { stage } of written) {
      for (const { kind, record } of stage.values()) {
        // A kind not held is read from the database when first asked for, this write included.
        if (!this.loadedKinds.has(kind)) continue;
        (this.held[kind] as Map<string, unknown>).set(
          record.id,
          kind === 'certificates' ? this.withLazyChain({ ...(record as CertificateRecord) }) : record,
        );
        delete this.arrays[kind];
      }
    }
    this.rev = rev;
    try {
      this.dataVersion = pragmaValue(this.db, 'data_version');
    } catch {
      this.dataVersion = undefined; // read again before the next use (changedElsewhere)
    }
    for (const { item, result } of written) item.resolve(result);
  }

  /**
   * The in-memory copy of a certificate reads its PEM chain from the database when asked: with
   * thousands stored, the chains would be most of a daemon's memory, and only deploys, exports and
   * renewal-information fetches need one.
   */
  private withLazyChain(record: CertificateRecord): CertificateRecord {
    // One getter shared by every record (it reads `this.id`), so the records share one shape.
    this.chainGetter ??= (() => {
      const chainOf = (id: string) => this.chainOf(id);
      return function (this: CertificateRecord) {
        return chainOf(this.id);
      };
    })();
    const { chainPem: _placeholder, ...fields } = record;
    const lazy = {} as CertificateRecord;
    Object.defineProperty(lazy, 'chainPem', { enumerable: true, configurable: true, get: this.chainGetter });
    return Object.assign(lazy, fields);
  }

  private chainOf(id: string): string {
    return this.guard(() => {
      const row = this.sql('SELECT chain_pem FROM certificates WHERE id = ?').get(id) as { chain_pem: string } | undefined;
      if (!row?.chain_pem.includes('-----BEGIN CERTIFICATE-----'))
        throw new StoreError(
          `${this.file}: certificates row ${id} has no PEM chain. It was left untouched; restore a backup`,
          this.file,
          'corrupt',
        );
      return row.chain_pem;
    });
  }

  private nextRev(): number {
    return Number((this.sql("UPDATE meta SET value = value + 1 WHERE key = 'rev' RETURNING value").get() as { value: number }).value);
  }

  private writeRow(kind: RecordKind, record: { id: string }, rev: number): void {
    if (kind === 'certificates') {
      const { chainPem, ...c } = record as CertificateRecord;
      this.sql(
        'INSERT INTO certificates (id, rev, account_id, profile_id, status, not_after, doc, chain_pem) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, account_id = excluded.account_id, profile_id = excluded.profile_id, status = excluded.status, not_after = excluded.not_after, doc = excluded.doc, chain_pem = excluded.chain_pem',
      ).run(c.id, rev, c.accountId, c.profileId ?? null, c.status, c.notAfter, JSON.stringify(c), chainPem);
      this.sql('DELETE FROM certificate_names WHERE certificate_id = ?').run(c.id);
      const name = this.sql('INSERT OR IGNORE INTO certificate_names (certificate_id, name) VALUES (?, ?)');
      for (const n of c.names) name.run(c.id, n.toLowerCase());
    } else {
      this.sql(
        `INSERT INTO ${kind} (id, rev, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, doc = excluded.doc`,
      ).run(record.id, rev, JSON.stringify(record));
    }
    this.sql('DELETE FROM removed WHERE kind = ? AND id = ?').run(kind, record.id);
  }

  private begin(sql: 'BEGIN' | 'BEGIN IMMEDIATE'): void {
    this.db.exec(sql);
    this.inTransaction = true;
  }

  private end(sql: 'COMMIT' | 'ROLLBACK'): void {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    if (sql === 'ROLLBACK') return this.rollbackQuietly();
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      this.rollbackQuietly();
      throw error;
    }
  }

  /** SQLite rolls back by itself on some errors (a full disk): a second ROLLBACK must not hide the first error. */
  private rollbackQuietly(): void {
    try {
      this.db.exec('ROLLBACK');
    } catch {
      // no transaction left to roll back
    }
  }

  /** SQLite's failures in our words: a full disk as ENOSPC (so a new certificate is rescued), a lock held too long, damage. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw translateSqliteError(error, this.file);
    }
  }
}

function translateSqliteError(error: unknown, file: string): unknown {
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  if (!code.startsWith('SQLITE_')) return error;
  const message = (error as Error).message;
  if (code.startsWith('SQLITE_FULL'))
    return Object.assign(new Error(`No space left to write ${file}: ${message}`, { cause: error }), { code: 'ENOSPC' });
  if (code.startsWith('SQLITE_BUSY'))
    return new StoreError(`The store ${file} stayed locked by another PersistCert process; try again`, file, 'io', { cause: error });
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return new StoreError(
      `The store ${file} is damaged (${message}); it was left untouched — restore a backup or move it aside`,
      file,
      'corrupt',
      { cause: error },
    );
  }
  return new StoreError(`Cannot use the store ${file}: ${message}`, file, 'io', { cause: error });
}
