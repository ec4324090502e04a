import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { openStore, StoreError } from '../../../../electron/core/store/store.ts';
import { STORE_FORMAT, type AccountRecord } from '../../../../electron/core/store/schema.ts';
import { writeVersionedFile } from '../../../../electron/core/store/versioned-file.ts';
import { fakeCertificateRecord } from './certificate-fixture.ts';

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

const certificate = fakeCertificateRecord;

test('a new data directory is private, the database files are 0600, and the store round-trips', async () => {
  const dir = tempDir();
  const store = await openStore(dir);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  await store.putAccount(account('a1'));
  await store.putCertificate(certificate('c1', { names: ['www.example.test', 'Example.TEST'] }) as never);
  for (const f of readdirSync(dir)) assert.equal(statSync(path.join(dir, f)).mode & 0o777, 0o600, f);
  const again = await openStore(dir);
  assert.deepEqual(again.account('a1'), account('a1'));
  assert.deepEqual(
    again.certificatesNamed('example.test').map((c) => c.id),
    ['c1'],
    'names are found case-insensitively through the index',
  );
  assert.deepEqual(
    readdirSync(dir).filter((f) => !f.startsWith('store.db')),
    [],
    'no temp or lock files left behind',
  );
  store.close();
  again.close();
});

test("another process's writes are picked up row by row, and changedElsewhere says when there are some", async () => {
  const dir = tempDir();
  const a = await openStore(dir);
  const b = await openStore(dir);
  assert.equal(await b.changedElsewhere(), false);
  assert.equal(b.account('x'), undefined, 'the accounts are read');
  await a.putAccount(account('x'));
  assert.equal(await b.changedElsewhere(), true);
  assert.equal(b.account('x'), undefined, 'not before a reload');
  await b.reload();
  assert.deepEqual(b.account('x'), account('x'));
  assert.equal(await b.changedElsewhere(), false);
  // A write by b first catches up on a's newer writes, so b never writes over them.
  await a.putAccount({ ...account('x'), label: 'from a' });
  await b.putAccount(account('y'));
  assert.equal(b.account('x')?.label, 'from a');
  a.close();
  b.close();
});

// Each kind is read when first asked for, as of that moment, and brings the kinds already held
// to the same moment: a process never sees accounts newer than its certificates.
test('a kind not read yet is read when first asked for, with the held kinds brought to the same moment', async () => {
  const dir = tempDir();
  const a = await openStore(dir);
  await a.putAccount(account('x'));
  await a.putCertificate(certificate('c1', { accountId: 'x' }) as never);
  const b = await openStore(dir);
  assert.deepEqual(
    b.snapshot.accounts.map((r) => r.id),
    ['x'],
  );
  assert.equal(b.certificate('c1')?.accountId, 'x', 'one certificate, read by its row');
  await a.putAccount(account('y'));
  await a.putCertificate(certificate('c2', { accountId: 'y' }) as never);
  assert.deepEqual(
    b.snapshot.accounts.map((r) => r.id),
    ['x'],
    'held: not before a reload',
  );
  assert.deepEqual(b.snapshot.certificates.map((c) => c.id).sort(), ['c1', 'c2'], 'first read of the certificates');
  assert.deepEqual(b.snapshot.accounts.map((r) => r.id).sort(), ['x', 'y'], 'the accounts caught up with them');
  // A write by a process that holds no certificates keeps none of them stale: the next read has it.
  const c = await openStore(dir);
  await c.putCertificate(certificate('c3', { accountId: 'x' }) as never);
  assert.deepEqual(c.snapshot.certificates.map((r) => r.id).sort(), ['c1', 'c2', 'c3']);
  for (const s of [a, b, c]) s.close();
});

test('refresh catches up the kinds held, as reload does, without reading the others', async () => {
  const dir = tempDir();
  const a = await openStore(dir);
  const b = await openStore(dir);
  assert.equal(b.account('x'), undefined, 'the accounts are read');
  await a.putAccount(account('x'));
  await a.putCertificate(certificate('c1', { accountId: 'x' }) as never);
  assert.equal(b.account('x'), undefined, 'held, not before a refresh');
  await b.refresh();
  assert.deepEqual(b.account('x'), account('x'));
  assert.equal(await b.changedElsewhere(), false);
  assert.equal(b.certificate('c1')?.accountId, 'x', 'the certificates, not held, are read when asked for');
  a.close();
  b.close();
});

test('a change that throws writes nothing, and an async change is refused', async () => {
  const dir = tempDir();
  const store = await openStore(dir);
  await store.putAccount(account('a'));
  await assert.rejects(
    store.transact((tx) => {
      tx.putAccount(account('b'));
      throw new Error('no');
    }),
    /no/,
  );
  await assert.rejects(store.transact((() => Promise.resolve()) as never), /must not be async/);
  const again = await openStore(dir);
  assert.deepEqual(
    again.snapshot.accounts.map((x) => x.id),
    ['a'],
  );
  store.close();
  again.close();
});

test('an invalid record is refused before it is written', async () => {
  const store = await openStore(tempDir());
  await assert.rejects(store.putCertificate(certificate('c1', { notAfter: 'soon' }) as never), /notAfter is not a date and time/);
  assert.equal(store.certificate('c1'), undefined);
  store.close();
});

/** Changes one row under the store's nose, as a hand edit or a bad disk would. */
function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

const damaged: { what: string; damage: (file: string) => void; message: RegExp; code: string }[] = [
  {
    what: 'a file that is not SQLite',
    damage: (f) => writeFileSync(f, 'not a database, only text '.repeat(200)),
    message: /corrupt/,
    code: 'corrupt',
  },
  {
    what: 'a newer database format',
    damage: (f) => tamper(f, 'PRAGMA user_version = 9'),
    message: /newer than this program/,
    code: 'too-new',
  },
  {
    what: 'a row that is not JSON',
    damage: (f) => tamper(f, "UPDATE accounts SET doc = '{oops', rev = 99"),
    message: /accounts row keep is not valid JSON/,
    code: 'corrupt',
  },
  {
    what: 'a date that is not a date',
    damage: (f) => tamper(f, `UPDATE accounts SET doc = json_set(doc, '$.createdAt', 'yesterday')`),
    message: /accounts row keep\.createdAt is not a date and time/,
    code: 'corrupt',
  },
  {
    what: 'a bad account URL',
    damage: (f) => tamper(f, `UPDATE accounts SET doc = json_set(doc, '$.accountUrl', 'not a url')`),
    message: /accounts row keep\.accountUrl/,
    code: 'corrupt',
  },
  {
    what: 'a row holding another id',
    damage: (f) => tamper(f, `UPDATE accounts SET doc = json_set(doc, '$.id', 'other')`),
    message: /holds the record other/,
    code: 'corrupt',
  },
];

for (const d of damaged) {
  test(`a store with ${d.what} is refused with the file named, and left untouched`, async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await store.putAccount(account('keep'));
    store.close();
    const file = path.join(dir, 'store.db');
    d.damage(file);
    const before = readFileSync(file);
    // Rows are read on first use, the database file itself at open.
    await assert.rejects(
      openStore(dir).then((s) => s.reload()),
      (err) => {
        assert.ok(err instanceof StoreError, String(err));
        assert.equal(err.code, d.code);
        assert.ok(err.message.includes(file), 'names the file');
        assert.match(err.message, d.message);
        return true;
      },
    );
    assert.deepEqual(readFileSync(file), before);
  });
}

// `list` reads certificate summaries by a query, not whole records: each field it shows is still
// checked as it comes off the disk, and a damaged one is refused with the row and field named.
const damagedSummaries: { what: string; sql: string; message: RegExp }[] = [
  {
    what: 'an expiry start that is not a date',
    sql: `UPDATE certificates SET doc = json_set(doc, '$.notBefore', 'yesterday')`,
    message: /certificates row c1\.notBefore is not a date and time/,
  },
  {
    what: 'an expiry column that is not a date',
    sql: `UPDATE certificates SET not_after = 'soon'`,
    message: /certificates row c1\.notAfter is not a date and time/,
  },
  {
    what: 'names that are not a list',
    sql: `UPDATE certificates SET doc = json_set(doc, '$.names', 'www.example.test')`,
    message: /certificates row c1\.names is not a list/,
  },
  {
    what: 'no names at all',
    sql: `UPDATE certificates SET doc = json_set(doc, '$.names', json('[]'))`,
    message: /certificates row c1\.names is not a list of at least one name/,
  },
  {
    what: 'a name that is a number',
    sql: `UPDATE certificates SET doc = json_set(doc, '$.names', json('["a.example.test", 7]'))`,
    message: /certificates row c1\.names\.1 is not a string/,
  },
  {
    what: 'an unknown status',
    sql: `UPDATE certificates SET status = 'lost'`,
    message: /certificates row c1\.status is not one of valid, revoked, replaced/,
  },
  {
    what: 'a serial that is not text',
    sql: `UPDATE certificates SET doc = json_set(doc, '$.serialHex', 12)`,
    message: /certificates row c1\.serialHex is not a string/,
  },
];

for (const d of damagedSummaries) {
  test(`list's summaries refuse ${d.what}, naming the file, the row and the field`, async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await store.putAccount(account('a1'));
    await store.putCertificate(certificate('c1', { accountId: 'a1' }) as never);
    assert.equal(store.certificateSummaries()[0]?.id, 'c1', 'the undamaged row lists');
    store.close();
    const file = path.join(dir, 'store.db');
    tamper(file, d.sql);
    const again = await openStore(dir);
    try {
      assert.throws(
        () => again.certificateSummaries(),
        (err) => {
          assert.ok(err instanceof StoreError, String(err));
          assert.equal(err.code, 'corrupt');
          assert.ok(err.message.includes(file), 'names the file');
          assert.match(err.message, d.message);
          return true;
        },
      );
    } finally {
      again.close();
    }
  });
}

test('a store opened for summaries only (list) lists, and refuses to read or write records it cannot check', async () => {
  const dir = tempDir();
  const store = await openStore(dir);
  await store.putAccount(account('a1'));
  await store.putCertificate(certificate('c1', { accountId: 'a1' }) as never);
  store.close();
  const lean = await openStore(dir, { summariesOnly: true });
  try {
    assert.deepEqual(
      lean.certificateSummaries().map((c) => c.id),
      ['c1'],
    );
    assert.throws(() => lean.snapshot.accounts, /opened for certificate summaries only/);
    assert.throws(() => lean.certificate('c1'), /opened for certificate summaries only/);
    await assert.rejects(lean.putAccount(account('a2')), /opened for certificate summaries only/);
  } finally {
    lean.close();
  }
});

const legacy = (parts: { version?: number; accounts?: unknown[]; certificates?: unknown[] }) =>
  JSON.stringify({
    format: 'persistcert-store',
    version: parts.version ?? 2,
    accounts: parts.accounts ?? [],
    profiles: [],
    certificates: parts.certificates ?? [],
  });

const brokenLegacy: { what: string; content: string; message: RegExp; code: string }[] = [
  { what: 'truncated JSON', content: '{"format":"persistcert-store","version":1,"accou', message: /not valid JSON/, code: 'corrupt' },
  {
    what: 'another file format',
    content: '{"format":"something-else","version":1}',
    message: /not a persistcert-store file/,
    code: 'corrupt',
  },
  {
    what: 'a hand edit with the wrong type',
    content: '{"format":"persistcert-store","version":1,"accounts":"none","profiles":[],"certificates":[]}',
    message: /accounts/,
    code: 'corrupt',
  },
  {
    what: 'a certificate expiry that is not a date',
    content: legacy({ certificates: [certificate('c1', { notAfter: 'not a date' })] }),
    message: /certificates\.0\.notAfter is not a date and time/,
    code: 'corrupt',
  },
  {
    what: 'a sealed key that is not a sealed box',
    content: legacy({ certificates: [certificate('c1', { sealedKey: { v: 1, cipher: 'rot13', iv: 'x', ct: 'x', tag: 'x' } })] }),
    message: /certificates\.0\.sealedKey/,
    code: 'corrupt',
  },
  {
    what: 'two accounts under one id',
    content: legacy({ accounts: [account('same'), { ...account('same'), accountUrl: 'https://127.0.0.1:14000/my-account/other' }] }),
    message: /accounts\.1\.id repeats the id same/,
    code: 'corrupt',
  },
  { what: 'a newer format version', content: '{"format":"persistcert-store","version":99}', message: /newer PersistCert/, code: 'too-new' },
];

for (const b of brokenLegacy) {
  test(`a store.json from an earlier release with ${b.what} is refused with its path, not imported, and left untouched`, async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, 'store.json');
    writeFileSync(file, b.content, { mode: 0o600 });
    await assert.rejects(openStore(dir), (err) => {
      assert.ok(err instanceof StoreError);
      assert.equal(err.code, b.code);
      assert.ok(err.message.includes(file), 'names the file');
      assert.match(err.message, b.message);
      return true;
    });
    assert.equal(readFileSync(file, 'utf8'), b.content);
  });
}

for (const version of [1, 2]) {
  test(`a version-${version} store.json is imported in one transaction and kept, renamed with the date`, async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const content = legacy({
      version,
      accounts: [account('a1')],
      certificates: [certificate('c1'), certificate('c2', { status: 'replaced' })],
    });
    writeFileSync(path.join(dir, 'store.json'), content, { mode: 0o600 });
    const store = await openStore(dir);
    assert.deepEqual(
      store.snapshot.certificates.map((c) => [c.id, c.status]),
      [
        ['c1', 'valid'],
        ['c2', 'replaced'],
      ],
    );
    const kept = readdirSync(dir).filter((f) => f.startsWith('store.json'));
    assert.deepEqual(kept, [`store.json.imported-${new Date().toISOString().slice(0, 10)}`]);
    assert.equal(readFileSync(path.join(dir, kept[0]!), 'utf8'), content, 'the original is kept as it was');
    // Opening again does not import again, even if the old file comes back.
    writeFileSync(path.join(dir, 'store.json'), content, { mode: 0o600 });
    const again = await openStore(dir);
    assert.equal(again.snapshot.certificates.length, 2);
    store.close();
    again.close();
  });
}

test('a store.json beside a database that already holds records is refused, naming both', async () => {
  const dir = tempDir();
  const store = await openStore(dir);
  await store.putAccount(account('new'));
  store.close();
  const content = legacy({ accounts: [account('old')] });
  await writeVersionedFile(path.join(dir, 'store.json'), STORE_FORMAT, JSON.parse(content));
  await assert.rejects(openStore(dir), /already holds records, and .*store\.json was never imported/);
  assert.ok(existsSync(path.join(dir, 'store.json')));
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
  (await openStore(dir)).close();
  const writers = ['p', 'q', 'r', 's'].map((tag) => runWriter(dir, '50', tag));
  const codes = await Promise.all(writers.map((w) => w.exited));
  assert.deepEqual(codes, [0, 0, 0, 0], writers.map((w) => w.output()).join('\n'));
  const store = await openStore(dir);
  assert.equal(store.snapshot.accounts.length, 200);
  assert.equal(store.snapshot.certificates.length, 200);
  store.close();
});

test('a backup read while other processes write sees one committed moment', async () => {
  const dir = tempDir();
  const store = await openStore(dir);
  const writers = ['u', 'v'].map((tag) => runWriter(dir, 'forever', tag));
  await Promise.all(writers.map((w) => w.ready));
  for (let i = 0; i < 20; i++) {
    const doc = await store.readConsistent();
    // Each writer commits an account and its certificate together: a torn read would show one without the other.
    const accounts = new Set(doc.accounts.map((a) => a.id));
    for (const c of doc.certificates) assert.ok(accounts.has(c.accountId), `certificate ${c.id} without its account`);
    assert.equal(doc.certificates.length, doc.accounts.length);
  }
  for (const w of writers) w.child.kill('SIGKILL');
  await Promise.all(writers.map((w) => w.exited));
  store.close();
});

test('kill -9 during store writes, 50 times: the store always opens and keeps everything committed', async () => {
  const dir = tempDir();
  const store = await openStore(dir);
  await store.putAccount(account('base'));
  store.close();
  let previous = 1;
  for (let round = 0; round < 50; round++) {
    const w = runWriter(dir, 'forever', `k${round}`);
    await w.ready;
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
    w.child.kill('SIGKILL');
    await w.exited;
    const reopened = await openStore(dir); // throws if a write was torn
    const count = reopened.snapshot.accounts.length;
    assert.ok(count >= previous, `round ${round}: ${count} accounts after ${previous}`);
    assert.ok(reopened.account('base'));
    assert.equal(reopened.snapshot.certificates.length, count - 1, 'every account its certificate, none half-written');
    previous = count;
    reopened.close();
  }
  const after = await openStore(dir);
  await after.putAccount(account('after'));
  assert.ok((await openStore(dir)).account('after'));
  after.close();
});

test('an older format version is migrated forward, and the result validated', async () => {
  const { z } = await import('zod');
  const { readVersionedFile } = await import('../../../../electron/core/store/versioned-file.ts');
  const dir = tempDir();
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

// Group commit: changes queued in the same turn share one write transaction (and one fsync).

test('changes made in one turn are committed together: each durable when it resolves, in order, later ones seeing earlier ones', async () => {
  const dir = tempDir();
  const store = await openStore(dir);
  await store.putAccount(account('a1'));
  void store.snapshot.certificates; // held in memory, so reads in the group go through the group's own writes
  const results = await Promise.all([
    store.putCertificate(certificate('c1') as never),
    store.transact((tx) => {
      const c1 = tx.certificate('c1');
      assert.ok(c1, 'the change before this one in the group is visible');
      tx.putCertificate({ ...c1, serialHex: '02' });
      return 'second';
    }),
    store
      .transact(() => {
        throw new Error('this change alone fails');
      })
      .catch((error: Error) => error.message),
    store.updateCertificate('c1', (c) => {
      c.serialHex = `${c.serialHex}03`;
      return 'fourth';
    }),
  ]);
  assert.deepEqual(results, [undefined, 'second', 'this change alone fails', 'fourth']);
  assert.equal(store.certificate('c1')?.serialHex, '0203');
  const other = await openStore(dir);
  assert.equal(other.certificate('c1')?.serialHex, '0203', 'committed, as another process reads it');
  store.close();
  other.close();
});

test('fifty changes in one turn write less than fifty one after another: one transaction, not fifty', async () => {
  const walBytes = async (together: boolean): Promise<number> => {
    const dir = tempDir();
    const store = await openStore(dir);
    await store.putAccount(account('a1'));
    const puts = Array.from(
      { length: 50 },
      (_, i) => () => store.putCertificate(certificate(`c${i}`, { names: [`n${i}.example.test`] }) as never),
    );
    if (together) await Promise.all(puts.map((put) => put()));
    else for (const put of puts) await put();
    const size = statSync(path.join(dir, 'store.db-wal')).size;
    assert.equal((await openStore(dir)).certificatesNamed('n49.example.test').length, 1);
    store.close();
    return size;
  };
  const together = await walBytes(true);
  const oneByOne = await walBytes(false);
  // Each commit appends the pages it changed to the WAL: the meta and table pages once, not 50 times.
  assert.ok(together * 4 < oneByOne, `WAL ${together} bytes together against ${oneByOne} one by one`);
});

test('close() commits a change still queued instead of dropping it', async () => {
  const dir = tempDir();
  const store = await openStore(dir);
  const put = store.putAccount(account('a1'));
  store.close();
  await put;
  const again = await openStore(dir);
  assert.deepEqual(again.account('a1'), account('a1'));
  again.close();
});
