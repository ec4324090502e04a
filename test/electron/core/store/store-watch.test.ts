import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../../../electron/core/store/store.ts';
import { watchStoreFile } from '../../../../electron/core/store/store-watch.ts';

const writer = path.join(import.meta.dirname, 'store-writer.ts');

test("another process's write to the store wakes the watcher, and changedElsewhere confirms it", { timeout: 30_000 }, async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'store-watch-')), 'data');
  const store = await openStore(dir);
  assert.equal(store.snapshot.accounts.length, 0, 'read once, as a running app or daemon has');
  let woke!: () => void;
  const changed = new Promise<void>((resolve) => (woke = resolve));
  const watcher = watchStoreFile(dir, () => woke(), 10);
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, '1', 'other'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    await changed;
    assert.equal(await store.changedElsewhere(), true);
    await store.reload();
    assert.ok(store.account('other-0'), "the reload brings the other process's account");
    assert.equal(await store.changedElsewhere(), false);
  } finally {
    watcher.close();
    store.close();
  }
});
