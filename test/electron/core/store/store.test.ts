import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store, StoreError } from '../../../../electron/core/store/store.ts';
import { fakeCertificateRecord } from './certificate-fixture.ts';
import type { AccountRecord } from '../../../../electron/core/store/schema.ts';

const writer = path.join(import.meta.dirname, 'store-writer.ts');

function tempDir(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'store-')), 'data');
}

function account(id: string): AccountRecord {
  return {
    id,
    directoryUrl: 'https://127.0.0.1:14000/dir',
    accountUrl: `https://127.0.0.1:14000/my-account/${id}`,
    keyRef: `account-key:${id}`,
    keyType: 'ec-p256',
    contact: ['mailto:a@example.test'],
    status: 'valid',
    createdAt: '2026-11-23T00:00:00.000Z',
  };
}

test('a new data directory is private and the store round-trips', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  await store.putAccount(account('a1'));
  assert.equal(statSync(store.file).mode & 0o777, 0o600);
  const again = await Store.open(dir);
  assert.deepEqual(again.account('a1'), account('a1'));
  assert.deepEqual(readdirSync(dir).sort(), ['store.json'], 'no temp or lock files left behind');
});

const certificate = fakeCertificateRecord;

const doc = (parts: { accounts?: unknown[]; certificates?: unknown[] }) =>
  JSON.stringify({ format: 'persistcert-store', version: 2, accounts: parts.accounts ?? [], profiles: [], certificates: parts.certificates ?? [] });

const broken: { what: string; content: string; message: RegExp; code: string }[] = [
  { what: 'truncated JSON', content: '{"format":"persistcert-store","version":1,"accou', message: /not valid JSON/, code: 'corrupt' },
  { what: 'another file format', content: '{"format":"something-else","version":1}', message: /not a persistcert-store file/, code: 'corrupt' },
  { what: 'a hand edit with the wrong type', content: '{"format":"persistcert-store","version":1,"accounts":"none","profiles":[],"certificates":[]}', message: /accounts/, code: 'corrupt' },
  { what: 'a bad account URL', content: JSON.stringify({ format: 'persistcert-store', version: 1, accounts: [{ ...account('x'), accountUrl: 'not a url' }], profiles: [], certificates: [] }), message: /accounts\.0\.accountUrl/, code: 'corrupt' },
  { what: 'a date that is not a date', content: doc({ accounts: [{ ...account('x'), createdAt: 'yesterday' }] }), message: /accounts\.0\.createdAt is not a date and time/, code: 'corrupt' },
  { what: 'a certificate expiry that is not a date', content: doc({ certificates: [certificate('c1', { notAfter: 'not a date' })] }), message: /certificates\.0\.notAfter is not a date and time/, code: 'corrupt' },
  { what: 'a sealed key that is not a sealed box', content: doc({ certificates: [certificate('c1', { sealedKey: { v: 1, cipher: 'rot13', iv: 'x', ct: 'x', tag: 'x' } })] }), message: /certificates\.0\.sealedKey .*(cipher|kdf|iv)/, code: 'corrupt' },
  { what: 'two accounts under one id', content: doc({ accounts: [account('same'), { ...account('same'), accountUrl: 'https://127.0.0.1:14000/my-account/other' }] }), message: /accounts\.1\.id repeats the id same/, code: 'corrupt' },
  { what: 'two certificates under one id', content: doc({ certificates: [certificate('c1'), certificate('c1')] }), message: /certificates\.1\.id repeats the id c1/, code: 'corrupt' },
  { what: 'a newer format version', content: '{"format":"persistcert-store","version":99}', message: /newer PersistCert/, code: 'too-new' },
  { what: 'no version', content: '{"format":"persistcert-store"}', message: /version/, code: 'corrupt' },
];

for (const b of broken) {
  test(`a store with ${b.what} is reported with its path and left untouched`, async () => {
    const dir = tempDir();
    const store = await Store.open(dir);
    await store.putAccount(account('keep'));
    writeFileSync(store.file, b.content);
    await assert.rejects(Store.open(dir), (err) => {
      assert.ok(err instanceof StoreError);
      assert.equal(err.code, b.code);
      assert.ok(err.message.includes(store.file), 'names the file');
      assert.match(err.message, b.message);
      return true;
    });
    // An update through an already open store must not overwrite the broken file either.
    await assert.rejects(store.putAccount(account('new')), StoreError);
    assert.equal(readFileSync(store.file, 'utf8'), b.content);
  });
}

test('a change that throws writes nothing', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  await store.putAccount(account('a'));
  const before = readFileSync(store.file, 'utf8');
  await assert.rejects(
    store.update((doc) => {
      doc.accounts = [];
      throw new Error('no');
    }),
    /no/,
  );
  assert.equal(readFileSync(store.file, 'utf8'), before);
});

function runWriter(dataDir: string, count: string, tag: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, count, tag], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('ready') && resolve());
    child.on('exit', () => reject(new Error(`writer exited before ready: ${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => out + err };
}

test('four processes writing at once lose nothing', async () => {
  const dir = tempDir();
  await Store.open(dir);
  const writers = ['p', 'q', 'r', 's'].map((tag) => runWriter(dir, '10', tag));
  const codes = await Promise.all(writers.map((w) => w.exited));
  assert.deepEqual(codes, [0, 0, 0, 0], writers.map((w) => w.output()).join('\n'));
  const store = await Store.open(dir);
  assert.equal(store.snapshot.accounts.length, 40);
});

test('kill -9 during store writes, 50 times: the store always loads and keeps what was written', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  await store.putAccount(account('base'));
  let previous = 1;
  for (let round = 0; round < 50; round++) {
    const w = runWriter(dir, 'forever', `k${round}`);
    await w.ready;
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
    w.child.kill('SIGKILL');
    await w.exited;
    const reopened = await Store.open(dir); // throws if a write was torn
    const count = reopened.snapshot.accounts.length;
    assert.ok(count >= previous, `round ${round}: ${count} accounts after ${previous}`);
    assert.ok(reopened.account('base'));
    previous = count;
  }
  // A lock left by a killed writer is recovered: the next write goes through at once.
  const store2 = await Store.open(dir);
  await store2.putAccount(account('after'));
  assert.ok((await Store.open(dir)).account('after'));
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'temp files of killed writers are cleaned up');
});

test('an older format version is migrated forward, and the result validated', async () => {
  const { z } = await import('zod');
  const { readVersionedFile } = await import('../../../../electron/core/store/versioned-file.ts');
  const dir = tempDir();
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'doc.json');
  writeFileSync(file, JSON.stringify({ format: 'demo', version: 1, name: 'Ada' }));
  const v2 = {
    format: 'demo',
    version: 2,
    schema: z.object({ names: z.array(z.string()) }),
    migrations: { 1: (doc: Record<string, unknown>) => ({ names: [doc.name] }) },
  };
  const loaded = await readVersionedFile(file, v2);
  assert.deepEqual(loaded?.doc, { names: ['Ada'] });
  assert.equal(loaded?.migratedFrom, 1);
  const broken = { ...v2, migrations: { 1: () => ({ names: 'oops' }) } };
  await assert.rejects(readVersionedFile(file, broken), /names/);
});
