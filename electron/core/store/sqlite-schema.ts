import type { SqliteDb } from './sqlite-file.ts';

/** The database format this program writes (`PRAGMA user_version`). */
export const SQLITE_STORE_VERSION = 1;

/**
 * Each record is kept whole, validated, as JSON in `doc`; the columns beside it are copies made
 * for the queries the scheduler, the CLI and the UI run (by name, by due time, by account), so
 * one certificate is one row to write and the cost per certificate does not grow with the store.
 */
const V1 = `
CREATE TABLE accounts (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;
CREATE TABLE profiles (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;
CREATE TABLE certificates (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  profile_id TEXT,
  status TEXT NOT NULL,
  not_after TEXT NOT NULL,
  renew_at TEXT,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX certificates_account ON certificates (account_id);
CREATE INDEX certificates_not_after ON certificates (not_after);
CREATE INDEX certificates_renew_at ON certificates (renew_at) WHERE renew_at IS NOT NULL;
CREATE TABLE certificate_names (
  certificate_id TEXT NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  PRIMARY KEY (certificate_id, name)
) STRICT;
CREATE INDEX certificate_names_name ON certificate_names (name);
CREATE TABLE history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  certificate_id TEXT NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX history_certificate ON history (certificate_id, seq);
`;

/** Brings a database at `from` up to SQLITE_STORE_VERSION; openSqliteFile runs it in one transaction. */
export function migrateSqliteStore(db: SqliteDb, from: number): void {
  if (from < 1) db.exec(V1);
}
