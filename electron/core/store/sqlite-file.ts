import type Database from 'libsql';
import { StoreError } from './versioned-file.ts';

/** A handle on an open SQLite database file (libsql's better-sqlite3-compatible API). */
export type SqliteDb = InstanceType<typeof Database>;
export type SqliteStatement = Database.Statement;

let libsql: Promise<typeof Database> | undefined;

/**
 * libsql is loaded when the first database is opened, not with this module: loading it (its
 * platform detection and the native library) takes ~11 ms of the main thread, which a command that
 * started a keychain or network request first spends while that request is under way.
 */
function loadLibsql(): Promise<typeof Database> {
  libsql ??= import('libsql').then((m) => m.default);
  return libsql;
}

/**
 * Opens `file` (creating it when missing) for several processes at once: WAL so readers never
 * block the writer, and a busy timeout so a writer waits for another process's BEGIN IMMEDIATE
 * instead of failing. `migrate(db, from)` brings a database at `user_version` `from` (0 = new)
 * up to `version` inside one transaction. A database that is not SQLite, whose schema does not
 * parse, or that was written by a newer program is refused with a StoreError naming the file,
 * and is left exactly as it was.
 */
export async function openSqliteFile(file: string, version: number, migrate: (db: SqliteDb, from: number) => void): Promise<SqliteDb> {
  const Database = await loadLibsql();
  let db: SqliteDb;
  try {
    db = new Database(file);
    // Before the first read: another process may hold the lock while it creates or migrates the file.
    db.pragma('busy_timeout = 10000');
  } catch (error) {
    throw new StoreError(`cannot open the store database ${file}: ${(error as Error).message}`, file, 'io', { cause: error });
  }
  try {
    let from: number;
    try {
      // Reading the header first: a non-database file fails here, before anything is written.
      from = Number(pragmaValue(db, 'user_version'));
      // The schema pages parse. Not a quick_check: that reads the whole file (0.2 s at 10,000
      // certificates, on every CLI run); a damaged page is reported as SQLITE_CORRUPT when a
      // query reads it, and the store turns that into the same refusal (sqlite-store.ts).
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (error) {
      // Locked past the busy timeout is not damage: say so, and do not send the user to a backup.
      if (String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) {
        throw new StoreError(`the store database ${file} stayed locked by another PersistCert process; try again`, file, 'io', {
          cause: error,
        });
      }
      throw new StoreError(
        `the store database ${file} is corrupt (${(error as Error).message}); it was left untouched — restore a backup or move it aside`,
        file,
        'corrupt',
        { cause: error },
      );
    }
    if (from > version) {
      throw new StoreError(
        `the store database ${file} has format ${from}, newer than this program understands (${version}); update PersistCert`,
        file,
        'too-new',
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    if (from < version) {
      db.exec('BEGIN IMMEDIATE');
      try {
        // Re-read under the write lock: another process may have migrated meanwhile.
        const now = Number(pragmaValue(db, 'user_version'));
        if (now < version) {
          migrate(db, now);
          db.pragma(`user_version = ${version}`);
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** One PRAGMA's value. libsql ignores better-sqlite3's `simple`/`pluck`, so read the named column. */
export function pragmaValue(db: SqliteDb, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown> | undefined;
  return row?.[name];
}
