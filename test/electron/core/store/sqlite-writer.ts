// Child process for sqlite-schema.test.ts: appends `count` certificate rows, one transaction each.
import { openSqliteFile } from '../../../../electron/core/store/sqlite-file.ts';
import { migrateSqliteStore, SQLITE_STORE_VERSION } from '../../../../electron/core/store/sqlite-schema.ts';

const [file, prefix, count] = process.argv.slice(2) as [string, string, string];
const db = openSqliteFile(file, SQLITE_STORE_VERSION, migrateSqliteStore);
const insert = db.prepare('INSERT INTO certificates (id, account_id, status, not_after, doc) VALUES (?, ?, ?, ?, ?)');
const name = db.prepare('INSERT INTO certificate_names (certificate_id, name) VALUES (?, ?)');
for (let i = 0; i < Number(count); i++) {
  const id = `${prefix}-${i}`;
  db.exec('BEGIN IMMEDIATE');
  insert.run(id, 'acct', 'valid', '2027-01-01T00:00:00Z', JSON.stringify({ id }));
  name.run(id, `${id}.example.com`);
  db.exec('COMMIT');
}
db.close();
