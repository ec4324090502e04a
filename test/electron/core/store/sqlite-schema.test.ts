import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteFile } from '../../../../electron/core/store/sqlite-file.ts';
import { migrateSqliteStore, SQLITE_STORE_VERSION } from '../../../../electron/core/store/sqlite-schema.ts';

// The queries the store, the CLI and the scheduler run must use an index, not scan every certificate.
const queries: { what: string; sql: string; index: RegExp }[] = [
  { what: 'certificates by name', sql: "SELECT certificate_id FROM certificate_names WHERE name = 'x'", index: /certificate_names_name/ },
  { what: 'certificates of an account', sql: "SELECT id FROM certificates WHERE account_id = 'a'", index: /certificates_account/ },
  {
    what: 'valid certificates by expiry',
    sql: "SELECT id FROM certificates WHERE status = 'valid' AND not_after < '2027'",
    index: /certificates_expiry/,
  },
  { what: 'certificates written since a rev', sql: 'SELECT id, doc FROM certificates WHERE rev > 5', index: /certificates_rev/ },
  { what: 'removals since a rev', sql: 'SELECT kind, id FROM removed WHERE rev > 5', index: /removed_rev/ },
];

for (const q of queries) {
  test(`the schema has an index for ${q.what}`, async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sqlite-schema-')), 'store.db');
    const db = await openSqliteFile(file, SQLITE_STORE_VERSION, migrateSqliteStore);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all() as { detail: string }[];
    assert.match(plan.map((row) => row.detail).join('\n'), q.index);
    db.close();
  });
}
