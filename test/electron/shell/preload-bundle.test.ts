import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The sandboxed preload may only require('electron'); anything else fails at run time in
// Electron (and a schema library would only bloat it). Built by `npm test` before the tests run.
const bundle = path.resolve(import.meta.dirname, '../../../dist/electron/preload.cjs');

test('the preload bundle requires nothing but electron and stays small', (t) => {
  if (!existsSync(bundle)) return t.skip('dist/electron/preload.cjs is not built (npm test builds it)');
  const text = readFileSync(bundle, 'utf8');
  const required = [...text.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(required)], ['electron']);
  assert.ok(text.length < 20_000, `${text.length} bytes`);
  assert.match(text, /exposeInMainWorld\(\s*["']persistcert["']/);
});
