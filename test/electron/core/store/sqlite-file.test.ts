import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { openSqliteFile, pragmaValue, type SqliteDb } from '../../../../electron/core/store/sqlite-file.ts';
import { StoreError } from '../../../../electron/core/store/versioned-file.ts';

function tempFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'sqlite-file-')), 'store.db');
}

function createTable(db: SqliteDb, from: number): void {
  assert.equal(from, 0);
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
}

test('a new database is created in WAL mode and migrated to the program version once', async () => {
  const file = tempFile();
  const db = await openSqliteFile(file, 1, createTable);
  assert.equal(pragmaValue(db, 'journal_mode'), 'wal');
  assert.equal(pragmaValue(db, 'user_version'), 1);
  db.prepare('INSERT INTO t VALUES (?)').run('a');
  db.close();
  // A second open must not run the migration again (createTable would throw on the table).
  const again = await openSqliteFile(file, 1, () => assert.fail('migrated twice'));
  assert.deepEqual(
    again
      .prepare('SELECT id FROM t')
      .all()
      .map((row) => (row as { id: string }).id),
    ['a'],
  );
  again.close();
});

test('a failing migration leaves the database at its old version', async () => {
  const file = tempFile();
  await assert.rejects(
    () =>
      openSqliteFile(file, 1, (db) => {
        db.exec('CREATE TABLE half (x)');
        throw new Error('boom');
      }),
    /boom/,
  );
  const db = await openSqliteFile(file, 1, createTable);
  assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get() as { n: number }).n, 0);
  db.close();
});

const refusals: { name: string; code: 'corrupt' | 'too-new'; write: (file: string) => void; message: RegExp }[] = [
  {
    name: 'that is not SQLite',
    code: 'corrupt',
    write: (f) => writeFileSync(f, 'this is not SQLite, just text that is long enough '.repeat(100)),
    message: /corrupt/,
  },
  {
    name: 'written by a newer program',
    code: 'too-new',
    write: (f) => {
      const db = new Database(f);
      db.pragma('user_version = 7');
      db.close();
    },
    message: /newer than this program/,
  },
];

for (const { name, code, write, message } of refusals) {
  test(`a database ${name} is refused with a StoreError naming the file, and left untouched`, async () => {
    const file = tempFile();
    write(file);
    const before = readFileSync(file);
    await assert.rejects(
      () => openSqliteFile(file, 1, createTable),
      (error: unknown) =>
        error instanceof StoreError &&
        error.code === code &&
        error.file === file &&
        message.test(error.message) &&
        error.message.includes(file),
    );
    assert.deepEqual(readFileSync(file), before);
  });
}
