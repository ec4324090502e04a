import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../../electron/core/user-error.ts';
import { buildRecords } from '../../../../electron/core/usecases/records.ts';
import { ISSUER, startUseCaseWorld, type UseCaseWorld } from './world.ts';

// The records use case: what `persistcert record` prints and the wizard's record step shows.
let world: UseCaseWorld;
before(async () => {
  world = await startUseCaseWorld('usecase-records');
});
after(async () => world?.stop());

const cases: { what: string; names: string[]; persistUntil?: number; expect: { name: string; covers: string[]; value: string }[] }[] = [
  {
    what: 'one name',
    names: ['www.example.test'],
    expect: [{ name: '_validation-persist.www.example.test', covers: ['www.example.test'], value: '' }],
  },
  {
    what: 'a wildcard (policy=wildcard at the base name)',
    names: ['*.shop.example.test'],
    expect: [{ name: '_validation-persist.shop.example.test', covers: ['*.shop.example.test'], value: '; policy=wildcard' }],
  },
  {
    what: 'a name and its wildcard share one record',
    names: ['both.example.test', '*.both.example.test'],
    expect: [
      { name: '_validation-persist.both.example.test', covers: ['both.example.test', '*.both.example.test'], value: '; policy=wildcard' },
    ],
  },
  {
    what: 'an end date (persistUntil, draft-ietf-acme-dns-persist-01 §4.1)',
    names: ['until.example.test'],
    persistUntil: 1925078399,
    expect: [{ name: '_validation-persist.until.example.test', covers: ['until.example.test'], value: '; persistUntil=1925078399' }],
  },
  {
    what: 'an international name in A-labels',
    names: ['bücher.example.test'],
    expect: [{ name: '_validation-persist.xn--bcher-kva.example.test', covers: ['xn--bcher-kva.example.test'], value: '' }],
  },
  {
    what: 'the same name twice, once',
    names: ['twice.example.test', 'TWICE.example.test'],
    expect: [{ name: '_validation-persist.twice.example.test', covers: ['twice.example.test'], value: '' }],
  },
];

for (const c of cases) {
  test(`buildRecords: ${c.what}`, async () => {
    const r = await buildRecords(world.core, {
      accountId: world.account.id,
      names: c.names,
      ...(c.persistUntil ? { persistUntil: c.persistUntil } : {}),
    });
    assert.equal(r.draft, 'draft-01');
    assert.equal(r.accountUrl, world.account.accountUrl);
    assert.deepEqual(
      r.names.map((g) => ({ name: g.records[0]!.name, covers: g.covers, value: g.records[0]!.value })),
      c.expect.map((e) => ({ ...e, value: `${ISSUER}; accounturi=${world.account.accountUrl}${e.value}` })),
    );
    for (const g of r.names) for (const rec of g.records) assert.equal(rec.zoneFile, `${rec.name}. 3600 IN TXT "${rec.value}"`);
  });
}

test('without an account id, the only account is used', async () => {
  assert.equal((await buildRecords(world.core, { names: ['www.example.test'] })).accountUrl, world.account.accountUrl);
});

test('a bad name is refused as a bad request that says which and why', async () => {
  await assert.rejects(
    buildRecords(world.core, { accountId: world.account.id, names: ['ok.example.test', 'not a name'] }),
    (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.apiCode, 'bad-request');
      assert.match(err.message, /^"not a name": /);
      return true;
    },
  );
});
