import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteFile } from '../../../../electron/core/store/sqlite-file.ts';
import { migrateSqliteStore, SQLITE_STORE_VERSION } from '../../../../electron/core/store/sqlite-schema.ts';

const writer = path.join(import.meta.dirname, 'sqlite-writer.ts');

function run(file: string, prefix: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file, prefix, String(count)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${prefix} exited ${code}: ${stderr}`))));
  });
}

test('several writer processes at once lose no row, and names are found through their index', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sqlite-schema-')), 'store.db');
  const writers = 4;
  const each = 50;
  await Promise.all(Array.from({ length: writers }, (_, w) => run(file, `w${w}`, each)));
  const db = openSqliteFile(file, SQLITE_STORE_VERSION, migrateSqliteStore);
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  assert.equal(count('SELECT count(*) AS n FROM certificates'), writers * each);
  assert.equal(count('SELECT count(*) AS n FROM certificate_names'), writers * each);
  const found = db.prepare('SELECT certificate_id AS id FROM certificate_names WHERE name = ?').get('w3-49.example.com') as { id: string };
  assert.equal(found.id, 'w3-49');
  const plan = db.prepare("EXPLAIN QUERY PLAN SELECT certificate_id FROM certificate_names WHERE name = 'x'").all() as { detail: string }[];
  assert.match(plan.map((row) => row.detail).join('\n'), /certificate_names_name/);
  db.close();
});
