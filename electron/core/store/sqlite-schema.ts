import type { SqliteDb } from './sqlite-file.ts';

/** The database format this program writes (`PRAGMA user_version`). */
export const SQLITE_STORE_VERSION = 1;

/**
 * Each record is kept whole, validated, as JSON in `doc`; the columns beside it are copies made
 * for the queries the CLI, the scheduler and the UI run (by name, by account, by expiry), so one
 * certificate is one row to write and the cost per certificate does not grow with the store. A
 * certificate's PEM chain, its largest part and rarely needed, has a column of its own, read
 * only when asked for.
 *
 * `rev` is a store-wide counter bumped inside every write transaction (writers serialize on
 * BEGIN IMMEDIATE, so revs follow commit order): a process catches up on other processes' writes
 * by reading only the rows with a newer rev, never the whole store. `removed` keeps the rev of
 * deleted rows for the same reason.
 */
const V1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
INSERT INTO meta (key, value) VALUES ('rev', 0);
CREATE TABLE accounts (id TEXT PRIMARY KEY, rev INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX accounts_rev ON accounts (rev);
CREATE TABLE profiles (id TEXT PRIMARY KEY, rev INTEGER NOT NULL, doc TEXT NOT NULL) STRICT;
CREATE INDEX profiles_rev ON profiles (rev);
CREATE TABLE certificates (
  id TEXT PRIMARY KEY,
  rev INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  profile_id TEXT,
  status TEXT NOT NULL,
  not_after TEXT NOT NULL,
  doc TEXT NOT NULL,
  chain_pem TEXT NOT NULL
) STRICT;
CREATE INDEX certificates_rev ON certificates (rev);
CREATE INDEX certificates_account ON certificates (account_id);
CREATE INDEX certificates_expiry ON certificates (status, not_after);
CREATE TABLE certificate_names (
  certificate_id TEXT NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  PRIMARY KEY (certificate_id, name)
) STRICT;
CREATE INDEX certificate_names_name ON certificate_names (name);
CREATE TABLE removed (kind TEXT NOT NULL, id TEXT NOT NULL, rev INTEGER NOT NULL, PRIMARY KEY (kind, id)) STRICT;
CREATE INDEX removed_rev ON removed (rev);
`;

/** Brings a database at `from` up to SQLITE_STORE_VERSION; openSqliteFile runs it in one transaction. */
export function migrateSqliteStore(db: SqliteDb, from: number): void {
  if (from < 1) db.exec(V1);
}
